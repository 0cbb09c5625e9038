import type { DeadlineUnit } from '@talon/protocol';

/**
 * Working days for answer deadlines (seed 001: «не более 10 рабочих дней»). Pure day arithmetic on
 * office-local dates (`YYYY-MM-DD`): which instant a day starts is the caller's business (time zones).
 */
export interface WorkCalendar {
  /** `mon` … `sun`: the weekdays that are working days. */
  workingWeekdays: readonly string[];
  /** Office-local dates that are not working days (the configuration's `holidays`). */
  holidays: readonly string[];
}

const DAY_MS = 86_400_000;
const WEEKDAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
/** A deadline further than this is a configuration error, not a reason to loop for ever. */
const MAX_STEPS = 3660;

const toUtc = (day: string): number => {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
};
const fromUtc = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The date `n` calendar days after `day` (negative: before). */
export function addDays(day: string, n: number): string {
  return fromUtc(toUtc(day) + n * DAY_MS);
}

export function weekdayOf(day: string): (typeof WEEKDAY)[number] {
  return WEEKDAY[new Date(toUtc(day)).getUTCDay()] as (typeof WEEKDAY)[number];
}

export function isWorkingDay(cal: WorkCalendar, day: string): boolean {
  return cal.workingWeekdays.includes(weekdayOf(day)) && !cal.holidays.includes(day);
}

/** The `n`-th working day after `day` (the day itself is not counted: the day of filing is day zero). */
export function addWorkingDays(cal: WorkCalendar, day: string, n: number): string {
  let d = day;
  let left = n;
  for (let i = 0; left > 0 && i < MAX_STEPS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) left--;
  }
  return d;
}

/** `day` itself when it is a working day, else the next working day. */
export function nextWorkingDay(cal: WorkCalendar, day: string): string {
  let d = day;
  for (let i = 0; !isWorkingDay(cal, d) && i < MAX_STEPS; i++) d = addDays(d, 1);
  return d;
}

/** Working days in (from, to]: 0 when `to` is not after `from`. */
export function workingDaysBetween(cal: WorkCalendar, from: string, to: string): number {
  let n = 0;
  let d = from;
  for (let i = 0; d < to && i < MAX_STEPS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) n++;
  }
  return n;
}

/**
 * The last day to answer something filed on `filedDay`. Working days: the `deadline`-th working day after
 * the filing. Calendar days («не более 30 дней»): that many days later, and a deadline that falls on a
 * day off moves to the next working day (Civil Code art. 193).
 */
export function dueDayOf(cal: WorkCalendar, filedDay: string, deadline: number, unit: DeadlineUnit): string {
  return unit === 'working-days'
    ? addWorkingDays(cal, filedDay, deadline)
    : nextWorkingDay(cal, addDays(filedDay, deadline));
}

/**
 * How the deadline stands on `today`: missed once `today` is past `dueDay`; due soon when at most
 * `warnDays` working days are left until it (today not counted, the due day counted).
 */
export function deadlineState(
  cal: WorkCalendar,
  today: string,
  dueDay: string,
  warnDays: number,
): { state: 'ok' | 'soon' | 'missed'; workingDaysLeft: number } {
  if (today > dueDay) return { state: 'missed', workingDaysLeft: 0 };
  const left = workingDaysBetween(cal, today, dueDay);
  return { state: left <= warnDays ? 'soon' : 'ok', workingDaysLeft: left };
}
