import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';
import { dayKeyOf, isReceptionOpen, localClock, localTimeToEpoch } from './time.js';

const { kiosk } = actors;
const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);
const roundTheClock = (timeZone: string) =>
  new Harness({ config: testOffice({ timeZone, receptionHours: ALL_DAY, officeHours: ALL_DAY, holidays: [] }) });

const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const issue = (h: Harness) => h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result;

describe('numbering restarts at local midnight — Europe/Moscow (UTC+3, no DST)', () => {
  it('23:59 and 00:01 local are different days although the UTC date is the same', () => {
    const h = roundTheClock('Europe/Moscow');
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, actors.operator('boris'));
    h.at('2025-03-03T23:58');
    issue(h);
    h.at('2025-03-03T23:59');
    const before = h.now;
    expect(issue(h)).toMatchObject({ number: 'К-002', ticketId: '2025-03-03/К-002' });
    h.at('2025-03-04T00:01');
    expect(utcDate(h.now)).toBe(utcDate(before)); // both 2025-03-03 in UTC
    expect(issue(h)).toMatchObject({ number: 'К-001', ticketId: '2025-03-04/К-001', peopleAhead: 2 });
    // Yesterday's К-001 is still in the hall; today's К-001 does not collide with it.
    expect(Object.keys(h.state.tickets).sort()).toEqual(['2025-03-03/К-001', '2025-03-03/К-002', '2025-03-04/К-001']);
  });

  it('does not restart when only the UTC date changes (03:00 local)', () => {
    const h = roundTheClock('Europe/Moscow');
    h.at('2025-03-04T02:00');
    const first = h.now;
    expect(issue(h)?.number).toBe('К-001');
    h.at('2025-03-04T04:00');
    expect(utcDate(h.now)).not.toBe(utcDate(first));
    expect(issue(h)).toMatchObject({ number: 'К-002', ticketId: '2025-03-04/К-002' });
  });

  it('restarts every prefix, including walk-ins', () => {
    const h = roundTheClock('Europe/Moscow');
    h.at('2025-03-03T23:50');
    issue(h);
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('anna'));
    h.ok({ type: 'serveWalkIn', serviceId: 'cash' }, actors.operator('anna'));
    h.ok({ type: 'finishService' }, actors.operator('anna'));
    h.at('2025-03-04T00:00');
    expect(issue(h)?.number).toBe('К-001');
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.number).toBe('О-001');
    expect(h.ok({ type: 'serveWalkIn', serviceId: 'cash' }, actors.operator('anna')).result?.number).toBe('БТ-001');
  });
});

