import type { DomainEvent, EngineState, StoredEvent, VisitSummary } from '@talon/protocol';
import Database from 'better-sqlite3';
import { createIdentityStore, type IdentityStore } from './identities.js';
import { applyMigrations } from './migrations.js';
import { createPersonalStore, type PersonalStore, separate, withoutValues } from './personal.js';
import { createProjections, type TicketRow, type VisitQuery } from './projections.js';
import { createRatingProjections, type FeedbackRow, type RatingQuery, type RatingRow } from './ratings.js';

/** How many snapshots survive a save: older ones are only a fallback if the newest is unreadable. */
export const SNAPSHOTS_KEPT = 3;

export interface AppendOptions {
  /** Makes a retried command idempotent: the same id cannot be stored twice. */
  commandId?: string;
  /** What the command answered; returned again by `commandResponse` on a retry. */
  response?: unknown;
  /** When the command was handled; defaults to the last event's `at`, or the wall clock with no events. */
  at?: number;
}

export interface Store extends IdentityStore {
  /** 0 when the log is empty. */
  lastSeq(): number;
  /**
   * Commits the events, their outbox rows, the projections and the command record in ONE
   * transaction, or nothing at all (the error propagates). Returns the events as the office folds them:
   * with what visitors typed, which is written only to `personal` (the log holds the references).
   */
  append(events: readonly DomainEvent[], opts?: AppendOptions): StoredEvent[];
  /**
   * Runs `hook` inside the append transaction for every event, after the event's row: what it writes
   * (its own tables only) commits or rolls back with the events, in the same fsync. Returns the unhook.
   */
  onAppend(hook: AppendHook): () => void;
  /** undefined when the command id was never stored; null when stored without a response. */
  commandResponse(commandId: string): unknown | undefined;
  /** Deletes command records older than `before`; returns how many. */
  purgeCommands(before: number): number;

  readEvents(afterSeq: number, limit?: number): StoredEvent[];
  /** Streams rows: the connection is busy until the iteration ends, so do not write meanwhile. */
  iterateEvents(afterSeq: number): Generator<StoredEvent>;

  /** `seq` is the last event folded into `state`; it cannot be ahead of the log. */
  saveSnapshot(seq: number, state: unknown): void;
  loadSnapshot(): { seq: number; state: unknown } | null;

  pendingOutbox(limit: number): StoredEvent[];
  markSent(uptoSeq: number, at: number): void;
  /** `oldestAt` is the `at` of the oldest unsent event. */
  outboxBacklog(): { count: number; oldestAt: number | null };

  visits(query: VisitQuery): VisitSummary[];
  /** One closed visit by its ticket id. */
  visit(ticketId: string): VisitSummary | null;
  ratings(query: RatingQuery): RatingRow[];
  feedback(query: RatingQuery): FeedbackRow[];
  ticketRow(id: string): TicketRow | null;
  /** Rebuilds tickets and visits from the whole log, for recovery or a new projection. */
  rebuildProjections(): void;

  /**
   * What visitors typed (152-ФЗ), kept apart from the log: `append` moves the values here and writes the
   * events with references; snapshots are written without them.
   */
  readonly personal: PersonalStore;

  /** Runs `fn` in one transaction (nested calls become savepoints). */
  transaction<T>(fn: () => T): T;
  /** The connection, for modules with tables of their own (admin monitor); never write events through it. */
  readonly db: Database.Database;
  /** Online copy of a live database (safe while the office keeps writing). */
  backup(destPath: string): Promise<void>;
  close(): void;
}

export type AppendHook = (event: DomainEvent, seq: number) => void;

interface EventRow {
  seq: number;
  payload: string;
}

/** SQLite's own code for "the transaction was rolled back" (storage-failure.ts counts it as the disk's). */
const rolledBack = () =>
  Object.assign(new Error('the transaction was rolled back by SQLite during the append'), {
    code: 'SQLITE_ABORT_ROLLBACK',
  });

const toStored = (r: EventRow): StoredEvent => ({ ...(JSON.parse(r.payload) as DomainEvent), seq: r.seq });

