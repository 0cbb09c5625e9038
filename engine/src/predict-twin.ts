import type { EngineState, Ticket } from '@talon/protocol';
import type { DispatchPolicy } from './dispatch.js';
import type { WaitEstimate } from './predict.js';
import {
  type HabitPools,
  habitBreakMin,
  habitPools,
  pickHabits,
  scheduleBreaks,
  scheduleHabits,
} from './predict-habits.js';
import { lognormal, lognormalBeyond, quantileOf, type Random, seeded, seedOf } from './predict-random.js';
import { OfficeRunner, type RunnerVisitor } from './predict-runner.js';
import type { OperatorDay } from './staffing/presence.js';
import { dayKeyOf, localMinuteOfDay } from './time.js';

/**
 * Wait prediction by a digital twin (queue-science.md §5.1 P6): copy the live state, replay the rest of
 * the day many times through the real engine with the office's own dispatch policy, sampled service times,
 * patience and future arrivals, and read the distribution of when this ticket gets called.
 * Future arrivals matter because a later ticket with a tighter norm or a priority category may be called first.
 */

export interface TwinServiceModel {
  /** Mean minutes at the window and the coefficient of variation (lognormal). */
  meanMin: number;
  cv: number;
  /** A second stage after this one (consultation, then cash). */
  next?: { serviceId: string; meanMin: number; cv: number };
}

/** What the twin knows about the office beyond its live state: from its history, or a simulator's scenario. */
export interface TwinModel {
  services: Record<string, TwinServiceModel>;
  /** Expected tickets per hour by service, indexed by the office-local hour (0–23). */
  arrivalsPerHour: Record<string, readonly number[]>;
  /** Share of arrivals in a priority category (the first configured category is used). */
  priorityShare?: number;
  /** Visitors' patience (lognormal); absent = nobody leaves. */
  patience?: { meanMin: number; cv: number };
  walkMin?: number;
  callCostMin?: number;
  /** How long an operator on break stays away, counted from the break's start. */
  breakMin?: number;
  wrapUpMin?: number;
  /** Share of booked visitors who come (the rest are no-shows); bookings in the state are replayed. */
  bookingShowShare?: number;
  /**
   * Rescale the rest of the day's arrivals by today's tickets so far ÷ the profile's expectation so far
   * (queue-science.md §7, intraday update), within ×0.5…×2, once 5 tickets were expected.
   */
  intradayUpdate?: boolean;
  /**
   * Without the rota: breaks an operator at work starts per office-local hour (0–23), as the office's history
   * shows them (e.g. 0.25 when a quarter of the operators start their break in that hour), each `breakMin`
   * long. A replay draws at most one break per operator. Ignored when `plan` is given.
   */
  breakStartsPerHour?: readonly number[];
  /**
   * Each operator's recent days from the office's log (`operatorDaysFrom`): a replay follows one of them for
   * the rest of today — the breaks not yet taken, an early end of the shift, a later login (`scheduleHabits`).
   * Operators without days take `breakStartsPerHour`. Ignored when `plan` is given.
   */
  operatorDays?: Record<string, readonly OperatorDay[]>;
  /** Breaks each operator has started today (their habit day's first ones are taken). */
  breaksTakenToday?: Record<string, number>;
  /** The rota when known: planned breaks and shift ends (epoch ms). */
  plan?: { operatorId: string; breaks?: readonly [number, number][]; leaveAt?: number; final?: boolean }[];
}

export interface TwinOptions {
  /** Replays per estimate (M): 40 keeps an issue in a few milliseconds. */
  runs?: number;
  /** Replays stop this far ahead; a ticket not called by then counts as waiting this long. */
  horizonMin?: number;
  /** The printed range and point (slightly pessimistic: Webb, Yu & Bretthauer). */
  lowQuantile?: number;
  highQuantile?: number;
  pointQuantile?: number;
  /**
   * The point's quantile when the replays are wide: it rises from `pointQuantile` to this one as the
   * 12th–88th range widens from `wideFromMin` to `wideToMin` minutes (never below `pointQuantile`).
   */
  widePointQuantile?: number;
  wideFromMin?: number;
  wideToMin?: number;
  policies?: Record<string, DispatchPolicy>;
  seed?: number;
  /**
   * Engine commands all replays together may run (a long queue makes each replay longer): replays stop
   * once it is spent, after at least 8. Keeps the cost of an issue bounded without reading a clock.
   */
  maxCommands?: number;
}

export interface TwinEstimate extends WaitEstimate {
  /** Sorted minutes until the call, one per replay. */
  samples: number[];
}

