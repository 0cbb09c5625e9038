import type { PublicVisit, SyncEvent } from '@talon/protocol';
import type { Queryable } from '../context.js';
import { isDay, num, type Payload, str } from './payload.js';

type Status = PublicVisit['status'];

/** One ticket's net change over a batch: only the last word on each column counts. */
interface Change {
  ticketId: string;
  issue?: { number: string; serviceId: string; dayKey: string; issuedAt: number };
  serviceId?: string;
  status?: Status;
  /** undefined: unchanged; null: no longer at a window. */
  window?: number | null;
  closedAt?: number;
  rated?: boolean;
}

function ticketOf(p: Payload): Change['issue'] & { id: string } {
  const t = (typeof p.ticket === 'object' && p.ticket !== null ? p.ticket : {}) as Payload;
  return {
    id: str(t.id) ?? '',
    number: str(t.number) ?? '',
    serviceId: str(t.serviceId) ?? '',
    dayKey: str(t.dayKey) ?? '',
    issuedAt: num(t.issuedAt) ?? num(p.at) ?? 0,
  };
}

/** Folds the batch's ticket events into one change per ticket (the public visit page reads these rows). */
export function ticketChanges(events: readonly SyncEvent[]): Change[] {
  const changes = new Map<string, Change>();
  const change = (id: string) => {
    let c = changes.get(id);
    if (!c) {
      c = { ticketId: id };
      changes.set(id, c);
    }
    return c;
  };
  for (const e of events) {
    const p = e.payload as Payload;
    if (e.type === 'TicketIssued' || e.type === 'WalkInStarted') {
      const { id, ...issue } = ticketOf(p);
      if (!id || !issue.number || !issue.serviceId || !isDay(issue.dayKey)) continue;
      // A re-issued id (an office restored from a backup numbers again) starts the row afresh.
      changes.set(id, {
        ticketId: id,
        issue,
        serviceId: issue.serviceId,
        status: e.type === 'TicketIssued' ? 'waiting' : 'serving',
        window: null,
        rated: false,
      });
      continue;
    }
    const id = str(p.ticketId);
    if (!id) continue;
    switch (e.type) {
      case 'TicketCalled':
      case 'TicketRecalled':
        Object.assign(change(id), { status: 'called', window: num(p.windowNumber) ?? null });
        break;
      case 'ServiceStarted':
        change(id).status = 'serving';
        break;
      case 'ServiceFinished': {
        const c = change(id);
        if (typeof p.visit === 'object' && p.visit !== null) {
          c.status = 'done';
          c.closedAt = num((p.visit as Payload).closedAt) ?? e.at;
        } else {
          // Back to the operator it came from: waiting again for that service.
          const back = (typeof p.returnTo === 'object' && p.returnTo !== null ? p.returnTo : {}) as Payload;
          Object.assign(c, { status: 'waiting', window: null, serviceId: str(back.serviceId) ?? c.serviceId });
        }
        break;
      }
      case 'TicketTransferred':
        Object.assign(change(id), { status: 'waiting', window: null, serviceId: str(p.toServiceId) });
        break;
      case 'TicketPostponed':
        Object.assign(change(id), { status: 'waiting', window: null });
        break;
      case 'TicketNoShow':
      case 'TicketCancelled':
        Object.assign(change(id), { status: e.type === 'TicketNoShow' ? 'no-show' : 'cancelled', closedAt: e.at });
        break;
      case 'VisitRated':
        change(id).rated = true;
        break;
    }
  }
  return [...changes.values()];
}

// Issued in this batch: a whole row (insert, or replace a re-issued id). Otherwise: an update of a row
// head office already holds; a ticket issued before the office was connected has none and is skipped.
// In parts, so that the ingest can put them into its one statement (`d` and `upd` as its own CTEs).
export const TICKET_PARTS = {
  d: `SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::text[], $8::int[],
                         $9::bool[], $10::float8[], $11::bool[], $12::bool[])
      AS d(ticket_id, number, service_id, day_key, issued_ms, status, window_number, window_set, closed_ms,
           rated, issued)`,
  upd: `UPDATE hq_tickets t SET
      service_id = coalesce(d.service_id, t.service_id),
      status = coalesce(d.status, t.status),
      window_number = CASE WHEN d.window_set THEN d.window_number ELSE t.window_number END,
      closed_at = coalesce(to_timestamp(d.closed_ms / 1000.0), t.closed_at),
      rated = t.rated OR d.rated,
      updated_at = now()
    FROM d WHERE NOT d.issued AND t.office_id = $1 AND t.ticket_id = d.ticket_id`,
  insert: `INSERT INTO hq_tickets AS t (office_id, ticket_id, number, service_id, day_key, status, window_number,
                               issued_at, closed_at, rated)
  SELECT $1, d.ticket_id, d.number, d.service_id, d.day_key, d.status, d.window_number,
         to_timestamp(d.issued_ms / 1000.0), to_timestamp(d.closed_ms / 1000.0), d.rated
    FROM d WHERE d.issued
  ON CONFLICT (office_id, ticket_id) DO UPDATE SET
    number = EXCLUDED.number, service_id = EXCLUDED.service_id, day_key = EXCLUDED.day_key,
    status = EXCLUDED.status, window_number = EXCLUDED.window_number, issued_at = EXCLUDED.issued_at,
    closed_at = EXCLUDED.closed_at, rated = EXCLUDED.rated, updated_at = now()`,
} as const;

const SQL = `WITH d AS (${TICKET_PARTS.d}), upd AS (${TICKET_PARTS.upd}) ${TICKET_PARTS.insert}`;

/** The statement's parameters after `$1` (the office): one array per column of `d`. */
export function ticketParams(changes: readonly Change[]): unknown[] {
  const col = <T>(f: (c: Change) => T) => changes.map(f);
  return [
    col((c) => c.ticketId),
    col((c) => c.issue?.number ?? null),
    col((c) => c.serviceId ?? null),
    col((c) => c.issue?.dayKey ?? null),
    col((c) => c.issue?.issuedAt ?? null),
    col((c) => c.status ?? null),
    col((c) => c.window ?? null),
    col((c) => c.window !== undefined),
    col((c) => c.closedAt ?? null),
    col((c) => c.rated ?? false),
    col((c) => c.issue !== undefined),
  ];
}

export async function applyTickets(db: Queryable, officeId: string, changes: readonly Change[]): Promise<void> {
  if (changes.length === 0) return;
  await db.query(SQL, [officeId, ...ticketParams(changes)]);
}
