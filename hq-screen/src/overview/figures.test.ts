import type { OfficeRow, OfficeStatus } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { duration } from '../format.js';
import { matchQuick, quickPeriod } from '../reports/period.js';
import { filterOffices, sortOffices, summarize, syncTrouble } from './figures.js';

const NOW = Date.parse('2026-11-26T10:00:00Z');

function office(code: string, status: Partial<OfficeStatus> | null, sync: Partial<OfficeRow['sync']> = {}): OfficeRow {
  return {
    id: code.toLowerCase(),
    code,
    name: { ru: `ЦОК ${code}`, en: `Office ${code}` },
    branchId: code.startsWith('N') ? 'north' : 'south',
    branchName: { ru: 'Филиал', en: 'Branch' },
    timeZone: null,
    keyRevoked: false,
    sync: { connected: true, lastSeenAt: NOW, ackSeq: 0, epoch: 1, backlog: 0, lagSec: null, attention: [], ...sync },
    status: status && {
      at: NOW,
      dayKey: '2026-11-26',
      waitingNow: 0,
      longestWaitSec: null,
      longestWaitNormSec: null,
      withinNormShareToday: null,
      servedToday: 0,
      operatorsAtWork: 0,
      devicesInAlarm: 0,
      alarms: [],
      services: [],
      queue: [],
      windows: [],
      profileVersion: null,
      softwareVersion: '1',
      ...status,
    },
    profileApplied: null,
    profilePublished: null,
  };
}

const rows = [
  office('N1', { waitingNow: 5, withinNormShareToday: 0.5, servedToday: 10 }),
  office('N2', null, { connected: false, lastSeenAt: null }),
  office(
    'S1',
    { waitingNow: 9, withinNormShareToday: 1, servedToday: 30 },
    { connected: false, lastSeenAt: NOW - 600_000 },
  ),
];
const codes = (rs: OfficeRow[]) => rs.map((r) => r.code);

describe('company overview figures', () => {
  it('sorts either way with offices lacking the figure last, ties by code', () => {
    expect(codes(sortOffices(rows, { key: 'waiting', dir: 'desc' }, 'ru', NOW))).toEqual(['S1', 'N1', 'N2']);
    expect(codes(sortOffices(rows, { key: 'waiting', dir: 'asc' }, 'ru', NOW))).toEqual(['N1', 'S1', 'N2']);
    expect(codes(sortOffices(rows, { key: 'sync', dir: 'desc' }, 'ru', NOW))).toEqual(['N2', 'S1', 'N1']);
    expect(syncTrouble(rows[0] as OfficeRow, NOW)).toBe(0);
  });

  it('filters by branch and by code or name in either language', () => {
    expect(codes(filterOffices(rows, 'south', ''))).toEqual(['S1']);
    expect(codes(filterOffices(rows, '', 'цок n'))).toEqual(['N1', 'N2']);
    expect(codes(filterOffices(rows, 'north', 'office n2'))).toEqual(['N2']);
  });

  it('sums the strip: offices without link, waiting, the within-norm share weighted by served visits', () => {
    expect(summarize(rows)).toEqual({ offices: 3, noLink: 2, waiting: 14, within: (0.5 * 10 + 30) / 40, attention: 0 });
    expect(summarize([]).within).toBeNull();
  });

  it('says times as people do', () => {
    expect(duration(30, 'ru')).toBe('< 1 мин');
    expect(duration(12 * 60 + 59, 'ru')).toBe('12 мин');
    expect(duration(125 * 60, 'ru')).toBe('2 ч 05 мин');
    expect(duration(3 * 86_400 + 4 * 3600, 'en')).toBe('3 d 4 h');
  });

  it('quick periods: Monday-first weeks, whole last month, and which button a period matches', () => {
    expect(quickPeriod('week', '2026-11-26')).toEqual({ from: '2026-11-23', to: '2026-11-26' });
    expect(quickPeriod('week', '2026-11-29')).toEqual({ from: '2026-11-23', to: '2026-11-29' });
    expect(quickPeriod('lastMonth', '2026-03-31')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(quickPeriod('month', '2026-01-15')).toEqual({ from: '2026-01-01', to: '2026-01-15' });
    expect(matchQuick('2026-10-01', '2026-10-31', '2026-11-26')).toBe('lastMonth');
    expect(matchQuick('2026-10-02', '2026-10-31', '2026-11-26')).toBeNull();
  });
});
