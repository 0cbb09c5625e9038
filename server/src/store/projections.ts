import type { DomainEvent, Ticket, VisitSummary } from '@talon/protocol';
import type Database from 'better-sqlite3';

type DB = Database.Database;

/** `closed` is the projection's own terminal state: closed tickets have left the engine's live state. */
export type TicketRowStatus = Ticket['status'] | 'closed';

export interface TicketRow {
  id: string;
  number: string;
  dayKey: string;
  serviceId: string;
  status: TicketRowStatus;
  issuedAt: number;
  updatedSeq: number;
  /** The ticket as issued; the columns above carry what changed since. */
  data: Ticket;
}

export interface VisitQuery {
  /** Inclusive office-local dates, YYYY-MM-DD. */
  fromDay?: string;
  toDay?: string;
  operatorId?: string;
}

type Kind = 'text' | 'num' | 'bool' | 'json';

/**
 * One list drives the INSERT and the read-back so the two cannot drift apart.
 * Every VisitSummary key must appear here; `satisfies` makes a new protocol field a type error.
 */
const VISIT_FIELDS = [
  ['ticketId', 'ticket_id', 'text'],
  ['number', 'number', 'text'],
  ['dayKey', 'day_key', 'text'],
  ['serviceId', 'service_id', 'text'],
  ['originServiceId', 'origin_service_id', 'text'],
  ['topicId', 'topic_id', 'text'],
  ['segmentId', 'segment_id', 'text'],
  ['priorityCategoryId', 'priority_category_id', 'text'],
  ['appointmentId', 'appointment_id', 'text'],
  ['walkIn', 'walk_in', 'bool'],
  ['outcome', 'outcome', 'text'],
  ['issuedAt', 'issued_at', 'num'],
  ['firstCalledAt', 'first_called_at', 'num'],
  ['lastCalledAt', 'last_called_at', 'num'],
  ['startedAt', 'started_at', 'num'],
  ['closedAt', 'closed_at', 'num'],
  ['firstWaitSec', 'first_wait_sec', 'num'],
  ['waitSec', 'wait_sec', 'num'],
  ['walkSec', 'walk_sec', 'num'],
  ['serviceSec', 'service_sec', 'num'],
  ['totalSec', 'total_sec', 'num'],
  ['operatorId', 'operator_id', 'text'],
  ['windowId', 'window_id', 'text'],
  ['transfers', 'transfers', 'num'],
  ['postponements', 'postponements', 'num'],
  ['recalls', 'recalls', 'num'],
  ['outcomes', 'outcomes', 'json'],
  ['digitalOnboarding', 'digital_onboarding', 'bool'],
  ['extraSale', 'extra_sale', 'bool'],
] as const satisfies readonly (readonly [keyof VisitSummary, string, Kind])[];

type MissingVisitField = Exclude<keyof VisitSummary, (typeof VISIT_FIELDS)[number][0]>;
// Compile-time check: fails to type-check if VisitSummary gains a field that is not stored.
const visitFieldsComplete: MissingVisitField extends never ? true : never = true;
void visitFieldsComplete;

type SqlValue = string | number | null;

function toColumn(kind: Kind, v: unknown): SqlValue {
  if (v === undefined || v === null) return null;
  switch (kind) {
    case 'bool':
      return v ? 1 : 0;
    case 'json':
      return JSON.stringify(v);
    default:
      return v as string | number;
  }
}

