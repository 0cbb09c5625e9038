import { z } from 'zod';
import { checkPeriod, REPORT_PERIODS, type ResolvedPeriod } from './reports.js';

/**
 * The outage log (seed 004 R7: «При неисправности или отсутствии системы управления электронной очередью
 * клиент обслуживается в порядке живой очереди»): when the office worked without the electronic queue.
 * `live-queue`: the hall administrator switched the office to a live queue; `server`: the office server
 * itself was down (found at the next start); `device`: a paired device or polled printer was offline.
 */
export const OUTAGE_KINDS = ['live-queue', 'server', 'device'] as const;
export const OutageKind = z.enum(OUTAGE_KINDS);
export type OutageKind = z.infer<typeof OutageKind>;

/** One period of the log, clipped to the report's period. */
export interface OutagePeriod {
  /** `lq-<row>`, `srv-<row>`, `dev-<device>-<start>`: stable across reports. */
  id: string;
  kind: OutageKind;
  startedAt: number;
  /** null: it lasts now. */
  endedAt: number | null;
  durationSec: number;
  /** live-queue: the administrator's reason. */
  reason: string | null;
  /** live-queue: who switched it on and off (display names). */
  startedBy: string | null;
  endedBy: string | null;
  /** device: which one. */
  deviceId?: string;
  deviceName?: string;
  deviceRole?: string;
  /** Visitors served without a ticket («БТ-…», `serveWalkIn`) while it lasted. */
  walkIns: number;
}

export interface OutageKindFigures {
  kind: OutageKind;
  count: number;
  totalSec: number;
  longestSec: number;
  /** Walk-in visits within any period of this kind, each counted once. */
  walkIns: number;
}

/** The live-queue switch as the admin screen shows it: who switched, when and why. */
export interface LiveQueueStatus {
  on: boolean;
  /** When the current mode began (the last switch), null when never switched. */
  since: number | null;
  by: string | null;
  reason: string | null;
}

export interface OutageReport {
  period: ResolvedPeriod;
  timeZone: string;
  generatedAt: number;
  kinds: OutageKindFigures[];
  /** Newest first. */
  periods: OutagePeriod[];
  liveQueue: LiveQueueStatus;
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const PeriodFields = {
  period: z.enum(REPORT_PERIODS),
  date: Day.optional(),
  from: Day.optional(),
  to: Day.optional(),
};

/** The same periods as the reports (day … year, custom). */
export const OutageQuery = z.object(PeriodFields).strict().superRefine(checkPeriod);
export type OutageQuery = z.infer<typeof OutageQuery>;

export const OutageExportQuery = z
  .object({
    ...PeriodFields,
    format: z.enum(['xlsx', 'csv']).default('xlsx'),
    lang: z.enum(['ru', 'en']).default('ru'),
  })
  .strict()
  .superRefine(checkPeriod);
export type OutageExportQuery = z.infer<typeof OutageExportQuery>;
