import {
  addDays,
  breakProfileOf,
  dayKeyOf,
  localTimeToEpoch,
  type OfficeHistory,
  type OperatorDay,
  officeHistory,
  operatorDaysById,
  operatorDaysFrom,
  PRESENCE_EVENT_TYPES,
} from '@talon/engine';
import type { OfficeConfig, StoredEvent } from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { Store } from '../store/index.js';
import { bookingOutcomes } from './plans.js';

/** What the log says of the operators over the history's weeks: each one's days, and the office's break habit. */
export interface Presence {
  byOperator: Record<string, OperatorDay[]>;
  profile: { breakStartsPerHour: number[]; breakMin: number } | null;
}

const PRESENCE_TYPES = PRESENCE_EVENT_TYPES.map((t) => `'${t}'`).join(', ');

/** Operators' days from the log's presence events in [from, to) (the partial index `events_presence`). */
export function presenceBetween(db: Database.Database, from: number, to: number, timeZone: string): OperatorDay[] {
  const rows = db
    .prepare<[number, number], { seq: number; payload: string }>(
      `SELECT seq, payload FROM events WHERE type IN (${PRESENCE_TYPES}) AND at >= ? AND at < ? ORDER BY seq`,
    )
    .all(from, to);
  return operatorDaysFrom(
    rows.map((r) => ({ ...(JSON.parse(r.payload) as StoredEvent), seq: r.seq })),
    timeZone,
  );
}

/**
 * The office's history over the last `weeks` complete weeks (yesterday and before), read from the visits
 * projection (and how the period's bookings ended, and the operators' days, from the log). Past days do not
 * change, so each (day, weeks, configuration) is computed once and cached.
 */
export class HistoryCache {
  private key = '';
  private value: OfficeHistory | null = null;
  private presenceValue: Presence | null = null;
  private readonly breaksQuery;

  constructor(private readonly store: Store) {
    this.breaksQuery = store.db.prepare<[number], { operator_id: string | null; n: number }>(
      `SELECT json_extract(payload, '$.operatorId') AS operator_id, COUNT(*) AS n
         FROM events WHERE type IN (${PRESENCE_TYPES}) AND type = 'BreakStarted' AND at >= ? GROUP BY operator_id`,
    );
  }

  get(config: OfficeConfig, now: number, weeks = 8): OfficeHistory {
    this.refresh(config, now, weeks);
    return this.value as OfficeHistory;
  }

  /** Each operator's days over the same weeks as `get`, and the office-wide break habit. */
  presence(config: OfficeConfig, now: number, weeks = 8): Presence {
    this.refresh(config, now, weeks);
    return this.presenceValue as Presence;
  }

  /** Breaks each operator has started today (local day), from the log: the twin skips those of their habit. */
  breaksToday(config: OfficeConfig, now: number): Record<string, number> {
    const since = localTimeToEpoch(dayKeyOf(now, config.timeZone), '00:00', config.timeZone);
    const out: Record<string, number> = {};
    for (const r of this.breaksQuery.all(since)) if (r.operator_id) out[r.operator_id] = r.n;
    return out;
  }

  private refresh(config: OfficeConfig, now: number, weeks: number): void {
    const today = dayKeyOf(now, config.timeZone);
    const key = `${today}|${weeks}|${config.officeId}|${JSON.stringify(config.services)}|${config.timeZone}`;
    if (this.value && this.key === key) return;
    const fromDay = addDays(today, -7 * weeks);
    const toDay = addDays(today, -1);
    const from = localTimeToEpoch(fromDay, '00:00', config.timeZone);
    const to = localTimeToEpoch(today, '00:00', config.timeZone);
    this.value = officeHistory(
      this.store.visits({ fromDay, toDay }),
      config,
      { fromDay, toDay },
      bookingOutcomes(this.store.db, from, to),
    );
    const days = presenceBetween(this.store.db, from, to, config.timeZone);
    this.presenceValue = { byOperator: operatorDaysById(days), profile: breakProfileOf(days) };
    this.key = key;
  }
}
