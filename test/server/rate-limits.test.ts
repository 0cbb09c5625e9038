import type { CommandResponse, DeviceStatus } from '@talon/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseServerArgs, UsageError } from '../../server/src/cli/server-options.js';
import { startTestServer, type TestServer } from '../support/server.js';

const TICKET = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;

const issue = async (s: TestServer, token: string) => {
  const res = await fetch(`${s.url}/api/commands`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ command: TICKET }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    body: (await res.json()) as CommandResponse,
  };
};

const ticketCount = (s: TestServer) => Object.keys(s.office.view().tickets).length;

describe('with the default limits', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('one kiosk token firing 1,000 tickets at once gets its burst of 10; the rest are refused with a time to wait', async () => {
    const kiosk = (await s.pair('kiosk', 'flooding kiosk')).token;
    const before = ticketCount(s);
    const answers: Awaited<ReturnType<typeof issue>>[] = [];
    for (let batch = 0; batch < 50; batch++)
      answers.push(...(await Promise.all(Array.from({ length: 20 }, () => issue(s, kiosk)))));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect([ok.length, refused.length]).toEqual([10, 990]);
    expect(ticketCount(s) - before).toBe(10);
    const r = refused[0];
    expect(r?.retryAfter).toBe('2');
    expect(r?.body).toMatchObject({
      ok: false,
      error: {
        code: 'TOO_MANY_REQUESTS',
        message: { ru: expect.stringMatching(/Слишком много запросов/), en: expect.stringMatching(/Too many/) },
        details: { limit: 'tickets', retryAfterSec: 2 },
      },
    });
    // the server's clock moves on 2 s: one more ticket, then refused again
    s.clock.advance(2000);
    expect((await issue(s, kiosk)).status).toBe(200);
    expect((await issue(s, kiosk)).status).toBe(429);
    // another kiosk is not held up by this one
    expect((await issue(s, (await s.pair('kiosk', 'calm kiosk')).token)).status).toBe(200);
  });

  it('a socket shares the HTTP limit of its identity: a kiosk cannot bypass it by sending commands on a socket', async () => {
    const kiosk = (await s.pair('kiosk', 'socket kiosk')).token;
    const live = await s.connect('kiosk', kiosk);
    const acks: CommandResponse[] = [];
    for (let i = 0; i < 12; i++) acks.push(await live.emitWithAck<CommandResponse>('command', { command: TICKET }));
    expect(acks.map((a) => a.ok)).toEqual([...Array(10).fill(true), false, false]);
    expect(acks[10]).toMatchObject({
      ok: false,
      error: { code: 'TOO_MANY_REQUESTS', details: { limit: 'tickets', retryAfterSec: 2 } },
    });
    expect((await issue(s, kiosk)).status).toBe(429);
    s.clock.advance(2000);
    expect((await live.emitWithAck<CommandResponse>('command', { command: TICKET })).ok).toBe(true);
    expect((await issue(s, kiosk)).status).toBe(429);
  });

  it('an operator’s commands have their own, wider limit', async () => {
    const op = (await s.login('operator1', 'talon1')).token;
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await s.command(op, { type: 'operatorLogin', windowId: 'w1' }));
    // the engine may refuse a repeated login, but never the limiter
    expect(answers.filter((a) => a.status === 429)).toEqual([]);
  });

  it('accepts a burst of heartbeats, then one every 2 s, and writes none of the refused ones', async () => {
    const board = await s.pair('board', 'beating board');
    const live = await s.connect('board', board.token);
    const acks: { ok: boolean; error?: { code: string; details?: unknown } }[] = [];
    for (let i = 0; i < 40; i++) acks.push(await live.emitWithAck('heartbeat', { status: 'ok', details: { n: i } }));
    // connecting was the first sign of life of the burst of ten: nine more are taken
    expect(acks.filter((a) => a.ok)).toHaveLength(9);
    expect(acks.slice(9).every((a) => !a.ok && a.error?.code === 'TOO_MANY_REQUESTS')).toBe(true);
    expect(acks[9]?.error?.details).toEqual({ limit: 'heartbeats', retryAfterSec: 2 });
    const stored = () =>
      s.store.listDevices(s.clock.now()).find((d: DeviceStatus) => d.deviceId === board.deviceId)?.details;
    // the last one written is the ninth
    expect(stored()).toEqual({ n: 8 });
    s.clock.advance(2000);
    expect(await live.emitWithAck('heartbeat', { status: 'warning', details: { n: 100 } })).toEqual({ ok: true });
    expect(stored()).toEqual({ n: 100 });
  });

  it('a device reconnecting in a loop writes its sign of life within the heartbeat budget, not once per connection', async () => {
    const board = await s.pair('board', 'looping board');
    const writes: number[] = [];
    const original = s.store.recordHeartbeat.bind(s.store);
    s.store.recordHeartbeat = (deviceId, hb, at) => {
      if (deviceId === board.deviceId) writes.push(at);
      return original(deviceId, hb, at);
    };
    try {
      for (let i = 0; i < 30; i++) (await s.connect('board', board.token)).close();
    } finally {
      s.store.recordHeartbeat = original;
    }
    expect(writes).toHaveLength(10);
  });

  it('refuses heartbeat details beyond the schema’s bound (the issue stored a 923 KB object)', async () => {
    const board = await s.pair('board', 'chatty board');
    const live = await s.connect('board', board.token);
    const stored = () =>
      s.store.listDevices(s.clock.now()).find((d: DeviceStatus) => d.deviceId === board.deviceId)?.details;
    const huge = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`key-${i}`, 'x'.repeat(180)]));
    expect(JSON.stringify(huge).length).toBeGreaterThan(900_000);
    const tooMany = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i]));
    const longKey = { ['k'.repeat(41)]: 1 };
    for (const details of [huge, tooMany, longKey]) {
      const ack = await live.emitWithAck<{ ok: boolean; error?: { code: string } }>('heartbeat', {
        status: 'ok',
        details,
      });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect(stored()).toBeUndefined();
    }
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    expect(await live.emitWithAck('heartbeat', { status: 'ok', details: twenty })).toEqual({ ok: true });
    expect(stored()).toEqual(twenty);
  });

  it('leaves this machine out of the per-address limits (the demo, tools and tests run here)', async () => {
    const codes = [];
    for (let i = 0; i < 15; i++)
      codes.push(
        (
          await fetch(`${s.url}/api/devices/pair`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ code: 'WRONGCOD' }),
          })
        ).status,
      );
    expect(new Set(codes)).toEqual(new Set([401]));
  });
});

