/**
 * Exponential backoff with full jitter: the n-th retry waits a uniformly random time in
 * [0, min(cap, base · 2ⁿ)). When head office comes back after an outage, hundreds of offices retry
 * spread over the whole window instead of in synchronised waves; a retry time head office names
 * (429/503 with `retryAfterMs` or `Retry-After`) is the floor.
 */
export class Backoff {
  private attempt = 0;
  private readonly baseMs: number;
  private readonly capMs: number;
  private readonly random: () => number;

  constructor(opts: { baseMs?: number; capMs?: number; random?: () => number } = {}) {
    this.baseMs = opts.baseMs ?? 1000;
    this.capMs = opts.capMs ?? 5 * 60_000;
    this.random = opts.random ?? Math.random;
  }

  /** Failures since the last success. */
  get failures(): number {
    return this.attempt;
  }

  /** The wait before the next attempt; `minMs`: what head office asked for. */
  next(minMs = 0): number {
    const ceiling = Math.min(this.capMs, this.baseMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return Math.max(Math.floor(this.random() * ceiling), Math.min(minMs, this.capMs));
  }

  reset(): void {
    this.attempt = 0;
  }
}
