import { describe, expect, it } from 'vitest';
import { callableDemand, eligibleFor, hasEligible, hasWork, previewNext } from './dispatch.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const vera = actors.operator('vera');

function staffed() {
  const h = new Harness({ config: testOffice() });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
  return h;
}
const issue = (h: Harness, serviceId: string) => {
  const r = h.ok({ type: 'issueTicket', serviceId }, kiosk).result;
  h.advanceSec(10);
  return r?.ticketId ?? '';
};
const nextNumber = (h: Harness, op: typeof anna) => h.ok({ type: 'callNext' }, op).result?.number;

describe('start and finish', () => {
  it('starts and finishes with outcome codes and the seed-001 flags', () => {
    const h = staffed();
    const id = issue(h, 'consultation');
    expect(h.refused({ type: 'startService' }, boris).code).toBe('NO_CURRENT_TICKET');
    h.ok({ type: 'callNext' }, boris);
    expect(h.refused({ type: 'finishService' }, boris).code).toBe('TICKET_NOT_SERVING');
    h.ok({ type: 'startService' }, boris);
    expect(h.ticket('К-001')).toMatchObject({ status: 'serving', startedAt: h.now });
    expect(h.refused({ type: 'startService' }, boris).code).toBe('TICKET_NOT_CALLED');
    expect(h.refused({ type: 'finishService', outcomes: ['consulted', 'bogus'] }, boris)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { outcomes: ['bogus'] },
    });
    h.advanceMin(6);
    const d = h.ok(
      { type: 'finishService', outcomes: ['consulted', 'complaint'], digitalOnboarding: true, extraSale: true },
      boris,
    );
    expect(d.events[0]).toMatchObject({
      type: 'ServiceFinished',
      ticketId: id,
      operatorId: 'boris',
      windowId: 'w2',
      outcomes: ['consulted', 'complaint'],
      digitalOnboarding: true,
      extraSale: true,
      visit: {
        outcome: 'served',
        outcomes: ['consulted', 'complaint'],
        digitalOnboarding: true,
        extraSale: true,
        serviceSec: 360,
        operatorId: 'boris',
        windowId: 'w2',
      },
    });
    expect(d.events[0]).not.toHaveProperty('returnTo');
    expect(h.state.tickets[id]).toBeUndefined();
    expect(h.operator('boris')).toMatchObject({ status: 'ready', ticketId: null, since: h.now });
  });

  it('flags default to false and outcomes to none', () => {
    const h = staffed();
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    const e = h.ok({ type: 'finishService' }, boris).events[0];
    expect(e).toMatchObject({ outcomes: [], digitalOnboarding: false, extraSale: false });
    expect(e).toMatchObject({ visit: { outcomes: [], digitalOnboarding: false, extraSale: false } });
  });

  it('refuses to end a served visit without an outcome when the office requires one', () => {
    const h = new Harness({ config: testOffice({ rules: { outcomeRequired: true } }) });
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
    const id = issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    expect(h.refused({ type: 'finishService', digitalOnboarding: true, extraSale: true }, boris)).toMatchObject({
      code: 'OUTCOME_REQUIRED',
      message: { ru: expect.stringContaining('результат'), en: expect.stringContaining('outcome') },
    });
    expect(h.refused({ type: 'finishService', outcomes: [] }, boris).code).toBe('OUTCOME_REQUIRED');
    // nothing happened: the visitor is still being served
    expect(h.ticket('К-001')).toMatchObject({ status: 'serving' });
    expect(h.operator('boris')).toMatchObject({ status: 'serving', ticketId: id });
    // a segment that goes back to the colleague who sent it is not the end of the visit: no outcome due yet
    h.ok({ type: 'transfer', toServiceId: 'cash', returnToOrigin: true, comment: '' }, boris);
    h.ok({ type: 'callNext' }, vera);
    h.ok({ type: 'startService' }, vera);
    expect(h.ok({ type: 'finishService' }, vera).events[0]).toMatchObject({ type: 'ServiceFinished', returnTo: {} });
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    expect(h.refused({ type: 'finishService' }, boris).code).toBe('OUTCOME_REQUIRED');
    const end = h.ok({ type: 'finishService', outcomes: ['consulted'] }, boris).events[0];
    expect(end).toMatchObject({ visit: { outcome: 'served', outcomes: ['consulted'] } });
  });

  it('accepts a finish without an outcome when the office does not require one (the default)', () => {
    expect(testOffice().rules.outcomeRequired).toBe(false);
    const h = staffed();
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    expect(h.ok({ type: 'finishService' }, boris).events[0]).toMatchObject({ visit: { outcomes: [] } });
  });
});

