import { quantileOf } from '@talon/engine';
import { waitWords } from '@talon/protocol';
import type { DayResult, TicketRecord } from './day.js';
import type { Scenario } from './scenario.js';

/**
 * The figures issue 7 asks for, computed from the visit summaries the engine wrote (the same numbers an
 * office report reads):
 * - within target: called within the wait norm (bookings: within `appointments.targetMin` of the slot;
 *   two-stage visits: the sum of both waits) AND served; leavers and never-called tickets are misses;
 * - waits: first call − wait start, over every called ticket (a leaver's ticket waited too);
 * - overtaken: called after a later-issued ticket of the same service had been called;
 * - overtaken by (issue 18): for each called ticket, how many later-issued tickets of any service in the
 *   hall were called before it; what a visitor watching the board sees, whatever the services;
 * - past the norm: for tickets called after their target, minutes between the target and the call.
 */
export interface Figures {
  tickets: number;
  withinTargetShare: number;
  meanWaitMin: number;
  p90WaitMin: number;
  maxWaitMin: number;
  overtakenShare: number;
  /** Later-issued tickets (any service, same hall) called before a ticket: p99 and max over called tickets. */
  overtakenByP99: number;
  overtakenByMax: number;
  overtakenByMean: number;
  /** Share of issued tickets called after their target (leavers called after it included). */
  pastNormShare: number;
  /** p90 and max of (wait at the call − target) over the tickets called after their target, minutes. */
  pastNormP90Min: number;
  pastNormMaxMin: number;
  abandonedShare: number;
}

class Acc {
  tickets = 0;
  within = 0;
  abandoned = 0;
  overtaken = 0;
  waits: number[] = [];
  overtakenBy: number[] = [];
  pastNorm: number[] = [];

  figures(): Figures {
    const w = Float64Array.from(this.waits).sort();
    const by = Float64Array.from(this.overtakenBy).sort();
    const past = Float64Array.from(this.pastNorm).sort();
    const n = Math.max(1, this.tickets);
    const sum = w.reduce((a, b) => a + b, 0);
    return {
      tickets: this.tickets,
      withinTargetShare: round(this.within / n, 4),
      meanWaitMin: round(w.length ? sum / w.length : 0, 2),
      p90WaitMin: round(w.length ? quantileOf(w, 0.9) : 0, 2),
      maxWaitMin: round(w.length ? (w[w.length - 1] ?? 0) : 0, 2),
      overtakenShare: round(this.overtaken / n, 4),
      overtakenByP99: round(by.length ? quantileOf(by, 0.99) : 0, 2),
      overtakenByMax: by.length ? (by[by.length - 1] ?? 0) : 0,
      overtakenByMean: round(by.length ? by.reduce((a, b) => a + b, 0) / by.length : 0, 3),
      pastNormShare: round(past.length / n, 4),
      pastNormP90Min: round(past.length ? quantileOf(past, 0.9) : 0, 2),
      pastNormMaxMin: round(past.length ? (past[past.length - 1] ?? 0) : 0, 2),
      abandonedShare: round(this.abandoned / n, 4),
    };
  }
}

export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface PredictionFigures {
  predictions: number;
  /** Mean |printed point − actual| over predicted tickets that were served, minutes. */
  predictMaeMin: number;
  baselineMaeMin: number;
  /** Share of those visitors who waited more than 2 min longer than the printed point. */
  underPredictOver2MinShare: number;
  baselineUnderPredictOver2MinShare: number;
  /** Waited more than 2 min past the top of the printed range. */
  underRangeOver2MinShare: number;
  /**
   * Waited more than 2 min past what the kiosk and the printed ticket say (`waitWords`): the point while the
   * range is narrow, the top of the range once it is wide, a minute for «около минуты».
   */
  underToldOver2MinShare: number;
  /** Share told a range rather than one figure or «около минуты». */
  toldRangeShare: number;
  baselineUnderRangeOver2MinShare: number;
  /** Actual wait inside the printed range. */
  rangeCoverage: number;
  baselineRangeCoverage: number;
  meanRangeWidthMin: number;
  /**
   * Share of visitors shown a range (the kiosk and the printed ticket say «скоро» instead when the top of
   * the range is 1 min or less) and the actual wait inside it among them (issue 18: the 80% range's coverage).
   */
  rangeShownShare: number;
  rangeShownCoverage: number;
  /** Told «скоро» (top of the range ≤ 1 min) and called within 2 min. */
  soonKeptShare: number;
  /** The same MAE over visitors who actually waited at least 1 minute. */
  waitedMaeMin: number;
  baselineWaitedMaeMin: number;
  meanActualWaitMin: number;
  /** Elapsed time of one estimate (includes waiting for a busy machine's CPU). */
  twinMsPerIssue: number;
  twinMsP50: number;
  twinMsP99: number;
  /** CPU time of one estimate: what it costs the server. */
  twinCpuMsP50: number;
  twinCpuMsP99: number;
}

