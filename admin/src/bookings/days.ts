import { localTimeToEpoch } from '@talon/engine';
import type { Lang } from '@talon/protocol';

/** Noon of a local day: a safe instant to name the day by (no DST edge at midnight). */
export const noonOf = (dayKey: string, timeZone: string) => localTimeToEpoch(dayKey, '12:00', timeZone);

/** «пн, 8 дек.» in the office's time zone. */
export function shortDay(dayKey: string, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    timeZone,
  }).format(noonOf(dayKey, timeZone));
}
