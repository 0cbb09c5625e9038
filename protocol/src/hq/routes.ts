import { z } from 'zod';
import { typed } from '../routes/typed.js';
import { LocalText } from '../text.js';
import { ProfileBody, type ProfileScope, type PublishedProfile } from './profiles.js';
import {
  type OfficeStatus,
  ProfileResult,
  type SyncAck,
  SyncBatch,
  SyncHello,
  type SyncWelcome,
  type TicketRequest,
  TicketRequestResult,
} from './sync.js';

export * from './define.js';
export * from './public-routes.js';

import { Code, Day, type HqRole, hqRoute } from './define.js';
import { HQ_PUBLIC_ROUTES } from './public-routes.js';

const IdParam = z.object({ id: z.string().min(1).max(64) });
const ADMIN = ['company_admin'] as const;

/** Which offices a report or overview covers; none = every office the user may see. */
export const OfficeFilter = z.object({
  branchId: z.string().max(64).optional(),
  /** Comma-separated office ids. */
  officeIds: z.string().max(4000).optional(),
});

export const HqReportQuery = OfficeFilter.extend({ from: Day, to: Day });
export type HqReportQuery = z.infer<typeof HqReportQuery>;

export interface HqUser {
  id: string;
  login: string;
  name: string;
  role: HqRole;
  /** For a branch manager: the branch they see. */
  branchId: string | null;
  disabled: boolean;
}

export interface HqLoginResponse {
  token: string;
  /** The session's lifetime: the screen keeps the expiry on its own clock. */
  expiresInMs: number;
  user: HqUser;
}

export interface Branch {
  id: string;
  code: string;
  name: LocalText;
  offices: number;
}

/** Sync health of one office as head office sees it. */
export interface OfficeSync {
  connected: boolean;
  /** Epoch ms of the last batch or heartbeat; null: never. */
  lastSeenAt: number | null;
  ackSeq: number;
  epoch: number;
  /** The office's own backlog as it reported (events not yet at head office) and the age of its oldest. */
  backlog: number;
  lagSec: number | null;
  /** Open incidents: gap refused, office went back in time, log forked, profile refused. */
  attention: OfficeIncident[];
}

export interface OfficeIncident {
  id: string;
  kind: 'gap' | 'behind' | 'forked' | 'profile-refused';
  at: number;
  text: LocalText;
  details: Record<string, unknown>;
}

export interface OfficeRow {
  id: string;
  code: string;
  name: LocalText;
  branchId: string;
  branchName: LocalText;
  timeZone: string | null;
  keyRevoked: boolean;
  sync: OfficeSync;
  /** The office's last reported figures; null before its first batch. */
  status: OfficeStatus | null;
  /** The profile version applied at the office and the one published for it. */
  profileApplied: number | null;
  profilePublished: number | null;
}

export interface OfficeCreated {
  office: OfficeRow;
  /** Shown once: only its hash is stored. */
  apiKey: string;
}

export interface ProfileRow {
  id: string;
  version: number;
  scope: ProfileScope;
  targetId: string | null;
  title: string;
  publishedAt: number;
  publishedBy: string;
  /** Offices it reaches and what each did with it. */
  offices: { officeId: string; code: string; state: 'pending' | 'applied' | 'refused'; reason: string | null }[];
}

/** One row of a consolidated report: an office, a service or an operator over the period. */
export interface HqFigures {
  visits: number;
  served: number;
  noShow: number;
  cancelled: number;
  avgWaitSec: number | null;
  maxWaitSec: number | null;
  avgServiceSec: number | null;
  /** Shares 0..1 of served visits within the wait / service / total (33 min) norm; null with no visits. */
  waitWithinNorm: number | null;
  serviceWithinNorm: number | null;
  totalWithinNorm: number | null;
  /** Wait buckets: ≤ 8, 8–12, 12–20, 20–33, > 33 minutes (seed 001 §3.5 figures). */
  waitBuckets: [number, number, number, number, number];
  ratings: number;
  avgRating: number | null;
}

export interface HqReport {
  from: string;
  to: string;
  total: HqFigures;
  /** Ranked by `waitWithinNorm`, best first. */
  offices: (HqFigures & { officeId: string; code: string; name: LocalText; branchId: string; rank: number })[];
  services: (HqFigures & { serviceId: string; name: LocalText | null })[];
  topics: (HqFigures & { serviceId: string; topicId: string; name: LocalText | null })[];
  operators: (HqFigures & { officeId: string; operatorId: string; name: string | null })[];
  days: (HqFigures & { day: string })[];
}

