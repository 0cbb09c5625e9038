import { z } from 'zod';
import { Command } from './commands.js';
import type { TalonError } from './errors.js';
import type { StoredEvent } from './events.js';
import { bilingualIssue } from './issues.js';
import type { EngineState } from './state.js';

export const LoginBody = z
  .object({ login: z.string().trim().min(1).max(64), password: z.string().min(1).max(200) })
  .strict();
export type LoginBody = z.infer<typeof LoginBody>;

export const UserRole = z.enum(['operator', 'hall_admin', 'config_admin']);
export type UserRole = z.infer<typeof UserRole>;
/** `wall`: a hall monitor on the wall of the administrator's room, read-only (no person signed in). */
export const DeviceRole = z.enum(['kiosk', 'board', 'rating', 'device', 'wall']);
export type DeviceRole = z.infer<typeof DeviceRole>;

export interface UserInfo {
  id: string;
  login: string;
  name: string;
  roles: UserRole[];
  operatorId?: string;
}

export interface LoginResponse {
  token: string;
  /** On the server's clock, which a screen's clock need not share (a test office, a PC with a wrong date). */
  expiresAt: number;
  /** The session's lifetime from now: what a screen measures against its own clock. */
  expiresInMs: number;
  user: UserInfo;
}

export const PairingCodeBody = z.object({ role: DeviceRole, name: z.string().trim().min(1).max(80) }).strict();
export type PairingCodeBody = z.infer<typeof PairingCodeBody>;
export interface PairingCodeResponse {
  code: string;
  expiresAt: number;
}

/**
 * `previous`: what this browser held for the same screen before (ui/src/device.ts), so a device paired
 * again replaces its old record instead of leaving a ghost that stays offline.
 */
export const PairBody = z
  .object({
    code: z.string().trim().min(4).max(16),
    previous: z
      .object({ deviceId: z.string().min(1).max(64), token: z.string().min(1).max(200) })
      .strict()
      .optional(),
  })
  .strict();
export type PairBody = z.infer<typeof PairBody>;
export interface PairResponse {
  deviceId: string;
  name: string;
  role: DeviceRole;
  token: string;
  /** Devices this pairing replaced (unpaired): the same role and name, or this browser's previous one. */
  replaced?: { deviceId: string; name: string }[];
}

/** A client-chosen id makes a retried command idempotent (the first answer is returned again). */
export const CommandId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
export const CommandEnvelope = z.object({ commandId: CommandId.optional(), command: Command }).strict();
export type CommandEnvelope = z.infer<typeof CommandEnvelope>;

export type CommandResponse = { ok: true; seq: number; result?: CommandResult } | { ok: false; error: TalonError };

/**
 * The most people ahead a ticket is told exactly: the office replays at most this many calls per issue
 * (a bound on its cost), so `peopleAhead` equal to it reads «this many or more».
 */
export const PEOPLE_AHEAD_LIMIT = 200;

export interface CommandResult {
  ticketId?: string;
  number?: string;
  /**
   * Visitors the office will call before this ticket by its own dispatch rule (0: called next); `null` when
   * no operator at a window serves the ticket's service now. At most PEOPLE_AHEAD_LIMIT.
   */
  peopleAhead?: number | null;
  /** checkIn of a late booking: the slot is lost, the general queue is offered. */
  appointmentLate?: boolean;
  /** checkIn: the booking's service (a kiosk checking in by phone number does not see the booking's phone). */
  serviceId?: string;
  /** Wait estimate for a new ticket, shown as a range («≈ 10–15 мин»). */
  estimate?: { lowMin: number; highMin: number; pointMin?: number; method: string };
  /** createAppointment / moveAppointment: the booking's id (`${CODE}@${slotAt}`). */
  appointmentId?: string;
}

/** A device's details are a few short fields (a printer's paper and cover); the bound keeps a row small. */
export const HEARTBEAT_DETAILS_MAX = 20;

export const Heartbeat = z
  .object({
    status: z.enum(['ok', 'warning', 'error']),
    details: z
      .record(z.string().max(40), z.union([z.string().max(200), z.number(), z.boolean()]))
      .superRefine((d, ctx) => {
        if (Object.keys(d).length > HEARTBEAT_DETAILS_MAX)
          ctx.addIssue(
            bilingualIssue(`не больше ${HEARTBEAT_DETAILS_MAX} полей`, `at most ${HEARTBEAT_DETAILS_MAX} details`),
          );
      })
      .optional(),
  })
  .strict();
export type Heartbeat = z.infer<typeof Heartbeat>;

export interface DeviceStatus {
  deviceId: string;
  name: string;
  role: DeviceRole;
  online: boolean;
  lastSeenAt: number | null;
  status: Heartbeat['status'] | 'unknown';
  details?: Heartbeat['details'];
}

/** What a client receives on connect and on resync; deltas continue from `state.seq`. */
export interface Snapshot {
  serverTime: number;
  state: EngineState;
  receptionOpen: boolean;
  devices?: DeviceStatus[];
}

/** socket.io namespaces, one per role. */
export const NAMESPACES = ['kiosk', 'board', 'operator', 'rating', 'admin', 'device', 'wall'] as const;
export type Namespace = (typeof NAMESPACES)[number];

export interface ServerToClient {
  snapshot: (s: Snapshot) => void;
  event: (e: StoredEvent) => void;
}

export interface ClientToServer {
  command: (env: unknown, ack: (r: CommandResponse) => void) => void;
  resync: (ack: (s: Snapshot) => void) => void;
  heartbeat: (hb: unknown, ack?: (r: { ok: boolean; error?: TalonError }) => void) => void;
}

export type ApiError = { error: TalonError };

/** `GET /api/operator/day`: the operator's own figures for the office-local day. */
export interface OperatorDay {
  operatorId: string;
  dayKey: string;
  served: number;
  noShows: number;
  /** null before the first timed visit. */
  avgServiceSec: number | null;
  /** Served visits within their service norm (the topic's norm where it has one). */
  withinServiceNorm: number;
  digitalOnboarding: number;
  extraSale: number;
  ratings: { count: number; average: number | null; byScore: number[] };
}

/** `GET /api/rating/terminal`: the paired rating device and the window its pairing bound it to. */
export interface RatingTerminalInfo {
  deviceId: string;
  name: string;
  windowId: string | null;
}

/** `GET /api/rating/terminal/link`: the signed link to rate a visit on a phone, and its QR as SVG. */
export interface RatingLink {
  ticketId: string;
  url: string;
  svg: string;
}

/** `GET /api/rating/desk`: the stable desk link printed on the operator's desk card. */
export interface DeskLink {
  operatorId: string;
  name: string;
  windowId: string;
  label: string;
  url: string;
}
