import type { Appointment, OfficeConfig, PlanHour, Rules, WhatIfFigures, WhatIfPlanResult } from '@talon/protocol';
import type { DispatchPolicy } from '../dispatch.js';
import { quantileOf, seeded, seedOf } from '../predict-random.js';
import { dayKeyOf, localTimeToEpoch } from '../time.js';
import type { OfficeHistory } from './history.js';
import { weekdayOf } from './history.js';
import { type Arrival, DayPlay, drawDay, simConfig } from './whatif-day.js';

/**
 * The what-if (issue 18, «планы проверяются до начала дня»): a day's expected visitors played through the real
 * engine (`decide` + `applyEvent` on the office-day runner) with a plan of windows per hour, many times, on a
 * virtual clock. Every plan meets the same visitors each simulated day (common random numbers), so the
 * difference between plans is the plans'. The work is cut into slices (`step`) so the server can run it in the
 * background between the hall's commands.
 */

/** What the day's visitors look like, from the office's history. */
export interface WhatIfModel {
  /** Expected tickets per local hour (24 entries) by the service first asked for. */
  arrivalsPerHour: Record<string, number[]>;
  services: Record<string, { meanMin: number; cv: number }>;
  /** Patience (lognormal); the default when the history has too few leavers to estimate it. */
  patience: { meanMin: number; cv: number };
  patienceFromHistory: boolean;
  priorityShare: number;
  /**
   * Expected tickets per local hour that came with a booking (part of `arrivalsPerHour`): the day's own
   * bookings replace them, and only the part the bookings made so far do not cover is drawn as arrivals.
   */
  bookedPerHour: Record<string, number[]>;
  /** The day's bookings made so far: minutes after local midnight of the slot. */
  bookings: { serviceId: string; slotMin: number }[];
  /** Share of booked visitors who come (history; 0.9 with too few bookings to say). */
  bookingShowShare: number;
}

/** Without enough bookings in the history: most booked visitors come (the twin's default). */
export const DEFAULT_BOOKING_SHOW_SHARE = 0.9;

/**
 * With too few leavers to estimate patience, the simulator's default (queue-science.md §4.1: mean 40 min,
 * CV 0.6), the same as the benches'.
 */
export const DEFAULT_PATIENCE = { meanMin: 40, cv: 0.6 } as const;

export function whatIfModelOf(
  history: OfficeHistory,
  config: OfficeConfig,
  dayKey: string,
  appointments: readonly Appointment[] = [],
): WhatIfModel {
  const services: WhatIfModel['services'] = {};
  for (const s of config.services) {
    const h = history.services[s.id];
    services[s.id] = { meanMin: h?.meanMin ?? s.serviceNormMin, cv: h?.cv ?? 0.6 };
  }
  return {
    arrivalsPerHour: history.arrivals[weekdayOf(dayKey)] ?? {},
    services,
    // Lognormal, fitted to the waits of served visitors and of no-shows at call (patience.ts).
    patience: history.patience
      ? { meanMin: history.patience.meanMin, cv: history.patience.cv }
      : { ...DEFAULT_PATIENCE },
    patienceFromHistory: history.patience !== null,
    priorityShare: history.priorityShare,
    bookedPerHour: history.bookedArrivals[weekdayOf(dayKey)] ?? {},
    bookings: dayBookings(config, dayKey, appointments),
    bookingShowShare: history.bookingShowShare ?? DEFAULT_BOOKING_SHOW_SHARE,
  };
}

/** Bookings still to come on `dayKey` (not cancelled, not yet checked in), by local slot minute. */
function dayBookings(config: OfficeConfig, dayKey: string, appointments: readonly Appointment[]) {
  const dayStart = localTimeToEpoch(dayKey, '00:00', config.timeZone);
  const out: WhatIfModel['bookings'] = [];
  for (const a of appointments) {
    if (a.status !== 'booked' || dayKeyOf(a.slotAt, config.timeZone) !== dayKey) continue;
    out.push({ serviceId: a.serviceId, slotMin: (a.slotAt - dayStart) / 60_000 });
  }
  return out.sort((x, y) => x.slotMin - y.slotMin || x.serviceId.localeCompare(y.serviceId));
}

export interface WhatIfVariant {
  id: string;
  plan: PlanHour[];
  /** Rules over the office's (the rescue settings' what-if). */
  rules?: Partial<Rules>;
}

export interface WhatIfOptions {
  days: number;
  seed?: number;
  /** The engine's policy table (tests and benches); absent = the built-in policies. */
  policies?: Record<string, DispatchPolicy>;
}

class Acc {
  tickets = 0;
  within = 0;
  abandoned = 0;
  waits: number[] = [];

  figures(days: number): WhatIfFigures {
    const w = Float64Array.from(this.waits).sort();
    const n = Math.max(1, this.tickets);
    const r = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;
    return {
      tickets: r(this.tickets / Math.max(1, days), 2),
      withinShare: r(this.tickets ? this.within / n : 1, 4),
      p90WaitMin: r(w.length ? quantileOf(w, 0.9) : 0, 2),
      meanWaitMin: r(w.length ? w.reduce((a, b) => a + b, 0) / w.length : 0, 2),
      abandonedShare: r(this.abandoned / n, 4),
    };
  }
}

