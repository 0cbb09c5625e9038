import type { Actor, PlanHour, StaffingPlan } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { actorInfo } from '../settings/audit.js';
import type { Store } from '../store/index.js';

/**
 * The office's plan of windows per hour, one per day (issue 18): entered in the staffing view, kept here so
 * that every administrator and the what-if see the same plan. Not a domain event: the queue does not act on
 * it; changes are in the administrative audit.
 */
export class StaffingPlans {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly store: Store,
  ) {
    this.s = {
      get: db.prepare<[string], { hours: string; updated_by: string; updated_at: number }>(
        'SELECT hours, updated_by, updated_at FROM staffing_plans WHERE day_key = ?',
      ),
      put: db.prepare<[string, string, string, number]>(
        `INSERT INTO staffing_plans (day_key, hours, updated_by, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(day_key) DO UPDATE SET hours = excluded.hours, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at`,
      ),
      remove: db.prepare<[string]>('DELETE FROM staffing_plans WHERE day_key = ?'),
    };
  }

  /** The plan for a local date, in hour order. */
  get(date: string): StaffingPlan {
    const row = this.s.get.get(date);
    if (!row) return { date, hours: null, updatedAt: null, updatedBy: null };
    const who = actorInfo(this.store, JSON.parse(row.updated_by) as Actor);
    return {
      date,
      hours: JSON.parse(row.hours) as PlanHour[],
      updatedAt: row.updated_at,
      updatedBy: { name: who.name, login: who.login },
    };
  }

  /** Keeps `hours` for the date (an empty list removes the plan). */
  put(date: string, hours: readonly PlanHour[], actor: Actor, at: number): StaffingPlan {
    if (hours.length === 0) this.s.remove.run(date);
    else {
      const sorted = [...hours].sort((a, b) => a.hour - b.hour).map((h) => ({ hour: h.hour, windows: h.windows }));
      this.s.put.run(date, JSON.stringify(sorted), JSON.stringify(actor), at);
    }
    return this.get(date);
  }
}

/**
 * How the bookings of [from, to) ended, from the event log (the visits projection only holds visitors who
 * came): checked in, or forfeited as late (offered the general queue, so they came), against forfeited
 * without a check-in. A partial index keeps this a read of those events only.
 */
export function bookingOutcomes(db: Database.Database, from: number, to: number): { came: number; noShow: number } {
  const row = db
    .prepare<[number, number], { came: number | null; no_show: number | null }>(
      `SELECT SUM(type = 'AppointmentCheckedIn' OR json_extract(payload, '$.reason') = 'late') AS came,
              SUM(type = 'AppointmentForfeited' AND json_extract(payload, '$.reason') = 'not-checked-in') AS no_show
         FROM events
        WHERE type IN ('AppointmentCheckedIn', 'AppointmentForfeited') AND at >= ? AND at < ?`,
    )
    .get(from, to);
  return { came: row?.came ?? 0, noShow: row?.no_show ?? 0 };
}
