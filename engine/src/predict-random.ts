/**
 * Seeded randomness for the digital twin and the office-day simulator. Both must be deterministic for a
 * seed (the engine never reads a clock or Math.random), and the simulator needs independent streams so
 * that every policy sees the same visitors (common random numbers).
 */

/** A uniform [0, 1) source. */
export type Random = () => number;

/** 32-bit mixing of a seed (splitmix32 finaliser): nearby seeds give unrelated streams. */
function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** sfc32 (Chris Doty-Humphrey's small fast counter): passes PractRand to 2^40 bytes; plenty for a simulator. */
export function seeded(seed: number): Random {
  let a = mix32(seed);
  let b = mix32(a ^ 0x6a09e667);
  let c = mix32(b ^ 0xbb67ae85);
  let d = 1;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return next;
}

/** A stable 32-bit seed from parts (FNV-1a over their text), e.g. (run seed, day, "arrivals"). */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join('\u0001')) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Standard normal by Box–Muller (one of the pair; simplicity over speed). */
export function normal(r: Random): number {
  const u = 1 - r();
  const v = r();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Lognormal with the given mean and coefficient of variation (service times: Brown et al. 2005). */
export function lognormal(r: Random, mean: number, cv: number): number {
  if (cv <= 0) return mean;
  const s2 = Math.log(1 + cv * cv);
  return Math.exp(Math.log(mean) - s2 / 2 + Math.sqrt(s2) * normal(r));
}

/**
 * A lognormal draw given that it already exceeds `elapsed` (remaining service of a visitor at the window,
 * remaining patience of one who has waited): rejection first, then a conditional-mean fallback for far tails.
 */
export function lognormalBeyond(r: Random, mean: number, cv: number, elapsed: number): number {
  if (elapsed <= 0) return lognormal(r, mean, cv);
  for (let i = 0; i < 24; i++) {
    const x = lognormal(r, mean, cv);
    if (x > elapsed) return x;
  }
  // Deep in the tail the residual life of a lognormal grows slowly; a fraction of the mean is a fair guess.
  return elapsed + mean * Math.max(0.25, cv) * -Math.log(1 - r());
}

export function exponential(r: Random, mean: number): number {
  return -mean * Math.log(1 - r());
}

/** Poisson count by inversion (rates here are at most a few hundred per window of time). */
export function poisson(r: Random, lambda: number): number {
  if (lambda <= 0) return 0;
  if (lambda > 200) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * normal(r)));
  let k = 0;
  let p = Math.exp(-lambda);
  let cdf = p;
  const u = r();
  while (u > cdf && k < 10_000) {
    k += 1;
    p *= lambda / k;
    cdf += p;
  }
  return k;
}

/** The q-quantile of an ascending array (linear interpolation, as R type 7). */
export function quantileOf(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * Math.min(1, Math.max(0, q));
  const lo = Math.floor(h);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.min(n - 1, lo + 1)] ?? a;
  return a + (h - lo) * (b - a);
}