class PredAcc {
  n = 0;
  waited = 0;
  err = 0;
  bErr = 0;
  wErr = 0;
  bwErr = 0;
  under = 0;
  bUnder = 0;
  underRange = 0;
  bUnderRange = 0;
  underTold = 0;
  toldRange = 0;
  cover = 0;
  shown = 0;
  shownCover = 0;
  soon = 0;
  soonKept = 0;
  bCover = 0;
  width = 0;
  actual = 0;
  ms: number[] = [];
  cpu: number[] = [];

  add(rec: TicketRecord) {
    const p = rec.prediction;
    if (!p) return;
    this.ms.push(p.twinMs);
    this.cpu.push(p.twinCpuMs);
    if (rec.visit?.outcome !== 'served' || rec.firstCalledAt === undefined) return;
    const actual = (rec.firstCalledAt - rec.issuedAt) / 60_000;
    const point = p.twin.pointMin ?? (p.twin.lowMin + p.twin.highMin) / 2;
    const b = p.baseline;
    const bPoint = b ? (b.pointMin ?? (b.lowMin + b.highMin) / 2) : 0;
    this.n += 1;
    this.actual += actual;
    this.err += Math.abs(point - actual);
    this.bErr += Math.abs(bPoint - actual);
    if (actual >= 1) {
      this.waited += 1;
      this.wErr += Math.abs(point - actual);
      this.bwErr += Math.abs(bPoint - actual);
    }
    if (actual > point + 2) this.under += 1;
    if (actual > bPoint + 2) this.bUnder += 1;
    if (actual > p.twin.highMin + 2) this.underRange += 1;
    if (b && actual > b.highMin + 2) this.bUnderRange += 1;
    const told = waitWords(p.twin);
    if (told.kind === 'range') this.toldRange += 1;
    if (actual > (told.kind === 'soon' ? 1 : told.kind === 'about' ? told.min : told.high) + 2) this.underTold += 1;
    const inside = actual >= p.twin.lowMin && actual <= p.twin.highMin;
    if (inside) this.cover += 1;
    if (p.twin.highMin > 1) {
      this.shown += 1;
      if (inside) this.shownCover += 1;
    } else {
      this.soon += 1;
      if (actual <= 2) this.soonKept += 1;
    }
    if (b && actual >= b.lowMin && actual <= b.highMin) this.bCover += 1;
    this.width += p.twin.highMin - p.twin.lowMin;
  }