function visitFromRow(row: Record<string, SqlValue>): VisitSummary {
  const out: Record<string, unknown> = {};
  for (const [key, col, kind] of VISIT_FIELDS) {
    const v = row[col];
    // Optional fields come back absent rather than null, matching what the engine produced.
    if (v === null || v === undefined) continue;
    out[key] = kind === 'bool' ? v === 1 : kind === 'json' ? JSON.parse(String(v)) : v;
  }
  return out as unknown as VisitSummary;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export interface Projections {
  /** Must run inside the append transaction so projections never disagree with the log. */
  apply(event: DomainEvent, seq: number): void;
  visits(query: VisitQuery): VisitSummary[];
  /** One closed visit by its ticket id. */
  visit(ticketId: string): VisitSummary | null;
  ticketRow(id: string): TicketRow | null;
  /** Empties both projections; the caller replays the log into `apply`. */
  clear(): void;
}

export function createProjections(db: DB): Projections {
  const upsertTicket = db.prepare<[string, string, string, string, string, number, number, string]>(
    `INSERT INTO tickets (id, number, day_key, service_id, status, issued_at, updated_seq, data)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(id) DO UPDATE SET number = excluded.number, day_key = excluded.day_key,
       service_id = excluded.service_id, status = excluded.status, issued_at = excluded.issued_at,
       updated_seq = excluded.updated_seq, data = excluded.data`,
  );
  const setStatus = db.prepare<[string, number, string]>('UPDATE tickets SET status = ?, updated_seq = ? WHERE id = ?');
  const setStatusService = db.prepare<[string, string, number, string]>(
    'UPDATE tickets SET status = ?, service_id = ?, updated_seq = ? WHERE id = ?',
  );
  const cols = VISIT_FIELDS.map(([, c]) => c);
  // Upsert rather than fail: the engine owns the domain rules, and a projection must never be the
  // reason a committed-by-engine event is refused.
  const upsertVisit = db.prepare<SqlValue[]>(
    `INSERT INTO visits (${cols.join(', ')}, seq) VALUES (${cols.map(() => '?').join(', ')}, ?)
     ON CONFLICT(ticket_id) DO UPDATE SET ${[...cols.slice(1), 'seq'].map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  const getTicket = db.prepare<
    [string],
    {
      id: string;
      number: string;
      day_key: string;
      service_id: string;
      status: TicketRowStatus;
      issued_at: number;
      updated_seq: number;
      data: string;
    }
  >('SELECT * FROM tickets WHERE id = ?');
  const getVisit = db.prepare<[string], Record<string, SqlValue>>('SELECT * FROM visits WHERE ticket_id = ?');

  const visitQueries = new Map<string, Database.Statement<SqlValue[], Record<string, SqlValue>>>();
  const visitStatement = (q: VisitQuery) => {
    const key = `${q.fromDay !== undefined}${q.toDay !== undefined}${q.operatorId !== undefined}`;
    let stmt = visitQueries.get(key);
    if (!stmt) {
      // One statement per filter combination, so each can use its own index instead of `? IS NULL OR`.
      const where: string[] = [];
      if (q.operatorId !== undefined) where.push('operator_id = ?');
      if (q.fromDay !== undefined) where.push('day_key >= ?');
      if (q.toDay !== undefined) where.push('day_key <= ?');
      const sql = `SELECT * FROM visits${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY seq`;
      stmt = db.prepare<SqlValue[], Record<string, SqlValue>>(sql);
      visitQueries.set(key, stmt);
    }
    return stmt;
  };

  const closeWithVisit = (ticketId: string, visit: VisitSummary, seq: number) => {
    setStatus.run('closed', seq, ticketId);
    upsertVisit.run(...VISIT_FIELDS.map(([key, , kind]) => toColumn(kind, visit[key])), seq);
  };
  const insertTicket = (t: Ticket, status: TicketRowStatus, seq: number) => {
    upsertTicket.run(t.id, t.number, t.dayKey, t.serviceId, status, t.issuedAt, seq, JSON.stringify(t));
  };

  return {
    apply(e, seq) {
      switch (e.type) {
        case 'TicketIssued':
          insertTicket(e.ticket, e.ticket.status, seq);
          break;
        case 'WalkInStarted':
          insertTicket(e.ticket, 'serving', seq);
          break;
        case 'TicketCalled':
        case 'TicketRecalled':
          setStatus.run('called', seq, e.ticketId);
          break;
        case 'ServiceStarted':
          setStatus.run('serving', seq, e.ticketId);
          break;
        case 'TicketTransferred':
          setStatusService.run('waiting', e.toServiceId, seq, e.ticketId);
          break;
        case 'TicketPostponed':
          setStatus.run('postponed', seq, e.ticketId);
          break;
        case 'ServiceFinished':
          if (e.visit) closeWithVisit(e.ticketId, e.visit, seq);
          else if (e.returnTo) setStatusService.run('waiting', e.returnTo.serviceId, seq, e.ticketId);
          break;
        case 'TicketNoShow':
        case 'TicketCancelled':
          closeWithVisit(e.ticketId, e.visit, seq);
          break;
        default:
          break;
      }
    },

    visits(q) {
      for (const d of [q.fromDay, q.toDay]) {
        // Day keys are compared as text, which only orders correctly in this exact shape.
        if (d !== undefined && !DAY.test(d)) throw new RangeError(`day must be YYYY-MM-DD, got ${d}`);
      }
      const params: SqlValue[] = [];
      if (q.operatorId !== undefined) params.push(q.operatorId);
      if (q.fromDay !== undefined) params.push(q.fromDay);
      if (q.toDay !== undefined) params.push(q.toDay);
      return visitStatement(q)
        .all(...params)
        .map(visitFromRow);
    },

    visit(ticketId) {
      const r = getVisit.get(ticketId);
      return r ? visitFromRow(r) : null;
    },

    ticketRow(id) {
      const r = getTicket.get(id);
      if (!r) return null;
      return {
        id: r.id,
        number: r.number,
        dayKey: r.day_key,
        serviceId: r.service_id,
        status: r.status,
        issuedAt: r.issued_at,
        updatedSeq: r.updated_seq,
        data: JSON.parse(r.data) as Ticket,
      };
    },

    clear() {
      db.exec('DELETE FROM tickets; DELETE FROM visits;');
    },
  };
}
