import { type Lang, pluralRu } from '@talon/protocol';

const nf = (lang: Lang, digits: number) =>
  new Intl.NumberFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });

/** Seconds as minutes with one decimal («6,9»); a dash when there is nothing to show. */
export function minutes(sec: number | null | undefined, lang: Lang): string {
  return sec === null || sec === undefined ? '—' : nf(lang, 1).format(sec / 60);
}

/** 0..1 as a percentage with one decimal («42,9 %»). */
export function percent(share: number | null | undefined, lang: Lang): string {
  return share === null || share === undefined ? '—' : `${nf(lang, 1).format(share * 100)} %`;
}

export function count(n: number, lang: Lang): string {
  return nf(lang, 0).format(n);
}

/** Seconds as hours and minutes («7 ч 05 мин»), for working time. */
export function hoursMinutes(sec: number, lang: Lang): string {
  const m = Math.round(sec / 60);
  const h = Math.floor(m / 60);
  const rest = String(m % 60).padStart(2, '0');
  return lang === 'ru' ? `${h} ч ${rest} мин` : `${h} h ${rest} min`;
}

/** Today in the office's time zone (the browser's zone may differ). */
export function todayIn(timeZone: string | undefined, now = Date.now()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timeZone || undefined }).format(now);
}

/** Calendar arithmetic on YYYY-MM-DD, in UTC so that no zone can shift the date. */
export function shiftDate(day: string, months: number, days = 0): string {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last) + days);
  return target.toISOString().slice(0, 10);
}

/** «26.11.2026 10:05» in the office's time zone. */
export function dateTime(at: number | null, lang: Lang, timeZone: string): string {
  if (at === null) return '—';
  return new Intl.DateTimeFormat(lang === 'ru' ? 'ru-RU' : 'en-GB', {
    day: '2-digit',
    month: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
  }).format(at);
}

const DAY_FORMAT = {
  ru: new Intl.DateTimeFormat('ru-RU', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
  en: new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
};

/** A report's period as people read it: «7 декабря 2026», «1 декабря 2026 — 7 декабря 2026». */
export function periodText(from: string, to: string, lang: Lang): string {
  const day = (key: string) => DAY_FORMAT[lang].format(new Date(`${key}T00:00:00Z`));
  return from === to ? day(from) : `${day(from)} — ${day(to)}`;
}

/** «1 день», «3 дня», «7 дней» / "1 day", "7 days". */
export function daysText(n: number, lang: Lang): string {
  return lang === 'en' ? `${n} day${n === 1 ? '' : 's'}` : `${n} ${pluralRu(n, 'день', 'дня', 'дней')}`;
}