  figures(): PredictionFigures {
    const n = Math.max(1, this.n);
    const w = Math.max(1, this.waited);
    const ms = Float64Array.from(this.ms).sort();
    const cpu = Float64Array.from(this.cpu).sort();
    return {
      predictions: this.n,
      predictMaeMin: round(this.err / n, 3),
      baselineMaeMin: round(this.bErr / n, 3),
      underPredictOver2MinShare: round(this.under / n, 4),
      baselineUnderPredictOver2MinShare: round(this.bUnder / n, 4),
      underRangeOver2MinShare: round(this.underRange / n, 4),
      baselineUnderRangeOver2MinShare: round(this.bUnderRange / n, 4),
      underToldOver2MinShare: round(this.underTold / n, 4),
      toldRangeShare: round(this.toldRange / n, 4),
      rangeCoverage: round(this.cover / n, 4),
      baselineRangeCoverage: round(this.bCover / n, 4),
      meanRangeWidthMin: round(this.width / n, 2),
      rangeShownShare: round(this.shown / n, 4),
      rangeShownCoverage: round(this.shownCover / Math.max(1, this.shown), 4),
      soonKeptShare: round(this.soonKept / Math.max(1, this.soon), 4),
      waitedMaeMin: round(this.wErr / w, 3),
      baselineWaitedMaeMin: round(this.bwErr / w, 3),
      meanActualWaitMin: round(this.actual / n, 2),
      twinMsPerIssue: round(ms.length ? ms.reduce((a, b) => a + b, 0) / ms.length : 0, 2),
      twinMsP50: round(ms.length ? quantileOf(ms, 0.5) : 0, 2),
      twinMsP99: round(ms.length ? quantileOf(ms, 0.99) : 0, 2),
      twinCpuMsP50: round(cpu.length ? quantileOf(cpu, 0.5) : 0, 2),
      twinCpuMsP99: round(cpu.length ? quantileOf(cpu, 0.99) : 0, 2),
    };
  }
}

/**
 * For each (issuedAt, calledAt) pair, how many pairs issued later were called earlier: inversions counted
 * with a Fenwick tree over issue ranks, so a 400-ticket day costs n log n, not n².
 * Ties are not overtaking: issued at the same instant is not "later", called at the same instant not "before".
 */
export function overtakenByCounts(tickets: readonly (readonly [issuedAt: number, calledAt: number])[]): number[] {
  const n = tickets.length;
  const issued = [...new Set(tickets.map(([i]) => i))].sort((a, b) => a - b);
  const rank = new Map(issued.map((x, i) => [x, i + 1]));
  const tree = new Int32Array(issued.length + 1);
  const add = (i: number) => {
    for (let k = i; k < tree.length; k += k & -k) tree[k] = (tree[k] ?? 0) + 1;
  };
  const upTo = (i: number) => {
    let sum = 0;
    for (let k = i; k > 0; k -= k & -k) sum += tree[k] ?? 0;
    return sum;
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (tickets[a]?.[1] ?? 0) - (tickets[b]?.[1] ?? 0));
  const out = new Array<number>(n).fill(0);
  let done = 0;
  // Tickets called at the same instant are counted together, after all of them are looked at.
  for (let g = 0; g < n; ) {
    let h = g;
    const at = tickets[order[g] ?? 0]?.[1];
    while (h < n && tickets[order[h] ?? 0]?.[1] === at) h++;
    for (let k = g; k < h; k++) {
      const i = order[k] ?? 0;
      out[i] = done - upTo(rank.get(tickets[i]?.[0] ?? 0) ?? 0);
    }
    for (let k = g; k < h; k++) add(rank.get(tickets[order[k] ?? 0]?.[0] ?? 0) ?? 0);
    done += h - g;
    g = h;
  }
  return out;
}

/** Accumulates days; `result()` gives the overall and per-service figures. */
export class Metrics {
  private readonly all = new Acc();
  private readonly per = new Map<string, Acc>();
  private readonly bookings = new Acc();
  private readonly priority = new Acc();
  private readonly pred = new PredAcc();
  readonly dailyShares: number[] = [];
  readonly dailyAbandoned: number[] = [];
  /** Each day's longest wait to the first call, minutes: what the office hears about that day. */
  private readonly dailyLongest: number[] = [];
  private overtimeMin = 0;
  private days = 0;
  readonly refusals: Record<string, number> = {};
  private readonly norm: Map<string, number>;
  private readonly twoStage: Set<string>;

  constructor(private readonly s: Scenario) {
    this.norm = new Map(s.services.map((x) => [x.id, x.waitNormMin]));
    this.twoStage = new Set(s.services.filter((x) => x.next).map((x) => x.id));
    for (const x of s.services) this.per.set(x.id, new Acc());
  }

