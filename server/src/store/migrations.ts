import type Database from 'better-sqlite3';
import { NOTIFY_SCHEMA } from '../notify/schema.js';
import { createOutageLog } from '../outages/schema.js';
import { movePersonalDataOutOfTheLog } from './personal-migration.js';

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
  {
    version: 4,
    name: 'ratings and feedback projections',
    up: `
      CREATE TABLE ratings (
        ticket_id TEXT PRIMARY KEY,
        number TEXT NOT NULL,
        day_key TEXT NOT NULL,
        score INTEGER NOT NULL,
        reasons TEXT NOT NULL,
        channel TEXT NOT NULL,
        service_id TEXT NOT NULL,
        topic_id TEXT,
        operator_id TEXT,
        window_id TEXT,
        at INTEGER NOT NULL,
        seq INTEGER NOT NULL
      );
      CREATE INDEX ratings_operator_day ON ratings(operator_id, day_key);
      CREATE INDEX ratings_day ON ratings(day_key);
      CREATE TABLE feedback (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        text TEXT,
        contact TEXT,
        actionable INTEGER NOT NULL,
        channel TEXT NOT NULL,
        day_key TEXT NOT NULL,
        ticket_id TEXT,
        service_id TEXT,
        operator_id TEXT,
        window_id TEXT,
        at INTEGER NOT NULL
      );
      CREATE INDEX feedback_day ON feedback(day_key);
    `,
  },
  {
    version: 5,
    name: 'reports: operator timelines, configuration history, visitor-log order',
    // Filled by server/src/reports (a catch-up fold of the event log with its own cursor), not by
    // the append transaction: a report can never be the reason a command is refused.
    up: `
      CREATE TABLE report_progress (
        name TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        cursor TEXT NOT NULL
      );
      CREATE TABLE report_configs (
        seq INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        config TEXT NOT NULL
      );
      CREATE TABLE report_staff_time (
        day_key TEXT NOT NULL,
        operator_id TEXT NOT NULL,
        window_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        reason_id TEXT NOT NULL,
        ms INTEGER NOT NULL,
        PRIMARY KEY (day_key, operator_id, window_id, kind, reason_id)
      ) WITHOUT ROWID;
      CREATE INDEX visits_day_issued ON visits(day_key, issued_at);
    `,
  },
  {
    version: 6,
    name: 'admin: alarms, device online/offline transitions, admin audit, configuration versions',
    // Written by server/src/monitor outside the command transaction: an alarm is never the reason a
    // command is refused.
    up: `
      CREATE TABLE alarms (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        kind TEXT NOT NULL,
        severity TEXT NOT NULL,
        subject TEXT NOT NULL,
        message TEXT NOT NULL,
        raised_at INTEGER NOT NULL,
        escalated_at INTEGER,
        cleared_at INTEGER,
        acked_at INTEGER,
        acked_by TEXT
      );
      CREATE UNIQUE INDEX alarms_active_key ON alarms(key) WHERE cleared_at IS NULL;
      CREATE INDEX alarms_raised ON alarms(raised_at);
      CREATE TABLE device_transitions (
        device_id TEXT NOT NULL,
        at INTEGER NOT NULL,
        online INTEGER NOT NULL,
        PRIMARY KEY (device_id, at)
      ) WITHOUT ROWID;
      CREATE TABLE admin_audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        changes TEXT NOT NULL
      );
      CREATE INDEX admin_audit_at ON admin_audit(at);
      CREATE INDEX events_configured ON events(seq) WHERE type = 'OfficeConfigured';
    `,
  },
  {
    version: 7,
    name: 'hall announcements, their plays per board, board settings',
    // Written by server/src/announce after the call is committed: sound never refuses a command.
    up: `
      CREATE TABLE announcements (
        id TEXT PRIMARY KEY,
        seq INTEGER NOT NULL,
        hall_id TEXT NOT NULL,
        ticket_id TEXT NOT NULL,
        number TEXT NOT NULL,
        window_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        audio_key TEXT NOT NULL,
        data TEXT NOT NULL,
        play_at INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX announcements_created ON announcements(created_at);
      CREATE INDEX announcements_audio ON announcements(audio_key);
      CREATE TABLE announcement_plays (
        announcement_id TEXT NOT NULL REFERENCES announcements(id),
        device_id TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at INTEGER,
        ended_at INTEGER,
        reason TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (announcement_id, device_id)
      ) WITHOUT ROWID;
      CREATE TABLE board_settings (
        device_id TEXT PRIMARY KEY,
        settings TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 8,
    name: 'ticket printers and print jobs (a ticket prints at most once)',
    // Written by server/src/printing after the ticket is committed: the printer never holds up a ticket.
    up: `
      CREATE TABLE printers (
        id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        device_id TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE TABLE print_jobs (
        ticket_id TEXT PRIMARY KEY,
        printer_id TEXT,
        kiosk_id TEXT,
        status TEXT NOT NULL,
        reason TEXT,
        bytes INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX print_jobs_open ON print_jobs(status) WHERE status IN ('queued', 'printing');
      CREATE INDEX print_jobs_created ON print_jobs(created_at);
    `,
  },
  {
    version: 9,
    name: 'reports: packed day facts for year-long reports',
    // A cache built by server/src/reports from the visits table; deleting it only costs a rebuild.
    up: `
      CREATE TABLE report_day_facts (
        day_key TEXT PRIMARY KEY,
        visits INTEGER NOT NULL,
        max_seq INTEGER NOT NULL,
        cfg_seq INTEGER NOT NULL,
        dict TEXT NOT NULL,
        facts BLOB NOT NULL
      );
      CREATE INDEX visits_day_seq ON visits(day_key, seq);
      -- The visitor log's order, complete: a deep page skips index entries instead of table rows.
      DROP INDEX IF EXISTS visits_day_issued;
      CREATE INDEX visits_log_order ON visits(day_key, issued_at, ticket_id);
    `,
  },
  {
    version: 10,
    name: 'first-run setup: the one-time link token (its hash only)',
    // server/src/setup: a server started without an office prints a link; the token dies when setup is done.
    up: `
      CREATE TABLE setup_tokens (
        token_hash TEXT PRIMARY KEY,
        created_at INTEGER NOT NULL,
        used_at INTEGER
      );
    `,
  },
  {
    version: 11,
    name: 'head-office link: what head office last said (profile applied, acknowledged seq, public address)',
    // server/src/sync: one row; the events themselves and their outbox are version 1's.
    up: `
      CREATE TABLE hq_link (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        profile_version INTEGER,
        profile_refused TEXT,
        ack_seq INTEGER,
        ack_at INTEGER,
        attention TEXT,
        office TEXT,
        public_base TEXT
      );
      INSERT INTO hq_link (id) VALUES (1);
    `,
  },
  {
    version: 12,
    name: 'login lockout: failed sign-ins per login and per address, kept across restarts',
    // server/src/auth/login-throttle.ts; key 'login:<login>' or 'address:<ip>', no password text.
    up: `
      CREATE TABLE login_throttle (
        key TEXT PRIMARY KEY,
        failures INTEGER NOT NULL DEFAULT 0,
        window_start INTEGER NOT NULL,
        last_failure_at INTEGER NOT NULL,
        locked_until INTEGER,
        locks INTEGER NOT NULL DEFAULT 0,
        refused INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX login_throttle_last_failure ON login_throttle(last_failure_at);
    `,
  },
  {
    version: 13,
    name: 'personal data apart from the event log (152-ФЗ): values moved out of events, tickets, feedback, snapshots',
    // server/src/store/personal.ts; the one deliberate rewrite of event rows, see personal-migration.ts
    up: movePersonalDataOutOfTheLog,
  },
  {
    version: 14,
    name: 'follow-ups register: answer deadlines in working days (issue 16)',
    // server/src/followups/store.ts; the visitor's contact is in personal_data (`personal_ref`), never here
    up: `
      CREATE TABLE follow_ups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        text TEXT NOT NULL,
        source TEXT NOT NULL,
        ticket_id TEXT,
        ticket_number TEXT,
        feedback_seq INTEGER UNIQUE,
        personal_ref TEXT,
        owner_id TEXT,
        created_at INTEGER NOT NULL,
        created_day TEXT NOT NULL,
        due_day TEXT NOT NULL,
        due_at INTEGER NOT NULL,
        deadline INTEGER NOT NULL,
        unit TEXT NOT NULL,
        answer TEXT,
        answered_at INTEGER,
        closed_at INTEGER,
        close_note TEXT,
        updated_by TEXT,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX follow_ups_created ON follow_ups(created_day);
      CREATE INDEX follow_ups_status ON follow_ups(status);
      CREATE UNIQUE INDEX follow_ups_visit ON follow_ups(ticket_id) WHERE source = 'visit';
    `,
  },
  {
    version: 15,
    name: "outage log: live-queue periods and the office server's own downtime (device downtime is version 6)",
    // server/src/outages; a graceful stop leaves a marker in server_life, a crash does not
    up: createOutageLog,
  },
  {
    version: 16,
    name: 'notifications: opt-in subscriptions and the outbox of messages (issue 15)',
    // server/src/notify; phone numbers and chat ids are in personal_data (`notify:<ticket id>`), never here
    up: NOTIFY_SCHEMA,
  },
  {
    version: 17,
    name: "staffing: the office's plan of windows per hour, and how bookings ended (issue 18)",
    // server/src/staffing/plans.ts; the what-if plays the stored plan and the day's bookings with the history's show share
    up: `
      CREATE TABLE staffing_plans (
        day_key TEXT PRIMARY KEY,
        hours TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX events_appointment_ends ON events(at) WHERE type IN ('AppointmentCheckedIn', 'AppointmentForfeited');
    `,
  },
  {
    version: 18,
    name: "wait prediction: operators' logins, breaks and logouts by time (issue 18)",
    // server/src/staffing/history.ts reads each operator's days for the twin: who comes when, lunches when, leaves when
    up: `
      CREATE INDEX events_presence ON events(at)
        WHERE type IN ('OperatorLoggedIn', 'OperatorLoggedOut', 'BreakStarted', 'BreakEnded');
    `,
  },
  {
    version: 19,
    name: "personal data: erasures on a visitor's request, until head office confirms its own (152-ФЗ)",
    // server/src/sync/erasures.ts; a phone's tag (an HMAC, server/src/links.ts), never the number
    up: `
      CREATE TABLE hq_erasures (
        tag TEXT PRIMARY KEY,
        at INTEGER NOT NULL
      );
    `,
  },
];

/** The database was written by a newer build of Talon: this one must not touch it (exit code 2 at start). */
export class SchemaTooNewError extends Error {
  readonly exitCode = 2;
  constructor(
    readonly found: number,
    readonly known: number,
  ) {
    super(
      `База данных офиса новее этой версии Талона (схема ${found}, эта версия знает до ${known}): ` +
        'установите ту версию Талона, которая работала с этой базой, или более новую; базу не трогайте. · ' +
        `The office database (schema version ${found}) is newer than this build supports (${known}): ` +
        'install the Talon version that last ran on it, or a newer one; leave the database as it is.',
    );
    this.name = 'SchemaTooNewError';
  }
}

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
    throw new SchemaTooNewError(current, known);
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
