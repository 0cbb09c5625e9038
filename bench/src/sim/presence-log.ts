import {
  breakProfileOf,
  type OperatorDay,
  operatorDaysById,
  operatorDaysFrom,
  PRESENCE_EVENT_TYPES,
  type TwinModel,
} from '@talon/engine';
import type { StoredEvent } from '@talon/protocol';

/** Days of operators' history the bench's twin reads, as the office server's eight weeks of reception days. */
export const HABIT_HISTORY_DAYS = 48;

const PRESENCE = new Set<string>(PRESENCE_EVENT_TYPES);

/**
 * The run's own log of operators' days, kept as the office server keeps it (`server/src/staffing/history.ts`):
 * the twin of day d knows each operator's days before d — never the day it predicts — and the office-wide
 * break habit from them, in place of the scenario's.
 */
export class PresenceLog {
  private days: OperatorDay[] = [];
  private today: StoredEvent[] = [];

  constructor(private readonly timeZone: string) {}

  /** playDay's tap: keeps the day's logins, logouts and breaks. */
  readonly tap = (events: StoredEvent[]): void => {
    for (const e of events) if (PRESENCE.has(e.type)) this.today.push(e);
  };

  endDay(): void {
    this.days = [...this.days, ...operatorDaysFrom(this.today, this.timeZone)];
    const keep = new Set([...new Set(this.days.map((d) => d.dayKey))].sort().slice(-HABIT_HISTORY_DAYS));
    this.days = this.days.filter((d) => keep.has(d.dayKey));
    this.today = [];
  }

  /** The scenario's twin model with what the log says of the operators (nothing on the first day). */
  apply(model: TwinModel): TwinModel {
    const { breakStartsPerHour: _scenario, breakMin: _len, ...rest } = model;
    return { ...rest, ...(breakProfileOf(this.days) ?? {}), operatorDays: operatorDaysById(this.days) };
  }
}
