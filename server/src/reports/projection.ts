import type { OfficeConfig, StoredEvent } from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { ConfigVersion } from './norms.js';
import { emptyCursor, type StaffTimeRow, type TimelineCursor, TimelineFold } from './timeline.js';

type DB = Database.Database;

const NAME = 'timeline';
const BATCH = 2000;

/**
 * The reports' own projection of the event log (operator time by state and break reason, and the
 * history of office configurations), kept by catching up from a cursor rather than inside the
 * append transaction: the one writer stays as fast as before, and a crash between the two only
 * means the next catch-up folds a few more events. Each batch commits its sums and the cursor
 * together, so no event is ever counted twice.
 */
export class ReportProjection {
  private fold: TimelineFold;
  private configCache: ConfigVersion[] | null = null;
  private readonly q;

  constructor(private readonly db: DB) {
    this.q = {
      progress: db.prepare<[string], { cursor: string }>('SELECT cursor FROM report_progress WHERE name = ?'),
      saveProgress: db.prepare<[string, number, string]>(
        `INSERT INTO report_progress (name, seq, cursor) VALUES (?, ?, ?)
         ON CONFLICT(name) DO UPDATE SET seq = excluded.seq, cursor = excluded.cursor`,
      ),
      events: db.prepare<[number, number], { seq: number; payload: string }>(
        'SELECT seq, payload FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
      ),
      lastSeq: db.prepare<[], { s: number }>('SELECT COALESCE(MAX(seq), 0) AS s FROM events'),
      addTime: db.prepare<[string, string, string, string, string, number]>(
        `INSERT INTO report_staff_time (day_key, operator_id, window_id, kind, reason_id, ms) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(day_key, operator_id, window_id, kind, reason_id) DO UPDATE SET ms = ms + excluded.ms`,
      ),
      addConfig: db.prepare<[number, number, string]>(
        'INSERT OR IGNORE INTO report_configs (seq, at, config) VALUES (?, ?, ?)',
      ),
      configs: db.prepare<[], { seq: number; at: number; config: string }>(
        'SELECT seq, at, config FROM report_configs ORDER BY seq',
      ),
    };
    this.fold = new TimelineFold(this.loadCursor());
  }

  private loadCursor(): TimelineCursor {
    const row = this.q.progress.get(NAME);
    return row ? (JSON.parse(row.cursor) as TimelineCursor) : emptyCursor();
  }

  get seq(): number {
    return this.fold.seq;
  }

  /** True when the log has events this projection has not folded yet. */
  behind(): boolean {
    return (this.q.lastSeq.get()?.s ?? 0) > this.fold.seq;
  }

  /**
   * Folds up to `maxEvents` new events (all by default), committing every batch. Returns true when
   * the projection has reached the end of the log.
   */
  catchUp(maxEvents = Number.POSITIVE_INFINITY): boolean {
    let left = maxEvents;
    while (left > 0) {
      const rows = this.q.events.all(this.fold.seq, Math.min(BATCH, left));
      if (rows.length === 0) return true;
      try {
        for (const r of rows) this.fold.apply({ ...(JSON.parse(r.payload) as StoredEvent), seq: r.seq });
        this.flush();
      } catch (err) {
        // The in-memory fold may be ahead of what was committed: start again from the stored cursor.
        this.fold = new TimelineFold(this.loadCursor());
        throw err;
      }
      left -= rows.length;
      if (rows.length < BATCH) return !this.behind();
    }
    return !this.behind();
  }

  private flush(): void {
    const { rows, configs } = this.fold.drain();
    const { state, lastAt } = this.fold.cursor;
    // The board's recent calls do not affect operator time: not worth storing.
    const stored = JSON.stringify({ lastAt, state: { ...state, recentCalls: [] } });
    this.db.transaction(() => {
      for (const r of rows) this.q.addTime.run(r.day, r.operatorId, r.windowId, r.kind, r.reasonId, r.ms);
      for (const c of configs) this.q.addConfig.run(c.seq, c.at, JSON.stringify(c.config));
      this.q.saveProgress.run(NAME, state.seq, stored);
    })();
    if (configs.length > 0) this.configCache = null;
  }

  configs(): ConfigVersion[] {
    this.configCache ??= this.q.configs
      .all()
      .map((r) => ({ seq: r.seq, at: r.at, config: JSON.parse(r.config) as OfficeConfig }));
    return this.configCache;
  }

  /** Time since the last folded event, for reports that reach the present. */
  openIntervals(now: number): StaffTimeRow[] {
    return this.fold.openUntil(now);
  }

  /** The instant of the last folded event: the open interval runs from here to now. */
  get lastAt(): number {
    return this.fold.cursor.lastAt;
  }

  /** The office's current time zone, as far as the fold has seen. */
  get timeZone(): string | undefined {
    return this.fold.cursor.state.config?.timeZone;
  }
}
