import type { TicketRequest, TicketRequestResult } from '@talon/protocol';
import type { Queryable } from '../context.js';

/** What the visitor chose, kept in the row; the phone is kept apart and nulled once the office answered. */
export interface Choice {
  topicId?: string;
  segmentId?: string;
  serviceId?: string;
}

export interface RequestRow {
  status: 'pending' | 'done' | 'refused';
  ticketId: string | null;
  number: string | null;
  visitExp: number | null;
  error: { code: string; details?: unknown } | null;
}

const NOT_REACHABLE = JSON.stringify({ code: 'OFFICE_NOT_REACHABLE' });

export async function addRequest(
  db: Queryable,
  id: string,
  officeId: string,
  choice: Choice,
  phone: string,
  now: number,
): Promise<void> {
  await db.query(
    'INSERT INTO ticket_requests (id, office_id, request, phone, created_at) VALUES ($1, $2, $3, $4, $5)',
    [id, officeId, JSON.stringify(choice), phone, now],
  );
}

/**
 * Refuses what the office did not take within `timeoutMs` (and what it took but never answered within
 * twice that), forgetting their phones: the visitor is told, nothing personal stays behind.
 */
export async function expireRequests(db: Queryable, now: number, timeoutMs: number, officeId?: string) {
  await db.query(
    `UPDATE ticket_requests SET status = 'refused', error = $1, phone = NULL, answered_at = $2
      WHERE status = 'pending' AND ($5::text IS NULL OR office_id = $5)
        AND ((taken_at IS NULL AND created_at < $3) OR created_at < $4)`,
    [NOT_REACHABLE, now, now - timeoutMs, now - 2 * timeoutMs, officeId ?? null],
  );
}

export async function findRequest(db: Queryable, officeId: string, id: string): Promise<RequestRow | null> {
  const { rows } = await db.query<{
    status: RequestRow['status'];
    ticket_id: string | null;
    number: string | null;
    visit_exp: string | null;
    error: RequestRow['error'];
  }>('SELECT status, ticket_id, number, visit_exp, error FROM ticket_requests WHERE id = $1 AND office_id = $2', [
    id,
    officeId,
  ]);
  const r = rows[0];
  if (!r) return null;
  return {
    status: r.status,
    ticketId: r.ticket_id,
    number: r.number,
    visitExp: r.visit_exp === null ? null : Number(r.visit_exp),
    error: r.error,
  };
}

/** The office's pending requests, marked taken (a request taken and not answered comes again: same ticket). */
export async function takeRequests(db: Queryable, officeId: string, now: number): Promise<TicketRequest[]> {
  const { rows } = await db.query<{ id: string; request: Choice; phone: string }>(
    `UPDATE ticket_requests SET taken_at = COALESCE(taken_at, $2)
      WHERE id IN (SELECT id FROM ticket_requests WHERE office_id = $1 AND status = 'pending' AND phone IS NOT NULL
                    ORDER BY created_at LIMIT 100)
      RETURNING id, request, phone`,
    [officeId, now],
  );
  return rows.map((r) => ({ id: r.id, ...r.request, phone: r.phone }));
}

export async function answerRequests(
  db: Queryable,
  officeId: string,
  results: readonly TicketRequestResult[],
  now: number,
): Promise<void> {
  for (const r of results) {
    await db.query(
      `UPDATE ticket_requests
          SET status = $3, ticket_id = $4, number = $5, visit_exp = $6, error = $7, phone = NULL, answered_at = $8
        WHERE id::text = $1 AND office_id = $2 AND status = 'pending'`,
      r.ok
        ? [r.id, officeId, 'done', r.ticketId, r.number, r.visitExp, null, now]
        : [
            r.id,
            officeId,
            'refused',
            null,
            null,
            null,
            JSON.stringify({ code: r.code, ...(r.details !== undefined ? { details: r.details } : {}) }),
            now,
          ],
    );
  }
}
