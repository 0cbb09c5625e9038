import type { DomainEvent, EngineState, Ticket } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { type PersonalRow, personalRef, separate, withoutValues } from './personal.js';

type DB = Database.Database;

const BATCH = 1000;

export const PERSONAL_DATA_TABLE = `
  CREATE TABLE personal_data (
    ref TEXT NOT NULL,
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    phone TEXT,
    at INTEGER NOT NULL,
    PRIMARY KEY (ref, kind)
  ) WITHOUT ROWID;
  CREATE INDEX personal_data_phone ON personal_data(phone) WHERE phone IS NOT NULL;
  CREATE INDEX personal_data_at ON personal_data(at);
`;

/**
 * Schema version 13 (152-ФЗ): the personal-data table, and every value already written elsewhere moved
 * into it. The event log is append-only by design; this is the one deliberate rewrite of its rows: the
 * payloads of `TicketIssued`, `WalkInStarted`, `AppointmentCreated` and `FeedbackReceived` lose the values
 * and gain the reference, exactly as new events are written now. Ticket rows, the feedback register,
 * snapshots and the reports' folded state follow. Runs inside the migration's transaction with
 * `secure_delete` on (store.ts), so the old bytes do not stay behind in free pages.
 */
export function movePersonalDataOutOfTheLog(db: DB): void {
  db.exec(PERSONAL_DATA_TABLE);
  const insert = db.prepare<[string, string, string, string | null, number]>(
    'INSERT OR REPLACE INTO personal_data (ref, kind, value, phone, at) VALUES (?, ?, ?, ?, ?)',
  );
  const put = (rows: readonly PersonalRow[]) => {
    for (const r of rows) insert.run(r.ref, r.kind, r.value, r.phone, r.at);
  };

  // Batches via .all(): better-sqlite3 allows no write while a read iterates.
  const events = db.prepare<[number, number], { seq: number; payload: string }>(
    `SELECT seq, payload FROM events
     WHERE seq > ? AND type IN ('TicketIssued', 'WalkInStarted', 'AppointmentCreated', 'FeedbackReceived')
       AND (payload LIKE '%"visitorData"%' OR payload LIKE '%"visitorName"%' OR payload LIKE '%"contact"%')
     ORDER BY seq LIMIT ?`,
  );
  const setPayload = db.prepare<[string, number]>('UPDATE events SET payload = ? WHERE seq = ?');
  for (let after = 0; ; ) {
    const rows = events.all(after, BATCH);
    for (const r of rows) {
      const split = separate(JSON.parse(r.payload) as DomainEvent, r.seq);
      if (split.rows.length === 0) continue;
      put(split.rows);
      setPayload.run(JSON.stringify(split.persisted), r.seq);
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = last.seq;
  }

  // The ticket rows hold the ticket as issued: the same rewrite as its event's.
  const tickets = db.prepare<[string, number], { id: string; data: string }>(
    `SELECT id, data FROM tickets WHERE id > ? AND data LIKE '%"visitorData"%' ORDER BY id LIMIT ?`,
  );
  const setData = db.prepare<[string, string]>('UPDATE tickets SET data = ? WHERE id = ?');
  for (let after = ''; ; ) {
    const rows = tickets.all(after, BATCH);
    for (const r of rows) {
      const t = JSON.parse(r.data) as Ticket;
      if (!t.visitorData?.account && !t.visitorData?.phone) continue;
      const { visitorData: _v, ...bare } = t;
      setData.run(JSON.stringify({ ...bare, personalRef: personalRef.ticket(t.id) }), r.id);
    }
    const last = rows.at(-1);
    if (!last || rows.length < BATCH) break;
    after = last.id;
  }

  db.exec('UPDATE feedback SET contact = NULL WHERE contact IS NOT NULL');

  const snapshots = db.prepare<[], { seq: number; state: string }>('SELECT seq, state FROM snapshots').all();
  const setState = db.prepare<[string, number]>('UPDATE snapshots SET state = ? WHERE seq = ?');
  for (const r of snapshots) {
    const state = JSON.parse(r.state) as EngineState;
    const kept = withoutValues(state);
    if (kept !== state) setState.run(JSON.stringify(kept), r.seq);
  }

  // The reports' catch-up keeps a folded state as its cursor (server/src/reports/timeline.ts).
  const cursors = db.prepare<[], { name: string; cursor: string }>('SELECT name, cursor FROM report_progress').all();
  const setCursor = db.prepare<[string, string]>('UPDATE report_progress SET cursor = ? WHERE name = ?');
  for (const r of cursors) {
    const cursor = JSON.parse(r.cursor) as { state?: EngineState };
    if (!cursor.state?.tickets || !cursor.state.appointments) continue;
    const kept = withoutValues(cursor.state);
    if (kept !== cursor.state) setCursor.run(JSON.stringify({ ...cursor, state: kept }), r.name);
  }
}
