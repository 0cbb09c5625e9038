import { z } from 'zod';
import { Id } from './config.js';
import { bilingualIssue, issueWord } from './issues.js';
import type { LocalText } from './text.js';

/**
 * Reports (DOMAIN.md "What is reported"; seed 000 §11.1 monthly averages, seed 003 §9.3 quarter,
 * half-year and year, seed 001 §3.5 the 8/12/33 norms). Periods are office-local days, inclusive.
 */
export const REPORT_PERIODS = ['day', 'month', 'quarter', 'half', 'year', 'custom'] as const;
export type ReportPeriodKind = (typeof REPORT_PERIODS)[number];

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, issueWord('day'));

/** The longest custom range: three years keeps a report (and an export) bounded. */
export const MAX_REPORT_DAYS = 1100;

/**
 * What the report covers. `date` is any day inside the period for day … year (e.g. any day of the
 * quarter); `custom` takes `from` and `to`. Filters narrow every figure to one service, topic,
 * operator or window. Everything arrives as a query string, so numbers are coerced.
 */
const ReportFields = {
  period: z.enum(REPORT_PERIODS),
  date: Day.optional(),
  from: Day.optional(),
  to: Day.optional(),
  serviceId: Id.optional(),
  topicId: Id.optional(),
  operatorId: Id.optional(),
  windowId: Id.optional(),
};

/** Epoch ms of a calendar day (UTC midnight), or NaN for an impossible one (2025-02-30). */
function dayMs(day: string): number {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== day ? Number.NaN : ms;
}

