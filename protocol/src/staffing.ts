import { z } from 'zod';
import type { Weekday } from './config.js';
import type { LocalText } from './text.js';

/** GET /api/staffing query: how much history, and the service level to staff for. */
export const StaffingQuery = z
  .object({
    /** Weeks of history behind the weekday × hour averages. */
    weeks: z.coerce.number().int().min(1).max(52).default(8),
    /** Share of visitors to call within their wait norm (leavers count as misses). */
    target: z.coerce.number().min(0.5).max(0.99).default(0.8),
    /** Highest acceptable share of visitors who leave before the call (Erlang A). */
    maxAbandon: z.coerce.number().min(0).max(0.5).default(0.03),
  })
  .strict();
export type StaffingQuery = z.infer<typeof StaffingQuery>;

export interface StaffingHour {
  /** Office-local hour, 0–23: the row covers [hour:00, hour+1:00). */
  hour: number;
  /** Expected tickets in the hour (history average for the weekday). */
  forecast: number;
  byService: Record<string, number>;
  /** Erlangs: tickets per hour × mean service ÷ 60. */
  offeredLoad: number;
  /** Windows to open (every window serving every service; Erlang A when patience is known, else Erlang C). */
  recommended: number;
  /** Erlang C alone, for comparison; null when no count meets the target. */
  recommendedErlangC: number | null;
  /** Windows needed if every service had its own windows. */
  dedicated: number;
  expectedShare: number;
  expectedAbandonShare: number;
  expectedMeanWaitMin: number;
  /** The target cannot be met with any sensible number of windows. */
  unreachable: boolean;
  /** Today only: tickets actually issued in the hour so far. */
  actual?: number;
  /** Today, current hour only: windows open now (operators at work, not on break). */
  openNow?: number;
}

export interface StaffingDay {
  date: string;
  weekday: Weekday;
  /** Hours with reception open, in order; empty on a day off or holiday. */
  hours: StaffingHour[];
}

export interface StaffingServiceInfo {
  id: string;
  name: LocalText;
  waitNormMin: number;
  meanServiceMin: number;
  serviceCv: number;
  /** Served visits behind the mean; below 20 the configured service norm is used. */
  samples: number;
}

export interface StaffingReport {
  officeId: string;
  generatedAt: number;
  timeZone: string;
  params: { weeks: number; targetShare: number; maxAbandonShare: number };
  model: 'erlang-a' | 'erlang-c';
  history: { fromDay: string | null; toDay: string | null; visits: number; daysByWeekday: Record<Weekday, number> };
  services: StaffingServiceInfo[];
  /** Estimated mean patience (minutes); null until enough visitors have left to estimate it. */
  patienceMin: number | null;
  now: { date: string; hour: number; openWindows: number; recommended: number | null };
  today: StaffingDay;
  /** Today and the next six days. */
  week: StaffingDay[];
}
