import { applyEvent, initialState } from '@talon/engine';
import type { DomainEvent, EngineState } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyDatabase } from '../backup/verify.js';
import { bytesHolding, columnsHolding } from '../privacy/test-support.js';
import { applyMigrations, MIGRATIONS } from './migrations.js';
import { createProjections } from './projections.js';
import { createRatingProjections } from './ratings.js';
import { openStore } from './store.js';
import { called, finished, issued, SYSTEM, T0, tempDir, ticket, visitOf } from './test-support.js';

const ACCOUNT = '7700123456';
const PHONE = '+7 912 345-67-89';
const NAME = 'Иванов Пётр Сергеевич';
const CONTACT = '8 (912) 345-67-89';
const VALUES = [ACCOUNT, PHONE, NAME, CONTACT];

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => tmp.cleanup());

const served = ticket({ id: 't-1', visitorData: { account: ACCOUNT, phone: PHONE } });
const waiting = ticket({ id: 't-2', number: 'К-002', issuedAt: T0 + 60_000, visitorData: { phone: PHONE } });
/** A day as builds before schema 13 wrote it: the values inside the events, the rows and the snapshots. */
const OLD_DAY: DomainEvent[] = [
  issued(served),
  issued(waiting),
  called('t-1', T0 + 120_000),
  finished('t-1', T0 + 600_000, { visit: visitOf(served, { closedAt: T0 + 600_000 }) }),
  {
    type: 'AppointmentCreated',
    at: T0,
    actor: SYSTEM,
    appointment: {
      id: 'B-1@1',
      code: 'B-1',
      serviceId: 'svc-pay',
      slotAt: T0 + 3600_000,
      status: 'booked',
      visitorName: NAME,
    },
  },
  {
    type: 'FeedbackReceived',
    at: T0 + 700_000,
    actor: SYSTEM,
    feedbackType: 'complaint',
    text: 'Долго ждал',
    contact: CONTACT,
    actionable: true,
    channel: 'terminal',
    dayKey: '2025-03-03',
  },
];

/** Writes OLD_DAY the way the previous build did, with a snapshot mid-day and at the end and a report cursor. */
function previousBuild(file: string): EngineState {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  applyMigrations(
    db,
    MIGRATIONS.filter((m) => m.version < 13),
  );
  const projections = createProjections(db);
  const ratings = createRatingProjections(db);
  const state = initialState();
  const insert = db.prepare('INSERT INTO events (seq, type, at, actor, payload) VALUES (?, ?, ?, ?, ?)');
  const snapshot = db.prepare('INSERT INTO snapshots (seq, state) VALUES (?, ?)');
  OLD_DAY.forEach((e, i) => {
    const seq = i + 1;
    insert.run(seq, e.type, e.at, JSON.stringify(e.actor), JSON.stringify(e));
    projections.apply(e, seq);
    ratings.apply(e, seq);
    applyEvent(state, structuredClone({ ...e, seq }));
    if (seq === 2 || seq === OLD_DAY.length) snapshot.run(seq, JSON.stringify(state));
  });
  db.prepare('INSERT INTO report_progress (name, seq, cursor) VALUES (?, ?, ?)').run(
    'timeline',
    OLD_DAY.length,
    JSON.stringify({ lastAt: T0, state }),
  );
  db.close();
  return state;
}

describe('schema 13: existing personal data moved out of the log', () => {
  it('leaves the values only in their table, the log and snapshots still agreeing, the office state as before', () => {
    const file = tmp.file('office.db');
    const before = previousBuild(file);
    const raw = new Database(file, { readonly: true });
    const where = new Set(columnsHolding(raw, VALUES).map((c) => c.split(':')[0]));
    expect([...where].sort()).toEqual([
      'events.payload',
      'feedback.contact',
      'report_progress.cursor',
      'snapshots.state',
      'tickets.data',
    ]);
    raw.close();

    const store = openStore(file);
    try {
      expect(columnsHolding(store.db, VALUES).every((c) => c.startsWith('personal_data.value'))).toBe(true);
      expect(columnsHolding(store.db, VALUES)).toHaveLength(4);
      // the same log, seq by seq, with references where the values were
      const log = store.readEvents(0);
      expect(log.map((e) => [e.seq, e.type, e.at])).toEqual(OLD_DAY.map((e, i) => [i + 1, e.type, e.at]));
      expect(log[0]).toMatchObject({ ticket: { id: 't-1', number: 'К-001', personalRef: 'ticket:t-1' } });
      expect(log[5]).toMatchObject({ personalRef: 'feedback:6', text: 'Долго ждал', actionable: true });
      expect(store.ticketRow('t-2')?.data.personalRef).toBe('ticket:t-2');
      expect(store.feedback({})[0]?.contact).toBe(CONTACT);
      expect(store.visits({})).toHaveLength(1);
      expect(store.personal.byPhone('79123456789').map((r) => r.ref)).toEqual([
        'ticket:t-1',
        'ticket:t-2',
        'feedback:6',
      ]);

      // the office recovers the same state as before, values included
      const recovered = store.loadSnapshot()?.state as EngineState;
      store.personal.hydrate(recovered);
      expect(recovered.tickets['t-2']?.visitorData).toEqual({ phone: PHONE });
      expect(recovered.appointments['B-1@1']?.visitorName).toBe(NAME);
      expect(JSON.parse(JSON.stringify(recovered))).toMatchObject(JSON.parse(JSON.stringify(before)));

      // run again: nothing to do
      expect(applyMigrations(store.db)).toEqual([]);

      // once the values are purged, no copy of them is left in the file: the rewrite zeroed the old bytes
      store.personal.purge(Number.MAX_SAFE_INTEGER);
      store.db.pragma('wal_checkpoint(TRUNCATE)');
      expect(bytesHolding(file, VALUES)).toEqual([]);
    } finally {
      store.close();
    }
    // the backup check: every snapshot equals the fold of the rewritten log, the projections its rebuild
    const report = verifyDatabase(file, { tmpDir: tmp.dir });
    expect(report.errors).toEqual([]);
    expect(report.snapshots.map((s) => [s.seq, s.ok, s.diffs])).toEqual([
      [2, true, []],
      [6, true, []],
    ]);
    expect(report.ok).toBe(true);
  });
});
