import type { StoredEvent } from '@talon/protocol';
import { dayKeyOf, localMinuteOfDay } from '../time.js';

/** The log's events that say when an operator is at a window, on a break, or gone. */
export const PRESENCE_EVENT_TYPES = ['OperatorLoggedIn', 'OperatorLoggedOut', 'BreakStarted', 'BreakEnded'] as const;

type PresenceEvent = Extract<StoredEvent, { type: (typeof PRESENCE_EVENT_TYPES)[number] }>;

/**
 * One operator's working day as the office's log shows it, in office-local minutes since midnight: when they
 * were logged in (and at which window), and the breaks they took. What the wait predictor replays as the
 * operator's habit (docs/dispatch.md §6.9): who comes when, takes which break, leaves when.
 */
export interface OperatorDay {
  dayKey: string;
  operatorId: string;
  /** `to` is null when the day's log ends with the operator still logged in. */
  sessions: { from: number; to: number | null; windowId: string }[];
  breaks: { from: number; to: number }[];
}

const isPresence = (e: StoredEvent): e is PresenceEvent => (PRESENCE_EVENT_TYPES as readonly string[]).includes(e.type);

/**
 * Operator days from the log's presence events (in log order; other events are skipped). A logout ends the
 * break it interrupts; a break still open when the day's log ends counts to its last event; a day is split at
 * local midnight (an operator logged in across it is a new session from 00:00, which no office does).
 */
export function operatorDaysFrom(events: Iterable<StoredEvent>, timeZone: string): OperatorDay[] {
  const days = new Map<string, OperatorDay>();
  const openBreak = new Map<string, number>();
  const lastAt = new Map<string, number>();
  const dayOf = (operatorId: string, at: number) => {
    const dayKey = dayKeyOf(at, timeZone);
    const key = `${dayKey}|${operatorId}`;
    let d = days.get(key);
    if (!d) {
      d = { dayKey, operatorId, sessions: [], breaks: [] };
      days.set(key, d);
    }
    lastAt.set(key, localMinuteOfDay(at, timeZone));
    return d;
  };
  const closeBreak = (d: OperatorDay, minute: number) => {
    const key = `${d.dayKey}|${d.operatorId}`;
    const from = openBreak.get(key);
    if (from === undefined) return;
    d.breaks.push({ from, to: Math.max(from, minute) });
    openBreak.delete(key);
  };
  for (const e of events) {
    if (!isPresence(e)) continue;
    const d = dayOf(e.operatorId, e.at);
    const minute = localMinuteOfDay(e.at, timeZone);
    const key = `${d.dayKey}|${d.operatorId}`;
    const open = d.sessions.at(-1);
    switch (e.type) {
      case 'OperatorLoggedIn':
        if (open && open.to === null) open.to = minute;
        d.sessions.push({ from: minute, to: null, windowId: e.windowId });
        break;
      case 'OperatorLoggedOut':
        closeBreak(d, minute);
        if (open && open.to === null) open.to = minute;
        break;
      case 'BreakStarted':
        if (!openBreak.has(key)) openBreak.set(key, minute);
        break;
      case 'BreakEnded':
        closeBreak(d, minute);
        break;
    }
  }
  for (const [key, from] of openBreak) {
    const d = days.get(key);
    if (d) d.breaks.push({ from, to: Math.max(from, lastAt.get(key) ?? from) });
  }
  return [...days.values()].filter((d) => d.sessions.length > 0 || d.breaks.length > 0);
}

/** Each operator's days, oldest first, the newest `perOperator` kept (the twin draws one per replay). */
export function operatorDaysById(days: readonly OperatorDay[], perOperator = 40): Record<string, OperatorDay[]> {
  const out: Record<string, OperatorDay[]> = {};
  for (const d of [...days].sort((a, b) => (a.dayKey < b.dayKey ? -1 : a.dayKey > b.dayKey ? 1 : 0))) {
    const list = out[d.operatorId] ?? [];
    list.push(d);
    out[d.operatorId] = list;
  }
  for (const [id, list] of Object.entries(out)) out[id] = list.slice(-perOperator);
  return out;
}

/**
 * The office-wide break habit, for an operator with no days on record: break starts per operator-day in each
 * local hour (0.5 = every other operator starts one in that hour), and the mean break length. Null without
 * any break on record.
 */
export function breakProfileOf(
  days: readonly OperatorDay[],
): { breakStartsPerHour: number[]; breakMin: number } | null {
  const worked = days.filter((d) => d.sessions.length > 0);
  const starts = new Array<number>(24).fill(0);
  let n = 0;
  let total = 0;
  for (const d of worked)
    for (const b of d.breaks) {
      const h = Math.floor(b.from / 60);
      if (h >= 0 && h < 24) starts[h] = (starts[h] ?? 0) + 1 / worked.length;
      n += 1;
      total += b.to - b.from;
    }
  return n > 0 ? { breakStartsPerHour: starts, breakMin: total / n } : null;
}
