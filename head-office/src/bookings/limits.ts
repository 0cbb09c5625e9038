/**
 * A per-address limit on the public booking writes (book, cancel, move): a burst, then one more every
 * `everyMs`. Kept in this process: an address spread over several processes gets a few times the burst,
 * which still stops a script from booking out an office; the database's own rules (capacity, per-phone
 * limit) hold regardless.
 */
export interface BookingRate {
  burst: number;
  everyMs: number;
  /** Count this machine's own addresses too (off: the demo, tools and tests on 127.0.0.1). */
  limitLoopback?: boolean;
}

export const DEFAULT_BOOKING_RATE: BookingRate = { burst: 20, everyMs: 3000 };

const THIS_MACHINE = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const SWEEP_AT = 10_000;

export class AddressLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly rate: BookingRate,
    private readonly now: () => number,
  ) {}

  /** null: go ahead; otherwise how long to wait, ms. */
  take(address: string): number | null {
    if (!this.rate.limitLoopback && THIS_MACHINE.has(address)) return null;
    const now = this.now();
    const b = this.buckets.get(address) ?? { tokens: this.rate.burst, at: now };
    b.tokens = Math.min(this.rate.burst, b.tokens + Math.max(0, now - b.at) / this.rate.everyMs);
    b.at = now;
    this.buckets.set(address, b);
    if (this.buckets.size > SWEEP_AT) this.sweep(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.ceil((1 - b.tokens) * this.rate.everyMs);
  }

  private sweep(now: number): void {
    const full = this.rate.burst * this.rate.everyMs;
    for (const [k, b] of this.buckets) if (now - b.at >= full) this.buckets.delete(k);
  }
}