describe('postpone', () => {
  it('is not callable before the return time, then keeps its place before later tickets', () => {
    const h = staffed();
    const first = issue(h, 'consultation');
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    h.advanceMin(2);
    const d = h.ok({ type: 'postpone', reason: 'принесёт квитанцию', returnInMin: 10 }, boris);
    const returnAt = h.now + 10 * 60_000;
    expect(d.events[0]).toMatchObject({
      type: 'TicketPostponed',
      ticketId: first,
      reason: 'принесёт квитанцию',
      returnAt,
    });
    expect(h.state.tickets[first]).toMatchObject({
      status: 'postponed',
      eligibleAt: returnAt,
      postponements: 1,
      comment: 'принесёт квитанцию',
      callCount: 0,
    });
    expect(h.operator('boris')).toMatchObject({ status: 'ready', ticketId: null });
    expect(nextNumber(h, boris)).toBe('К-002');
    const third = issue(h, 'consultation'); // К-003, issued after К-001
    h.now = returnAt - 1;
    expect(previewNext(h.state, 'anna', h.now)?.ticketId).toBe(third);
    // Vera serves neither consultations nor anyone sent to her: nothing for her, before or after the return.
    expect(hasEligible(h.state, h.operator('vera'), h.now)).toBe(false);
    h.now = returnAt;
    expect(previewNext(h.state, 'anna', h.now)?.ticketId).toBe(first);
    const demand = callableDemand(h.state, h.now);
    for (const id of ['anna', 'boris', 'vera']) {
      const { personal, general } = eligibleFor(h.state, h.operator(id), h.now);
      expect(hasEligible(h.state, h.operator(id), h.now), id).toBe(personal.length + general.length > 0);
      expect(hasWork(demand, h.operator(id)), id).toBe(personal.length + general.length > 0);
    }
    expect(nextNumber(h, anna)).toBe('К-001');
    expect(h.state.tickets[first]).toMatchObject({ status: 'called', callCount: 1, operatorId: 'anna' });
  });

  it('before the return time the next ticket is called instead', () => {
    const h = staffed();
    issue(h, 'consultation');
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'postpone', reason: 'отошёл', returnInMin: 5 }, boris);
    h.advanceMin(4);
    expect(nextNumber(h, anna)).toBe('К-002');
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('QUEUE_EMPTY');
    h.advanceMin(1);
    expect(nextNumber(h, boris)).toBe('К-001');
  });

  it('a postponed ticket may be called by number early, when the visitor is back', () => {
    const h = staffed();
    const id = issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'postpone', reason: 'отошёл', returnInMin: 30 }, boris);
    h.advanceMin(3);
    h.ok({ type: 'callTicket', ticketId: id }, boris);
    expect(h.state.tickets[id]).toMatchObject({ status: 'called', callCount: 1 });
  });

  it('return in 0 minutes is callable at once; a postponed ticket may be cancelled', () => {
    const h = staffed();
    const id = issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'postpone', reason: 'ищет документы' }, boris);
    expect(nextNumber(h, anna)).toBe('К-001');
    h.ok({ type: 'postpone', reason: 'ищет документы', returnInMin: 15 }, anna);
    expect(h.state.tickets[id]?.postponements).toBe(2);
    expect(h.ok({ type: 'cancelTicket', ticketId: id }, admin).events[0]).toMatchObject({
      type: 'TicketCancelled',
      visit: { outcome: 'cancelled', postponements: 2 },
    });
  });

  it('refuses with no current visitor', () => {
    const h = staffed();
    expect(h.refused({ type: 'postpone', reason: 'x', returnInMin: 1 }, boris).code).toBe('NO_CURRENT_TICKET');
  });
});

