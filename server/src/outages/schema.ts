import type Database from 'better-sqlite3';

type DB = Database.Database;

/**
 * Schema version 15: the outage log. `outages` holds the periods the office worked without the electronic
 * queue that are not in another table: live-queue periods (written in the same transaction as their
 * `LiveQueueModeChanged` event) and the office server's own downtime (found at the next start).
 * Device downtime is already on record, one row per change, in `device_transitions` (version 6), and the
 * report reads it there. `server_life` is one row: when this server started, its last sign of life
 * (a heartbeat every few seconds) and, after a graceful stop, when it stopped — the marker that tells a
 * planned stop from a crash or a power cut.
 */
export function createOutageLog(db: DB): void {
  db.exec(`
    CREATE TABLE outages (
      id INTEGER PRIMARY KEY,
      kind TEXT NOT NULL CHECK (kind IN ('live-queue', 'server')),
      started_at INTEGER NOT NULL,
      ended_at INTEGER,
      reason TEXT,
      started_by TEXT,
      ended_by TEXT,
      start_seq INTEGER UNIQUE,
      end_seq INTEGER
    );
    CREATE INDEX outages_started ON outages(started_at);
    CREATE TABLE server_life (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      started_at INTEGER NOT NULL,
      alive_at INTEGER NOT NULL,
      clean_stop_at INTEGER
    );
  `);
  // An office upgraded with live-queue periods already in its log gets them on record too.
  const rows = db
    .prepare<[], { seq: number; at: number; actor: string; payload: string }>(
      "SELECT seq, at, actor, payload FROM events WHERE type = 'LiveQueueModeChanged' ORDER BY seq",
    )
    .all();
  const names = userNames(db);
  for (const r of rows) {
    const e = JSON.parse(r.payload) as { on: boolean; reason?: string };
    recordLiveQueueChange(db, { seq: r.seq, at: r.at, on: e.on, reason: e.reason ?? null, by: names(r.actor) });
  }
}

/** The display name of an event's actor (a user), or null (the system, a device). */
export function userNames(db: DB): (actorJson: string) => string | null {
  const byId = db.prepare<[string], { name: string }>('SELECT name FROM users WHERE id = ?');
  return (actorJson) => {
    const a = JSON.parse(actorJson) as { kind: string; userId?: string };
    if (a.kind !== 'user' || !a.userId) return null;
    return byId.get(a.userId)?.name ?? a.userId;
  };
}

export interface LiveQueueChange {
  seq: number;
  at: number;
  on: boolean;
  reason: string | null;
  by: string | null;
}

/** On opens a period, off closes the open one; the engine emits a change only when the mode changes. */
export function recordLiveQueueChange(db: DB, c: LiveQueueChange): void {
  if (c.on)
    db.prepare(
      "INSERT OR IGNORE INTO outages (kind, started_at, reason, started_by, start_seq) VALUES ('live-queue', ?, ?, ?, ?)",
    ).run(c.at, c.reason, c.by, c.seq);
  else
    db.prepare(
      "UPDATE outages SET ended_at = ?, ended_by = ?, end_seq = ? WHERE kind = 'live-queue' AND ended_at IS NULL",
    ).run(c.at, c.by, c.seq);
}
