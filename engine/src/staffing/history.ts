import type { OfficeConfig, VisitSummary, Weekday } from '@talon/protocol';
import { localClock } from '../time.js';
import { fitPatience, type PatienceFit } from './patience.js';

/**
 * What an office's own history says about demand (queue-science.md §7, baseline 2: weekday × hour averages):
 * arrivals per hour by weekday and service, service times, and patience. The staffing advisor and the wait
 * predictor both read it.
 */
export interface ServiceHistory {
  /** Mean minutes at the window and coefficient of variation; the configured norm until there are samples. */
  meanMin: number;
  cv: number;
  samples: number;
}

export interface OfficeHistory {
  fromDay: string | null;
  toDay: string | null;
  /** Reception days in the range, per weekday: the denominators of the averages. */
  daysByWeekday: Record<Weekday, number>;
  visits: number;
  /** Expected tickets per office-local hour (24 entries), by weekday and by the service first asked for. */
  arrivals: Record<Weekday, Record<string, number[]>>;
  /** The part of `arrivals` that came with a booking (checked in): the what-if replaces it by the day's bookings. */
  bookedArrivals: Record<Weekday, Record<string, number[]>>;
  /**
   * Share of bookings whose visitor came (checked in, on time or late), from the office's log over the same
   * weeks; null when fewer than `MIN_BOOKINGS` bookings ended there.
   */
  bookingShowShare: number | null;
  services: Record<string, ServiceHistory>;
  /**
   * Mean patience in minutes, the maximum-likelihood estimate for exponential patience: time waited by
   * everyone ÷ visitors who left before the call (no-shows). Null with too few leavers to say.
   */
  patienceMin: number | null;
  /**
   * Lognormal patience fitted to the waits of served tickets and of no-shows at call (`patience.ts`): what the
   * what-if plays. Null with too few leavers.
   */
  patience: PatienceFit | null;
  leaverShare: number;
  /** Share of tickets in a priority category. */
  priorityShare: number;
}

export const WEEKDAYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const MIN_SAMPLES = 20;
const MIN_LEAVERS = 5;
const MIN_BOOKINGS = 20;

/** How the period's bookings ended, from the office's event log (the visits projection only holds those who came). */
export interface BookingOutcomes {
  came: number;
  noShow: number;
}

/** Weekday of a local date (YYYY-MM-DD): the calendar, not a time zone, decides it. */
export function weekdayOf(dayKey: string): Weekday {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  return WEEKDAYS[(new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7] ?? 'mon';
}

export function addDays(dayKey: string, n: number): string {
  const [y, m, d] = dayKey.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

const empty = <T>(make: () => T) => Object.fromEntries(WEEKDAYS.map((w) => [w, make()])) as Record<Weekday, T>;

/**
 * Averages over [fromDay, toDay] (inclusive local dates), starting no earlier than the first visit so that a
 * new office is not averaged over days before it opened. Walk-ins served without a ticket never queued and
 * are left out.
 */
export function officeHistory(
  visits: readonly VisitSummary[],
  config: OfficeConfig,
  range: { fromDay: string; toDay: string },
  bookings?: BookingOutcomes,
): OfficeHistory {
  const counts = empty<Record<string, number[]>>(() => ({}));
  const booked = empty<Record<string, number[]>>(() => ({}));
  const service = new Map<string, { n: number; sum: number; sum2: number }>();
  let first: string | null = null;
  let last: string | null = null;
  let leavers = 0;
  let priority = 0;
  let exposureMin = 0;
  let n = 0;
  const servedWaits: number[] = [];
  const leftWaits: number[] = [];
  for (const v of visits) {
    if (v.walkIn || v.dayKey < range.fromDay || v.dayKey > range.toDay) continue;
    n += 1;
    if (first === null || v.dayKey < first) first = v.dayKey;
    if (last === null || v.dayKey > last) last = v.dayKey;
    const c = localClock(v.issuedAt, config.timeZone);
    const hour = Number(c.hhmm.slice(0, 2));
    const byService = counts[c.weekday];
    const row = byService[v.originServiceId] ?? new Array<number>(24).fill(0);
    byService[v.originServiceId] = row;
    row[hour] = (row[hour] ?? 0) + 1;
    if (v.appointmentId !== undefined) {
      const b = booked[c.weekday][v.originServiceId] ?? new Array<number>(24).fill(0);
      booked[c.weekday][v.originServiceId] = b;
      b[hour] = (b[hour] ?? 0) + 1;
    }
    if (v.outcome === 'served' && v.serviceSec !== undefined && v.serviceSec > 0) {
      const s = service.get(v.serviceId) ?? { n: 0, sum: 0, sum2: 0 };
      const m = v.serviceSec / 60;
      s.n += 1;
      s.sum += m;
      s.sum2 += m * m;
      service.set(v.serviceId, s);
    }
    if (v.outcome === 'no-show') leavers += 1;
    if (v.priorityCategoryId !== undefined) priority += 1;
    exposureMin += (v.firstWaitSec ?? v.waitSec ?? 0) / 60;
    if (v.firstWaitSec !== undefined && v.firstCalledAt !== undefined)
      (v.outcome === 'no-show' ? leftWaits : v.outcome === 'served' ? servedWaits : []).push(v.firstWaitSec / 60);
  }

  const daysByWeekday = empty(() => 0);
  if (first !== null && last !== null) {
    const holidays = new Set(config.holidays);
    for (let d = first; d <= last; d = addDays(d, 1)) {
      const w = weekdayOf(d);
      if (!holidays.has(d) && (config.receptionHours[w]?.length ?? 0) > 0) daysByWeekday[w] += 1;
    }
  }
  const perDay = (rows: Record<Weekday, Record<string, number[]>>) => {
    const out = empty<Record<string, number[]>>(() => ({}));
    for (const w of WEEKDAYS)
      for (const [id, row] of Object.entries(rows[w]))
        out[w][id] = row.map((x) => (daysByWeekday[w] > 0 ? x / daysByWeekday[w] : 0));
    return out;
  };
  const ended = bookings ? bookings.came + bookings.noShow : 0;

  const services: Record<string, ServiceHistory> = {};
  for (const s of config.services) {
    const h = service.get(s.id);
    if (h && h.n >= MIN_SAMPLES) {
      const mean = h.sum / h.n;
      const variance = Math.max(0, (h.sum2 - h.n * mean * mean) / (h.n - 1));
      services[s.id] = { meanMin: mean, cv: mean > 0 ? Math.sqrt(variance) / mean : 0.6, samples: h.n };
    } else services[s.id] = { meanMin: s.serviceNormMin, cv: 0.6, samples: h?.n ?? 0 };
  }
  return {
    fromDay: first,
    toDay: last,
    daysByWeekday,
    visits: n,
    arrivals: perDay(counts),
    bookedArrivals: perDay(booked),
    bookingShowShare: bookings && ended >= MIN_BOOKINGS ? bookings.came / ended : null,
    services,
    patienceMin: leavers >= MIN_LEAVERS && exposureMin > 0 ? exposureMin / leavers : null,
    patience: fitPatience(servedWaits, leftWaits, MIN_LEAVERS),
    leaverShare: n > 0 ? leavers / n : 0,
    priorityShare: n > 0 ? priority / n : 0,
  };
}
