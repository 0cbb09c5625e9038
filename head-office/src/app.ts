import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import { addSecurityHeaders } from '@talon/server/security-headers';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { type BookingOptions, registerBookings } from './bookings/index.js';
import { registerBookingPages } from './bookings/pages.js';
import type { HqDeps, HqIdentity } from './context.js';
import { createHqEdge, type HqEdge } from './edge.js';
import { attachLive, type Live } from './live/index.js';
import { registerPeople } from './people/index.js';
import { registerProfiles } from './profiles/index.js';
import { registerPublic } from './public/index.js';
import { registerReports } from './reports/index.js';
import { registerStructure } from './structure/index.js';
import { registerSync } from './sync/index.js';
import { registerTickets, type TicketOptions } from './tickets/index.js';

export const HQ_VERSION = '0.1.0';

export interface HeadOfficeOptions {
  databaseUrl: string;
  /** Injected clock for tests; the wall clock by default. */
  now?: () => number;
  publicBase?: string | null;
  /** Connections this process may hold (several processes share one PostgreSQL). */
  poolSize?: number;
  /** Event batches this process ingests at once; beyond it 429 HQ_BUSY (default: pool size − 4). */
  maxConcurrentIngest?: number;
  logger?: boolean;
  /** Public booking: retention of visitors' names and phones, the per-address limit (issue 15). */
  bookings?: BookingOptions;
  /** Take a ticket from the phone: how long a request waits for its office, the per-address limit. */
  tickets?: TicketOptions;
}

export interface HeadOffice {
  app: FastifyInstance;
  pool: pg.Pool;
  edge: HqEdge;
  deps: HqDeps;
  listen(port: number, host?: string): Promise<string>;
  close(): Promise<void>;
}

const SCREEN_DIST = fileURLToPath(new URL('../../hq-screen/dist', import.meta.url));

/** One head-office process: stateless, everything it must keep unique lives in PostgreSQL. */
export async function createHeadOffice(opts: HeadOfficeOptions): Promise<HeadOffice> {
  const poolSize = opts.poolSize ?? 20;
  const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: poolSize });
  pool.on('error', () => {}); // an idle client lost with the database is replaced on the next query
  // forceCloseConnections: an office's idle keep-alive connection must not hold a shutdown for a minute.
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 8 * 1024 * 1024, forceCloseConnections: true });
  // the same headers as the office's own answers: head office is on a public address
  addSecurityHeaders(app);
  const edge = createHqEdge(app, pool);

  const visibleOffices = async (id: HqIdentity): Promise<string[] | 'all'> => {
    if (id.kind === 'office') return [id.officeId];
    if (id.user.role !== 'branch_manager') return 'all';
    const { rows } = await pool.query<{ id: string }>('SELECT id FROM offices WHERE branch_id = $1', [
      id.user.branchId,
    ]);
    return rows.map((r) => r.id);
  };
  const deps: HqDeps = {
    pool,
    now: opts.now ?? Date.now,
    serve: edge.serve,
    log: app.log,
    publicBase: opts.publicBase ?? null,
    visibleOffices,
  };

  edge.serve('hqHealth', async () => {
    const db = await pool
      .query('SELECT 1')
      .then(() => true)
      .catch(() => false);
    return { ok: db, db, version: HQ_VERSION };
  });
  registerPeople(deps);
  registerStructure(deps);
  // Ingests leave a few connections for sign-ins, the screens and the public pages.
  registerSync(deps, { app, maxConcurrentIngest: opts.maxConcurrentIngest ?? Math.max(1, poolSize - 4) });
  registerProfiles(deps);
  registerReports(deps);
  const publicPages = registerPublic(deps);
  const bookings = registerBookings(deps, opts.bookings);
  await registerBookingPages(app, deps);
  const tickets = registerTickets(deps, opts.tickets);

  if (existsSync(SCREEN_DIST)) {
    await app.register(fastifyStatic, { root: SCREEN_DIST, prefix: '/', wildcard: false });
    // The screen's own paths (/offices/…) load its page; API and visit paths keep their 404s.
    app.get('/*', (req, reply) =>
      req.url.startsWith('/api/') || req.url.startsWith('/o/') ? reply.callNotFound() : reply.sendFile('index.html'),
    );
  }

  let live: Live | null = null;
  return {
    app,
    pool,
    edge,
    deps,
    async listen(port, host = '127.0.0.1') {
      const address = await app.listen({ port, host });
      live = await attachLive(app.server, pool, deps);
      return address;
    },
    async close() {
      await live?.close();
      await publicPages.close();
      bookings.close();
      tickets.close();
      await app.close();
      await pool.end();
    },
  };
}
