import type { Lang } from '@talon/protocol';

/** «26.11.2026, 10:05» in the office's time zone. */
export function formatStamp(at: number, lang: Lang, timeZone?: string): string {
  const opts: Intl.DateTimeFormatOptions = {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', { ...opts, timeZone }).format(at);
  } catch {
    return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'ru-RU', opts).format(at);
  }
}
