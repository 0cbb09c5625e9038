import { describe, expect, it } from 'vitest';
import { DEFAULT_RATE_LIMITS, LIMIT_NAMES, parseRateLimits, RateLimiter } from './rate-limits.js';

describe('the rate limiter', () => {
  it('allows a burst, then one per interval on its clock, and says how long to wait', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ limits: { tickets: { burst: 3, everyMs: 2000 } } }, () => now);
    const take = () => limiter.take('tickets', 'device:k1');
    expect([take(), take(), take()]).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    expect(take()).toEqual({ ok: false, retryAfterSec: 2 });
    now += 1000;
    expect(take()).toEqual({ ok: false, retryAfterSec: 1 });
    now += 1000;
    expect(take()).toEqual({ ok: true });
    expect(take().ok).toBe(false);
    // another key has its own bucket
    expect(limiter.take('tickets', 'device:k2')).toEqual({ ok: true });
    // a long pause refills up to the burst only
    now += 3_600_000;
    expect([take(), take(), take(), take()].map((t) => t.ok)).toEqual([true, true, true, false]);
  });

  it('refills nothing when the clock goes back, and counts on from there', () => {
    let now = 10_000_000;
    const limiter = new RateLimiter({ limits: { commands: { burst: 1, everyMs: 1000 } } }, () => now);
    expect(limiter.take('commands', 'u').ok).toBe(true);
    now -= 60_000;
    expect(limiter.take('commands', 'u').ok).toBe(false);
    now += 1000;
    expect(limiter.take('commands', 'u').ok).toBe(true);
  });

  it('a limit set to null is off; loopback is exempt from the per-address limits unless asked', () => {
    const now = () => 0;
    const off = new RateLimiter({ limits: { tickets: null, pairing: { burst: 1, everyMs: 60_000 } } }, now);
    for (let i = 0; i < 100; i++) expect(off.take('tickets', 'k').ok).toBe(true);
    for (const local of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
      for (let i = 0; i < 3; i++) expect(off.takeAddress('pairing', local).ok).toBe(true);
    expect(off.takeAddress('pairing', '192.168.1.20').ok).toBe(true);
    expect(off.takeAddress('pairing', '192.168.1.20').ok).toBe(false);
    const strict = new RateLimiter({ limitLoopback: true, limits: { pairing: { burst: 1, everyMs: 60_000 } } }, now);
    expect(strict.takeAddress('pairing', '127.0.0.1').ok).toBe(true);
    expect(strict.takeAddress('pairing', '127.0.0.1')).toEqual({ ok: false, retryAfterSec: 60 });
  });

  it('forgets idle keys once there are many, so a sweep of addresses cannot grow it without end', () => {
    let now = 0;
    const limiter = new RateLimiter({ limits: { requests: { burst: 2, everyMs: 10 } } }, () => now);
    for (let i = 0; i < 30_000; i++) {
      now += 1;
      expect(limiter.take('requests', `10.0.${i >> 8}.${i & 255}`).ok).toBe(true);
    }
    // a key seen once is full again after 20 ms: the sweeps dropped all but the most recent ones
    const size = (limiter as unknown as { buckets: Map<string, { map: Map<string, unknown> }> }).buckets.get('requests')
      ?.map.size;
    expect(size).toBeLessThanOrEqual(20_000);
  });
});

describe('the defaults', () => {
  it('stop a kiosk token issuing 1,000 tickets at once and accept a heartbeat at least every 5 s', () => {
    const t = DEFAULT_RATE_LIMITS.tickets;
    const h = DEFAULT_RATE_LIMITS.heartbeats;
    expect(t && h).toBeTruthy();
    if (!t || !h) return;
    // within 2.6 s (the attack): the burst and at most two more
    expect(t.burst + Math.floor(2600 / t.everyMs)).toBeLessThanOrEqual(12);
    expect(h.everyMs).toBeLessThanOrEqual(5000);
    for (const name of LIMIT_NAMES) expect(DEFAULT_RATE_LIMITS[name], name).not.toBeNull();
  });
});

describe('parseRateLimits', () => {
  it('reads NAME=BURST:INTERVAL and NAME=off', () => {
    expect(parseRateLimits('tickets=100:1s, heartbeats=5:500ms,requests=off login=3:2m pairing=4:7')).toEqual({
      tickets: { burst: 100, everyMs: 1000 },
      heartbeats: { burst: 5, everyMs: 500 },
      requests: null,
      login: { burst: 3, everyMs: 120_000 },
      pairing: { burst: 4, everyMs: 7000 },
    });
    expect(parseRateLimits('')).toEqual({});
  });

  it.each(['tickets', 'ticket=1:1s', 'tickets=0:1s', 'tickets=1.5:1s', 'tickets=2:0s', 'tickets=2:fast'])(
    'refuses %s in both languages',
    (spec) => {
      expect(() => parseRateLimits(spec)).toThrow(/Неверный предел.*Bad rate limit/);
    },
  );
});