  addDay(d: DayResult) {
    this.days += 1;
    let dayTickets = 0;
    let dayWithin = 0;
    let dayAbandoned = 0;
    let dayLongest = 0;
    const called: [TicketRecord, number, Acc[]][] = [];
    for (const rec of d.records.values()) {
      const target = rec.booking ? (this.s.appointments?.targetMin ?? 5) : (this.norm.get(rec.cls) ?? Infinity);
      const v = rec.visit;
      const waitSec = v
        ? this.twoStage.has(rec.cls) && v.outcome === 'served'
          ? v.waitSec
          : v.firstWaitSec
        : undefined;
      const served = v?.outcome === 'served';
      const within = served && waitSec !== undefined && waitSec <= target * 60;
      const accs = [this.all, this.per.get(rec.cls) ?? this.newAcc(rec.cls)];
      if (rec.booking) accs.push(this.bookings);
      if (rec.priority) accs.push(this.priority);
      for (const a of accs) {
        a.tickets += 1;
        if (within) a.within += 1;
        if (!served) a.abandoned += 1;
        if (rec.firstCalledAt !== undefined && waitSec !== undefined) {
          if (a === this.all) dayLongest = Math.max(dayLongest, waitSec / 60);
          a.waits.push(waitSec / 60);
          if (waitSec > target * 60) a.pastNorm.push(waitSec / 60 - target);
        }
      }
      dayTickets += 1;
      if (within) dayWithin += 1;
      if (!served) dayAbandoned += 1;
      if (rec.firstCalledAt !== undefined) called.push([rec, rec.firstCalledAt, accs]);
      this.pred.add(rec);
    }
    // Overtaken: someone issued later for the same service was called first.
    called.sort((a, b) => a[1] - b[1]);
    const latestIssued = new Map<string, number>();
    for (const [rec] of called) {
      const latest = latestIssued.get(rec.cls) ?? Number.NEGATIVE_INFINITY;
      if (latest > rec.issuedAt) {
        this.all.overtaken += 1;
        const per = this.per.get(rec.cls);
        if (per) per.overtaken += 1;
        if (rec.booking) this.bookings.overtaken += 1;
        if (rec.priority) this.priority.overtaken += 1;
      }
      if (rec.issuedAt > latest) latestIssued.set(rec.cls, rec.issuedAt);
    }
    const by = overtakenByCounts(called.map(([rec, calledAt]) => [rec.issuedAt, calledAt]));
    for (const [i, [, , accs]] of called.entries()) for (const a of accs) a.overtakenBy.push(by[i] ?? 0);
    this.dailyShares.push(dayTickets ? dayWithin / dayTickets : 1);
    this.dailyAbandoned.push(dayTickets ? dayAbandoned / dayTickets : 0);
    this.dailyLongest.push(dayLongest);
    this.overtimeMin += Math.max(0, d.lastCloseAt - d.closeAt) / 60_000;
    for (const [code, n] of Object.entries(d.refusals)) this.refusals[code] = (this.refusals[code] ?? 0) + (n ?? 0);
  }

  private newAcc(cls: string): Acc {
    const a = new Acc();
    this.per.set(cls, a);
    return a;
  }

  result() {
    const shares = this.dailyShares;
    const mean = shares.reduce((a, b) => a + b, 0) / Math.max(1, shares.length);
    const sd = Math.sqrt(shares.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, shares.length - 1));
    return {
      ...this.all.figures(),
      withinTargetShareCi95: round((1.96 * sd) / Math.sqrt(Math.max(1, shares.length)), 4),
      meanOvertimeMin: round(this.overtimeMin / Math.max(1, this.days), 2),
      /**
       * The day's longest wait, averaged over the days: unlike `maxWaitMin` (one visitor in all the days, a
       * single stall of the windows), a figure two policies can be compared on.
       */
      meanDailyLongestWaitMin: round(
        this.dailyLongest.reduce((a, b) => a + b, 0) / Math.max(1, this.dailyLongest.length),
        2,
      ),
      perService: Object.fromEntries([...this.per].map(([id, a]) => [id, a.figures()])),
      ...(this.s.appointments ? { appointments: this.bookings.figures() } : {}),
      ...(this.priority.tickets > 0 ? { priorityVisitors: this.priority.figures() } : {}),
    };
  }

  predictions(): PredictionFigures {
    return this.pred.figures();
  }
}
