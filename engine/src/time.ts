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

export function localClock(now: number, timeZone: string): LocalClock {
  const d = DateTime.fromMillis(now, { zone: timeZone });
  return {
    dayKey: d.toISODate() ?? '',
    weekday: WEEKDAY_BY_LUXON[d.weekday - 1] ?? 'mon',
    hhmm: d.toFormat('HH:mm'),
  };
}

export function dayKeyOf(now: number, timeZone: string): string {
  return DateTime.fromMillis(now, { zone: timeZone }).toISODate() ?? '';
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
