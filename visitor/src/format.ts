import type { Lang } from '@talon/protocol';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'ru-RU');

/** «14:30» in the office's time zone: the visitor goes to the office, its clock is the one that counts. */
export const timeOf = (at: number, timeZone: string, lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { timeZone, hour: '2-digit', minute: '2-digit' }).format(at);

/** «пт, 27 ноября» for a local day `YYYY-MM-DD` (noon UTC of it names the same date everywhere). */
export const dayOf = (day: string, lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long' }).format(
    Date.parse(`${day}T12:00:00Z`),
  );

const noonOf = (day: string) => Date.parse(`${day}T12:00:00Z`);
/** «пт» */
export const weekdayOf = (day: string, lang: Lang) =>
  new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', weekday: 'short' }).format(noonOf(day));

/** «10» and «декабря» apart (a day tile puts them on lines of their own, so every tile has the same height). */
export function dayAndMonth(day: string, lang: Lang): { day: string; month: string } {
  const parts = new Intl.DateTimeFormat(locale(lang), { timeZone: 'UTC', day: 'numeric', month: 'long' }).formatToParts(
    noonOf(day),
  );
  return {
    day: parts.find((p) => p.type === 'day')?.value ?? '',
    month: parts.find((p) => p.type === 'month')?.value ?? '',
  };
}

/** The local day of an instant in the office's time zone, `YYYY-MM-DD`. */
export const dayKeyOf = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);

/** What the server's phone rule accepts (protocol `phoneKey`): checked here only to say so before sending. */
export function phoneLooksValid(raw: string): boolean {
  if (!/^[+0-9 ()-]+$/.test(raw.trim())) return false;
  const d = raw.replace(/\D/g, '');
  return d.length >= 10 && d.length <= 15;
}

/** The time zone as people say it («Москва, стандартное время»), not its IANA name. */
export function zoneName(timeZone: string, lang: Lang): string {
  const parts = new Intl.DateTimeFormat(locale(lang), { timeZone, timeZoneName: 'long' }).formatToParts(Date.now());
  return parts.find((x) => x.type === 'timeZoneName')?.value ?? timeZone;
}