describe('numbering restarts at local midnight — Europe/Berlin (DST)', () => {
  it('spring forward (2025-03-30, a 23-hour day): resets at 00:00 CET, not at 00:00 UTC', () => {
    const h = roundTheClock('Europe/Berlin');
    h.at('2025-03-29T23:59');
    const before = h.now;
    expect(issue(h)).toMatchObject({ ticketId: '2025-03-29/К-001' });
    h.at('2025-03-30T00:01');
    expect(utcDate(h.now)).toBe(utcDate(before)); // 22:59Z and 23:01Z on the 29th
    expect(issue(h)).toMatchObject({ ticketId: '2025-03-30/К-001' });
    h.at('2025-03-30T00:30');
    expect(issue(h)?.number).toBe('К-002'); // 23:30Z on the 29th, same local day
    h.at('2025-03-30T01:59');
    expect(issue(h)?.number).toBe('К-003');
    h.advanceMin(2); // 01:59 CET + 2 min = 03:01 CEST
    expect(localClock(h.now, 'Europe/Berlin').hhmm).toBe('03:01');
    expect(issue(h)).toMatchObject({ ticketId: '2025-03-30/К-004' });
    h.at('2025-03-30T23:59');
    const lateDay = h.now;
    expect(issue(h)).toMatchObject({ ticketId: '2025-03-30/К-005' });
    h.at('2025-03-31T00:01');
    expect(utcDate(h.now)).toBe(utcDate(lateDay)); // 21:59Z and 22:01Z on the 30th
    expect(issue(h)).toMatchObject({ ticketId: '2025-03-31/К-001' });
  });

  it('fall back (2025-10-26, a 25-hour day): the repeated hour stays on the same day', () => {
    const h = roundTheClock('Europe/Berlin');
    h.at('2025-10-25T23:59');
    expect(issue(h)).toMatchObject({ ticketId: '2025-10-25/К-001' });
    h.at('2025-10-26T00:01');
    expect(issue(h)).toMatchObject({ ticketId: '2025-10-26/К-001' });
    h.at('2025-10-26T01:30');
    expect(issue(h)?.number).toBe('К-002');
    h.advanceMin(60); // first 02:30 (CEST, 00:30Z)
    expect(localClock(h.now, 'Europe/Berlin').hhmm).toBe('02:30');
    expect(issue(h)?.number).toBe('К-003');
    h.advanceMin(60); // second 02:30 (CET, 01:30Z)
    expect(localClock(h.now, 'Europe/Berlin').hhmm).toBe('02:30');
    expect(issue(h)).toMatchObject({ ticketId: '2025-10-26/К-004' });
    h.at('2025-10-26T23:59');
    expect(issue(h)).toMatchObject({ ticketId: '2025-10-26/К-005' });
    h.advanceMin(2);
    expect(issue(h)).toMatchObject({ ticketId: '2025-10-27/К-001' });
  });

  it('the same UTC instant is a different local day in different zones', () => {
    const instant = Date.UTC(2025, 2, 3, 21, 30); // 2025-03-03T21:30Z
    expect(dayKeyOf(instant, 'Europe/Moscow')).toBe('2025-03-04');
    expect(dayKeyOf(instant, 'Europe/Berlin')).toBe('2025-03-03');
    const moscow = roundTheClock('Europe/Moscow');
    moscow.now = instant;
    expect(issue(moscow)?.ticketId).toBe('2025-03-04/К-001');
    const berlin = roundTheClock('Europe/Berlin');
    berlin.now = instant;
    expect(issue(berlin)?.ticketId).toBe('2025-03-03/К-001');
  });
});

describe('time helpers', () => {
  it('localTimeToEpoch is DST-aware', () => {
    expect(localTimeToEpoch('2025-03-29', '12:00', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 29, 11));
    expect(localTimeToEpoch('2025-03-31', '12:00', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 31, 10));
    expect(localTimeToEpoch('2025-03-03', '09:00', 'Europe/Moscow')).toBe(Date.UTC(2025, 2, 3, 6));
  });

  it('localClock gives the local weekday and time', () => {
    expect(localClock(Date.UTC(2025, 2, 9, 21, 5), 'Europe/Moscow')).toEqual({
      dayKey: '2025-03-10',
      weekday: 'mon',
      hhmm: '00:05',
    });
  });

  it('reception hours are judged in local time, in a DST zone too', () => {
    const config = testOffice({ timeZone: 'Europe/Berlin' });
    // 09:00 local is 08:00Z in winter and 07:00Z in summer.
    expect(isReceptionOpen(config, Date.UTC(2025, 2, 28, 7, 30))).toBe(false);
    expect(isReceptionOpen(config, Date.UTC(2025, 2, 28, 8, 0))).toBe(true);
    expect(isReceptionOpen(config, Date.UTC(2025, 2, 31, 7, 0))).toBe(true);
    expect(isReceptionOpen(config, Date.UTC(2025, 2, 31, 6, 59))).toBe(false);
  });

  it('a lunch closure splits reception hours', () => {
    const lunch = Object.fromEntries(
      ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [
        d,
        [
          ['09:00', '13:00'],
          ['14:00', '18:00'],
        ],
      ]),
    );
    const h = new Harness({ config: testOffice({ receptionHours: lunch }) });
    h.at('2025-03-03T13:30');
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk).code).toBe('OUTSIDE_RECEPTION_HOURS');
    h.at('2025-03-03T14:00');
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.number).toBe('О-001');
  });
});
