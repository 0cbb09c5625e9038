import type { TalonError } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { DEFAULT_RATE_LIMITS } from '../../../server/src/edge/rate-limits.js';
import { sleep } from '../lib/stats.js';
import type { Day, FloodWindow } from './day.js';
import { Endpoint } from './http.js';
import { ADDRESSES, type Device } from './office.js';

/** A flood lasts this long (real time, the office's clock at real speed meanwhile). */
export const FLOOD_MS = 5000;
/** Machines trying a few passwords each, and machines trying many. */
const SPREAD_ATTACKERS = 16;
const HEAVY_ATTACKERS = 2;

export interface LoginFloodResult {
  attempts: number;
  /** 401 BAD_CREDENTIALS: the password was checked and refused. */
  badCredentials: number;
  /** 429 LOGIN_LOCKED: the login or the address is locked out. */
  locked: number;
  /** 429 TOO_MANY_REQUESTS: the per-address limit, or the queue of password checks is full. */
  rateLimited: number;
  /** A wrong password let in: must stay 0. */
  accepted: number;
  lost: number;
  seconds: number;
}

export interface HeartbeatFloodResult {
  heartbeats: number;
  devices: number;
  accepted: number;
  refused: number;
  /** The most the per-device limit lets through in the flood's office time (with the screens' own beats). */
  allowedAtMost: number;
  /** The snapshot each of the flood's sockets received on connecting, KB of JSON: what a connection costs. */
  snapshotKb: number;
  lost: number;
  seconds: number;
}

/** The flood runs with the office's clock at real speed, so the limits see it at its real rate. */
async function asFlood<T>(day: Day, w: FloodWindow, body: () => Promise<T>): Promise<T> {
  day.server.setSpeed(1);
  day.floods.push(w);
  try {
    return await body();
  } finally {
    w.to = performance.now();
    day.server.setSpeed(day.normalSpeed());
  }
}

/** Sends `n` things at an even pace over FLOOD_MS, without waiting for answers in between. */
async function paced(n: number, send: (i: number) => Promise<void>): Promise<void> {
  const t0 = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = t0 + (FLOOD_MS * i) / n - performance.now();
    if (wait > 1) await sleep(wait);
    all.push(send(i));
  }
  await Promise.all(all);
}

/**
 * Hundreds of wrong passwords against operators' logins, the administrator's and names nobody has, while the
 * hall works: half from many machines of the office network, a few tries each (what only the per-login
 * lockout stops), half from two machines that try hard (what the per-address limit stops).
 */
export async function loginFlood(day: Day, attempts: number): Promise<LoginFloodResult> {
  const r: LoginFloodResult = {
    attempts,
    badCredentials: 0,
    locked: 0,
    rateLimited: 0,
    accepted: 0,
    lost: 0,
    seconds: 0,
  };
  const spread = Array.from(
    { length: SPREAD_ATTACKERS },
    (_, i) => new Endpoint(day.server, ADDRESSES.attacker(i), day.tally),
  );
  const heavy = Array.from(
    { length: HEAVY_ATTACKERS },
    (_, i) => new Endpoint(day.server, ADDRESSES.attacker(SPREAD_ATTACKERS + i), day.tally),
  );
  // Few enough logins that each is tried well past its lockout (five failures in a row).
  const count = Math.min(40, Math.max(4, Math.round(attempts / 20)));
  const real = day.office.consoles.slice(0, Math.ceil(count / 2)).map((c) => c.login);
  const logins = [
    ...real,
    'admin',
    ...Array.from({ length: Math.max(0, count - real.length - 1) }, (_, i) => `user${i + 1}`),
  ];
  const w: FloodWindow = { kind: 'login', from: performance.now(), to: Number.POSITIVE_INFINITY, devices: new Set() };
  await asFlood(day, w, () =>
    paced(attempts, async (i) => {
      const from = i % 2 === 0 ? spread : heavy;
      const ep = from[Math.floor(i / 2) % from.length] as Endpoint;
      const login = logins[i % logins.length] as string;
      try {
        const a = await ep.send('POST', '/api/auth/login', { login, password: `wrong-${i}` });
        if (a.ok) {
          r.accepted++;
          day.tally.mismatch(`a wrong password let «${login}» in`);
        } else if (a.code === 'BAD_CREDENTIALS') r.badCredentials++;
        else if (a.code === 'LOGIN_LOCKED') r.locked++;
        else if (a.code === 'TOO_MANY_REQUESTS') r.rateLimited++;
        else day.tally.error(`login flood: ${a.status} ${a.code}`);
      } catch (err) {
        r.lost++;
        if (!day.server.overlapsOutage(w.from, performance.now()))
          day.tally.error('login flood: network', (err as Error).message);
      }
    }),
  );
  await Promise.all([...spread, ...heavy].map((a) => a.close()));
  r.seconds = (w.to - w.from) / 1000;
  for (const [kind, n] of [
    ['login flood: 401 wrong password', r.badCredentials],
    ['login flood: 429 login locked', r.locked],
    ['login flood: 429 too many requests', r.rateLimited],
  ] as const)
    day.tally.expect(kind, n);
  // Both defences must have engaged: each login was tried far more than five times, and each heavy
  // address sent far more than its burst.
  if (attempts / logins.length >= 10 && r.locked === 0)
    day.tally.mismatch(`login flood: ${attempts} wrong passwords and not one login locked`);
  const perAddress = DEFAULT_RATE_LIMITS.login;
  if (perAddress && attempts / 2 / HEAVY_ATTACKERS > 2 * perAddress.burst && r.rateLimited === 0)
    day.tally.mismatch(`login flood: ${attempts / 2 / HEAVY_ATTACKERS} sign-ins from one address and none limited`);
  return r;
}

