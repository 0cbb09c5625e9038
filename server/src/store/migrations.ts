import type Database from 'better-sqlite3';

type DB = Database.Database;

export interface Migration {
  version: number;
  name: string;
  /** SQL text or a function; runs inside the migration's own transaction. */
  up: string | ((db: DB) => void);
}

/**
 * Append-only: a shipped migration is never edited, because offices already ran it.
 * Schema changes go into a new entry with the next version.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'event log, outbox, commands, snapshots',
    up: `
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        payload TEXT NOT NULL
      );
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY REFERENCES events(seq),
        sent_at INTEGER
      );
      -- Only unsent rows are indexed, so the backlog stays cheap to count after a year of events.
      CREATE INDEX outbox_pending ON outbox(seq) WHERE sent_at IS NULL;
      CREATE TABLE commands (
        command_id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        response TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX commands_at ON commands(at);
      CREATE TABLE snapshots (
        seq INTEGER PRIMARY KEY,
        state TEXT NOT NULL
      );
    `,
  },
  {
    version: 2,
    name: 'tickets and visits projections',
    up: `
      CREATE TABLE tickets (
        id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        day_key TEXT NOT NULL,
        service_id TEXT NOT NULL,
        status TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        updated_seq INTEGER NOT NULL,
        data TEXT NOT NULL
      );
      CREATE INDEX tickets_day ON tickets(day_key);
      CREATE INDEX tickets_live ON tickets(status) WHERE status <> 'closed';
      CREATE TABLE visits (
        ticket_id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        day_key TEXT NOT NULL,
        service_id TEXT NOT NULL,
        origin_service_id TEXT NOT NULL,
        topic_id TEXT,
        segment_id TEXT,
        priority_category_id TEXT,
        appointment_id TEXT,
        walk_in INTEGER NOT NULL,
        outcome TEXT NOT NULL,
        issued_at INTEGER NOT NULL,
        first_called_at INTEGER,
        last_called_at INTEGER,
        started_at INTEGER,
        closed_at INTEGER NOT NULL,
        first_wait_sec REAL,
        wait_sec REAL,
        walk_sec REAL,
        service_sec REAL,
        total_sec REAL NOT NULL,
        operator_id TEXT,
        window_id TEXT,
        transfers INTEGER NOT NULL,
        postponements INTEGER NOT NULL,
        recalls INTEGER NOT NULL,
        outcomes TEXT NOT NULL,
        digital_onboarding INTEGER NOT NULL,
        extra_sale INTEGER NOT NULL,
        seq INTEGER NOT NULL
      );
      CREATE INDEX visits_day ON visits(day_key);
      CREATE INDEX visits_operator_day ON visits(operator_id, day_key);
      CREATE INDEX visits_service_day ON visits(service_id, day_key);
    `,
  },
  {
    version: 3,
    name: 'devices, pairing codes, users, sessions',
    up: `
      CREATE TABLE devices (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at INTEGER NOT NULL,
        last_seen_at INTEGER,
        status TEXT NOT NULL DEFAULT 'unknown',
        details TEXT,
        revoked_at INTEGER
      );
      CREATE TABLE pairing_codes (
        code_hash TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        name TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        used_at INTEGER
      );
      CREATE TABLE users (
        id TEXT PRIMARY KEY,
        login TEXT NOT NULL UNIQUE COLLATE NOCASE,
        name TEXT NOT NULL,
        roles TEXT NOT NULL,
        operator_id TEXT,
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        disabled_at INTEGER
      );
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX sessions_user ON sessions(user_id);
      CREATE INDEX sessions_expires ON sessions(expires_at);
    `,
  },
];

export function schemaVersion(db: DB): number {
  const row = db.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get();
  return row?.v ?? 0;
}

/**
 * Applies the migrations newer than the database, each in its own IMMEDIATE transaction so that a
 * second process opening the same file waits instead of applying the same version twice.
 * Returns the versions applied now.
 */
export function applyMigrations(db: DB, migrations: readonly Migration[] = MIGRATIONS, now = Date.now): number[] {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1];
    const cur = migrations[i];
    if (prev && cur && cur.version <= prev.version) {
      throw new Error(`migrations out of order: ${cur.version} after ${prev.version}`);
    }
  }
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');

  const known = migrations.at(-1)?.version ?? 0;
  const current = schemaVersion(db);
  if (current > known) {
    // An older build must not write into a schema it does not understand.
    throw new Error(`database schema version ${current} is newer than this build supports (${known})`);
  }

  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  const applied: number[] = [];
  for (const m of migrations) {
    const run = db.transaction(() => {
      if (schemaVersion(db) >= m.version) return false;
      if (typeof m.up === 'string') db.exec(m.up);
      else m.up(db);
      record.run(m.version, now());
      return true;
    });
    if (run.immediate()) applied.push(m.version);
  }
  return applied;
}
