import { BUCKET_EDGES_MIN, type TimeFigures, type VisitFigures } from '@talon/protocol';

const BUCKET_SEC = BUCKET_EDGES_MIN.map((m) => m * 60);
const BUCKET_STEP = BUCKET_SEC[1] ?? 180;
// The edges are evenly spaced (0, 3, 6 … 15 minutes): a division finds the bucket.
const EVEN = BUCKET_SEC.every((s, i) => s === i * BUCKET_STEP);

/** 0–3, 3–6, … 15+ minutes; a time exactly on an edge belongs to the bucket that starts there. */
export function bucketOf(sec: number): number {
  if (EVEN) return sec <= 0 ? 0 : Math.min(BUCKET_SEC.length - 1, Math.floor(sec / BUCKET_STEP));
  let i = 0;
  while (i + 1 < BUCKET_SEC.length && sec >= (BUCKET_SEC[i + 1] ?? Number.POSITIVE_INFINITY)) i++;
  return i;
}

/** Nearest rank: the smallest value that at least `q` of the values do not exceed. */
export function percentile(sorted: ArrayLike<number>, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Times are whole seconds (the engine rounds them); below this they are counted in a histogram. */
const HIST_CAP = 4 * 3600;

/**
 * Nearest-rank percentile of a histogram of whole seconds plus the values it could not hold
 * (longer than HIST_CAP, or not whole), without sorting every value.
 */
function histPercentile(hist: Uint32Array, overflow: number[], n: number, q: number): number | null {
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  const extra = overflow.sort((a, b) => a - b);
  let seen = 0;
  let j = 0;
  for (let i = 0; i < hist.length; i++) {
    while (j < extra.length && (extra[j] ?? 0) < i) {
      if (++seen === rank) return extra[j] ?? null;
      j++;
    }
    seen += hist[i] ?? 0;
    if (seen >= rank) return i;
  }
  for (; j < extra.length; j++) if (++seen === rank) return extra[j] ?? null;
  return null;
}

/**
 * One time measure (wait, service or total) of a set of visits. Norms are per visit, because a
 * group mixes services and the configuration may change within the period.
 */
export class TimeAcc {
  private readonly hist: Uint32Array | null;
  private readonly overflow: number[] = [];
  private n = 0;
  private sum = 0;
  private max = 0;
  private judged = 0;
  private within = 0;
  private normSum = 0;
  /** undefined: no norm seen yet; null: norms differ. */
  private norm: number | null | undefined = undefined;
  private readonly buckets = [0, 0, 0, 0, 0, 0];

  /** `keepValues` false skips the percentile (the per-day rows need only means and shares). */
  constructor(keepValues = true) {
    this.hist = keepValues ? new Uint32Array(HIST_CAP) : null;
  }

  add(sec: number, normSec: number | null): void {
    this.n++;
    this.sum += sec;
    if (sec > this.max) this.max = sec;
    if (this.hist) {
      if (sec >= 0 && sec < HIST_CAP && Number.isInteger(sec)) this.hist[sec] = (this.hist[sec] ?? 0) + 1;
      else this.overflow.push(sec);
    }
    const b = bucketOf(sec);
    this.buckets[b] = (this.buckets[b] ?? 0) + 1;
    if (normSec === null) return;
    this.judged++;
    if (sec <= normSec) this.within++;
    this.normSum += normSec;
    if (this.norm === undefined) this.norm = normSec;
    else if (this.norm !== normSec) this.norm = null;
  }

  get count(): number {
    return this.n;
  }

  get share(): number | null {
    return this.judged === 0 ? null : this.within / this.judged;
  }

  get meanSec(): number | null {
    return this.n === 0 ? null : this.sum / this.n;
  }

  finish(): TimeFigures {
    return {
      n: this.n,
      meanSec: this.meanSec,
      p90Sec: this.hist ? histPercentile(this.hist, this.overflow, this.n, 0.9) : null,
      maxSec: this.n === 0 ? null : this.max,
      judged: this.judged,
      withinNorm: this.within,
      share: this.share,
      normMin: this.norm === undefined || this.norm === null ? null : this.norm / 60,
      meanNormMin: this.judged === 0 ? null : this.normSum / this.judged / 60,
      buckets: [...this.buckets],
    };
  }
}

/** What one closed visit contributes, with the norms that were in force when it was issued. */
export interface VisitFacts {
  outcome: 'served' | 'no-show' | 'cancelled';
  walkIn: boolean;
  transfers: number;
  postponements: number;
  recalls: number;
  priority: boolean;
  appointment: boolean;
  digitalOnboarding: boolean;
  extraSale: boolean;
  /** Absent when the visitor was never called (walk-in, cancelled while waiting). */
  firstWaitSec: number | null;
  serviceSec: number | null;
  totalSec: number;
  waitNormSec: number | null;
  serviceNormSec: number | null;
  totalNormSec: number | null;
}

export interface NormVerdicts {
  wait: boolean | null;
  service: boolean | null;
  total: boolean | null;
}

/** Each norm that applies to this visit: met (true), missed (false) or not applicable (null). */
export function verdicts(v: VisitFacts): NormVerdicts {
  const served = v.outcome === 'served';
  return {
    wait: v.firstWaitSec !== null && v.waitNormSec !== null ? v.firstWaitSec <= v.waitNormSec : null,
    service: served && v.serviceSec !== null && v.serviceNormSec !== null ? v.serviceSec <= v.serviceNormSec : null,
    total: served && v.totalNormSec !== null ? v.totalSec <= v.totalNormSec : null,
  };
}

export class VisitAcc {
  visits = 0;
  served = 0;
  noShows = 0;
  cancelled = 0;
  walkIns = 0;
  transferred = 0;
  transfers = 0;
  postponed = 0;
  postponements = 0;
  recalls = 0;
  priority = 0;
  appointments = 0;
  digitalOnboarding = 0;
  extraSale = 0;
  allJudged = 0;
  allWithin = 0;
  readonly wait: TimeAcc;
  readonly service: TimeAcc;
  readonly total: TimeAcc;

  constructor(keepValues = true) {
    this.wait = new TimeAcc(keepValues);
    this.service = new TimeAcc(keepValues);
    this.total = new TimeAcc(keepValues);
  }

  add(v: VisitFacts): void {
    this.visits++;
    if (v.outcome === 'served') this.served++;
    else if (v.outcome === 'no-show') this.noShows++;
    else this.cancelled++;
    if (v.walkIn) this.walkIns++;
    if (v.transfers > 0) this.transferred++;
    this.transfers += v.transfers;
    if (v.postponements > 0) this.postponed++;
    this.postponements += v.postponements;
    this.recalls += v.recalls;
    if (v.priority) this.priority++;
    if (v.appointment) this.appointments++;
    if (v.digitalOnboarding) this.digitalOnboarding++;
    if (v.extraSale) this.extraSale++;
    // Wait counts every visitor who was called, including no-shows: they did wait that long.
    if (v.firstWaitSec !== null) this.wait.add(v.firstWaitSec, v.waitNormSec);
    if (v.outcome !== 'served') return;
    if (v.serviceSec !== null) this.service.add(v.serviceSec, v.serviceNormSec);
    this.total.add(v.totalSec, v.totalNormSec);
    const n = verdicts(v);
    if (n.wait === null && n.service === null && n.total === null) return;
    this.allJudged++;
    if (n.wait !== false && n.service !== false && n.total !== false) this.allWithin++;
  }

  get allShare(): number | null {
    return this.allJudged === 0 ? null : this.allWithin / this.allJudged;
  }

  finish(): VisitFigures {
    return {
      visits: this.visits,
      served: this.served,
      noShows: this.noShows,
      cancelled: this.cancelled,
      walkIns: this.walkIns,
      transferred: this.transferred,
      transfers: this.transfers,
      postponed: this.postponed,
      postponements: this.postponements,
      recalls: this.recalls,
      priority: this.priority,
      appointments: this.appointments,
      digitalOnboarding: this.digitalOnboarding,
      extraSale: this.extraSale,
      wait: this.wait.finish(),
      service: this.service.finish(),
      total: this.total.finish(),
      allNorms: { judged: this.allJudged, within: this.allWithin, share: this.allShare },
    };
  }
}
