import { applyEvent, callableDemand, hasWork, initialState } from '@talon/engine';
import type { EngineState, OfficeConfig } from '@talon/protocol';
import { DateTime } from 'luxon';

/** What an operator's time is counted as: the session states, plus idle-while-queue inside `ready`. */
export type StaffKind = 'ready' | 'serving' | 'wrap-up' | 'break' | 'idle-queue';

export interface StaffTimeRow {
  day: string;
  operatorId: string;
  windowId: string;
  kind: StaffKind;
  /** The break reason for `break`, '' otherwise. */
  reasonId: string;
  ms: number;
}

/** The fold's progress: the engine state after `state.seq` and the instant of that event. */
export interface TimelineCursor {
  lastAt: number;
  state: EngineState;
}

export const emptyCursor = (): TimelineCursor => ({ lastAt: 0, state: initialState() });

/** Local day boundaries, cached: most intervals fall inside the day of the previous one. */
class DayClock {
  private zone = '';
  private start = 0;
  private end = 0;
  private key = '';

  dayOf(at: number, zone: string): { key: string; end: number } {
    if (zone !== this.zone || at < this.start || at >= this.end) {
      const d = DateTime.fromMillis(at, { zone }).startOf('day');
      this.zone = zone;
      this.start = d.toMillis();
      this.end = d.plus({ days: 1 }).toMillis();
      this.key = d.toISODate() ?? '';
    }
    return { key: this.key, end: this.end };
  }
}

/**
 * Operator timelines from the event log: the same `applyEvent` the server folds, and between two
 * events every logged-in operator's state is constant, so the gap is added to that state's time.
 * Idle-while-queue: ready while a ticket this operator may call (same rule as the dispatcher,
 * `callableDemand`) is waiting. Intervals are split at local midnight and where a postponed ticket
 * becomes callable, so each piece has one day and one answer.
 */
export class TimelineFold {
  private readonly clock = new DayClock();
  private readonly sums = new Map<string, StaffTimeRow>();
  readonly configs: { seq: number; at: number; config: OfficeConfig }[] = [];

  constructor(readonly cursor: TimelineCursor) {}

  get seq(): number {
    return this.cursor.state.seq;
  }

  /** Folds one committed event, first adding the time since the previous event. */
  apply(e: Parameters<typeof applyEvent>[1]): void {
    const c = this.cursor;
    if (c.state.seq > 0 && e.at > c.lastAt) this.account(c.lastAt, e.at, this.sums);
    // A clock that stepped back never makes negative time; the next gap starts from the later instant.
    c.lastAt = Math.max(c.lastAt, e.at);
    applyEvent(c.state, e);
    // Visits kept for rating (up to a day of them) never change operator time, and pruning them on
    // every finished visit would dominate the fold: this fold keeps none.
    delete c.state.recentVisits;
    if (e.type === 'OfficeConfigured') this.configs.push({ seq: e.seq, at: e.at, config: e.config });
  }

  /** Accumulated rows since the last `drain`, which empties them. */
  drain(): { rows: StaffTimeRow[]; configs: { seq: number; at: number; config: OfficeConfig }[] } {
    const out = { rows: [...this.sums.values()], configs: [...this.configs] };
    this.sums.clear();
    this.configs.length = 0;
    return out;
  }

  /** The still-open interval from the last event until `now`, not recorded: for reports that include today. */
  openUntil(now: number): StaffTimeRow[] {
    const m = new Map<string, StaffTimeRow>();
    if (this.cursor.state.seq > 0 && now > this.cursor.lastAt) this.account(this.cursor.lastAt, now, m);
    return [...m.values()];
  }

  private account(from: number, to: number, into: Map<string, StaffTimeRow>): void {
    const state = this.cursor.state;
    const zone = state.config?.timeZone ?? 'UTC';
    const active = Object.values(state.operators).filter((o) => o.status !== 'logged-out');
    if (active.length === 0) return;
    const cuts = Object.values(state.tickets)
      .filter((t) => t.status === 'postponed' && t.eligibleAt > from && t.eligibleAt < to)
      .map((t) => t.eligibleAt)
      .sort((a, b) => a - b);
    let a = from;
    while (a < to) {
      const day = this.clock.dayOf(a, zone);
      let b = Math.min(to, day.end);
      while (cuts.length > 0 && (cuts[0] ?? to) <= a) cuts.shift();
      if (cuts[0] !== undefined && cuts[0] < b) b = cuts[0];
      const demand = active.some((op) => op.status === 'ready') ? callableDemand(state, a) : null;
      for (const op of active) {
        const windowId = op.windowId ?? '';
        const kind = op.status as Exclude<StaffKind, 'idle-queue'>;
        add(into, day.key, op.operatorId, windowId, kind, kind === 'break' ? (op.breakReasonId ?? '') : '', b - a);
        if (kind === 'ready') {
          if (demand && hasWork(demand, op)) add(into, day.key, op.operatorId, windowId, 'idle-queue', '', b - a);
        }
      }
      a = b;
    }
  }
}

function add(
  into: Map<string, StaffTimeRow>,
  day: string,
  operatorId: string,
  windowId: string,
  kind: StaffKind,
  reasonId: string,
  ms: number,
) {
  const k = `${day}\u0000${operatorId}\u0000${windowId}\u0000${kind}\u0000${reasonId}`;
  const row = into.get(k);
  if (row) row.ms += ms;
  else into.set(k, { day, operatorId, windowId, kind, reasonId, ms });
}
