import type { Lang, OfficeRow } from '@talon/protocol';

export type SortKey =
  | 'office'
  | 'branch'
  | 'waiting'
  | 'longest'
  | 'within'
  | 'served'
  | 'operators'
  | 'alarms'
  | 'sync'
  | 'profile';

export interface Sort {
  key: SortKey;
  dir: 'asc' | 'desc';
}

/** A number's columns start from the largest (who waits most); names from A. */
export const FIRST_DIR: Record<SortKey, Sort['dir']> = {
  office: 'asc',
  branch: 'asc',
  waiting: 'desc',
  longest: 'desc',
  within: 'asc',
  served: 'desc',
  operators: 'desc',
  alarms: 'desc',
  sync: 'desc',
  profile: 'asc',
};

/**
 * How far an office is from a healthy link, in seconds: 0 while connected and current, its lag while
 * connected, the time since it was last heard from when not; never heard from is the worst.
 */
export function syncTrouble(r: OfficeRow, now: number): number {
  if (r.sync.connected) return r.sync.lagSec ?? 0;
  if (r.sync.lastSeenAt === null) return Number.MAX_SAFE_INTEGER;
  return 1e9 + Math.max(0, now - r.sync.lastSeenAt) / 1000;
}

function value(r: OfficeRow, key: SortKey, lang: Lang, now: number): string | number | null {
  const s = r.status;
  switch (key) {
    case 'office':
      return r.name[lang] || r.name.ru;
    case 'branch':
      return r.branchName[lang] || r.branchName.ru;
    case 'waiting':
      return s?.waitingNow ?? null;
    case 'longest':
      return s?.longestWaitSec ?? null;
    case 'within':
      return s?.withinNormShareToday ?? null;
    case 'served':
      return s?.servedToday ?? null;
    case 'operators':
      return s?.operatorsAtWork ?? null;
    case 'alarms':
      return s?.devicesInAlarm ?? null;
    case 'sync':
      return syncTrouble(r, now);
    case 'profile':
      return r.profileApplied;
  }
}

/** Sorted copy; offices without a figure go last whichever way, ties by code so rows never jump. */
export function sortOffices(rows: readonly OfficeRow[], sort: Sort, lang: Lang, now: number): OfficeRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator(lang === 'ru' ? 'ru' : 'en', { numeric: true });
  return rows
    .map((r) => ({ r, v: value(r, sort.key, lang, now) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) {
        if (a.v !== b.v) return a.v === null ? 1 : -1;
      } else {
        const c = typeof a.v === 'string' ? collator.compare(a.v, String(b.v)) : a.v - (b.v as number);
        if (c !== 0) return c * sign;
      }
      return collator.compare(a.r.code, b.r.code);
    })
    .map((x) => x.r);
}

/** Branch and text filter: the text matches the code or either name, case-insensitively. */
export function filterOffices(rows: readonly OfficeRow[], branchId: string, text: string): OfficeRow[] {
  const q = text.trim().toLocaleLowerCase('ru');
  return rows.filter(
    (r) =>
      (!branchId || r.branchId === branchId) &&
      (!q || [r.code, r.name.ru, r.name.en].some((s) => s.toLocaleLowerCase('ru').includes(q))),
  );
}

export interface Summary {
  offices: number;
  noLink: number;
  waiting: number;
  /** Within-norm share of today's visits over the shown offices, weighted by each office's served visits. */
  within: number | null;
  attention: number;
}

export function summarize(rows: readonly OfficeRow[]): Summary {
  let waiting = 0;
  let weighted = 0;
  let weight = 0;
  for (const r of rows) {
    const s = r.status;
    if (!s) continue;
    waiting += s.waitingNow;
    if (s.withinNormShareToday !== null && s.servedToday > 0) {
      weighted += s.withinNormShareToday * s.servedToday;
      weight += s.servedToday;
    }
  }
  return {
    offices: rows.length,
    noLink: rows.filter((r) => !r.sync.connected).length,
    waiting,
    within: weight > 0 ? weighted / weight : null,
    attention: rows.filter((r) => r.sync.attention.length > 0).length,
  };
}

/** The longest wait is past its norm (red on the screen). */
export const overNorm = (r: OfficeRow) =>
  r.status?.longestWaitSec != null &&
  r.status.longestWaitNormSec != null &&
  r.status.longestWaitSec > r.status.longestWaitNormSec;
