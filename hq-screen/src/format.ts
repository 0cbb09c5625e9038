import type { Lang } from '@talon/protocol';

const locale = (lang: Lang) => (lang === 'ru' ? 'ru-RU' : 'en-GB');
const nf = (lang: Lang, digits: number) =>
  new Intl.NumberFormat(locale(lang), { minimumFractionDigits: digits, maximumFractionDigits: digits });

export const DASH = '—';

export function count(n: number | null | undefined, lang: Lang): string {
  return n === null || n === undefined ? DASH : nf(lang, 0).format(n);
}

/** A duration as people say it on this screen: «12 мин», «2 ч 05 мин», «3 дн 4 ч»; under a minute «< 1 мин». */
export function duration(sec: number | null | undefined, lang: Lang): string {
  if (sec === null || sec === undefined) return DASH;
  const ru = lang === 'ru';
  const m = Math.floor(Math.max(0, sec) / 60);
  if (m < 1) return ru ? '< 1 мин' : '< 1 min';
  if (m < 60) return ru ? `${m} мин` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) {
    const rest = String(m % 60).padStart(2, '0');
    return ru ? `${h} ч ${rest} мин` : `${h} h ${rest} min`;
  }
  const d = Math.floor(h / 24);
  return ru ? `${d} дн ${h % 24} ч` : `${d} d ${h % 24} h`;
}

/** Whole minutes for a norm beside a wait: «10». */
export function normMinutes(sec: number): string {
  return String(Math.round(sec / 60));
}

/** Minutes with one decimal for report averages: «6,9 мин». */
export function avgMinutes(sec: number | null | undefined, lang: Lang): string {
  if (sec === null || sec === undefined) return DASH;
  return `${nf(lang, 1).format(sec / 60)} ${lang === 'ru' ? 'мин' : 'min'}`;
}

/** 0..1 as a percentage: «87 %» (`digits` 0) or «87,5 %». */
export function percent(share: number | null | undefined, lang: Lang, digits = 0): string {
  return share === null || share === undefined ? DASH : `${nf(lang, digits).format(share * 100)} %`;
}

export function rating(avg: number | null | undefined, lang: Lang): string {
  return avg === null || avg === undefined ? DASH : nf(lang, 2).format(avg);
}

/** «26.11 10:05» on this browser's clock and zone (head office spans zones; the office's own is shown apart). */
export function dateTime(at: number | null | undefined, lang: Lang, timeZone?: string | null): string {
  if (at === null || at === undefined) return DASH;
  let zone: string | undefined = timeZone ?? undefined;
  try {
    if (zone) new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = undefined;
  }
  return new Intl.DateTimeFormat(locale(lang), {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: zone,
  }).format(at);
}

/** A report day «пн, 02.11.2026» (the day as the office counted it: no zone may shift it). */
export function dayLabel(day: string, lang: Lang): string {
  const at = Date.parse(`${day}T00:00:00Z`);
  if (!Number.isFinite(at)) return day;
  return new Intl.DateTimeFormat(locale(lang), {
    weekday: 'short',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(at);
}
