import type { Actor, LiveQueueStatus } from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { Office } from '../office.js';
import { recordLiveQueueChange } from './schema.js';

/** How often the running server writes its sign of life: the crash outage is measured to within this. */
export const HEARTBEAT_MS = 2000;

export interface OutageLogOptions {
  db: Database.Database;
  office: Office;
  /** When this server started (the end of a crash outage found now). */
  startedAt: number;
  heartbeatMs?: number;
  /** A user's display name for who switched the mode. */
  userName: (userId: string) => string | null;
  log?: (msg: string, err?: unknown) => void;
}

interface OpenRow {
  started_at: number;
  started_by: string | null;
  reason: string | null;
}

/**
 * The outage log's writer. Live-queue periods are written in the transaction of their event, so the
 * log and the periods cannot disagree after a crash. The server's own downtime: a heartbeat keeps
 * `server_life.alive_at` fresh; a graceful stop writes `clean_stop_at`; a start that finds no such marker
 * knows the last run ended by a crash, a kill or a power cut, and records the outage from the last sign
 * of life (the heartbeat or the last event, whichever is later) to this start.
 */
export class OutageLog {
  private readonly db: Database.Database;
  private readonly office: Office;
  private readonly log: (msg: string, err?: unknown) => void;
  private readonly heartbeatMs: number;
  private readonly s;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unhook: (() => void) | undefined;
  /** The crash outage found at this start, if any (for the start log line and tests). */
  readonly foundAtStart: { startedAt: number; endedAt: number } | null;

  constructor(opts: OutageLogOptions) {
    this.db = opts.db;
    this.office = opts.office;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
    this.heartbeatMs = opts.heartbeatMs ?? HEARTBEAT_MS;
    const db = opts.db;
    this.s = {
      life: db.prepare<[], { started_at: number; alive_at: number; clean_stop_at: number | null }>(
        'SELECT started_at, alive_at, clean_stop_at FROM server_life WHERE id = 1',
      ),
      lastEventAt: db.prepare<[], { at: number }>('SELECT at FROM events ORDER BY seq DESC LIMIT 1'),
      insertServer: db.prepare<[number, number]>(
        "INSERT INTO outages (kind, started_at, ended_at) VALUES ('server', ?, ?)",
      ),
      begin: db.prepare<[number, number]>(
        `INSERT INTO server_life (id, started_at, alive_at, clean_stop_at) VALUES (1, ?, ?, NULL)
         ON CONFLICT(id) DO UPDATE SET started_at = excluded.started_at, alive_at = excluded.alive_at,
           clean_stop_at = NULL`,
      ),
      alive: db.prepare<[number]>('UPDATE server_life SET alive_at = MAX(alive_at, ?) WHERE id = 1'),
      stop: db.prepare<[number, number]>(
        'UPDATE server_life SET alive_at = MAX(alive_at, ?), clean_stop_at = ? WHERE id = 1',
      ),
      open: db.prepare<[], OpenRow>(
        "SELECT started_at, started_by, reason FROM outages WHERE kind = 'live-queue' AND ended_at IS NULL ORDER BY id DESC LIMIT 1",
      ),
      last: db.prepare<[], { ended_at: number | null; ended_by: string | null }>(
        "SELECT ended_at, ended_by FROM outages WHERE kind = 'live-queue' ORDER BY id DESC LIMIT 1",
      ),
    };
    this.foundAtStart = this.db.transaction(() => this.begin(opts.startedAt)).immediate();
    this.unhook = this.office.onCommit({
      inTransaction: (event, seq) => {
        if (event.type !== 'LiveQueueModeChanged') return;
        recordLiveQueueChange(this.db, {
          seq,
          at: event.at,
          on: event.on,
          reason: event.reason ?? null,
          by: nameOf(event.actor, opts.userName),
        });
      },
    });
  }

  private begin(now: number): { startedAt: number; endedAt: number } | null {
    const life = this.s.life.get();
    let found: { startedAt: number; endedAt: number } | null = null;
    if (life && life.clean_stop_at === null) {
      const lastEvent = this.s.lastEventAt.get()?.at ?? 0;
      const lastAlive = Math.max(life.alive_at, lastEvent);
      // a clock set back since (or a virtual clock in tests) leaves nothing to measure
      if (now > lastAlive) {
        this.s.insertServer.run(lastAlive, now);
        found = { startedAt: lastAlive, endedAt: now };
      }
    }
    this.s.begin.run(now, now);
    return found;
  }

  /** The heartbeat starts; stop() ends it with the clean-stop marker. */
  start(): void {
    if (this.heartbeatMs <= 0) return;
    this.timer = setInterval(() => this.beat(), this.heartbeatMs);
    this.timer.unref?.();
  }

  private beat() {
    try {
      this.s.alive.run(this.office.clock.now());
    } catch (err) {
      // a disk that refuses writes is reported by the storage checks; the beat tries again next time
      this.log('outage log: heartbeat not written', err);
    }
  }

  /** A graceful stop: not an outage. Called while the store is still open. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unhook?.();
    this.unhook = undefined;
    try {
      const now = this.office.clock.now();
      this.s.stop.run(now, now);
    } catch (err) {
      this.log('outage log: clean-stop marker not written', err);
    }
  }

  liveQueueStatus(): LiveQueueStatus {
    const on = this.office.view().liveQueue;
    if (on) {
      const open = this.s.open.get();
      return { on, since: open?.started_at ?? null, by: open?.started_by ?? null, reason: open?.reason ?? null };
    }
    const last = this.s.last.get();
    return { on, since: last?.ended_at ?? null, by: last?.ended_by ?? null, reason: null };
  }
}

function nameOf(actor: Actor, userName: (id: string) => string | null): string | null {
  return actor.kind === 'user' ? (userName(actor.userId) ?? actor.userId) : null;
}
