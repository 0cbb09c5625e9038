import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { Actor, OfficeConfig } from '@talon/protocol';
import Fastify from 'fastify';
import { Server as IoServer } from 'socket.io';
import { registerHttpApi } from './api/http.js';
import { registerRealtime } from './api/realtime.js';
import { AuthService } from './auth/index.js';
import { type Clock, systemClock, VirtualClock } from './clock.js';
import { demoUsers } from './demo/rosatom-office.js';
import { Office } from './office.js';
import { renderStartPage } from './start-page.js';
import { openStore } from './store/index.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The UIs built by Vite, each served under its own path. */
export const SCREENS = [
  { path: 'kiosk', dir: 'kiosk/dist' },
  { path: 'board', dir: 'display-board/dist' },
  { path: 'operator', dir: 'operator-console/dist' },
] as const;

export interface ServerOptions {
  dataDir: string;
  port?: number;
  host?: string;
  clock?: Clock;
  /** Configure this office on an empty store (the demo office, tests). */
  initialConfig?: OfficeConfig;
  /** Create the demo users with known passwords and show pairing links on the start page. */
  demo?: boolean;
  /** Tick interval for automatic no-shows and forfeited bookings; 0 turns it off (tests tick by hand). */
  tickMs?: number;
  /** Exposes POST /api/test/clock to move a VirtualClock (end-to-end tests only). */
  testClock?: boolean;
  logger?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  office: Office;
  auth: AuthService;
  close(): Promise<void>;
}

const SYSTEM: Actor = { kind: 'system' };

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  mkdirSync(opts.dataDir, { recursive: true });
  const store = openStore(join(opts.dataDir, 'office.sqlite'));
  const clock = opts.clock ?? systemClock;
  const office = new Office({ store, clock });
  const auth = new AuthService(store, { now: () => clock.now() });
  if (office.seq === 0 && opts.initialConfig) office.configure(opts.initialConfig, SYSTEM);
  if (opts.demo && office.config) for (const u of demoUsers(office.config)) auth.ensureUser(u);

  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 256 * 1024 });
  registerHttpApi(app, { office, auth });
  for (const [i, s] of SCREENS.entries()) {
    const dir = join(ROOT, s.dir);
    if (!existsSync(dir)) continue;
    await app.register(fastifyStatic, { root: dir, prefix: `/${s.path}/`, decorateReply: i === 0, wildcard: false });
    app.get(`/${s.path}`, (_req, reply) => reply.redirect(`/${s.path}/`));
  }
  app.get('/', async (_req, reply) => {
    const pairing = opts.demo
      ? {
          kiosk: auth.createPairingCode('kiosk', 'Демо-киоск').code,
          board: auth.createPairingCode('board', 'Демо-табло').code,
        }
      : undefined;
    return reply.type('text/html; charset=utf-8').send(renderStartPage(office, pairing, opts.demo ?? false));
  });
  if (opts.testClock && clock instanceof VirtualClock) {
    app.post('/api/test/clock', async (req) => {
      const body = req.body as { now?: number; advanceMs?: number };
      if (typeof body.now === 'number') clock.set(body.now);
      if (typeof body.advanceMs === 'number') clock.advance(body.advanceMs);
      office.execute({ type: 'tick' }, SYSTEM);
      return { now: clock.now() };
    });
  }

  // Short pings so that a screen notices a dead link within ~5 s and says so (boards, kiosks).
  const io = new IoServer(app.server, {
    serveClient: false,
    cors: { origin: false },
    pingInterval: 2000,
    pingTimeout: 2500,
  });
  registerRealtime(io, office, auth);

  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const port = (app.server.address() as AddressInfo).port;
  const tickMs = opts.tickMs ?? 5000;
  const timer = tickMs > 0 ? setInterval(() => office.execute({ type: 'tick' }, SYSTEM), tickMs) : undefined;
  timer?.unref();

  return {
    url: `http://${opts.host && opts.host !== '0.0.0.0' ? opts.host : '127.0.0.1'}:${port}`,
    port,
    office,
    auth,
    async close() {
      if (timer) clearInterval(timer);
      io.close();
      await app.close();
      store.close();
    },
  };
}
