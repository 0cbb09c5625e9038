import { describe, expect, it } from 'vitest';
import { redactEvent, redactState } from './redact.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin } = actors;

describe('the test harness', () => {
  it('builds the fixture office through the protocol schema, with defaults filled in', () => {
    const c = testOffice();
    expect(c.timeZone).toBe('Europe/Moscow');
    expect(c.windows).toHaveLength(3);
    expect(c.windows[0]?.kind).toBe('window');
    expect(c.services.map((s) => s.prefix)).toEqual(['К', 'О', 'Д']);
    expect(c.rules).toMatchObject({
      recallMaxCount: 2,
      recallMinIntervalSec: 15,
      priorityMaxInRow: 2,
      appointmentLateMin: 5,
    });
    expect(testOffice({ rules: { priorityMaxInRow: 5 } }).rules).toMatchObject({
      priorityMaxInRow: 5,
      recallMaxCount: 2,
    });
    expect(() => testOffice({ windows: [{ id: 'w1', number: 1, hallId: 'nowhere' }] })).toThrow(/unknown hall/);
  });

  it('keeps a virtual clock in the office zone', () => {
    const h = new Harness({ config: testOffice() });
    expect(new Date(h.now).toISOString()).toBe('2025-03-03T07:00:00.000Z');
    h.advanceMin(90).advanceSec(30).advance(500);
    expect(new Date(h.now).toISOString()).toBe('2025-03-03T08:30:30.500Z');
    h.at('2025-03-04T00:00');
    expect(new Date(h.now).toISOString()).toBe('2025-03-03T21:00:00.000Z');
    expect(() => h.at('not a date')).toThrow(/invalid local time/);
    const berlin = new Harness({ timeZone: 'Europe/Berlin', now: '2025-07-01T12:00' });
    expect(new Date(berlin.now).toISOString()).toBe('2025-07-01T10:00:00.000Z');
    expect(new Harness({ now: 1234 }).now).toBe(1234);
  });

  it('stamps seq, folds events and logs them; refusals are recorded nowhere', () => {
    const h = new Harness({ config: testOffice() });
    expect(h.seq).toBe(1);
    const d = h.run({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    expect(d.ok).toBe(true);
    expect(h.log.map((e) => [e.seq, e.type])).toEqual([
      [1, 'OfficeConfigured'],
      [2, 'TicketIssued'],
    ]);
    expect(h.state.seq).toBe(2);
    expect(h.run({ type: 'issueTicket', serviceId: 'nope' }, kiosk).ok).toBe(false);
    expect(h.seq).toBe(2);
    expect(h.eventsOf('TicketIssued')).toHaveLength(1);
  });

  it('ok() throws on a refusal and refused() throws on an acceptance', () => {
    const h = new Harness({ config: testOffice() });
    expect(() => h.ok({ type: 'callNext' }, actors.operator('anna'))).toThrow(/OPERATOR_NOT_LOGGED_IN/);
    expect(() => h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk)).toThrow(/was accepted/);
    expect(() => h.ticket('К-404')).toThrow(/no live ticket/);
    expect(() => h.operator('ghost')).toThrow(/no operator/);
  });

  it('validates commands through the protocol schema', () => {
    const h = new Harness({ config: testOffice() });
    expect(() => h.run({ type: 'issueTicket' }, kiosk)).toThrow(/topicId or serviceId/);
  });
});

describe('redaction (152-ФЗ)', () => {
  it('strips visitor data for the board and kiosks, keeps it for operators', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'issueTicket', topicId: 'payment', visitorData: { phone: '+79000000000' } }, kiosk);
    const issued = h.lastEvent();
    if (!issued) throw new Error('no event');
    const board = redactState(h.state, 'board');
    expect(board.tickets[h.ticket('О-001').id]).not.toHaveProperty('visitorData');
    expect(h.ticket('О-001').visitorData).toEqual({ phone: '+79000000000' });
    expect(redactState(h.state, 'operator')).toBe(h.state);
    expect(redactEvent(issued, 'kiosk')).not.toHaveProperty('ticket.visitorData');
    expect(redactEvent(issued, 'admin')).toHaveProperty('ticket.visitorData');
    h.ok({ type: 'setLiveQueueMode', on: true, reason: 'сбой' }, admin);
    const other = h.lastEvent();
    if (other) expect(redactEvent(other, 'board')).toBe(other);
  });

  it('keeps the name of a booked visitor away from kiosks and boards', () => {
    const h = new Harness({ config: testOffice() });
    h.ok(
      {
        type: 'createAppointment',
        code: 'NM01',
        serviceId: 'consultation',
        slotAt: h.now + 3600_000,
        visitorName: 'Иванов И.И.',
      },
      admin,
    );
    const created = h.lastEvent();
    if (!created) throw new Error('no event');
    expect(JSON.stringify(redactState(h.state, 'kiosk'))).not.toContain('Иванов');
    expect(JSON.stringify(redactEvent(created, 'board'))).not.toContain('Иванов');
    expect(JSON.stringify(redactState(h.state, 'admin'))).toContain('Иванов');
  });
});
