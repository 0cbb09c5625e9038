import type { VisitSummary } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from '../testing.js';
import { localTimeToEpoch } from '../time.js';
import { adviseHour } from './advisor.js';
import { addDays, officeHistory, weekdayOf } from './history.js';
import { receptionHoursOf, staffingReport } from './plan.js';

const config = testOffice();
const ZONE = 'Europe/Moscow';

function visit(dayKey: string, hhmm: string, v: Partial<VisitSummary> = {}): VisitSummary {
  const issuedAt = localTimeToEpoch(dayKey, hhmm, ZONE);
  return {
    ticketId: `${dayKey}/${hhmm}/${v.serviceId ?? 'consultation'}/${Math.random()}`,
    number: 'К-001',
    dayKey,
    serviceId: 'consultation',
    originServiceId: v.serviceId ?? 'consultation',
    walkIn: false,
    outcome: 'served',
    issuedAt,
    closedAt: issuedAt + 600_000,
    firstWaitSec: 120,
    serviceSec: 600,
    totalSec: 720,
    transfers: 0,
    postponements: 0,
    recalls: 0,
    outcomes: [],
    digitalOnboarding: false,
    extraSale: false,
    ...v,
  };
}

describe('office history', () => {
  // Four Mondays and Tuesdays (2025-03-03 … 2025-03-25): Mondays get 6 consultations at 10:xx, Tuesdays 2.
  const visits: VisitSummary[] = [];
  for (let w = 0; w < 4; w++) {
    const mon = addDays('2025-03-03', 7 * w);
    for (let i = 0; i < 6; i++) visits.push(visit(mon, `10:${String(i * 5).padStart(2, '0')}`));
    const tue = addDays(mon, 1);
    visits.push(
      visit(tue, '11:00'),
      visit(tue, '11:30', { serviceId: 'cash', outcome: 'no-show', firstWaitSec: 1200 }),
    );
  }
  visits.push(visit('2025-03-05', '12:00', { serviceId: 'cash', outcome: 'no-show', firstWaitSec: 600 }));
  visits.push(visit('2025-03-04', '12:00', { walkIn: true }));
  const h = officeHistory(visits, config, { fromDay: '2025-03-01', toDay: '2025-03-30' });

  it('averages arrivals per weekday × hour over reception days since the first visit', () => {
    expect(weekdayOf('2025-03-03')).toBe('mon');
    expect(h.fromDay).toBe('2025-03-03');
    expect(h.toDay).toBe('2025-03-25');
    expect(h.daysByWeekday.mon).toBe(4);
    expect(h.daysByWeekday.sun).toBe(0);
    expect(h.arrivals.mon.consultation?.[10]).toBe(6);
    expect(h.arrivals.tue.consultation?.[11]).toBe(1);
    expect(h.arrivals.tue.cash?.[11]).toBe(1);
    // The walk-in served without a ticket never queued.
    expect(h.visits).toBe(33);
  });

  it('estimates patience as time waited ÷ leavers, and service times once there are enough', () => {
    // 28 served × 2 min + 4 leavers × 20 min + 1 × 10 min = 146 min of waiting, 5 leavers.
    expect(h.patienceMin).toBeCloseTo(146 / 5, 9);
    expect(h.services.consultation).toMatchObject({ meanMin: 10, samples: 28 });
    expect(h.services.cash).toMatchObject({ meanMin: 4, samples: 0 });
  });

  it('builds today and a week of recommendations, with windows open now and what came so far', () => {
    const now = localTimeToEpoch('2025-03-31', '10:20', ZONE);
    const hx = new Harness({ now, config });
    hx.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('anna'));
    hx.ok({ type: 'operatorLogin', windowId: 'w2' }, actors.operator('boris'));
    hx.ok({ type: 'startBreak', reasonId: 'lunch' }, actors.operator('boris'));
    hx.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    const today = [visit('2025-03-31', '09:10'), visit('2025-03-31', '10:01')];
    const r = staffingReport(h, config, hx.state, today, now, { weeks: 4, targetShare: 0.8, maxAbandonShare: 0.03 });
    expect(r.model).toBe('erlang-a');
    expect(r.today.weekday).toBe('mon');
    expect(r.week.map((d) => d.weekday)).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(r.week[6]?.hours).toEqual([]);
    expect(r.today.hours.map((x) => x.hour)).toEqual(receptionHoursOf(config, '2025-03-31'));
    const ten = r.today.hours.find((x) => x.hour === 10);
    expect(ten).toMatchObject({ forecast: 6, actual: 2, openNow: 1 });
    const advice = adviseHour(
      [
        { perHour: 6, meanServiceMin: 10, waitNormMin: 8 },
        { perHour: 0, meanServiceMin: 4, waitNormMin: 4 },
        { perHour: 0, meanServiceMin: 20, waitNormMin: 15 },
      ],
      { share: 0.8, maxAbandonShare: 0.03, patienceMin: 146 / 5, open: true },
    );
    expect(ten?.recommended).toBe(advice.recommended);
    expect(r.now).toEqual({
      date: '2025-03-31',
      hour: 10,
      openWindows: 1,
      recommended: advice.recommended,
      basis: 'forecast',
      waiting: 1,
      overdue: 0,
    });
    expect(r.today.hours.find((x) => x.hour === 9)).toMatchObject({ actual: 1, recommended: 1 });
    expect(r.today.hours.find((x) => x.hour === 12)?.actual).toBeUndefined();
  });

  it('a new office with no history and a queue past the norm is told to open windows, never to close them', () => {
    const empty = officeHistory([], config, { fromDay: '2025-03-01', toDay: '2025-03-30' });
    const start = localTimeToEpoch('2025-03-31', '10:00', ZONE);
    const hx = new Harness({ now: start, config });
    for (const [i, name] of ['anna', 'boris', 'vera'].entries())
      hx.ok({ type: 'operatorLogin', windowId: `w${i + 1}` }, actors.operator(name));
    // 16 consultations (10 min each) came in the last 20 minutes, none called yet
    for (let i = 0; i < 16; i++)
      hx.advance(i === 0 ? 0 : 75_000).ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    const now = start + 20 * 60_000;
    const p = { weeks: 4, targetShare: 0.8, maxAbandonShare: 0.03 };
    const r = staffingReport(empty, config, hx.state, [], now, p);
    // the forecast from no history asks for one window; the hall asks for more than are open
    expect(r.today.hours.find((x) => x.hour === 10)?.recommended).toBe(1);
    expect(r.now).toMatchObject({ openWindows: 3, waiting: 16 });
    expect(r.now.overdue).toBeGreaterThan(8);
    expect(r.now.recommended).toBeGreaterThan(3);
    expect(['arrivals', 'queue']).toContain(r.now.basis);
    // the queue's work alone: 16 × 10 min within the hour is at least 3 windows
    const quiet = staffingReport(empty, config, hx.state, [], start + 3 * 3600_000, p);
    expect(quiet.now).toMatchObject({ basis: 'queue', recommended: 3, waiting: 16 });
  });
});