/**
 * Plays `variants` over `days` simulated days, one virtual hour per `step()`. Deterministic for
 * (config, day, model, variants, seed).
 */
export class WhatIfSim {
  private readonly configs: OfficeConfig[];
  private readonly all: Acc[];
  private readonly hours: Acc[][];
  private readonly daily: number[][];
  private day = 0;
  private variant = 0;
  private arrivals: Arrival[] | null = null;
  private play: DayPlay | null = null;
  readonly total: number;

  constructor(
    private readonly config: OfficeConfig,
    private readonly dayKey: string,
    private readonly model: WhatIfModel,
    private readonly variants: readonly WhatIfVariant[],
    private readonly opts: WhatIfOptions,
  ) {
    this.configs = variants.map((v) => simConfig(config, Math.max(1, ...v.plan.map((p) => p.windows)), v.rules));
    this.all = variants.map(() => new Acc());
    this.hours = variants.map(() => Array.from({ length: 24 }, () => new Acc()));
    this.daily = variants.map(() => []);
    this.total = opts.days * variants.length;
  }

  /** (day, plan) pairs played so far. */
  get done(): number {
    return this.day * this.variants.length + this.variant;
  }

  /** Simulated days fully played for every plan. */
  get daysPlayed(): number {
    return this.day;
  }

  get finished(): boolean {
    return this.day >= this.opts.days;
  }

  /** Between two simulated days: every plan has played the same days (a run may be cut here). */
  get atDayBoundary(): boolean {
    return this.variant === 0 && this.play === null;
  }

  /** One slice of work (an hour of virtual time); false once every day of every plan is played. */
  step(): boolean {
    if (this.finished) return false;
    if (!this.arrivals)
      this.arrivals = drawDay(
        this.config,
        this.dayKey,
        this.model,
        seeded(seedOf(this.opts.seed ?? 1, this.day, 'whatif')),
      );
    const v = this.variants[this.variant] as WhatIfVariant;
    if (!this.play)
      this.play = new DayPlay(
        this.configs[this.variant] as OfficeConfig,
        this.dayKey,
        v.plan,
        this.arrivals,
        this.opts.policies,
        this.model.bookings,
      );
    if (!this.play.step()) return true;
    this.collect(this.variant, this.play);
    this.play = null;
    this.variant += 1;
    if (this.variant >= this.variants.length) {
      this.variant = 0;
      this.day += 1;
      this.arrivals = null;
    }
    return !this.finished;
  }

  /** Runs to the end (tests, benches). */
  runAll(): WhatIfPlanResult[] {
    while (this.step()) {}
    return this.result();
  }

  private collect(i: number, play: DayPlay): void {
    const norms = new Map(this.config.services.map((s) => [s.id, s.waitNormMin]));
    const all = this.all[i] as Acc;
    const hours = this.hours[i] as Acc[];
    let tickets = 0;
    let within = 0;
    const add = (hour: number, f: (a: Acc) => void) => {
      f(all);
      const h = hours[Math.min(23, Math.max(0, hour))];
      if (h) f(h);
    };
    for (const rec of play.records.values()) {
      const v = rec.visit;
      const served = v?.outcome === 'served';
      const wait = v?.firstWaitSec;
      const ok = served && wait !== undefined && wait <= (norms.get(rec.serviceId) ?? Infinity) * 60;
      tickets += 1;
      if (ok) within += 1;
      add(rec.hour, (a) => {
        a.tickets += 1;
        if (ok) a.within += 1;
        if (!served) a.abandoned += 1;
        if (v?.firstCalledAt !== undefined && wait !== undefined) a.waits.push(wait / 60);
      });
    }
    for (const hour of play.turnedAway) {
      tickets += 1;
      add(hour, (a) => {
        a.tickets += 1;
        a.abandoned += 1;
      });
    }
    (this.daily[i] as number[]).push(tickets ? within / tickets : 1);
  }

  /** Figures over the days played so far (all of them once `finished`). */
  result(): WhatIfPlanResult[] {
    const days = Math.max(1, this.day);
    return this.variants.map((v, i) => {
      const shares = (this.daily[i] as number[]).slice(0, days);
      const mean = shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length);
      const sd = Math.sqrt(shares.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, shares.length - 1));
      const open = new Set(v.plan.map((p) => p.hour));
      return {
        id: v.id,
        plan: v.plan,
        day: {
          ...(this.all[i] as Acc).figures(days),
          withinShareCi95: Math.round(((1.96 * sd) / Math.sqrt(Math.max(1, shares.length))) * 1e4) / 1e4,
        },
        hours: (this.hours[i] as Acc[])
          .map((a, hour) => ({ hour, ...a.figures(days) }))
          .filter((h) => open.has(h.hour) || h.tickets > 0),
      };
    });
  }
}
