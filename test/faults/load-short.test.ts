import { describe, expect, it } from 'vitest';
import type { LoadOptions } from '../../bench/src/load/options.js';
import { runLoad } from '../../bench/src/load/run.js';

/**
 * `npm run load` in small (bench/src/load, docs/reliability.md): the real server as a child process, a
 * short office day over HTTP and socket.io with both floods and one kill -9 in the middle, then the
 * server's state and reports against everything the driver was acknowledged for. No timing is asserted:
 * the machine is shared; `npm run load` measures.
 */
const SHORT: LoadOptions = {
  json: true,
  visits: 100,
  dayHours: 3,
  seconds: 15,
  // as many as a real run: fewer would each issue faster than their limit while the floods slow the clock
  kiosks: 20,
  operators: 12,
  boards: 2,
  ratingTerminals: 12,
  floodLogins: 200,
  floodHeartbeats: 600,
  // before the first flood (at 40 % of the day), which the kill loop would wait for
  kill9Sec: 4,
  kill9Count: 1,
  seed: 17,
  serverLog: undefined,
  cpuProf: undefined,
  fromSources: false,
};

describe('a short office day under load, with a kill -9', () => {
  it('loses and doubles nothing acknowledged, and refuses only what it should', { timeout: 150_000 }, async () => {
    const r = await runLoad(SHORT);
    const why = JSON.stringify(
      { errors: r.errorsByKind, samples: r.errorSamples, mismatches: r.mismatchList },
      null,
      2,
    );
    expect(r.restarts, why).toBe(1);
    expect(r.errors, why).toBe(0);
    expect(r.mismatches, why).toBe(0);
    // every visitor's visit closed and reported, and the day had everything in it
    expect(r.visits, why).toBe(SHORT.visits);
    expect(r.ticketsIssued).toBe(SHORT.visits);
    expect(r.served + r.noShows).toBe(SHORT.visits);
    expect(r.transfers).toBeGreaterThan(0);
    expect(r.recalls).toBeGreaterThan(0);
    expect(r.ratings).toBeGreaterThan(0);
    expect(r.breaks).toBeGreaterThan(0);
    // the floods were refused as designed: no wrong password let in, most heartbeats turned away
    expect(r.loginFlood?.accepted).toBe(0);
    expect(r.loginFlood?.locked).toBeGreaterThan(0);
    expect(r.loginFlood?.rateLimited).toBeGreaterThan(0);
    expect(r.heartbeatFlood?.refused).toBeGreaterThan(SHORT.floodHeartbeats / 2);
  });
});
