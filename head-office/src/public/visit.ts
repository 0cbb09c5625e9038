import type { HallTicket, LocalText, PublicVisit } from '@talon/protocol';
import { verifyVisitToken } from '@talon/server/links';
import type { HqRefusal, Queryable } from '../context.js';
import { refuse } from '../context.js';

export interface VisitOffice {
  id: string;
  code: string;
  name: LocalText;
}

export interface FoundVisit {
  office: VisitOffice;
  ticketId: string;
  visit: PublicVisit;
}

const STATUS: Record<string, PublicVisit['status']> = {
  waiting: 'waiting',
  postponed: 'waiting',
  called: 'called',
  serving: 'serving',
  done: 'done',
  served: 'done',
  'no-show': 'no-show',
  no_show: 'no-show',
  cancelled: 'cancelled',
};

interface OfficeRow {
  id: string;
  code: string;
  name: LocalText;
  link_secret: Buffer | null;
  last_seen_at: Date | null;
  day_key: string | null;
  queue: HallTicket[] | null;
  services: { id: string; name: LocalText }[] | null;
}

interface TicketRow {
  number: string;
  service_id: string;
  day_key: string;
  status: string;
  window_number: number | null;
  issued_at: Date;
  updated_at: Date;
  rated: boolean;
  given: boolean;
  service_name: LocalText | null;
}

/**
 * The visit a public link stands for, as head office last heard of it. The link is the office's
 * own signed token, checked with the secret the office sent at hello: a token of another office or
 * a made-up one fails the signature.
 */
export async function findVisit(
  db: Queryable,
  officeCode: string,
  token: string,
  now: number,
): Promise<FoundVisit | HqRefusal> {
  const { rows } = await db.query<OfficeRow>(
    `SELECT o.id, o.code, o.name, o.link_secret, s.last_seen_at, s.status->>'dayKey' AS day_key,
            s.status->'queue' AS queue, s.status->'services' AS services
       FROM offices o LEFT JOIN office_sync s ON s.office_id = o.id WHERE o.code = $1`,
    [officeCode],
  );
  const o = rows[0];
  if (!o) return refuse('UNKNOWN_OFFICE');
  // No secret yet: the office has not said hello, so nothing of it can be shown.
  if (!o.link_secret) return refuse('VISIT_NOT_SYNCED');
  const check = verifyVisitToken(o.link_secret, token, now);
  if (!check.ok) return refuse(check.reason === 'expired' ? 'RATING_LINK_EXPIRED' : 'RATING_LINK_INVALID');
  const ticketId = check.claim.ticketId;

  const t = await db.query<TicketRow>(
    `SELECT t.number, t.service_id, t.day_key, t.status, t.window_number, t.issued_at, t.updated_at, t.rated,
            EXISTS (SELECT 1 FROM returned_ratings r WHERE r.office_id = t.office_id AND r.ticket_id = t.ticket_id) AS given,
            c.name AS service_name
       FROM hq_tickets t
       LEFT JOIN office_catalogue c ON c.office_id = t.office_id AND c.kind = 'service' AND c.item_id = t.service_id
      WHERE t.office_id = $1 AND t.ticket_id = $2`,
    [o.id, ticketId],
  );
  const row = t.rows[0];
  if (!row) return refuse('VISIT_NOT_SYNCED');
  const status = STATUS[row.status] ?? 'waiting';
  const rated = row.rated || row.given;
  let ahead: number | null = null;
  let estimate: PublicVisit['estimate'] = null;
  if (status === 'waiting' && o.queue && o.day_key === row.day_key) {
    const at = o.queue.findIndex((q) => q.number === row.number);
    const q = o.queue[at];
    // the office's own count when it sent one (its first tickets), else the place in the list it sent
    if (q) {
      ahead = q.ahead !== undefined ? q.ahead : at;
      estimate = q.estimate ?? null;
    }
  }
  const visit: PublicVisit = {
    office: { code: o.code, name: o.name },
    number: row.number,
    status,
    serviceName: row.service_name ?? o.services?.find((s) => s.id === row.service_id)?.name ?? null,
    windowNumber: row.window_number,
    ahead,
    estimate,
    issuedAt: row.issued_at.getTime(),
    syncedAt: (o.last_seen_at ?? row.updated_at).getTime(),
    canRate: status === 'done' && !rated,
    rated,
  };
  return { office: { id: o.id, code: o.code, name: o.name }, ticketId, visit };
}