/**
 * The printed range is the 80% range as measured (docs/dispatch.md §6.6): the replays are calibrated — where
 * the actual wait falls among them is near uniform — and the range is printed in whole minutes rounded
 * outwards, which adds about a minute; so the replays' 12th–88th percentile, rounded outwards, covers about
 * 80% of the visitors shown a range. The point is the 65th percentile: slightly pessimistic. A higher point
 * where the range is wide (`widePointQuantile`) trades accuracy for fewer visitors waiting past the figure
 * one for one, like a higher fixed percentile (§6.6), so it is off. In a long queue all 40 replays finish
 * within the command budget, and 100 replays did not move the figures.
 */
export const TWIN_DEFAULTS = {
  runs: 40,
  horizonMin: 240,
  lowQuantile: 0.12,
  highQuantile: 0.88,
  pointQuantile: 0.65,
  widePointQuantile: 0.65,
  wideFromMin: 3,
  wideToMin: 6,
  maxCommands: 5_000,
};

/** The point's quantile for replays whose 12th–88th range is `widthMin` wide. */
export function pointQuantileFor(
  widthMin: number,
  o: Pick<typeof TWIN_DEFAULTS, 'pointQuantile' | 'widePointQuantile' | 'wideFromMin' | 'wideToMin'>,
): number {
  const wide = Math.max(o.pointQuantile, o.widePointQuantile);
  const span = o.wideToMin - o.wideFromMin;
  const k = span > 0 ? (widthMin - o.wideFromMin) / span : widthMin >= o.wideToMin ? 1 : 0;
  return o.pointQuantile + (wide - o.pointQuantile) * Math.min(1, Math.max(0, k));
}

const MIN = 60_000;

/** A copy the replay may change: collections the fold mutates are copied, the configuration is shared. */
export function cloneForTwin(s: EngineState): EngineState {
  const tickets: Record<string, Ticket> = {};
  for (const [id, t] of Object.entries(s.tickets)) tickets[id] = { ...t };
  const operators: EngineState['operators'] = {};
  for (const [id, op] of Object.entries(s.operators)) operators[id] = { ...op };
  const appointments: EngineState['appointments'] = {};
  for (const [id, a] of Object.entries(s.appointments)) appointments[id] = { ...a };
  return {
    ...s,
    tickets,
    operators,
    appointments,
    counters: { ...s.counters },
    issuedToday: { ...s.issuedToday },
    priorityStreak: { ...s.priorityStreak },
    recentCalls: s.recentCalls.slice(),
    // Ratings are irrelevant to a replay; starting empty keeps the copy cheap.
    recentVisits: {},
  };
}

function serviceSample(r: Random, model: TwinModel, serviceId: string, fallbackMin: number): number {
  const m = model.services[serviceId];
  return m ? lognormal(r, m.meanMin, m.cv) : fallbackMin;
}

function visitorFor(r: Random, model: TwinModel, t: Ticket, target: boolean, fallbackMin: number): RunnerVisitor {
  const m = model.services[t.serviceId];
  const v: RunnerVisitor = {
    serviceMin: serviceSample(r, model, t.serviceId, fallbackMin),
    leaveAt: Number.POSITIVE_INFINITY,
  };
  if (!target && model.patience && t.transfers === 0) {
    // Patience from the ticket's start, not given the wait so far: a visitor who gives up leaves silently and
    // is found out only when called, so one who has waited long may already be gone (the leave time is then
    // in the past and the replay's call is a no-show, as in the hall). Drawing the remaining patience given
    // the wait counted every long waiter as present and overstated long queues (docs/dispatch.md §6.6).
    v.leaveAt = t.waitFrom + lognormal(r, model.patience.meanMin, model.patience.cv) * MIN;
  }
  if (m?.next && t.transfers === 0)
    v.next = { serviceId: m.next.serviceId, serviceMin: lognormal(r, m.next.meanMin, m.next.cv) };
  return v;
}

