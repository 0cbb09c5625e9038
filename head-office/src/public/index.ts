import { randomBytes } from 'node:crypto';
import { errorStatus, type Lang, type ReturnedRating } from '@talon/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type HqDeps, HqRefusal, type Queryable, refuse } from '../context.js';
import { visitStreams } from './live.js';
import { messagePage, visitPage } from './page-html.js';
import { findVisit } from './visit.js';

/** At most this many ratings ride on one sync answer; the rest follow on the next. */
const PENDING_MAX = 200;

/** Ratings given on the public page that the office has not acknowledged yet, oldest first. */
export async function pendingRatings(db: Queryable, officeId: string): Promise<ReturnedRating[]> {
  const { rows } = await db.query<{
    id: string;
    ticket_id: string;
    score: number;
    reasons: string[];
    feedback: ReturnedRating['feedback'] | null;
    at: Date;
  }>(
    `SELECT id, ticket_id, score, reasons, feedback, at FROM returned_ratings
      WHERE office_id = $1 AND acked_at IS NULL ORDER BY at, id LIMIT ${PENDING_MAX}`,
    [officeId],
  );
  return rows.map((r) => ({
    id: r.id,
    ticketId: r.ticket_id,
    score: r.score,
    reasons: r.reasons,
    ...(r.feedback ? { feedback: r.feedback } : {}),
    at: r.at.getTime(),
  }));
}

/** A fresh nonce per page: the visit page's own inline script, and no other, may run. */
const newNonce = () => randomBytes(16).toString('base64');

function page(reply: FastifyReply, status: number, body: string, nonce?: string) {
  const script = nonce ? `'nonce-${nonce}'` : "'none'";
  return (
    reply
      .code(status)
      .header('cache-control', 'no-store')
      // the token is in the address: it must not leak to other sites
      .header('referrer-policy', 'no-referrer')
      .header(
        'content-security-policy',
        `default-src 'none'; style-src 'unsafe-inline'; script-src ${script}; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'`,
      )
      .type('text/html; charset=utf-8')
      .send(body)
  );
}

function otherLang(req: FastifyRequest, lang: Lang): string {
  const url = new URL(req.url, 'http://x');
  url.searchParams.set('lang', lang === 'en' ? 'ru' : 'en');
  return url.pathname + url.search;
}

/** The public pages; `close` ends their live streams (the server stops). */
export function registerPublic(deps: HqDeps): { close(): Promise<void> } {
  const { pool } = deps;
  const streams = visitStreams(deps);

  deps.serve('publicVisitPage', async ({ params, query, req, reply }) => {
    const lang = query.lang ?? 'ru';
    const langHref = otherLang(req, lang);
    const found = await findVisit(pool, params.office, params.token, deps.now());
    if (found instanceof HqRefusal) {
      const code = found.error.code;
      return page(reply, errorStatus(code), messagePage(lang, langHref, code));
    }
    // /o/<office>/v/<token> → ../../../api/public/<office>/visits/<token>
    const api = `../../../api/public/${encodeURIComponent(params.office)}/visits/${encodeURIComponent(params.token)}`;
    const nonce = newNonce();
    return page(reply, 200, visitPage({ lang, langHref, api, now: deps.now(), nonce }, found.visit), nonce);
  });

  deps.serve('publicVisit', async ({ params, reply }) => {
    const found = await findVisit(pool, params.office, params.token, deps.now());
    if (found instanceof HqRefusal) return found;
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    return found.visit;
  });

  deps.serve('publicVisitLive', async ({ params, reply }) => {
    const found = await findVisit(pool, params.office, params.token, deps.now());
    if (found instanceof HqRefusal) return found;
    const read = async () => {
      const again = await findVisit(pool, params.office, params.token, deps.now());
      return again instanceof HqRefusal ? null : again.visit;
    };
    return streams.attach(reply, found.office.id, read, found.visit);
  });

  deps.serve('publicRate', async ({ params, body }) => {
    const found = await findVisit(pool, params.office, params.token, deps.now());
    if (found instanceof HqRefusal) return found;
    if (found.visit.rated) return refuse('RATING_ALREADY_GIVEN');
    if (found.visit.status !== 'done') return refuse('RATING_VISIT_UNKNOWN');
    // UNIQUE (office_id, ticket_id) decides between two taps, two phones or two head-office processes
    const { rows } = await pool.query<{ id: string }>(
      `WITH ins AS (
         INSERT INTO returned_ratings (office_id, ticket_id, score, reasons, feedback)
         SELECT $1, $2, $3, $4, $5
          WHERE NOT EXISTS (SELECT 1 FROM hq_tickets WHERE office_id = $1 AND ticket_id = $2 AND rated)
         ON CONFLICT (office_id, ticket_id) DO NOTHING RETURNING id
       ), mark AS (
         UPDATE hq_tickets SET rated = true WHERE office_id = $1 AND ticket_id = $2 AND EXISTS (SELECT 1 FROM ins)
       )
       SELECT id FROM ins`,
      [found.office.id, found.ticketId, body.score, JSON.stringify(body.reasons), body.feedback ?? null],
    );
    if (rows.length === 0) return refuse('RATING_ALREADY_GIVEN');
    return { ok: true as const };
  });

  deps.serve('syncRatingsAck', async ({ identity, body }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    // 152-ФЗ: the written feedback may hold a phone or an e-mail; once the office has it, head office forgets it
    await pool.query(
      `UPDATE returned_ratings SET acked_at = now(), feedback = NULL
        WHERE office_id = $1 AND id = ANY($2::text[]) AND acked_at IS NULL`,
      [identity.officeId, body.ids],
    );
    return { ok: true as const };
  });
  return streams;
}
