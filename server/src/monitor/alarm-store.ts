import type { Alarm, AlarmKind, AlarmSeverity, AlarmSubject, LocalText } from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { AlarmCondition } from './evaluate.js';

interface AlarmRow {
  id: number;
  key: string;
  kind: AlarmKind;
  severity: AlarmSeverity;
  subject: string;
  message: string;
  raised_at: number;
  escalated_at: number | null;
  cleared_at: number | null;
  acked_at: number | null;
  acked_by: string | null;
}

const toAlarm = (r: AlarmRow): Alarm => ({
  id: r.id,
  key: r.key,
  kind: r.kind,
  severity: r.severity,
  subject: JSON.parse(r.subject) as AlarmSubject,
  message: JSON.parse(r.message) as LocalText,
  raisedAt: r.raised_at,
  escalatedAt: r.escalated_at,
  clearedAt: r.cleared_at,
  acknowledgedAt: r.acked_at,
  acknowledgedBy: r.acked_by,
});

export interface ReconcileResult {
  raised: Alarm[];
  escalated: Alarm[];
  cleared: Alarm[];
  /** Anything about the active set changed (the admin screens need a push). */
  changed: boolean;
}

const RANK: Record<AlarmSeverity, number> = { warning: 1, critical: 2 };

/** Alarm history in SQLite: one active row per key; clearing keeps the row for the history. */
export class AlarmStore {
  private readonly s;

  constructor(private readonly db: Database.Database) {
    this.s = {
      active: db.prepare<[], AlarmRow>('SELECT * FROM alarms WHERE cleared_at IS NULL ORDER BY raised_at, id'),
      activeKeys: db.prepare<[], Pick<AlarmRow, 'id' | 'key' | 'severity'>>(
        'SELECT id, key, severity FROM alarms WHERE cleared_at IS NULL',
      ),
      byId: db.prepare<[number], AlarmRow>('SELECT * FROM alarms WHERE id = ?'),
      insert: db.prepare<[string, string, string, string, string, number]>(
        'INSERT INTO alarms (key, kind, severity, subject, message, raised_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      escalate: db.prepare<[string, string, number, number]>(
        'UPDATE alarms SET severity = ?, message = ?, escalated_at = ?, acked_at = NULL, acked_by = NULL WHERE id = ?',
      ),
      soften: db.prepare<[string, string, number]>('UPDATE alarms SET severity = ?, message = ? WHERE id = ?'),
      clear: db.prepare<[number, number]>('UPDATE alarms SET cleared_at = ? WHERE id = ? AND cleared_at IS NULL'),
      ack: db.prepare<[number, string, number]>(
        'UPDATE alarms SET acked_at = ?, acked_by = ? WHERE id = ? AND acked_at IS NULL',
      ),
      history: db.prepare<[number, number, number], AlarmRow>(
        'SELECT * FROM alarms WHERE raised_at >= ? AND raised_at < ? ORDER BY raised_at DESC, id DESC LIMIT ?',
      ),
    };
  }

  active(): Alarm[] {
    return this.s.active.all().map(toAlarm);
  }

  get(id: number): Alarm | null {
    const r = this.s.byId.get(id);
    return r ? toAlarm(r) : null;
  }

  /** Raises what newly holds, escalates what got worse, clears what no longer holds; one transaction. */
  reconcile(conditions: readonly AlarmCondition[], now: number): ReconcileResult {
    const result: ReconcileResult = { raised: [], escalated: [], cleared: [], changed: false };
    // read first: most evaluations change nothing and need no write transaction at all
    const active = new Map(this.s.activeKeys.all().map((r) => [r.key, r]));
    const seen = new Set<string>();
    const raise: AlarmCondition[] = [];
    const escalate: [number, AlarmCondition][] = [];
    const soften: [number, AlarmCondition][] = [];
    for (const c of conditions) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const row = active.get(c.key);
      if (!row) raise.push(c);
      else if (RANK[c.severity] > RANK[row.severity]) escalate.push([row.id, c]);
      else if (RANK[c.severity] < RANK[row.severity]) soften.push([row.id, c]);
    }
    const clear = [...active.values()].filter((r) => !seen.has(r.key));
    if (raise.length + escalate.length + soften.length + clear.length === 0) return result;
    this.db
      .transaction(() => {
        for (const c of raise) {
          const info = this.s.insert.run(
            c.key,
            c.kind,
            c.severity,
            JSON.stringify(c.subject),
            JSON.stringify(c.message),
            now,
          );
          result.raised.push(toAlarm(this.s.byId.get(Number(info.lastInsertRowid)) as AlarmRow));
        }
        for (const [id, c] of escalate) {
          // worse than acknowledged: it has to be seen (and heard) again
          this.s.escalate.run(c.severity, JSON.stringify(c.message), now, id);
          result.escalated.push(toAlarm(this.s.byId.get(id) as AlarmRow));
        }
        for (const [id, c] of soften) this.s.soften.run(c.severity, JSON.stringify(c.message), id);
        for (const r of clear) {
          this.s.clear.run(now, r.id);
          result.cleared.push(toAlarm(this.s.byId.get(r.id) as AlarmRow));
        }
      })
      .immediate();
    result.changed = true;
    return result;
  }

  /** false when unknown or already acknowledged. */
  acknowledge(id: number, by: string, now: number): boolean {
    return this.s.ack.run(now, by, id).changes > 0;
  }

  history(from: number, to: number, limit: number): Alarm[] {
    return this.s.history.all(from, to, limit).map(toAlarm);
  }
}