/** The head-office route table: one entry per route, served by one handler each on head office's edge. */
export const HQ_ROUTES = {
  // ── sync: office servers with their key ──
  syncHello: hqRoute({
    method: 'POST',
    path: '/api/sync/hello',
    access: 'office',
    body: SyncHello,
    response: typed<SyncWelcome>(),
    errors: ['OFFICE_KEY_INVALID'],
    summary: 'An office introduces itself: where to resume, its link secret for public visit pages',
  }),
  syncEvents: hqRoute({
    method: 'POST',
    path: '/api/sync/events',
    access: 'office',
    body: SyncBatch,
    response: typed<SyncAck>(),
    errors: ['OFFICE_KEY_INVALID', 'SYNC_GAP', 'HQ_BUSY'],
    summary: 'A batch of the office outbox (idempotent by office and seq) with its live figures',
  }),
  syncProfile: hqRoute({
    method: 'GET',
    path: '/api/sync/profile',
    access: 'office',
    response: typed<PublishedProfile>(),
    errors: ['OFFICE_KEY_INVALID', 'NO_PROFILE'],
    summary: 'The profile published for this office (office, branch or company, most specific first)',
  }),
  syncProfileResult: hqRoute({
    method: 'POST',
    path: '/api/sync/profile-result',
    access: 'office',
    body: ProfileResult,
    response: typed<{ ok: true }>(),
    errors: ['OFFICE_KEY_INVALID'],
    summary: 'The office applied a profile version, or refused it with the reason',
  }),
  syncRatingsAck: hqRoute({
    method: 'POST',
    path: '/api/sync/ratings/ack',
    access: 'office',
    body: z.object({ ids: z.array(z.string().max(64)).max(1000) }),
    response: typed<{ ok: true }>(),
    errors: ['OFFICE_KEY_INVALID'],
    summary: 'The office has the ratings given on the public page',
  }),
  syncBookingsAck: hqRoute({
    method: 'POST',
    path: '/api/sync/bookings/ack',
    access: 'office',
    body: z.object({ ids: z.array(z.string().max(80)).max(1000) }),
    response: typed<{ ok: true }>(),
    errors: ['OFFICE_KEY_INVALID'],
    summary: 'The office has applied the bookings made or cancelled on the public page',
  }),
  syncTicketRequests: hqRoute({
    method: 'GET',
    path: '/api/sync/ticket-requests',
    access: 'office',
    response: typed<{ requests: TicketRequest[] }>(),
    errors: ['OFFICE_KEY_INVALID'],
    summary: 'Tickets asked for on the public take page, waiting for this office (polled every few seconds)',
  }),
  syncTicketRequestsResult: hqRoute({
    method: 'POST',
    path: '/api/sync/ticket-requests/result',
    access: 'office',
    body: z.object({ results: z.array(TicketRequestResult).max(100) }),
    response: typed<{ ok: true }>(),
    errors: ['OFFICE_KEY_INVALID'],
    summary: 'The office issued or refused the requested tickets; the phone numbers are forgotten here',
  }),

  // ── people ──
  hqLogin: hqRoute({
    method: 'POST',
    path: '/api/hq/login',
    access: 'public',
    body: z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(200) }),
    response: typed<HqLoginResponse>(),
    errors: ['BAD_CREDENTIALS'],
    summary: 'Sign in to head office',
  }),
  hqLogout: hqRoute({
    method: 'POST',
    path: '/api/hq/logout',
    access: 'signed-in',
    response: typed<{ ok: true }>(),
    errors: [],
    summary: 'End this session',
  }),
  hqMe: hqRoute({
    method: 'GET',
    path: '/api/hq/me',
    access: 'signed-in',
    response: typed<HqUser>(),
    errors: [],
    summary: 'Who is signed in',
  }),
  hqUsers: hqRoute({
    method: 'GET',
    path: '/api/hq/users',
    access: ADMIN,
    response: typed<HqUser[]>(),
    errors: [],
    summary: 'Head-office users',
  }),
  hqCreateUser: hqRoute({
    method: 'POST',
    path: '/api/hq/users',
    access: ADMIN,
    body: z
      .object({
        login: z.string().regex(/^[a-z0-9._-]{3,32}$/),
        name: z.string().min(1).max(120),
        password: z.string().min(10).max(200),
        role: z.enum(['company_admin', 'branch_manager', 'analyst']),
        branchId: z.string().max(64).optional(),
      })
      .refine((u) => (u.role === 'branch_manager') === (u.branchId !== undefined), {
        message: 'a branch manager needs a branch, other roles none',
        params: {
          ru: 'руководителю филиала нужен филиал, другим ролям — нет',
          en: 'a branch manager needs a branch, other roles none',
        },
        path: ['branchId'],
      }),
    response: typed<HqUser>(),
    errors: ['LOGIN_TAKEN', 'UNKNOWN_BRANCH'],
    summary: 'Add a head-office user',
  }),
  hqUpdateUser: hqRoute({
    method: 'PATCH',
    path: '/api/hq/users/:id',
    access: ADMIN,
    params: IdParam,
    body: z.object({
      name: z.string().min(1).max(120).optional(),
      password: z.string().min(10).max(200).optional(),
      disabled: z.boolean().optional(),
    }),
    response: typed<HqUser>(),
    errors: ['NOT_FOUND'],
    summary: 'Rename, reset the password of, or disable a user',
  }),

  // ── company structure ──
  branches: hqRoute({
    method: 'GET',
    path: '/api/hq/branches',
    access: 'signed-in',
    response: typed<Branch[]>(),
    errors: [],
    summary: 'Branches (regions) the user may see',
  }),
  createBranch: hqRoute({
    method: 'POST',
    path: '/api/hq/branches',
    access: ADMIN,
    body: z.object({ code: Code, name: LocalText }),
    response: typed<Branch>(),
    errors: ['BRANCH_CODE_TAKEN'],
    summary: 'Add a branch',
  }),
  offices: hqRoute({
    method: 'GET',
    path: '/api/hq/offices',
    access: 'signed-in',
    query: OfficeFilter,
    response: typed<OfficeRow[]>(),
    errors: [],
    summary: 'Every office the user may see with its live figures and sync health',
  }),
  office: hqRoute({
    method: 'GET',
    path: '/api/hq/offices/:id',
    access: 'signed-in',
    params: IdParam,
    response: typed<OfficeRow>(),
    errors: ['UNKNOWN_OFFICE'],
    summary: 'One office: its hall (read-only), sync health and incidents',
  }),
  createOffice: hqRoute({
    method: 'POST',
    path: '/api/hq/offices',
    access: ADMIN,
    body: z.object({ code: Code, name: LocalText, branchId: z.string().min(1).max(64) }),
    response: typed<OfficeCreated>(),
    errors: ['OFFICE_CODE_TAKEN', 'UNKNOWN_BRANCH'],
    summary: 'Register an office; answers its API key once',
  }),
  rotateOfficeKey: hqRoute({
    method: 'POST',
    path: '/api/hq/offices/:id/key',
    access: ADMIN,
    params: IdParam,
    response: typed<{ apiKey: string }>(),
    errors: ['UNKNOWN_OFFICE'],
    summary: 'Issue a new API key for an office (the old one stops working)',
  }),
  revokeOfficeKey: hqRoute({
    method: 'DELETE',
    path: '/api/hq/offices/:id/key',
    access: ADMIN,
    params: IdParam,
    response: typed<{ ok: true }>(),
    errors: ['UNKNOWN_OFFICE'],
    summary: 'Revoke an office key: its pushes are refused, nothing is stored',
  }),
  ackIncident: hqRoute({
    method: 'POST',
    path: '/api/hq/offices/:id/incidents/:incidentId/ack',
    access: ADMIN,
    params: z.object({ id: z.string().max(64), incidentId: z.string().max(64) }),
    response: typed<{ ok: true }>(),
    errors: ['UNKNOWN_OFFICE', 'NOT_FOUND'],
    summary: 'The administrator has dealt with an office incident',
  }),

  // ── profiles ──
  profiles: hqRoute({
    method: 'GET',
    path: '/api/hq/profiles',
    access: 'signed-in',
    response: typed<ProfileRow[]>(),
    errors: [],
    summary: 'Published profiles, newest first, with what each office did with them',
  }),
  publishProfile: hqRoute({
    method: 'POST',
    path: '/api/hq/profiles',
    access: ADMIN,
    body: ProfileBody,
    response: typed<ProfileRow>(),
    errors: ['UNKNOWN_OFFICE', 'UNKNOWN_BRANCH', 'PROFILE_INVALID'],
    summary: 'Publish a new profile version to the company, a branch or one office',
  }),

  // ── reports ──
  hqReport: hqRoute({
    method: 'GET',
    path: '/api/hq/reports',
    access: 'signed-in',
    query: HqReportQuery,
    response: typed<HqReport>(),
    errors: [],
    summary: 'Consolidated figures over a period: offices ranked, services, topics, operators, days',
  }),
  hqReportExport: hqRoute({
    method: 'GET',
    path: '/api/hq/reports/export',
    access: 'signed-in',
    query: HqReportQuery.extend({ format: z.enum(['csv', 'xlsx']) }),
    produces: 'file',
    errors: [],
    summary: 'The consolidated report as CSV or XLSX',
  }),

  ...HQ_PUBLIC_ROUTES,

  hqHealth: hqRoute({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    response: typed<{ ok: boolean; db: boolean; version: string }>(),
    errors: [],
    summary: 'Liveness for a load balancer: the process and its database',
  }),
} as const;

export type HqRouteName = keyof typeof HQ_ROUTES;
