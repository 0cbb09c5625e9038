/** Quick periods on YYYY-MM-DD days, computed in UTC so that no zone can shift a date. */
export type Quick = 'today' | 'week' | 'month' | 'lastMonth';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (day: string) => new Date(`${day}T00:00:00Z`);

/** Today on this browser's calendar. */
export function localToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA').format(now);
}

export function quickPeriod(q: Quick, today: string): { from: string; to: string } {
  const d = utc(today);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (q) {
    case 'today':
      return { from: today, to: today };
    case 'week': {
      // Russian weeks start on Monday.
      const back = (d.getUTCDay() + 6) % 7;
      return { from: iso(new Date(Date.UTC(y, m, d.getUTCDate() - back))), to: today };
    }
    case 'month':
      return { from: iso(new Date(Date.UTC(y, m, 1))), to: today };
    case 'lastMonth':
      return { from: iso(new Date(Date.UTC(y, m - 1, 1))), to: iso(new Date(Date.UTC(y, m, 0))) };
  }
}

/** Which quick button the period matches, if any (it shows pressed). */
export function matchQuick(from: string, to: string, today: string): Quick | null {
  for (const q of ['today', 'week', 'month', 'lastMonth'] as const) {
    const p = quickPeriod(q, today);
    if (p.from === from && p.to === to) return q;
  }
  return null;
}
