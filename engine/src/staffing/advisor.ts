import { type ErlangA, erlangA, erlangCMeanWait, erlangCWithin } from './erlang.js';

/**
 * How many windows an hour needs (queue-science.md §6): stationary hour by hour (SIPP; Green, Kolesar &
 * Whitt 2007: fine for services of minutes against 60-minute periods). The pooled view treats every open
 * window as able to serve every service; the dedicated view gives each service its own windows, which is what
 * skill splits cost.
 */
export interface ServiceDemand {
  /** Expected tickets in the hour. */
  perHour: number;
  meanServiceMin: number;
  waitNormMin: number;
}

export interface StaffingTarget {
  /** Share of visitors to be called within their wait norm, leavers counting as misses (0.8). */
  share: number;
  /** Erlang A only: the highest acceptable share of visitors who leave (0.03). */
  maxAbandonShare: number;
  /** Mean patience in minutes; absent = Erlang C (nobody leaves). */
  patienceMin?: number;
  /** Reception is open: at least one window (seed 000 §7.4.3, never unattended). */
  open: boolean;
  maxWindows?: number;
}

export interface HourAdvice {
  /** Erlangs: λ × mean service. */
  offeredLoad: number;
  /** Pooled windows needed (Erlang A with patience, Erlang C without). */
  recommended: number;
  /** Erlang C alone, for comparison (null when no count reaches the target). */
  recommendedErlangC: number | null;
  /** Windows needed if each service had its own (Erlang A/C per service). */
  dedicated: number;
  /** Expected share within the norm and share leaving at the recommended count. */
  expectedShare: number;
  expectedAbandonShare: number;
  /** Expected mean wait at the recommended count. */
  expectedMeanWaitMin: number;
  /** The target cannot be met even at `maxWindows`. */
  unreachable: boolean;
}

interface Eval {
  share: number;
  abandon: number;
  meanWait: number;
}

/** The pooled office at c windows: one M/M/c(+M) queue with the traffic-weighted mean service. */
function pooled(c: number, demand: ServiceDemand[], patienceMin: number | undefined): Eval {
  const lambda = demand.reduce((a, d) => a + d.perHour, 0) / 60;
  if (lambda <= 0) return { share: 1, abandon: 0, meanWait: 0 };
  const meanS = demand.reduce((a, d) => a + d.perHour * d.meanServiceMin, 0) / 60 / lambda;
  const weight = (d: ServiceDemand) => d.perHour / 60 / lambda;
  if (patienceMin !== undefined) {
    const q: ErlangA = erlangA(c, lambda, meanS, patienceMin);
    return {
      share: demand.reduce((a, d) => a + weight(d) * q.servedWithin(d.waitNormMin), 0),
      abandon: q.abandonProbability,
      meanWait: q.meanWaitMin,
    };
  }
  const a = lambda * meanS;
  if (a >= c) return { share: 0, abandon: 0, meanWait: Number.POSITIVE_INFINITY };
  const share = demand.reduce((acc, d) => acc + weight(d) * erlangCWithin(c, a, d.waitNormMin, meanS), 0);
  return { share, abandon: 0, meanWait: erlangCMeanWait(c, a, meanS) };
}

function meets(e: Eval, t: StaffingTarget, withAbandon: boolean): boolean {
  return e.share >= t.share && (!withAbandon || e.abandon <= t.maxAbandonShare);
}

function smallest(
  from: number,
  max: number,
  evaluate: (c: number) => Eval,
  ok: (e: Eval) => boolean,
): { c: number; e: Eval } | null {
  for (let c = Math.max(0, from); c <= max; c++) {
    const e = evaluate(c);
    if (ok(e)) return { c, e };
  }
  return null;
}

export function adviseHour(demand: ServiceDemand[], t: StaffingTarget): HourAdvice {
  const max = t.maxWindows ?? 40;
  const active = demand.filter((d) => d.perHour > 0);
  const load = active.reduce((a, d) => a + (d.perHour * d.meanServiceMin) / 60, 0);
  const floor = t.open ? 1 : 0;
  if (active.length === 0)
    return {
      offeredLoad: 0,
      recommended: floor,
      recommendedErlangC: floor,
      dedicated: floor,
      expectedShare: 1,
      expectedAbandonShare: 0,
      expectedMeanWaitMin: 0,
      unreachable: false,
    };
  const withAbandon = t.patienceMin !== undefined;
  const start = Math.max(floor, 1);
  const best = smallest(
    start,
    max,
    (c) => pooled(c, active, t.patienceMin),
    (e) => meets(e, t, withAbandon),
  );
  const erlangCOnly = smallest(
    Math.max(start, Math.floor(load) + 1),
    max,
    (c) => pooled(c, active, undefined),
    (e) => e.share >= t.share,
  );
  let dedicated = 0;
  for (const d of active) {
    const one = smallest(
      1,
      max,
      (c) => pooled(c, [d], t.patienceMin),
      (e) => meets(e, t, withAbandon),
    );
    dedicated += one ? one.c : max;
  }
  const chosen = best ?? { c: max, e: pooled(max, active, t.patienceMin) };
  return {
    offeredLoad: load,
    recommended: chosen.c,
    recommendedErlangC: erlangCOnly ? erlangCOnly.c : null,
    dedicated: Math.max(floor, dedicated),
    expectedShare: chosen.e.share,
    expectedAbandonShare: chosen.e.abandon,
    expectedMeanWaitMin: chosen.e.meanWait,
    unreachable: best === null,
  };
}