/** Shared with other period queries (the outage log). */
export function checkPeriod(
  q: { period: ReportPeriodKind; date?: string | undefined; from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
) {
  // Only the days the period uses: `date` for day … year, `from` and `to` for a custom range.
  for (const k of q.period === 'custom' ? (['from', 'to'] as const) : (['date'] as const)) {
    const day = q[k];
    if (day !== undefined && Number.isNaN(dayMs(day)))
      ctx.addIssue(bilingualIssue(`нет такой даты ${day}`, `no such date ${day}`, [k]));
  }
  if (q.period === 'custom') {
    if (q.from === undefined || q.to === undefined)
      ctx.addIssue(
        bilingualIssue('для своего периода нужны даты «с» и «по»', 'period=custom needs from and to', ['from']),
      );
    else if (q.from > q.to)
      ctx.addIssue(bilingualIssue('дата «с» позже даты «по»', 'from must not be after to', ['to']));
    else {
      const days = Math.round((dayMs(q.to) - dayMs(q.from)) / 86_400_000) + 1;
      if (days > MAX_REPORT_DAYS)
        ctx.addIssue(
          bilingualIssue(
            `отчёт охватывает не более ${MAX_REPORT_DAYS} дней, запрошено ${days}`,
            `a report covers at most ${MAX_REPORT_DAYS} days, asked ${days}`,
            ['to'],
          ),
        );
    }
  } else if (q.date === undefined)
    ctx.addIssue(bilingualIssue('для этого периода нужна дата', `period=${q.period} needs date`, ['date']));
}

export const ReportQuery = z.object(ReportFields).strict().superRefine(checkPeriod);
export type ReportQuery = z.infer<typeof ReportQuery>;

export const VisitLogQuery = z
  .object({
    ...ReportFields,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(500).default(50),
    lang: z.enum(['ru', 'en']).default('ru'),
  })
  .strict()
  .superRefine(checkPeriod);
export type VisitLogQuery = z.infer<typeof VisitLogQuery>;

export const ExportQuery = z
  .object({
    ...ReportFields,
    format: z.enum(['csv', 'xlsx']),
    /** `log`: the visitor log; `summary`: the figures by service, topic, operator, window, day. */
    what: z.enum(['log', 'summary']).default('summary'),
    lang: z.enum(['ru', 'en']).default('ru'),
  })
  .strict()
  .superRefine(checkPeriod);
export type ExportQuery = z.infer<typeof ExportQuery>;

export interface ResolvedPeriod {
  kind: ReportPeriodKind;
  /** Inclusive office-local days. */
  from: string;
  to: string;
  days: number;
}

/** Wait, service or total visit time of a set of visits against their norms. */
export interface TimeFigures {
  /** Visits this figure is judged on (wait: called at least once; service and total: served). */
  n: number;
  meanSec: number | null;
  /** Nearest rank: the smallest time that at least 90 % of the visits did not exceed. */
  p90Sec: number | null;
  maxSec: number | null;
  /** Visits judged against a norm (total: only where a total norm is set). */
  judged: number;
  withinNorm: number;
  /** withinNorm / judged, 0..1; null when nothing was judged. */
  share: number | null;
  /** The norm in minutes when every judged visit had the same one; null when they differ. */
  normMin: number | null;
  /** The mean of the per-visit norms: what the average is compared with when norms differ. */
  meanNormMin: number | null;
  /** Counts in 0–3, 3–6, 6–9, 9–12, 12–15, 15+ minutes (lower bound inclusive). */
  buckets: number[];
}

export interface VisitFigures {
  /** Closed visits issued in the period (served, no-show, cancelled). */
  visits: number;
  served: number;
  noShows: number;
  cancelled: number;
  walkIns: number;
  /** Visits transferred at least once, and transfers in all. */
  transferred: number;
  transfers: number;
  postponed: number;
  postponements: number;
  recalls: number;
  priority: number;
  appointments: number;
  digitalOnboarding: number;
  extraSale: number;
  wait: TimeFigures;
  service: TimeFigures;
  total: TimeFigures;
  /** Served visits within every norm that applies to them (wait, service, and total if set). */
  allNorms: { judged: number; within: number; share: number | null };
}

export interface GroupFigures extends VisitFigures {
  /** '' for visits without one (e.g. walk-ins have no topic). */
  key: string;
  name: LocalText;
}

export interface DayFigures {
  day: string;
  visits: number;
  served: number;
  meanWaitSec: number | null;
  waitShare: number | null;
  serviceShare: number | null;
  /** Served visits within the total-visit norm (seed 001 §3.5: 33 min); null when none is set. */
  totalShare: number | null;
  allNormsShare: number | null;
}

export interface HourFigures {
  /** Office-local hour of issue, 0..23. */
  hour: number;
  issued: number;
  /** Issued per day that had any visit: the hall's typical load in that hour. */
  perDay: number;
  meanWaitSec: number | null;
}

export interface StaffTime {
  key: string;
  name: LocalText;
  /** Seconds logged in at a window: ready + serving + wrap-up + break. */
  loggedInSec: number;
  readySec: number;
  servingSec: number;
  wrapUpSec: number;
  breakSec: number;
  breakByReason: Record<string, number>;
  /** Ready while a ticket this operator could call was waiting. */
  idleWhileQueueSec: number;
}

export interface StaffFigures {
  byOperator: StaffTime[];
  byWindow: StaffTime[];
  total: StaffTime;
  breakReasons: { id: string; name: LocalText }[];
}

export interface RatingFigures {
  available: boolean;
  /** Why the figures are missing (e.g. no rating data collected in this build). */
  note?: LocalText;
  count?: number;
  mean?: number | null;
  /** Count per score, index 0 = score 1. */
  distribution?: number[];
  /** Reasons ticked with low marks. */
  reasons?: { id: string; name: LocalText; count: number }[];
  /** Feedback by type (complaint, proposal, review); `actionable` = with a contact to answer. */
  feedback?: { type: string; count: number; actionable: number }[];
  /** The newest written feedback (contacts are not part of reports: personal data stays in the admin screen). */
  comments?: { at: number; type: string; text: string; actionable: boolean; operatorId?: string }[];
}

export interface DeviceUptimeFigures {
  available: boolean;
  note?: LocalText;
  /** Time counted: the office's working hours within the period, up to now (seed 001 §5.3). */
  devices?: {
    deviceId: string;
    name: string;
    role: string;
    onlineSec: number;
    downtimeSec: number;
    /** onlineSec / (onlineSec + downtimeSec); null when the device was never seen in working hours. */
    uptimeShare: number | null;
    /** The longest single outage in working hours: seed 001 §5.3 allows at most 60 minutes. */
    longestDownSec: number;
  }[];
}

export interface ReportResponse {
  generatedAt: number;
  timeZone: string;
  period: ResolvedPeriod;
  filter: Pick<ReportQuery, 'serviceId' | 'topicId' | 'operatorId' | 'windowId'>;
  /** True when the office configuration (and so possibly the norms) changed within the period. */
  normsChanged: boolean;
  summary: VisitFigures;
  byService: GroupFigures[];
  byTopic: GroupFigures[];
  byOperator: GroupFigures[];
  byWindow: GroupFigures[];
  bySegment: GroupFigures[];
  byDay: DayFigures[];
  byHour: HourFigures[];
  staff: StaffFigures;
  ratings: RatingFigures;
  devices: DeviceUptimeFigures;
}

/** One row of the visitor log (журнал приёма посетителей). No personal data: numbers only (152-ФЗ). */
export interface VisitLogRow {
  ticketId: string;
  day: string;
  number: string;
  segment: string | null;
  topic: string | null;
  /** The service first asked for, and the last one if the visit was transferred. */
  service: string;
  finalService: string | null;
  priority: string | null;
  appointment: boolean;
  walkIn: boolean;
  issuedAt: number;
  firstCalledAt: number | null;
  startedAt: number | null;
  closedAt: number;
  waitSec: number | null;
  serviceSec: number | null;
  totalSec: number;
  window: string | null;
  operator: string | null;
  outcome: 'served' | 'no-show' | 'cancelled';
  outcomeCodes: string[];
  transfers: number;
  postponements: number;
  recalls: number;
  waitWithinNorm: boolean | null;
  serviceWithinNorm: boolean | null;
  totalWithinNorm: boolean | null;
}

export interface VisitLogResponse {
  period: ResolvedPeriod;
  timeZone: string;
  page: number;
  pageSize: number;
  total: number;
  rows: VisitLogRow[];
}

/** The bucket edges in minutes shared by the server and the charts. */
export const BUCKET_EDGES_MIN = [0, 3, 6, 9, 12, 15] as const;
