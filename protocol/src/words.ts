import type { Weekday } from './config.js';

/** A word in both languages, Russian first (the shape screens pass to `t`). */
export type WordPair = readonly [ru: string, en: string];

/** Weekday names as a table heading or a list label shows them: «Пн» / «Mon». */
export const WEEKDAY_SHORT: Readonly<Record<Weekday, WordPair>> = {
  mon: ['Пн', 'Mon'],
  tue: ['Вт', 'Tue'],
  wed: ['Ср', 'Wed'],
  thu: ['Чт', 'Thu'],
  fri: ['Пт', 'Fri'],
  sat: ['Сб', 'Sat'],
  sun: ['Вс', 'Sun'],
};

/** Weekday names written out: «Понедельник» / «Monday». */
export const WEEKDAY_FULL: Readonly<Record<Weekday, WordPair>> = {
  mon: ['Понедельник', 'Monday'],
  tue: ['Вторник', 'Tuesday'],
  wed: ['Среда', 'Wednesday'],
  thu: ['Четверг', 'Thursday'],
  fri: ['Пятница', 'Friday'],
  sat: ['Суббота', 'Saturday'],
  sun: ['Воскресенье', 'Sunday'],
};

/** Russian plural form for a count: 1 человек, 2 человека, 5 человек, 11 человек, 21 человек. */
export function pluralRu(n: number, one: string, few: string, many: string): string {
  const n10 = Math.abs(n) % 10;
  const n100 = Math.abs(n) % 100;
  if (n10 === 1 && n100 !== 11) return one;
  if (n10 >= 2 && n10 <= 4 && (n100 < 12 || n100 > 14)) return few;
  return many;
}
