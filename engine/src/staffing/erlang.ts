/**
 * Erlang B, C and A for staffing an office hour by hour (queue-science.md §6). Exact formulas, not the
 * square-root approximation: offices run 1–10 windows, where Halfin–Whitt is optimistic.
 * Rates are per minute, times in minutes; `a` is the offered load in erlangs (λ × mean service).
 */

/** Erlang B (M/M/c/c blocking) by the stable recursion B₀ = 1, Bₖ = a·Bₖ₋₁ / (k + a·Bₖ₋₁). */
export function erlangB(c: number, a: number): number {
  if (a <= 0) return 0;
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Erlang C: the probability that an arrival waits in M/M/c; 1 when the load reaches the windows (unstable). */
export function erlangC(c: number, a: number): number {
  if (a <= 0) return 0;
  if (c <= 0 || a >= c) return 1;
  const b = erlangB(c, a);
  return b / (1 - (a / c) * (1 - b));
}

/** M/M/c (no abandonment): P(wait ≤ t) = 1 − C·e^{−(c − a)·t / S}. */
export function erlangCWithin(c: number, a: number, tMin: number, meanServiceMin: number): number {
  if (a <= 0) return 1;
  if (a >= c) return 0;
  return 1 - erlangC(c, a) * Math.exp((-(c - a) * tMin) / meanServiceMin);
}

/** M/M/c mean wait over all arrivals: C·S / (c − a). */
export function erlangCMeanWait(c: number, a: number, meanServiceMin: number): number {
  if (a <= 0) return 0;
  if (a >= c) return Number.POSITIVE_INFINITY;
  return (erlangC(c, a) * meanServiceMin) / (c - a);
}

export interface ErlangA {
  /** P(an arrival has to wait), by PASTA. */
  waitProbability: number;
  /** Share of arrivals who leave before service. */
  abandonProbability: number;
  /** Mean time in queue over all arrivals, leavers included (Little: E[Q] / λ). */
  meanWaitMin: number;
  /** P(served, and within t): the share within the norm when leavers count as misses. */
  servedWithin(tMin: number): number;
  /** P(the offered wait ≤ t): what an infinitely patient visitor would wait. */
  offeredWithin(tMin: number): number;
}

/**
 * Erlang A (Palm's M/M/c+M; Garnett, Mandelbaum & Reiman 2002; Mandelbaum & Zeltyn's note): exponential
 * service and patience. The number in the office is a birth–death chain (births λ, deaths min(n, c)·μ +
 * (n − c)⁺·θ), solved numerically and truncated where the tail is negligible. Wait-time probabilities follow a
 * tagged arrival through the queue (each step ahead at rate c·μ + j·θ with j visitors ahead, leaving at
 * rate θ), computed by uniformization.
 */
export function erlangA(c: number, lambdaPerMin: number, meanServiceMin: number, meanPatienceMin: number): ErlangA {
  const mu = 1 / meanServiceMin;
  const theta = Number.isFinite(meanPatienceMin) && meanPatienceMin > 0 ? 1 / meanPatienceMin : 0;
  if (lambdaPerMin <= 0 || c <= 0) {
    const none = lambdaPerMin <= 0;
    return {
      waitProbability: none ? 0 : 1,
      abandonProbability: none ? 0 : 1,
      meanWaitMin: none ? 0 : Number.POSITIVE_INFINITY,
      servedWithin: () => (none ? 1 : 0),
      offeredWithin: () => (none ? 1 : 0),
    };
  }
  if (theta === 0 && lambdaPerMin * meanServiceMin >= c) {
    // Nobody leaves and the load reaches the windows: the queue grows without bound.
    return {
      waitProbability: 1,
      abandonProbability: 0,
      meanWaitMin: Number.POSITIVE_INFINITY,
      servedWithin: () => 0,
      offeredWithin: () => 0,
    };
  }
  // Stationary distribution, scaled as it grows so that no term overflows.
  const p: number[] = [1];
  let sum = 1;
  const maxN = c + 5000;
  for (let n = 1; n <= maxN; n++) {
    const death = Math.min(n, c) * mu + Math.max(0, n - c) * theta;
    const next = ((p[n - 1] as number) * lambdaPerMin) / death;
    p.push(next);
    sum += next;
    if (sum > 1e250) {
      for (let i = 0; i < p.length; i++) p[i] = (p[i] as number) / sum;
      sum = 1;
    }
    if (n > c && next < sum * 1e-15 && lambdaPerMin < death) break;
  }
  const pi = p.map((x) => x / sum);
  const N = pi.length - 1;
  let wait = 0;
  let queue = 0;
  for (let n = c; n <= N; n++) {
    wait += pi[n] as number;
    queue += (n - c) * (pi[n] as number);
  }
  // Arrivals that find j visitors in the queue ahead (j = n − c): where the tagged visitor starts.
  const start = pi.slice(c);
  const K = start.length - 1;
  const within = (tMin: number, leaves: boolean): number => {
    const free = 1 - wait;
    if (tMin <= 0) return free;
    const lost = leaves ? theta : 0;
    const rate = c * mu + K * theta + lost;
    const lt = rate * tMin;
    let v = start.slice();
    let served = 0;
    let total = 0;
    // Poisson(λt) weights, started at the mode to avoid underflow, walked down and up.
    const mMax = Math.ceil(lt + 10 * Math.sqrt(lt) + 20);
    const weights = poissonWeights(lt, mMax);
    for (let m = 0; m <= mMax; m++) {
      total += (weights[m] as number) * served;
      const nv = new Array<number>(v.length).fill(0);
      for (let j = 0; j <= K; j++) {
        const mass = v[j] as number;
        if (mass === 0) continue;
        const forward = (c * mu + j * theta) / rate;
        const stay = 1 - forward - lost / rate;
        if (j === 0) served += mass * forward;
        else nv[j - 1] = (nv[j - 1] as number) + mass * forward;
        nv[j] = (nv[j] as number) + mass * stay;
      }
      v = nv;
    }
    return Math.min(1, free + total);
  };
  return {
    waitProbability: wait,
    abandonProbability: (theta * queue) / lambdaPerMin,
    meanWaitMin: queue / lambdaPerMin,
    servedWithin: (t) => within(t, true),
    offeredWithin: (t) => within(t, false),
  };
}

/** Poisson(λ) probabilities for 0…mMax, computed from the mode outwards (stable for large λ). */
function poissonWeights(lambda: number, mMax: number): number[] {
  const w = new Array<number>(mMax + 1).fill(0);
  if (lambda <= 0) {
    w[0] = 1;
    return w;
  }
  const mode = Math.min(mMax, Math.floor(lambda));
  w[mode] = 1;
  for (let m = mode; m > 0; m--) w[m - 1] = ((w[m] as number) * m) / lambda;
  for (let m = mode; m < mMax; m++) w[m + 1] = ((w[m] as number) * lambda) / (m + 1);
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
}
