import type { Lang } from '@talon/protocol';

const locale = (lang: Lang) => (lang === 'en' ? 'en-GB' : 'ru-RU');

function safeZone(timeZone: string | undefined): string | undefined {
  if (!timeZone) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return undefined;
  }
}

/** «14:05» in the office's time zone. */
export function formatTime(at: number, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: safeZone(timeZone),
  }).format(at);
}

/** «среда, 26 ноября» in the office's time zone. */
export function formatDate(at: number, lang: Lang, timeZone?: string): string {
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: safeZone(timeZone),
  }).format(at);
}

/** «4:07» or «1:02:07» for an elapsed time. */
export function formatElapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Whole minutes, never negative. */
export function wholeMinutes(ms: number): number {
  return Math.max(0, Math.floor(ms / 60000));
}