describe('transfer', () => {
  it('to another service keeps the place: called before tickets issued after it', () => {
    const h = staffed();
    const k = issue(h, 'consultation');
    issue(h, 'cash'); // О-001, issued after К-001
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    h.advanceMin(3);
    const d = h.ok({ type: 'transfer', toServiceId: 'cash', comment: 'оплата долга' }, boris);
    expect(d.events[0]).toMatchObject({
      type: 'TicketTransferred',
      ticketId: k,
      operatorId: 'boris',
      fromServiceId: 'consultation',
      toServiceId: 'cash',
      comment: 'оплата долга',
      returnToOrigin: false,
    });
    expect(d.events[0]).not.toHaveProperty('toOperatorId');
    expect(h.state.tickets[k]).toMatchObject({
      status: 'waiting',
      number: 'К-001',
      serviceId: 'cash',
      originServiceId: 'consultation',
      transfers: 1,
      comment: 'оплата долга',
      callCount: 0,
    });
    expect(h.operator('boris').ticketId).toBeNull();
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('QUEUE_EMPTY');
    expect(nextNumber(h, vera)).toBe('К-001');
    h.ok({ type: 'startService' }, vera);
    expect(h.ok({ type: 'finishService', outcomes: ['paid'] }, vera).events[0]).toMatchObject({
      visit: { serviceId: 'cash', originServiceId: 'consultation', transfers: 1, operatorId: 'vera' },
    });
  });

  it('to an operator: only that operator takes it, and personal tickets come first', () => {
    const h = staffed();
    issue(h, 'consultation'); // К-001
    issue(h, 'consultation'); // К-002
    issue(h, 'consultation'); // К-003
    h.ok({ type: 'callTicket', ticketId: h.ticket('К-003').id }, anna);
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'transfer', toOperatorId: 'boris', comment: 'сложный перерасчёт' }, anna);
    const t = h.ticket('К-003');
    expect(t).toMatchObject({ targetOperatorId: 'boris', serviceId: 'consultation', transfers: 1 });
    expect(nextNumber(h, anna)).toBe('К-001'); // anna does not see it
    expect(h.ok({ type: 'callNext' }, boris).events[0]).toMatchObject({
      number: 'К-003',
      reason: { rule: 'personal' },
    });
    expect(h.ticket('К-003').targetOperatorId).toBeUndefined();
  });

  it('to an operator who lacks the skill: the personal ticket still reaches them', () => {
    const h = staffed();
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'transfer', toOperatorId: 'vera' }, boris);
    expect(nextNumber(h, vera)).toBe('К-001');
  });

  it('with return to origin: back to the first operator as personal, and the visit continues', () => {
    const h = staffed();
    const k = issue(h, 'consultation');
    issue(h, 'consultation'); // К-002 waits meanwhile
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    h.ok({ type: 'transfer', toServiceId: 'cash', returnToOrigin: true, comment: 'оплатить и вернуться' }, boris);
    expect(h.state.tickets[k]?.returnTo).toEqual({ operatorId: 'boris', serviceId: 'consultation' });
    expect(nextNumber(h, vera)).toBe('К-001');
    h.ok({ type: 'startService' }, vera);
    const back = h.ok({ type: 'finishService', outcomes: ['paid'] }, vera).events[0];
    expect(back).toMatchObject({
      type: 'ServiceFinished',
      returnTo: { operatorId: 'boris', serviceId: 'consultation' },
    });
    expect(back).not.toHaveProperty('visit');
    expect(h.state.tickets[k]).toMatchObject({
      status: 'waiting',
      serviceId: 'consultation',
      targetOperatorId: 'boris',
      transfers: 1,
    });
    expect(h.state.tickets[k]?.returnTo).toBeUndefined();
    expect(h.operator('vera').ticketId).toBeNull();
    expect(nextNumber(h, anna)).toBe('К-002'); // anna cannot take boris's returning visitor
    expect(h.ok({ type: 'callNext' }, boris).events[0]).toMatchObject({ ticketId: k, reason: { rule: 'personal' } });
    h.ok({ type: 'startService' }, boris);
    const end = h.ok({ type: 'finishService', outcomes: ['consulted'] }, boris).events[0];
    expect(end).toMatchObject({
      type: 'ServiceFinished',
      visit: {
        ticketId: k,
        outcome: 'served',
        serviceId: 'consultation',
        transfers: 1,
        operatorId: 'boris',
        outcomes: ['consulted'],
      },
    });
    expect(end).not.toHaveProperty('returnTo');
    expect(h.state.tickets[k]).toBeUndefined();
  });

  it('refuses without a target, to oneself, or to an unknown service or operator', () => {
    const h = staffed();
    expect(h.refused({ type: 'transfer', toServiceId: 'cash' }, boris).code).toBe('NO_CURRENT_TICKET');
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    expect(h.refused({ type: 'transfer' }, boris).code).toBe('TRANSFER_TARGET_REQUIRED');
    expect(h.refused({ type: 'transfer', toOperatorId: 'boris' }, boris).code).toBe('TRANSFER_TO_SELF');
    expect(h.refused({ type: 'transfer', toServiceId: 'nope' }, boris).code).toBe('UNKNOWN_SERVICE');
    expect(h.refused({ type: 'transfer', toOperatorId: 'ghost' }, boris).code).toBe('UNKNOWN_OPERATOR');
  });
});