export function openStore(path: string): Store {
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // FULL: a ticket handed to a visitor must survive a power cut that follows the commit.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // Deleted rows are overwritten, not left in free pages: a purged phone number must not survive in
    // the file or in a backup copied from it (152-ФЗ).
    db.pragma('secure_delete = ON');
    applyMigrations(db);
  } catch (err) {
    db.close();
    throw err;
  }

  const projections = createProjections(db);
  const ratingProjections = createRatingProjections(db);
  const identities = createIdentityStore(db);
  const personal = createPersonalStore(db);

  const s = {
    lastSeq: db.prepare<[], { s: number }>('SELECT COALESCE(MAX(seq), 0) AS s FROM events'),
    insertEvent: db.prepare<[number, string, number, string, string]>(
      'INSERT INTO events (seq, type, at, actor, payload) VALUES (?, ?, ?, ?, ?)',
    ),
    insertOutbox: db.prepare<[number]>('INSERT INTO outbox (seq) VALUES (?)'),
    insertCommand: db.prepare<[string, number, string, number]>(
      'INSERT INTO commands (command_id, seq, response, at) VALUES (?, ?, ?, ?)',
    ),
    command: db.prepare<[string], { response: string }>('SELECT response FROM commands WHERE command_id = ?'),
    purgeCommands: db.prepare<[number]>('DELETE FROM commands WHERE at < ?'),
    events: db.prepare<[number, number], EventRow>(
      'SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    ),
    insertSnapshot: db.prepare<[number, string]>('INSERT OR REPLACE INTO snapshots (seq, state) VALUES (?, ?)'),
    pruneSnapshots: db.prepare<[number]>(
      'DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT ?)',
    ),
    latestSnapshot: db.prepare<[], { seq: number; state: string }>(
      'SELECT seq, state FROM snapshots ORDER BY seq DESC LIMIT 1',
    ),
    pending: db.prepare<[number], EventRow>(
      `SELECT e.seq, e.payload FROM outbox o JOIN events e ON e.seq = o.seq
       WHERE o.sent_at IS NULL ORDER BY o.seq LIMIT ?`,
    ),
    markSent: db.prepare<[number, number]>('UPDATE outbox SET sent_at = ? WHERE seq <= ? AND sent_at IS NULL'),
    backlog: db.prepare<[], { count: number; oldestAt: number | null }>(
      `SELECT COUNT(*) AS count,
              (SELECT e.at FROM outbox o JOIN events e ON e.seq = o.seq
               WHERE o.sent_at IS NULL ORDER BY o.seq LIMIT 1) AS oldestAt
       FROM outbox WHERE sent_at IS NULL`,
    ),
  };

  const lastSeq = () => s.lastSeq.get()?.s ?? 0;
  const hooks = new Set<AppendHook>();

  const appendTx = db.transaction((events: readonly DomainEvent[], opts: AppendOptions): StoredEvent[] => {
    let seq = lastSeq();
    const stored: StoredEvent[] = [];
    for (const e of events) {
      seq += 1;
      // The values go to their own table; the log, the projections and the hooks see only references.
      const { persisted, live, rows } = separate(e, seq);
      if (rows.length > 0) personal.insert(rows);
      s.insertEvent.run(seq, e.type, e.at, JSON.stringify(e.actor), JSON.stringify(persisted));
      s.insertOutbox.run(seq);
      projections.apply(persisted, seq);
      ratingProjections.apply(persisted, seq);
      for (const hook of hooks) hook(persisted, seq);
      // A disk error inside a hook (which logs it and goes on) can make SQLite roll back the whole
      // transaction (SQLITE_FULL, IOERR): the rest would then be written row by row outside it, and a
      // retried command answered with a ticket that does not exist. The append fails as a whole instead.
      if (!db.inTransaction) throw rolledBack();
      stored.push({ ...live, seq });
    }
    if (opts.commandId !== undefined) {
      const at = opts.at ?? events.at(-1)?.at ?? Date.now();
      s.insertCommand.run(opts.commandId, seq, JSON.stringify(opts.response ?? null), at);
    }
    return stored;
  });

  const snapshotTx = db.transaction((seq: number, state: unknown) => {
    const last = lastSeq();
    if (!Number.isInteger(seq) || seq < 0 || seq > last) {
      throw new RangeError(`snapshot seq ${seq} is outside the log (0..${last})`);
    }
    s.insertSnapshot.run(seq, JSON.stringify(withoutValues(state as EngineState)));
    s.pruneSnapshots.run(SNAPSHOTS_KEPT);
  });

  const iterateEvents = function* (afterSeq: number): Generator<StoredEvent> {
    for (const r of s.events.iterate(afterSeq, -1)) yield toStored(r);
  };

  const rebuildTx = db.transaction(() => {
    projections.clear();
    ratingProjections.clear();
    // Batches via .all(), not .iterate(): better-sqlite3 forbids writes while a read is iterating.
    const batch = 5000;
    let after = 0;
    for (;;) {
      const rows = s.events.all(after, batch);
      for (const r of rows) {
        const e = JSON.parse(r.payload) as DomainEvent;
        projections.apply(e, r.seq);
        ratingProjections.apply(e, r.seq);
      }
      const tail = rows.at(-1);
      if (!tail || rows.length < batch) break;
      after = tail.seq;
    }
  });

  return {
    ...identities,
    lastSeq,
    // IMMEDIATE takes the write lock up front, so the seq read at the start cannot go stale.
    append: (events, opts = {}) => appendTx.immediate(events, opts),
    onAppend(hook) {
      hooks.add(hook);
      return () => hooks.delete(hook);
    },
    commandResponse(commandId) {
      const r = s.command.get(commandId);
      return r === undefined ? undefined : JSON.parse(r.response);
    },
    purgeCommands: (before) => s.purgeCommands.run(before).changes,

    readEvents: (afterSeq, limit = -1) => s.events.all(afterSeq, limit).map(toStored),
    iterateEvents,

    saveSnapshot: (seq, state) => snapshotTx.immediate(seq, state),
    loadSnapshot() {
      const r = s.latestSnapshot.get();
      return r ? { seq: r.seq, state: JSON.parse(r.state) } : null;
    },

    pendingOutbox: (limit) => s.pending.all(limit).map(toStored),
    markSent(uptoSeq, at) {
      s.markSent.run(at, uptoSeq);
    },
    outboxBacklog() {
      const r = s.backlog.get();
      return { count: r?.count ?? 0, oldestAt: r?.oldestAt ?? null };
    },

    visits: (q) => projections.visits(q),
    visit: (ticketId) => projections.visit(ticketId),
    ratings: (q) => ratingProjections.ratings(q),
    feedback: (q) => personal.withContacts(ratingProjections.feedback(q)),
    ticketRow: (id) => projections.ticketRow(id),
    rebuildProjections: () => rebuildTx.immediate(),

    personal,
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
    db,
    async backup(destPath) {
      await db.backup(destPath);
    },
    close() {
      db.close();
    },
  };
}