/** One replay: minutes from `now` until `ticketId` is called (the horizon if it is not). */
function replay(
  state: EngineState,
  ticketId: string,
  now: number,
  model: TwinModel,
  r: Random,
  horizonMs: number,
  policies: Record<string, DispatchPolicy> | undefined,
  pools: HabitPools,
): { minutes: number; commands: number } {
  const config = state.config;
  if (!config) return { minutes: 0, commands: 0 };
  let calledAt = Number.NaN;
  const runner = new OfficeRunner(cloneForTwin(state), {
    now,
    ...(policies ? { policies } : {}),
    walkMin: model.walkMin ?? 0.25,
    callCostMin: model.callCostMin ?? 0.5,
    onEvents(events, run) {
      for (const e of events)
        if (e.type === 'TicketCalled' && e.ticketId === ticketId) {
          calledAt = e.at;
          run.stop();
        }
    },
  });
  const fallbackMin = (id: string) => config.services.find((s) => s.id === id)?.serviceNormMin ?? 10;

  for (const t of Object.values(runner.state.tickets))
    runner.visitors.set(t.id, visitorFor(r, model, t, t.id === ticketId, fallbackMin(t.serviceId)));

  const habits = pickHabits(pools, r);
  for (const op of Object.values(runner.state.operators)) {
    if (op.status === 'logged-out') continue;
    const t = op.ticketId !== null ? runner.state.tickets[op.ticketId] : undefined;
    if (t && t.status === 'serving') {
      const m = model.services[t.serviceId];
      const elapsed = Math.max(0, now - (t.startedAt ?? now)) / MIN;
      const total = m ? lognormalBeyond(r, m.meanMin, m.cv, elapsed) : Math.max(elapsed + 1, fallbackMin(t.serviceId));
      runner.resumeServing(op.operatorId, t.id, (t.startedAt ?? now) + total * MIN);
    } else if (t && t.status === 'called') {
      runner.resumeCalled(op.operatorId, t.id, (t.lastCalledAt ?? now) + (model.walkMin ?? 0.25) * MIN);
    } else if (op.status === 'break') {
      const day = habits.get(op.operatorId);
      const len = (day && habitBreakMin(day, model.breaksTakenToday?.[op.operatorId] ?? 1)) ?? model.breakMin ?? 30;
      runner.resumeAt(op.operatorId, Math.max(now + MIN, op.since + len * MIN));
    } else if (op.status === 'wrap-up') {
      runner.resumeAt(op.operatorId, op.since + (model.wrapUpMin ?? 1) * MIN);
    } else {
      runner.at(now, () => runner.tryCall(op.operatorId));
    }
  }

  for (const p of model.plan ?? []) {
    // A planned break under way is the one the operator is on (resumed above), not a second one.
    const onBreak = runner.state.operators[p.operatorId]?.status === 'break';
    for (const [from, to] of p.breaks ?? [])
      if (to > now && !(onBreak && from <= now))
        runner.at(Math.max(now, from), () => runner.planBreak(p.operatorId, (to - from) / MIN, to));
    if (p.leaveAt !== undefined && p.leaveAt > now)
      runner.at(p.leaveAt, () => runner.endShift(p.operatorId, p.final ?? true));
  }

  scheduleHabits(runner, habits, pools, model, state, now);
  if (!model.plan && model.breakStartsPerHour)
    scheduleBreaks(runner, model, config.timeZone, now, now + horizonMs, r, habits);
  scheduleArrivals(runner, model, state, now, now + horizonMs, r, fallbackMin);
  scheduleBookings(runner, model, state, now, now + horizonMs, r, fallbackMin);
  runner.run(now + horizonMs);
  return { minutes: Number.isNaN(calledAt) ? horizonMs / MIN : (calledAt - now) / MIN, commands: runner.commands };
}

/**
 * Future walk-ins, one chain per service: each arrival schedules the next, so a replay that ends after a few
 * minutes draws only a few minutes of arrivals. The rate is piecewise constant by local hour (as history
 * gives it); the next arrival is exact: unit-exponential "rate time" spent hour by hour.
 */
function scheduleArrivals(
  runner: OfficeRunner,
  model: TwinModel,
  state: EngineState,
  from: number,
  to: number,
  r: Random,
  fallbackMin: (id: string) => number,
) {
  const config = state.config;
  if (!config) return;
  const minute0 = localMinuteOfDay(from, config.timeZone);
  const category = config.priorityCategories[0]?.id;
  const share = category ? (model.priorityShare ?? 0) : 0;
  const nextAfter = (perHour: readonly number[], t0: number): number => {
    let need = -Math.log(1 - r());
    let t = t0;
    while (t < to) {
      const hour = Math.floor((minute0 + (t - from) / MIN) / 60);
      if (hour >= 24) return Number.POSITIVE_INFINITY;
      const end = Math.min(to, from + ((hour + 1) * 60 - minute0) * MIN);
      const rate = (perHour[hour] ?? 0) / 3_600_000;
      if (rate > 0 && need <= rate * (end - t)) return t + need / rate;
      need -= rate * (end - t);
      t = end;
    }
    return Number.POSITIVE_INFINITY;
  };
  for (const [serviceId, perHour] of Object.entries(model.arrivalsPerHour)) {
    const arrive = (at: number) => {
      const visitor = visitorFor(
        r,
        model,
        { serviceId, waitFrom: at, transfers: 0 } as Ticket,
        false,
        fallbackMin(serviceId),
      );
      const prio = share > 0 && r() < share;
      runner.issue(
        prio ? { type: 'issueTicket', serviceId, priorityCategoryId: category } : { type: 'issueTicket', serviceId },
        visitor,
      );
      const next = nextAfter(perHour, at);
      if (next < to) runner.at(next, () => arrive(next));
    };
    const first = nextAfter(perHour, from);
    if (first < to) runner.at(first, () => arrive(first));
  }
}

