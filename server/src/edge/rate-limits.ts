import { type TalonError, talonError } from '@talon/protocol';
import { isLoopback } from './loopback.js';

/**
 * Rate limits of the office server (issue 17): token buckets per identity (tickets, commands, heartbeats)
 * and per client address (pairing and setup codes, login, every other request). One limiter serves HTTP
 * and sockets, on the server's clock, so a test moves it with the virtual clock.
 */
export const LIMIT_NAMES = ['tickets', 'commands', 'heartbeats', 'pairing', 'login', 'requests'] as const;
export type LimitName = (typeof LIMIT_NAMES)[number];

/** A burst of `burst`, then one more every `everyMs`. */
export interface Rate {
  burst: number;
  everyMs: number;
}

/** `null`: that limit is off. */
export type RateLimitSettings = Record<LimitName, Rate | null>;

/**
 * The defaults, against the attacks issue 17 measured (1,000 tickets in 2.6 s from one kiosk token,
 * 2,000 heartbeats a second) and well above what a real screen sends: a kiosk issues a few tickets a
 * minute, a console sends a command every few seconds, a screen beats every 10 s and a printing agent
 * every 5 s plus once per print.
 */
export const DEFAULT_RATE_LIMITS: RateLimitSettings = {
  // per identity: issueTicket and checkIn
  tickets: { burst: 10, everyMs: 2000 },
  // per identity: every other command
  commands: { burst: 60, everyMs: 100 },
  // per device: heartbeats over the socket; a refused one writes nothing
  heartbeats: { burst: 10, everyMs: 2000 },
  // per address: pairing codes and the first-run setup link
  pairing: { burst: 10, everyMs: 10_000 },
  // per address: sign-in (the per-login lockout is the auth service's)
  login: { burst: 20, everyMs: 3000 },
  // per address: every other HTTP request and socket message
  requests: { burst: 600, everyMs: 10 },
};

export interface RateLimitOptions {
  /** Changes to the defaults, per limit; `null` turns one off. */
  limits?: Partial<RateLimitSettings>;
  /**
   * Apply the per-address limits to this machine too (127.0.0.1, ::1). Off by default: only the server's
   * own machine is there (the demo, tools, tests); the per-identity limits apply to it all the same.
   */
  limitLoopback?: boolean;
}

export type Taken = { ok: true } | { ok: false; retryAfterSec: number };

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets idle long enough to be full are forgotten once there are this many. */
const SWEEP_AT = 10_000;

class Buckets {
  private readonly map = new Map<string, Bucket>();
  private sweepAt = SWEEP_AT;

  constructor(
    private readonly rate: Rate,
    private readonly now: () => number,
  ) {}

  take(key: string): Taken {
    const now = this.now();
    const b = this.map.get(key) ?? { tokens: this.rate.burst, at: now };
    // a clock set back refills nothing and restarts the count from now
    b.tokens = Math.min(this.rate.burst, b.tokens + Math.max(0, now - b.at) / this.rate.everyMs);
    b.at = now;
    this.map.set(key, b);
    if (this.map.size > this.sweepAt) this.sweep(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSec: Math.max(1, Math.ceil(((1 - b.tokens) * this.rate.everyMs) / 1000)) };
  }

  private sweep(now: number) {
    for (const [k, b] of this.map)
      if (b.tokens + (now - b.at) / this.rate.everyMs >= this.rate.burst) this.map.delete(k);
    this.sweepAt = Math.max(SWEEP_AT, this.map.size * 2);
  }
}

export class RateLimiter {
  readonly settings: RateLimitSettings;
  private readonly buckets = new Map<LimitName, Buckets>();
  private readonly limitLoopback: boolean;

  constructor(opts: RateLimitOptions = {}, now: () => number = Date.now) {
    this.settings = { ...DEFAULT_RATE_LIMITS, ...opts.limits };
    this.limitLoopback = opts.limitLoopback ?? false;
    for (const name of LIMIT_NAMES) {
      const rate = this.settings[name];
      if (rate) this.buckets.set(name, new Buckets(rate, now));
    }
  }

  /** One request, command or heartbeat of `key` (an identity or an address) against limit `name`. */
  take(name: LimitName, key: string): Taken {
    return this.buckets.get(name)?.take(key) ?? { ok: true };
  }

  /** The per-address limits: the same, except for this machine unless `limitLoopback`. */
  takeAddress(name: LimitName, address: string | undefined): Taken {
    if (!address || (!this.limitLoopback && isLoopback(address))) return { ok: true };
    return this.take(name, address);
  }
}

/** The refusal, with the time to wait (also sent as `Retry-After` over HTTP). */
export function tooManyRequests(limit: LimitName, retryAfterSec: number): TalonError {
  return talonError('TOO_MANY_REQUESTS', { limit, retryAfterSec });
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)?$/;

/**
 * `tickets=10:2s,requests=off`: per limit, a burst and the interval of one more (`ms`, `s` or `m`; no
 * unit is seconds), or `off`. The command line's `--rate-limits` and `TALON_RATE_LIMITS`.
 */
export function parseRateLimits(spec: string): Partial<RateLimitSettings> {
  const out: Partial<RateLimitSettings> = {};
  for (const part of spec.split(/[,\s]+/).filter(Boolean)) {
    const [name, value] = part.split('=');
    if (!LIMIT_NAMES.includes(name as LimitName) || value === undefined)
      throw new Error(
        `Неверный предел «${part}»: ИМЯ=ВСПЛЕСК:ИНТЕРВАЛ или ИМЯ=off, имена: ${LIMIT_NAMES.join(', ')} · ` +
          `Bad rate limit "${part}": NAME=BURST:INTERVAL or NAME=off, names: ${LIMIT_NAMES.join(', ')}`,
      );
    if (value === 'off') {
      out[name as LimitName] = null;
      continue;
    }
    const [burst, every] = value.split(':');
    const m = DURATION.exec(every ?? '');
    const n = Number(burst);
    const everyMs = m ? Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 'm' ? 60_000 : 1000) : Number.NaN;
    if (!Number.isInteger(n) || n < 1 || !(everyMs > 0))
      throw new Error(
        `Неверный предел «${part}»: всплеск — целое от 1, интервал — например 2s или 500ms · ` +
          `Bad rate limit "${part}": the burst is a whole number from 1, the interval e.g. 2s or 500ms`,
      );
    out[name as LimitName] = { burst: n, everyMs };
  }
  return out;
}
