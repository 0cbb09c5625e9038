import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RouteName } from '@talon/protocol';
import type { FastifyReply } from 'fastify';
import { type Edge, refuse } from '../edge/plugin.js';
import { type RateLimiter, tooManyRequests } from '../edge/rate-limits.js';
import { loadOrCreateSecret } from '../links.js';
import type { Office } from '../office.js';
import type { RatingLinks } from '../rating/index.js';
import type { Store } from '../store/index.js';
import { registerPublicBookings } from './bookings.js';
import { registerPublicTickets } from './tickets.js';

export { manageToken, PUBLIC_ACTOR } from './bookings.js';

export interface PublicOptions {
  office: Office;
  store: Store;
  dataDir: string;
  links: RatingLinks;
  /** Head office's code of this office, when linked. */
  officeCode: () => string | null;
  /** The server's limiter: a public POST counts against the address's `tickets` bucket (abuse from one place). */
  limiter?: RateLimiter;
  /** The built page (`visitor/dist`); its files are served under `/book/` by app.ts. */
  distDir: string;
}

const POSTS = new Set([
  '/api/public/bookings',
  '/api/public/bookings/:token/cancel',
  '/api/public/bookings/:token/move',
  '/api/public/tickets',
]);

/**
 * The visitor's pages on the office (issue 15): the booking API, the entrance QR's virtual tickets, and
 * the page's own addresses. Manage links are signed with the office's link secret, which head office
 * holds too, so a link made on either side opens on both.
 */
export function registerPublic(edge: Edge, opts: PublicOptions): void {
  const secret = loadOrCreateSecret(opts.dataDir);
  const { limiter } = opts;
  if (limiter)
    edge.app.addHook('preHandler', (req, reply, done) => {
      if (req.method !== 'POST' || !POSTS.has(req.routeOptions.url ?? '')) return done();
      const taken = limiter.takeAddress('tickets', req.ip);
      if (taken.ok) return done();
      const error = tooManyRequests('tickets', taken.retryAfterSec);
      reply.header('retry-after', String(taken.retryAfterSec));
      void reply.code(429).send({ ok: false, error });
    });
  registerPublicBookings(edge, { office: opts.office, secret, officeCode: opts.officeCode });
  registerPublicTickets(edge, { office: opts.office, store: opts.store, secret, links: opts.links });

  // the single-page app answers its own addresses; it reads what to show from the address itself
  const indexFile = join(opts.distDir, 'index.html');
  let index: string | null = null;
  const page = (reply: FastifyReply) => {
    index ??= existsSync(indexFile) ? readFileSync(indexFile, 'utf8') : null;
    if (index === null) return refuse('NOT_FOUND', { path: '/book/' });
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(index);
  };
  for (const name of ['bookPage', 'bookManagePage', 'takePage', 'takePosterPage'] as const satisfies RouteName[])
    edge.serve(name, ({ reply }) => page(reply));
}