/** Booked visitors not yet checked in come at about their slot (the engine forfeits the ones who do not). */
function scheduleBookings(
  runner: OfficeRunner,
  model: TwinModel,
  state: EngineState,
  from: number,
  to: number,
  r: Random,
  fallbackMin: (id: string) => number,
) {
  const lateMs = (state.config?.rules.appointmentLateMin ?? 5) * MIN;
  for (const a of Object.values(state.appointments)) {
    if (a.status !== 'booked' || a.slotAt + lateMs < from || a.slotAt > to) continue;
    if (r() >= (model.bookingShowShare ?? 0.9)) continue;
    const at = Math.max(from, a.slotAt - 3 * MIN);
    const visitor = visitorFor(
      r,
      model,
      { serviceId: a.serviceId, waitFrom: Math.max(at, a.slotAt), transfers: 0 } as Ticket,
      false,
      fallbackMin(a.serviceId),
    );
    runner.at(at, () => runner.checkIn(a.code, visitor, { type: 'issueTicket', serviceId: a.serviceId }));
  }
}

/** The model with the rest of today's arrivals rescaled by how busy today has been so far. */
export function withIntradayUpdate(state: EngineState, model: TwinModel, now: number): TwinModel {
  const config = state.config;
  if (!config) return model;
  const minute = localMinuteOfDay(now, config.timeZone);
  const today = dayKeyOf(now, config.timeZone);
  let expected = 0;
  let actual = 0;
  for (const [serviceId, perHour] of Object.entries(model.arrivalsPerHour)) {
    for (let h = 0; h < 24 && h * 60 < minute; h++)
      expected += ((perHour[h] ?? 0) * Math.min(60, minute - h * 60)) / 60;
    const issued = state.issuedToday[serviceId];
    if (issued?.dayKey === today) actual += issued.count;
  }
  if (expected < 5) return model;
  const factor = Math.min(2, Math.max(0.5, actual / expected));
  const arrivalsPerHour: Record<string, number[]> = {};
  for (const [id, perHour] of Object.entries(model.arrivalsPerHour))
    arrivalsPerHour[id] = perHour.map((x) => x * factor);
  return { ...model, arrivalsPerHour };
}

/** Minutes until the ticket is called, as a range (low–high quantiles) and a printed point. */
export function twinEstimate(
  state: EngineState,
  ticketId: string,
  now: number,
  model: TwinModel,
  options: TwinOptions = {},
): TwinEstimate | null {
  const o = { ...TWIN_DEFAULTS, ...options };
  const t = state.tickets[ticketId];
  if (!state.config || !t) return null;
  if (t.status !== 'waiting' && t.status !== 'postponed')
    return { lowMin: 0, highMin: 0, pointMin: 0, method: 'twin', samples: [] };
  // Seeded by the ticket and the state, not the clock: the kiosk's answer and the printed ticket, computed
  // milliseconds apart on the same state, agree.
  const r = seeded(o.seed ?? seedOf(ticketId, state.seq));
  const m = model.intradayUpdate ? withIntradayUpdate(state, model, now) : model;
  const pools = habitPools(
    m.plan ? { ...m, operatorDays: undefined } : m,
    state.config,
    dayKeyOf(now, state.config.timeZone),
  );
  const samples: number[] = [];
  let spent = 0;
  for (let i = 0; i < o.runs; i++) {
    const one = replay(state, ticketId, now, m, r, o.horizonMin * MIN, o.policies, pools);
    samples.push(one.minutes);
    spent += one.commands;
    if (spent > o.maxCommands && i + 1 >= 8) break;
  }
  samples.sort((a, b) => a - b);
  const lowQ = quantileOf(samples, o.lowQuantile);
  const highQ = quantileOf(samples, o.highQuantile);
  const point = Math.round(quantileOf(samples, pointQuantileFor(highQ - lowQ, o)));
  const low = Math.floor(lowQ);
  const high = Math.max(point, Math.ceil(highQ));
  return { lowMin: Math.min(low, point), highMin: high, pointMin: point, method: 'twin', samples };
}