/**
 * Thousands of heartbeats with the devices' own tokens, from their own addresses, over a second socket each
 * (a screen gone wrong, or a stolen token): the server must answer most with 429 and write none of those.
 */
export async function heartbeatFlood(day: Day, devices: Device[], total: number): Promise<HeartbeatFloodResult> {
  const r: HeartbeatFloodResult = {
    heartbeats: total,
    devices: devices.length,
    accepted: 0,
    refused: 0,
    allowedAtMost: 0,
    snapshotKb: 0,
    lost: 0,
    seconds: 0,
  };
  if (devices.length === 0 || total === 0) return r;
  const namespace = (d: Device) =>
    d.name.startsWith('Оценка') ? 'rating' : d.name.startsWith('Табло') ? 'board' : 'kiosk';
  // The attack begins with its connections (each costs the server a snapshot): they are in the window.
  const w: FloodWindow = {
    kind: 'heartbeat',
    from: performance.now(),
    to: Number.POSITIVE_INFINITY,
    devices: new Set(devices.map((d) => d.token)),
  };
  const officeFrom = day.server.sent;
  let officeTo = officeFrom;
  const sockets: Socket[] = [];
  await asFlood(day, w, async () => {
    for (const d of devices)
      sockets.push(
        io(`${day.server.url}/${namespace(d)}`, {
          auth: { token: d.token },
          transports: ['websocket'],
          forceNew: true,
          reconnection: false,
          localAddress: d.http.address,
        } as Parameters<typeof io>[1]),
      );
    sockets[0]?.once('snapshot', (snap: unknown) => {
      r.snapshotKb = Math.round(Buffer.byteLength(JSON.stringify(snap)) / 1024);
    });
    // a socket that cannot connect (the server being killed) sends nothing: its heartbeats count as lost
    await Promise.all(
      sockets.map((s) =>
        Promise.race([
          new Promise<void>((resolve) => (s.connected ? resolve() : s.once('connect', () => resolve()))),
          sleep(10_000),
        ]),
      ),
    );
    await paced(total, async (i) => {
      const s = sockets[i % sockets.length] as Socket;
      try {
        const a = (await s.timeout(5000).emitWithAck('heartbeat', { status: 'ok' })) as {
          ok: boolean;
          error?: TalonError;
        };
        if (a.ok) r.accepted++;
        else if (a.error?.code === 'TOO_MANY_REQUESTS') r.refused++;
        else day.tally.error(`heartbeat flood: ${a.error?.code}`);
      } catch (err) {
        r.lost++;
        if (!day.server.overlapsOutage(w.from, performance.now()))
          day.tally.error('heartbeat flood: unanswered', (err as Error).message);
      }
    });
    // every answer is in: nothing of the flood was handled later than this office time
    officeTo = day.server.sent;
  });
  for (const s of sockets) s.close();
  r.seconds = (w.to - w.from) / 1000;
  day.tally.expect('heartbeat flood: 429 too many requests', r.refused);
  const limit = DEFAULT_RATE_LIMITS.heartbeats;
  if (limit) {
    // the bucket starts full, refills over the flood's office time; the screens' own beats share it
    const officeMs = officeTo - officeFrom;
    r.allowedAtMost = devices.length * (limit.burst + Math.ceil(officeMs / limit.everyMs) + 1);
    if (r.accepted > r.allowedAtMost)
      day.tally.mismatch(`heartbeat flood: ${r.accepted} accepted, the limit allows at most ${r.allowedAtMost}`);
  }
  return r;
}
