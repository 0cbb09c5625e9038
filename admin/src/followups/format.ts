import type { Lang } from '@talon/protocol';

/** An office day `YYYY-MM-DD` as people write it: 11.12.2026 in Russian, 2026-12-11 in English. */
export const dayText = (day: string, lang: Lang) =>
  lang === 'ru' ? `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}` : day;

/** A date and time in the office's zone, short. */
export function instantText(at: number, lang: Lang, timeZone: string | undefined): string {
  const zone = timeZone && safe(timeZone) ? timeZone : undefined;
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(zone ? { timeZone: zone } : {}),
  }).format(at);
}

function safe(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Today and the first of this month as office days, for the report's default period. */
export function monthSoFar(now: number, timeZone: string | undefined): { from: string; to: string } {
  const zone = timeZone && safe(timeZone) ? timeZone : undefined;
  const today = new Intl.DateTimeFormat('sv-SE', zone ? { timeZone: zone } : {}).format(now);
  return { from: `${today.slice(0, 8)}01`, to: today };
}
