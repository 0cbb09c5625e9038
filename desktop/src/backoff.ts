/**
 * Delay before the n-th retry (n from 0): doubling from `firstMs` up to `maxMs`, with ±20 %
 * jitter so that the kiosks and boards of an office do not all knock at once after a restart.
 */
export function retryDelayMs(attempt: number, firstMs: number, maxMs: number, random: () => number = Math.random) {
  const base = Math.min(maxMs, firstMs * 2 ** Math.min(Math.max(0, attempt), 30));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(maxMs, Math.max(firstMs * 0.8, jittered)));
}
