import type { DomainEvent } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS, type Migration } from './migrations.js';
import { openStore, type Store } from './store.js';
import { issued, liveMode, SYSTEM, T0, tempDir, ticket } from './test-support.js';

let tmp: ReturnType<typeof tempDir>;
const open: Store[] = [];
const openAt = (name = 'office.db') => {
  const s = openStore(tmp.file(name));
  open.push(s);
  return s;
};
/** A second, independent connection: what is on disk, not what the store object believes. */
const raw = (name = 'office.db') => new Database(tmp.file(name), { readonly: true });
const count = (name: string, table: string) => {
  const db = raw(name);
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

beforeEach(() => {
  tmp = tempDir();
});
afterEach(() => {
  for (const s of open.splice(0)) {
    try {
      s.close();
    } catch {
      // already closed by the test
    }
  }
  tmp.cleanup();
});

describe('event log', () => {
  it('assigns contiguous seqs across calls and continues them after reopening', () => {
    const s = openAt();
    expect(s.lastSeq()).toBe(0);
    const a = s.append([liveMode(T0), liveMode(T0 + 1, false), liveMode(T0 + 2)]);
    const b = s.append([liveMode(T0 + 3), liveMode(T0 + 4)]);
    expect([...a, ...b].map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(a[1]).toEqual({ ...liveMode(T0 + 1, false), seq: 2 });
    expect(s.lastSeq()).toBe(5);
    s.close();

    const again = openAt();
    expect(again.lastSeq()).toBe(5);
    expect(again.append([liveMode(T0 + 5)]).map((e) => e.seq)).toEqual([6]);
    const all = again.readEvents(0);
    expect(all.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(all.map((e) => e.at)).toEqual([0, 1, 2, 3, 4, 5].map((d) => T0 + d));
    expect(all[1]).toEqual({ ...liveMode(T0 + 1, false), seq: 2 });
    expect(again.readEvents(2, 2).map((e) => e.seq)).toEqual([3, 4]);
    expect(again.readEvents(6)).toEqual([]);
    expect([...again.iterateEvents(4)]).toEqual(all.slice(4));
  });

  it('stores type, at, actor and the whole event in their columns', () => {
    const s = openAt();
    const t = ticket();
    s.append([issued(t)]);
    const db = raw();
    const row = db.prepare('SELECT * FROM events WHERE seq = 1').get() as Record<string, unknown>;
    db.close();
    expect(row.type).toBe('TicketIssued');
    expect(row.at).toBe(T0);
    expect(JSON.parse(String(row.actor))).toEqual(issued(t).actor);
    expect(JSON.parse(String(row.payload))).toEqual(issued(t));
  });

  it('iterates lazily and can stop early', () => {
    const s = openAt();
    s.append(Array.from({ length: 50 }, (_, i) => liveMode(T0 + i)));
    const seen: number[] = [];
    for (const e of s.iterateEvents(10)) {
      seen.push(e.seq);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([11, 12, 13]);
    // The iterator was closed on break, so the connection accepts writes again.
    expect(s.append([liveMode(T0 + 99)])[0]?.seq).toBe(51);
  });

  it('writes nothing when serialising an event throws', () => {
    const s = openAt();
    s.append([liveMode(T0)]);
    const bad = { ...liveMode(T0 + 2), reason: 10n } as unknown as DomainEvent;
    expect(() => s.append([issued(ticket({ id: 't-ok' })), bad], { commandId: 'cmd-bigint-1' })).toThrow(/BigInt/);
    expect(s.lastSeq()).toBe(1);
    expect(count('office.db', 'events')).toBe(1);
    expect(count('office.db', 'outbox')).toBe(1);
    expect(s.ticketRow('t-ok')).toBeNull();
    expect(s.commandResponse('cmd-bigint-1')).toBeUndefined();
    // The failed attempt consumed no sequence numbers.
    expect(s.append([liveMode(T0 + 3)])[0]?.seq).toBe(2);
  });

  it('writes nothing when a constraint fails half-way through the batch', () => {
    const s = openAt();
    const broken = issued(ticket({ id: 't-broken', number: null as unknown as string }));
    expect(() => s.append([liveMode(T0), issued(ticket({ id: 't-first' })), broken])).toThrow(/NOT NULL/);
    expect(s.lastSeq()).toBe(0);
    expect(s.ticketRow('t-first')).toBeNull();
    expect(count('office.db', 'events')).toBe(0);
    expect(count('office.db', 'outbox')).toBe(0);
    expect(count('office.db', 'tickets')).toBe(0);
  });

  it('runs append hooks inside the transaction: their rows commit and roll back with the events', () => {
    const s = openAt();
    s.db.exec('CREATE TABLE side (seq INTEGER PRIMARY KEY, type TEXT NOT NULL)');
    const put = s.db.prepare('INSERT INTO side (seq, type) VALUES (?, ?)');
    const seen: number[] = [];
    const unhook = s.onAppend((e, seq) => {
      seen.push(seq);
      if (e.type === 'TicketIssued' && e.ticket.id === 't-hook-fails') throw new Error('hook failed');
      put.run(seq, e.type);
    });
    s.append([liveMode(T0), issued(ticket({ id: 't-1' }))]);
    expect(count('office.db', 'side')).toBe(2);
    // A throwing hook undoes the whole batch, its own earlier rows included.
    expect(() => s.append([issued(ticket({ id: 't-2' })), issued(ticket({ id: 't-hook-fails' }))])).toThrow(
      /hook failed/,
    );
    expect(s.lastSeq()).toBe(2);
    expect(count('office.db', 'side')).toBe(2);
    unhook();
    s.append([liveMode(T0 + 1)]);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(count('office.db', 'side')).toBe(2);
  });
});

describe('command idempotency', () => {
  it('returns the stored response for a command id, across reopen', () => {
    const s = openAt();
    const response = { ok: true, seq: 1, result: { ticketId: 't-1', number: 'К-001', peopleAhead: 0 } };
    s.append([issued(ticket())], { commandId: 'cmd-aaaaaaaa', response });
    expect(s.commandResponse('cmd-aaaaaaaa')).toEqual(response);
    expect(s.commandResponse('cmd-unknown1')).toBeUndefined();
    s.close();
    expect(openAt().commandResponse('cmd-aaaaaaaa')).toEqual(response);
  });

  it('refuses a repeated command id and rolls back its events', () => {
    const s = openAt();
    s.append([liveMode(T0)], { commandId: 'cmd-bbbbbbbb', response: { first: true } });
    expect(() => s.append([liveMode(T0 + 1)], { commandId: 'cmd-bbbbbbbb', response: { first: false } })).toThrow(
      /UNIQUE|PRIMARY KEY/,
    );
    expect(s.lastSeq()).toBe(1);
    expect(count('office.db', 'outbox')).toBe(1);
    expect(s.commandResponse('cmd-bbbbbbbb')).toEqual({ first: true });
  });

  it('records a command that produced no events at the current seq', () => {
    const s = openAt();
    s.append([liveMode(T0), liveMode(T0 + 1)]);
    s.append([], { commandId: 'cmd-cccccccc', at: T0 + 5 });
    expect(s.commandResponse('cmd-cccccccc')).toBeNull();
    const db = raw();
    expect(db.prepare('SELECT seq, at FROM commands').get()).toEqual({ seq: 2, at: T0 + 5 });
    db.close();
    expect(s.purgeCommands(T0 + 5)).toBe(0);
    expect(s.purgeCommands(T0 + 6)).toBe(1);
    expect(s.commandResponse('cmd-cccccccc')).toBeUndefined();
  });
});

describe('outbox', () => {
  it('has one row per event and tracks what was sent', () => {
    const s = openAt();
    s.append([liveMode(T0), liveMode(T0 + 10)]);
    s.append([liveMode(T0 + 20), liveMode(T0 + 30), liveMode(T0 + 40)]);
    const db = raw();
    const outboxSeqs = db.prepare('SELECT seq FROM outbox ORDER BY seq').pluck().all();
    db.close();
    expect(outboxSeqs).toEqual([1, 2, 3, 4, 5]);
    expect(s.pendingOutbox(100)).toEqual(s.readEvents(0));
    expect(s.pendingOutbox(2).map((e) => e.seq)).toEqual([1, 2]);
    expect(s.outboxBacklog()).toEqual({ count: 5, oldestAt: T0 });

    s.markSent(3, T0 + 1000);
    expect(s.pendingOutbox(100).map((e) => e.seq)).toEqual([4, 5]);
    expect(s.outboxBacklog()).toEqual({ count: 2, oldestAt: T0 + 30 });

    s.markSent(5, T0 + 2000);
    expect(s.pendingOutbox(100)).toEqual([]);
    expect(s.outboxBacklog()).toEqual({ count: 0, oldestAt: null });

    const check = raw();
    const sent = check.prepare('SELECT seq, sent_at FROM outbox ORDER BY seq').all();
    check.close();
    // The first delivery time is kept: a later acknowledgement does not rewrite it.
    expect(sent).toEqual([
      { seq: 1, sent_at: T0 + 1000 },
      { seq: 2, sent_at: T0 + 1000 },
      { seq: 3, sent_at: T0 + 1000 },
      { seq: 4, sent_at: T0 + 2000 },
      { seq: 5, sent_at: T0 + 2000 },
    ]);
  });
});

describe('snapshots', () => {
  it('loads the latest and keeps only the last three', () => {
    const s = openAt();
    expect(s.loadSnapshot()).toBeNull();
    s.append(Array.from({ length: 10 }, (_, i) => liveMode(T0 + i)));
    for (const seq of [2, 4, 6, 8]) s.saveSnapshot(seq, { seq, tickets: { [`t${seq}`]: { n: seq } } });
    expect(s.loadSnapshot()).toEqual({ seq: 8, state: { seq: 8, tickets: { t8: { n: 8 } } } });
    const db = raw();
    expect(db.prepare('SELECT seq FROM snapshots ORDER BY seq').pluck().all()).toEqual([4, 6, 8]);
    db.close();
    s.close();
    expect(openAt().loadSnapshot()?.seq).toBe(8);
  });

  it('refuses a snapshot ahead of the log', () => {
    const s = openAt();
    s.append([liveMode(T0)]);
    expect(() => s.saveSnapshot(2, {})).toThrow(RangeError);
    expect(s.loadSnapshot()).toBeNull();
    s.saveSnapshot(0, { empty: true });
    expect(s.loadSnapshot()).toEqual({ seq: 0, state: { empty: true } });
  });
});

describe('migrations', () => {
  const versions = (name: string) => {
    const db = raw(name);
    try {
      return db.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    } finally {
      db.close();
    }
  };

  it('applies every migration once and nothing on reopen', () => {
    openAt().close();
    const first = versions('office.db');
    expect(first.map((r) => (r as { version: number }).version)).toEqual(MIGRATIONS.map((m) => m.version));
    const s = openAt();
    s.append([liveMode(T0)]);
    s.close();
    expect(versions('office.db')).toEqual(first);
    expect(openAt().lastSeq()).toBe(1);
  });

  it('sets WAL on the file and enforces foreign keys', () => {
    const s = openAt();
    const db = raw();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(() => s.createSession({ tokenHash: 'h', userId: 'nobody', createdAt: T0, expiresAt: T0 + 1 })).toThrow(
      /FOREIGN KEY/,
    );
  });

  it('runs only the new migrations and rolls back a failing one', () => {
    const db = new Database(tmp.file('m.db'));
    try {
      expect(applyMigrations(db)).toEqual(MIGRATIONS.map((m) => m.version));
      const extra: Migration = { version: 100, name: 'notes', up: 'CREATE TABLE notes (id INTEGER PRIMARY KEY)' };
      expect(applyMigrations(db, [...MIGRATIONS, extra])).toEqual([100]);
      expect(applyMigrations(db, [...MIGRATIONS, extra])).toEqual([]);

      const broken: Migration = {
        version: 101,
        name: 'broken',
        up: (d) => {
          d.exec('CREATE TABLE half_done (id INTEGER)');
          d.exec('INSERT INTO no_such_table VALUES (1)');
        },
      };
      expect(() => applyMigrations(db, [...MIGRATIONS, extra, broken])).toThrow(/no such table/);
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toContain('notes');
      expect(tables).not.toContain('half_done');
      expect(db.prepare('SELECT MAX(version) FROM schema_migrations').pluck().get()).toBe(100);
    } finally {
      db.close();
    }
    // This build knows fewer versions than the file has: it must not touch it.
    expect(() => openStore(tmp.file('m.db'))).toThrow(/newer than this build/);
  });

  it('rejects an unordered migration list', () => {
    const db = new Database(':memory:');
    const a: Migration = { version: 2, name: 'a', up: 'SELECT 1' };
    const b: Migration = { version: 1, name: 'b', up: 'SELECT 1' };
    expect(() => applyMigrations(db, [a, b])).toThrow(/out of order/);
    db.close();
  });
});

describe('backup and memory', () => {
  it('makes a copy that opens with the same log', async () => {
    const s = openAt();
    s.append(Array.from({ length: 20 }, (_, i) => liveMode(T0 + i)));
    s.append([issued(ticket())], { commandId: 'cmd-dddddddd', response: { ok: true } });
    await s.backup(tmp.file('backup.db'));
    // The live store keeps working after the backup.
    s.append([liveMode(T0 + 100)]);

    const copy = openAt('backup.db');
    expect(copy.lastSeq()).toBe(21);
    expect(copy.readEvents(0)).toEqual(s.readEvents(0, 21));
    expect(copy.commandResponse('cmd-dddddddd')).toEqual({ ok: true });
    expect(copy.ticketRow('t-1')?.status).toBe('waiting');
  });

  it('works in memory', () => {
    const s = openStore(':memory:');
    open.push(s);
    expect(s.append([liveMode(T0), { type: 'BreakEnded', at: T0, actor: SYSTEM, operatorId: 'op-1' }])).toHaveLength(2);
    expect(s.lastSeq()).toBe(2);
  });

  it('appends a thousand single-event transactions quickly', () => {
    const s = openAt();
    const started = performance.now();
    for (let i = 0; i < 1000; i++) s.append([issued(ticket({ id: `t-${i}`, issuedAt: T0 + i }))]);
    const ms = performance.now() - started;
    expect(s.lastSeq()).toBe(1000);
    // Loose bound: only catches an accidental per-call prepare or a missing transaction.
    expect(ms).toBeLessThan(30_000);
  });
});