describe('per client address', () => {
  let s: TestServer;
  beforeAll(async () => {
    // The test's requests come from 127.0.0.1: counted here as any office PC's would be.
    s = await startTestServer({
      server: {
        rateLimits: {
          limitLoopback: true,
          limits: {
            pairing: { burst: 3, everyMs: 10_000 },
            login: { burst: 4, everyMs: 3000 },
            requests: { burst: 40, everyMs: 1000 },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await s?.stop();
  });

  const pair = (code: string) =>
    fetch(`${s.url}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code }),
    });

  it('limits pairing-code attempts: a guesser is stopped, the right code waits too, and works later', async () => {
    const admin = (await s.login('admin', 'admin-talon')).token;
    const made = await fetch(`${s.url}/api/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ role: 'kiosk', name: 'Киоск' }),
    });
    const { code } = (await made.json()) as { code: string };
    const guesses = [];
    for (let i = 0; i < 3; i++) guesses.push((await pair('AAAAAAAA')).status);
    expect(guesses).toEqual([401, 401, 401]);
    const refused = await pair(code);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(((await refused.json()) as CommandResponse & { ok: false }).error).toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      details: { limit: 'pairing', retryAfterSec: 10 },
    });
    // the refused attempt did not use the code
    s.clock.advance(10_000);
    expect((await pair(code)).status).toBe(200);
  });

  it('limits sign-in attempts per address before a password is even checked', async () => {
    s.clock.advance(60_000);
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      const res = await fetch(`${s.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'operator2', password: 'talon2' }),
      });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 4)).toEqual([200, 200, 200, 200]);
    expect(statuses.slice(4)).toEqual([429, 429]);
    s.clock.advance(3000);
    const again = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'operator2', password: 'talon2' }),
    });
    expect(again.status).toBe(200);
  });

  it('has a global limit for every other request and socket, with the same answer', async () => {
    s.clock.advance(60_000);
    const statuses = [];
    for (let i = 0; i < 45; i++) statuses.push((await fetch(`${s.url}/api/health`)).status);
    expect(statuses.filter((x) => x === 200)).toHaveLength(40);
    const refused = await fetch(`${s.url}/api/health`);
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([429, '1']);
    // a screen's files and a socket count against the same budget
    expect((await fetch(`${s.url}/kiosk/`)).status).toBe(429);
    const socket = io(`${s.url}/board`, { auth: { token: 'x' }, transports: ['websocket'], reconnection: false });
    const err = await new Promise<Error & { data?: unknown }>((resolve) => socket.once('connect_error', resolve));
    socket.close();
    expect(err.data).toMatchObject({ code: 'TOO_MANY_REQUESTS', details: { limit: 'requests' } });
    s.clock.advance(1000);
    expect((await fetch(`${s.url}/api/health`)).status).toBe(200);
  });
});

describe('configuration', () => {
  it('takes --rate-limits (or TALON_RATE_LIMITS) on the command line and refuses a bad one', () => {
    const { options } = parseServerArgs(['--rate-limits', 'tickets=500:100ms,requests=off'], { allowDemo: true });
    expect(options.rateLimits).toEqual({
      limits: { tickets: { burst: 500, everyMs: 100 }, requests: null },
    });
    expect(parseServerArgs([], { allowDemo: true }).options.rateLimits).toBeUndefined();
    expect(() => parseServerArgs(['--rate-limits', 'tickets=lots'], { allowDemo: true })).toThrow(UsageError);
  });

  it('a test that legitimately issues hundreds of tickets from one kiosk raises the limit', async () => {
    const s = await startTestServer({ server: { rateLimits: { limits: { tickets: { burst: 300, everyMs: 1 } } } } });
    try {
      const kiosk = (await s.pair('kiosk', 'busy kiosk')).token;
      const answers = [];
      for (let i = 0; i < 30; i++) answers.push(...(await Promise.all([0, 1, 2, 3, 4].map(() => issue(s, kiosk)))));
      expect(answers.every((a) => a.status === 200)).toBe(true);
    } finally {
      await s.stop();
    }
  });
});
