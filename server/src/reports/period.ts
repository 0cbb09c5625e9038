import { MAX_REPORT_DAYS, type ReportQuery, type ResolvedPeriod } from '@talon/protocol';

/** Calendar arithmetic on office-local dates: a day key names a date, not an instant, so UTC is exact here. */
function parseDay(day: string): Date {
  const d = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== day) throw new RangeError(`no such date ${day}`);
  return d;
}

const key = (y: number, m0: number, d: number) => new Date(Date.UTC(y, m0, d)).toISOString().slice(0, 10);

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((parseDay(to).getTime() - parseDay(from).getTime()) / 86_400_000) + 1;
}

export function addDays(day: string, n: number): string {
  const d = parseDay(day);
  return key(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n);
}

export const nextDay = (day: string): string => addDays(day, 1);

/** Every day key of the period, in order. */
export function eachDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = nextDay(d)) out.push(d);
  return out;
}

/**
 * The office-local days a report covers: the calendar day, month, quarter, half-year or year that
 * contains `date` (seed 000 §11.1 calendar month; seed 003 §9.3 quarter, half-year, year), or a
 * custom range of at most MAX_REPORT_DAYS. Throws RangeError on an impossible date or range.
 */
export function resolvePeriod(q: Pick<ReportQuery, 'period' | 'date' | 'from' | 'to'>): ResolvedPeriod {
  let from: string;
  let to: string;
  if (q.period === 'custom') {
    if (q.from === undefined || q.to === undefined) throw new RangeError('custom period needs from and to');
    parseDay(q.from);
    parseDay(q.to);
    from = q.from;
    to = q.to;
    if (from > to) throw new RangeError('from is after to');
  } else {
    if (q.date === undefined) throw new RangeError(`${q.period} period needs a date`);
    const d = parseDay(q.date);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    const span = (m0: number, months: number) => [key(y, m0, 1), key(y, m0 + months, 0)] as const;
    [from, to] =
      q.period === 'day'
        ? [q.date, q.date]
        : q.period === 'month'
          ? span(m, 1)
          : q.period === 'quarter'
            ? span(m - (m % 3), 3)
            : q.period === 'half'
              ? span(m < 6 ? 0 : 6, 6)
              : span(0, 12);
  }
  const days = daysBetween(from, to);
  if (days > MAX_REPORT_DAYS) throw new RangeError(`a report covers at most ${MAX_REPORT_DAYS} days, asked ${days}`);
  return { kind: q.period, from, to, days };
}