describe('serveWalkIn', () => {
  it('serves without a ticket as «БТ-001», outside the public numbering', () => {
    const h = staffed();
    const d = h.ok({ type: 'serveWalkIn', serviceId: 'consultation' }, boris);
    expect(d.result).toEqual({ ticketId: '2025-03-03/БТ-001', number: 'БТ-001' });
    expect(d.events[0]).toMatchObject({ type: 'WalkInStarted', operatorId: 'boris', windowId: 'w2' });
    expect(h.ticket('БТ-001')).toMatchObject({
      walkIn: true,
      status: 'serving',
      operatorId: 'boris',
      startedAt: h.now,
    });
    expect(h.operator('boris')).toMatchObject({ status: 'serving', ticketId: '2025-03-03/БТ-001' });
    expect(h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result).toMatchObject({
      number: 'К-001',
      peopleAhead: 0,
    });
    h.advanceMin(2);
    const end = h.ok({ type: 'finishService' }, boris).events[0];
    expect(end).toMatchObject({
      visit: { walkIn: true, number: 'БТ-001', serviceSec: 120, totalSec: 120, outcome: 'served' },
    });
    expect(end).not.toHaveProperty('visit.waitSec');
    expect(end).not.toHaveProperty('visit.walkSec');
    expect(h.ok({ type: 'serveWalkIn', serviceId: 'cash' }, anna).result?.number).toBe('БТ-002');
  });

  it('does not use up a service’s daily cap', () => {
    const h = staffed();
    for (let i = 0; i < 3; i++) {
      h.ok({ type: 'serveWalkIn', serviceId: 'documents' }, vera);
      h.ok({ type: 'finishService' }, vera);
    }
    for (let i = 1; i <= 3; i++) expect(issue(h, 'documents')).toBe(`2025-03-03/Д-00${i}`);
  });

  it('works in live-queue mode, when the kiosks issue nothing', () => {
    const h = staffed();
    h.ok({ type: 'setLiveQueueMode', on: true, reason: 'сбой' }, admin);
    expect(h.ok({ type: 'serveWalkIn', serviceId: 'cash' }, anna).result?.number).toBe('БТ-001');
  });

  it('refuses an unknown service and a busy operator or one on break', () => {
    const h = staffed();
    expect(h.refused({ type: 'serveWalkIn', serviceId: 'nope' }, boris).code).toBe('UNKNOWN_SERVICE');
    h.ok({ type: 'serveWalkIn', serviceId: 'consultation' }, boris);
    expect(h.refused({ type: 'serveWalkIn', serviceId: 'consultation' }, boris).code).toBe('OPERATOR_BUSY');
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    expect(h.refused({ type: 'serveWalkIn', serviceId: 'cash' }, anna).code).toBe('OPERATOR_ON_BREAK');
  });
});
