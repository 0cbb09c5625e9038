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

/**
 * The windows to have open this hour. `recommended` is the most of three: the forecast's for the hour, the
 * advisor's for the arrivals of the last 60 minutes, and what clears the queue in the hall within the hour;
 * `basis` says which decided. Null: the office is closed and nobody waits.
 */
export interface StaffingNow {
  date: string;
  hour: number;
  openWindows: number;
  recommended: number | null;
  basis: 'forecast' | 'arrivals' | 'queue';
  /** Tickets waiting now, and those of them past their service's wait norm. */
  waiting: number;
  overdue: number;
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
  now: StaffingNow;
  today: StaffingDay;
  /** Today and the next six days. */
  week: StaffingDay[];
}

/** Windows planned for one local hour of a day (the administrator's plan, or the advisor's). */
export interface PlanHour {
  hour: number;
  windows: number;
}

/**
 * GET /api/staffing/whatif query: play a day's expected visitors through the real engine with the advisor's
 * plan and the plan the office entered. `entered` lists `hour:windows` pairs («9:2,10:3»); absent = only the
 * advisor's plan is played.
 */
export const WhatIfQuery = StaffingQuery.extend({
  /** Local date to play; absent = the next reception day after today. */
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  entered: z
    .string()
    .max(400)
    .regex(/^(\d{1,2}:\d{1,2})(,\d{1,2}:\d{1,2})*$/, 'hour:windows,hour:windows…')
    .optional(),
}).strict();
export type WhatIfQuery = z.infer<typeof WhatIfQuery>;

const DayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** GET /api/staffing/plan: the plan of windows per hour the office entered for a day. */
export const StaffingPlanQuery = z.object({ date: DayKey }).strict();
export type StaffingPlanQuery = z.infer<typeof StaffingPlanQuery>;

/** The most windows a plan may ask for in an hour. */
export const PLAN_MAX_WINDOWS = 40;

/**
 * PUT /api/staffing/plan: the office's plan for a day, windows per reception hour (an hour left out has no
 * window open); an empty list removes the plan. Kept on the office server, so every administrator and the
 * what-if see the same plan.
 */
export const StaffingPlanBody = z
  .object({
    date: DayKey,
    hours: z
      .array(
        z
          .object({
            hour: z.number().int().min(0).max(23),
            windows: z.number().int().min(0).max(PLAN_MAX_WINDOWS),
          })
          .strict(),
      )
      .max(24),
  })
  .strict();
export type StaffingPlanBody = z.infer<typeof StaffingPlanBody>;

export interface StaffingPlan {
  date: string;
  /** Null: no plan entered for the day. */
  hours: PlanHour[] | null;
  updatedAt: number | null;
  /** Who entered it (name, login). */
  updatedBy: { name: string; login: string | null } | null;
}

/**
 * GET /api/staffing/rules-whatif query: the effect of the rescue settings (`rules.rescueAfterNormTimes`,
 * `rules.rescuePastNormMin`) on the advisor's plan for a day: the office's current values against these.
 * `rescuePastNormMin=off` proposes removing the bound.
 */
export const RulesWhatIfQuery = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    rescueAfterNormTimes: z.coerce.number().min(1).max(10).optional(),
    rescuePastNormMin: z.union([z.literal('off'), z.coerce.number().min(0).max(120)]).optional(),
  })
  .strict();
export type RulesWhatIfQuery = z.infer<typeof RulesWhatIfQuery>;

/** Predicted figures for a plan over an hour (by the hour tickets are issued in) or the whole day. */
export interface WhatIfFigures {
  /** Expected tickets (mean over the simulated days). */
  tickets: number;
  /** Served and called within the wait norm, over every ticket issued (leavers are misses). */
  withinShare: number;
  /** 90th percentile of the wait to the first call, minutes, over called tickets (leavers included). */
  p90WaitMin: number;
  meanWaitMin: number;
  /** Tickets not served: left before the call, or turned away. */
  abandonedShare: number;
}

export interface WhatIfPlanResult {
  /** 'proposed' (the advisor's windows), 'entered' (the office's plan), 'current' / 'changed' (rules). */
  id: string;
  plan: PlanHour[];
  day: WhatIfFigures & { withinShareCi95: number };
  hours: (WhatIfFigures & { hour: number })[];
}

export interface WhatIfResult {
  date: string;
  weekday: Weekday;
  /** Simulated days per plan (the same visitors for every plan: common random numbers). */
  days: number;
  /** CPU spent, ms; the run stops early (fewer days) at its budget. */
  cpuMs: number;
  policy: string;
  /** Where the visitors came from: weeks of history, and the mean patience used (minutes). */
  basis: {
    historyVisits: number;
    patienceMin: number;
    patienceFromHistory: boolean;
    /** The day's bookings made so far (played as check-ins), and the share of booked visitors who come. */
    bookings: number;
    bookingShowShare: number;
  };
  plans: WhatIfPlanResult[];
}

/** The what-if runs in the background: «считается…» until it is done, then the result (cached). */
export type WhatIfAnswer =
  | { status: 'pending'; date: string; done: number; total: number }
  | ({ status: 'done' } & WhatIfResult);

/** The rules what-if: the same result, and the values compared. */
export type RulesWhatIfAnswer = WhatIfAnswer & {
  current: { rescueAfterNormTimes: number; rescuePastNormMin: number | null };
  changed: { rescueAfterNormTimes: number; rescuePastNormMin: number | null };
};
