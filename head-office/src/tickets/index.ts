import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERRORS, type ErrorCode, type PublicMenu, StatusMenu, talonError } from '@talon/protocol';
import { signVisitToken } from '@talon/server/links';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AddressLimiter, type BookingRate, DEFAULT_BOOKING_RATE } from '../bookings/limits.js';
import { type HqDeps, type HqRefusal, refuse } from '../context.js';
import { addRequest, answerRequests, expireRequests, findRequest, takeRequests } from './store.js';

export interface TicketOptions {
  /** A request the office has not taken within this long is refused `OFFICE_NOT_REACHABLE` (default 60 s). */
  timeoutMs?: number;
  rate?: BookingRate;
  /** The visitor SPA's build (its index.html serves `/o/<code>/take`). */
  dist?: string;
}

const VISITOR_DIST = fileURLToPath(new URL('../../../visitor/dist', import.meta.url));
/** An office whose last batch or heartbeat (every 15 s) is older than this does not take tickets now. */
const SEEN_WITHIN_MS = 60_000;

interface TakeOffice {
  id: string;
  code: string;
  secret: Buffer | null;
  menu: StatusMenu | null;
  reachable: boolean;
}

/**
 * Take a ticket from the phone on head office (issue 15): the entrance QR's menu from the office's last
 * status, and the ticket itself relayed — head office keeps the request, the office (polling every few
 * seconds) issues it and answers; the page polls the request and goes to head office's live ticket page.
 */
export function registerTickets(deps: HqDeps, opts: TicketOptions = {}): { close(): void } {
  const { pool, serve } = deps;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const limiter = new AddressLimiter(opts.rate ?? DEFAULT_BOOKING_RATE, deps.now);
  const dist = opts.dist ?? VISITOR_DIST;

  const office = async (code: string): Promise<TakeOffice | HqRefusal> => {
    const { rows } = await pool.query<{
      id: string;
      code: string;
      link_secret: Buffer | null;
      menu: unknown;
      last_seen_at: Date | null;
    }>(
      `SELECT o.id, o.code, o.link_secret, s.status->'menu' AS menu, s.last_seen_at
         FROM offices o LEFT JOIN office_sync s ON s.office_id = o.id
        WHERE o.code = $1 AND o.key_revoked_at IS NULL`,
      [code],
    );
    const o = rows[0];
    if (!o) return refuse('UNKNOWN_OFFICE');
    const menu = o.menu ? StatusMenu.safeParse(o.menu) : null;
    return {
      id: o.id,
      code: o.code,
      secret: o.link_secret,
      menu: menu?.success ? menu.data : null,
      // head office's own clock wrote it (the sync ingest), so it is compared on that clock
      reachable: o.last_seen_at !== null && deps.now() - o.last_seen_at.getTime() < SEEN_WITHIN_MS,
    };
  };

  const limited = (req: FastifyRequest, reply: FastifyReply): HqRefusal | null => {
    const wait = limiter.take(req.ip);
    if (wait === null) return null;
    reply.header('retry-after', String(Math.ceil(wait / 1000)));
    return refuse('TOO_MANY_REQUESTS', { retryAfterMs: wait });
  };
  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

  serve('publicTakeMenu', async ({ params, reply }) => {
    const o = await office(params.office);
    if (!('id' in o)) return o;
    if (!o.menu || !o.secret) return refuse('OFFICE_NOT_REACHABLE');
    const closed = o.reachable ? o.menu.closedCode : 'OFFICE_NOT_REACHABLE';
    const { closedCode: _, ...menu } = o.menu;
    noStore(reply);
    const answer: PublicMenu = {
      ...menu,
      open: o.menu.open && o.reachable,
      ...(closed ? { closedCode: closed } : {}),
      takeUrl: `${deps.publicBase?.replace(/\/$/, '') ?? ''}/o/${encodeURIComponent(o.code)}/take`,
    };
    return answer;
  });

  serve('publicTakeTicket', async ({ params, body, req, reply }) => {
    const stop = limited(req, reply);
    if (stop) return stop;
    const o = await office(params.office);
    if (!('id' in o)) return o;
    if (!o.menu || !o.secret) return refuse('OFFICE_NOT_REACHABLE');
    const id = randomUUID();
    const { phone, topicId, segmentId, serviceId } = body;
    await addRequest(
      pool,
      id,
      o.id,
      { ...(topicId ? { topicId } : {}), ...(segmentId ? { segmentId } : {}), ...(serviceId ? { serviceId } : {}) },
      phone,
      deps.now(),
    );
    noStore(reply).code(202);
    return { requestId: id };
  });

  serve('publicTakeRequest', async ({ params, reply }) => {
    const o = await office(params.office);
    if (!('id' in o)) return o;
    await expireRequests(pool, deps.now(), timeoutMs, o.id);
    const row = await findRequest(pool, o.id, params.requestId);
    if (!row) return refuse('NOT_FOUND');
    noStore(reply);
    if (row.status === 'pending') return { status: 'pending' as const };
    if (row.status === 'done' && row.ticketId && row.number && row.visitExp !== null && o.secret) {
      const token = signVisitToken(o.secret, { ticketId: row.ticketId, exp: row.visitExp });
      return {
        status: 'done' as const,
        number: row.number,
        visitUrl: `/o/${encodeURIComponent(o.code)}/v/${token}`,
      };
    }
    const code = row.error?.code && row.error.code in ERRORS ? (row.error.code as ErrorCode) : 'INTERNAL';
    return { status: 'refused' as const, error: talonError(code, row.error?.details) };
  });

  serve('syncTicketRequests', async ({ identity }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    const now = deps.now();
    await expireRequests(pool, now, timeoutMs, identity.officeId);
    return { requests: await takeRequests(pool, identity.officeId, now) };
  });

  serve('syncTicketRequestsResult', async ({ identity, body }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    await answerRequests(pool, identity.officeId, body.results, deps.now());
    return { ok: true as const };
  });

  serve('publicTakePage', async ({ reply }) => {
    // read on each request, as the booking pages do: a page rebuilt while head office runs is served as built
    const html = await readFile(join(dist, 'index.html'), 'utf8').catch(() => null);
    if (html === null) return refuse('NOT_FOUND');
    return reply.code(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  });

  // requests nobody asks about any more still lose their phone numbers on time
  const sweep = () =>
    expireRequests(pool, deps.now(), timeoutMs).catch((e: unknown) =>
      deps.log.warn({ err: e }, 'ticket request expiry failed'),
    );
  const timer = setInterval(sweep, Math.min(timeoutMs, 60_000));
  timer.unref();
  return { close: () => clearInterval(timer) };
}
