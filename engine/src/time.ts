import type { OfficeConfig, Weekday, WeekSchedule } from '@talon/protocol';
import { DateTime } from 'luxon';

const WEEKDAY_BY_LUXON: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export interface LocalClock {
  /** YYYY-MM-DD in the office's zone: the "day" for numbering and reports. */
  dayKey: string;
  weekday: Weekday;
  /** HH:MM in the office's zone. */
  hhmm: string;
}

/** A local day with one UTC offset throughout, so times inside it need no zone arithmetic. */
interface DaySpan {
  from: number;
  to: number;
  dayKey: string;
  weekday: Weekday;
}

/** The last day seen per zone. Luxon with a zone costs microseconds per call, which dominated the simulator. */
const lastDay = new Map<string, DaySpan>();

function daySpan(now: number, timeZone: string): DaySpan | null {
  const hit = lastDay.get(timeZone);
  if (hit && now >= hit.from && now < hit.to) return hit;
  const d = DateTime.fromMillis(now, { zone: timeZone });
  const start = d.startOf('day');
  const end = start.plus({ days: 1 });
  // A day with a DST change (or one that starts after midnight) is never cached: Luxon answers every call.
  if (
    !d.isValid ||
    start.hour !== 0 ||
    start.offset !== DateTime.fromMillis(end.toMillis() - 1, { zone: timeZone }).offset
  )
    return null;
  const span = {
    from: start.toMillis(),
    to: end.toMillis(),
    dayKey: start.toISODate() ?? '',
    weekday: WEEKDAY_BY_LUXON[start.weekday - 1] ?? 'mon',
  };
  lastDay.set(timeZone, span);
  return span;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

export function localClock(now: number, timeZone: string): LocalClock {
  const span = daySpan(now, timeZone);
  if (span) {
    const min = Math.floor((now - span.from) / 60_000);
    return { dayKey: span.dayKey, weekday: span.weekday, hhmm: `${pad2(Math.floor(min / 60))}:${pad2(min % 60)}` };
  }
  const d = DateTime.fromMillis(now, { zone: timeZone });
  return {
    dayKey: d.toISODate() ?? '',
    weekday: WEEKDAY_BY_LUXON[d.weekday - 1] ?? 'mon',
    hhmm: d.toFormat('HH:mm'),
  };
}

export function dayKeyOf(now: number, timeZone: string): string {
  return daySpan(now, timeZone)?.dayKey ?? DateTime.fromMillis(now, { zone: timeZone }).toISODate() ?? '';
}

/** Minutes since local midnight (0–1439), for hourly profiles (staffing, arrival rates). */
export function localMinuteOfDay(now: number, timeZone: string): number {
  const span = daySpan(now, timeZone);
  if (span) return Math.floor((now - span.from) / 60_000);
  const d = DateTime.fromMillis(now, { zone: timeZone });
  return d.hour * 60 + d.minute;
}

export function isOpenAt(schedule: WeekSchedule, holidays: readonly string[], now: number, timeZone: string): boolean {
  const c = localClock(now, timeZone);
  if (holidays.includes(c.dayKey)) return false;
  return (schedule[c.weekday] ?? []).some(([from, to]) => c.hhmm >= from && c.hhmm < to);
}

/** Kiosks issue tickets only within reception hours, which may differ from office hours (seed 000 §7.5.2). */
export function isReceptionOpen(config: OfficeConfig, now: number): boolean {
  return isOpenAt(config.receptionHours, config.holidays, now, config.timeZone);
}

/** The instant at which a local wall-clock time happens on a local day (DST-aware). */
export function localTimeToEpoch(dayKey: string, hhmm: string, timeZone: string): number {
  return DateTime.fromISO(`${dayKey}T${hhmm}`, { zone: timeZone }).toMillis();
}
