import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';
import { localTimeToEpoch } from './time.js';

const { kiosk, admin } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const issue = (h: Harness, serviceId = 'consultation') => h.ok({ type: 'issueTicket', serviceId }, kiosk);

describe('edge cases of the visit life', () => {
  it('a booking checked in early waits like anyone else until its slot, then is served as priority', () => {
    const h = new Harness({ config: testOffice() });
    const slot = localTimeToEpoch('2025-03-03', '10:05', 'Europe/Moscow');
    h.ok({ type: 'createAppointment', code: 'EARLY1', serviceId: 'consultation', slotAt: slot }, admin);
    issue(h);
    h.ok({ type: 'checkIn', code: 'EARLY1' }, kiosk);
    issue(h);
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, boris);
    // 10:00: the booking's place is its slot at 10:05, behind both walk-in tickets.
    h.ok({ type: 'callNext' }, boris);
    expect(h.lastEvent()).toMatchObject({ type: 'TicketCalled', number: 'К-001', reason: { rule: 'oldest' } });
    h.ok({ type: 'markNoShow' }, boris);
    h.at('2025-03-03T10:06');
    issue(h);
    h.ok({ type: 'callNext' }, boris);
    expect(h.lastEvent()).toMatchObject({ type: 'TicketCalled', number: 'К-002', reason: { rule: 'appointment' } });
  });

  it('tickets sent personally to an operator who logs out go back to the general queue in their place', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    issue(h);
    h.advanceMin(1);
    issue(h);
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'transfer', toOperatorId: 'boris', comment: 'к специалисту' }, anna);
    h.ok({ type: 'startWrapUp' }, boris);
    expect(h.ticket('К-001').targetOperatorId).toBe('boris');
    h.ok({ type: 'operatorLogout' }, boris);
    expect(h.ticket('К-001').targetOperatorId).toBeUndefined();
    h.ok({ type: 'callNext' }, anna);
    expect(h.lastEvent()).toMatchObject({ type: 'TicketCalled', number: 'К-001' });
  });

  it('«back to work» ends a wrap-up as well as a break', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.ok({ type: 'startWrapUp' }, anna);
    expect(h.operator('anna').status).toBe('wrap-up');
    h.ok({ type: 'endBreak' }, anna);
    expect(h.operator('anna').status).toBe('ready');
    expect(h.refused({ type: 'endBreak' }, anna).code).toBe('NOT_ON_BREAK');
  });

  it('a clock set back across midnight does not repeat numbers', () => {
    const h = new Harness({ config: testOffice(), now: '2025-03-04T00:00:30' });
    // Reception is closed at midnight: a hall administrator issues these by hand.
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, admin);
    h.now = localTimeToEpoch('2025-03-03', '23:59', 'Europe/Moscow');
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, admin);
    const numbers = Object.values(h.state.tickets).map((t) => t.number);
    expect(numbers).toEqual(['К-001', 'К-002']);
  });

  it('skills changed during the day survive a reconfiguration that leaves that operator alone', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'setSkills', operatorId: 'boris', serviceIds: ['consultation', 'cash'] }, admin);
    const config = testOffice();
    h.configure({
      ...config,
      operators: config.operators.map((o) => (o.id === 'anna' ? { ...o, skills: ['cash'] } : o)),
    });
    expect(h.operator('boris').skills).toEqual(['consultation', 'cash']);
    expect(h.operator('anna').skills).toEqual(['cash']);
  });
});
