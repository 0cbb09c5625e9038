import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin, system } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const vera = actors.operator('vera');

function staffed(overrides: Parameters<typeof testOffice>[0] = {}) {
  const h = new Harness({ config: testOffice(overrides) });
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

describe('callNext', () => {
  it('takes the oldest eligible ticket across the operator’s skills', () => {
    const h = staffed();
    issue(h, 'documents');
    const cash = issue(h, 'cash');
    const consultation = issue(h, 'consultation');
    const d = h.ok({ type: 'callNext' }, anna);
    expect(d.result).toEqual({ ticketId: cash, number: 'О-001' });
    expect(d.events[0]).toMatchObject({
      type: 'TicketCalled',
      ticketId: cash,
      number: 'О-001',
      operatorId: 'anna',
      windowId: 'w1',
      windowNumber: 1,
      windowKind: 'window',
      hallId: 'main',
      specific: false,
      priorityStreak: 0,
      reason: { rule: 'oldest' },
    });
    expect(h.state.tickets[cash]).toMatchObject({
      status: 'called',
      operatorId: 'anna',
      windowId: 'w1',
      callCount: 1,
      firstCalledAt: h.now,
      lastCalledAt: h.now,
    });
    expect(h.operator('anna')).toMatchObject({ status: 'serving', ticketId: cash });
    expect(h.state.recentCalls).toEqual([
      {
        ticketId: cash,
        number: 'О-001',
        windowId: 'w1',
        windowNumber: 1,
        windowKind: 'window',
        hallId: 'main',
        at: h.now,
        callCount: 1,
      },
    ]);
    expect(h.ok({ type: 'callNext' }, boris).result?.ticketId).toBe(consultation);
    expect(h.ok({ type: 'callNext' }, vera).result?.number).toBe('Д-001');
  });

  it('refuses with an empty queue, for a busy operator and for one on break', () => {
    const h = staffed();
    expect(h.refused({ type: 'callNext' }, anna).code).toBe('QUEUE_EMPTY');
    issue(h, 'consultation');
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    expect(h.refused({ type: 'callNext' }, anna).code).toBe('OPERATOR_BUSY');
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, boris);
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('OPERATOR_ON_BREAK');
    expect(h.refused({ type: 'callNext' }, vera).code).toBe('QUEUE_EMPTY');
  });

  it('two operators calling in turn never get the same ticket', () => {
    const h = staffed();
    for (let i = 0; i < 12; i++) issue(h, i % 3 === 0 ? 'cash' : 'consultation');
    const called: string[] = [];
    for (let round = 0; round < 6; round++) {
      for (const op of [anna, boris]) {
        const d = h.run({ type: 'callNext' }, op);
        if (!d.ok) continue;
        called.push(d.result?.ticketId ?? '');
        h.ok({ type: 'startService' }, op);
        h.ok({ type: 'finishService' }, op);
      }
    }
    expect(called).toHaveLength(12);
    expect(new Set(called).size).toBe(12);
    expect(Object.keys(h.state.tickets)).toHaveLength(0);
  });

  it('a ticket called by one operator is not offered to another', () => {
    const h = staffed();
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('QUEUE_EMPTY');
  });
});

describe('callTicket', () => {
  it('calls a specific ticket out of order and marks the call as specific', () => {
    const h = staffed();
    issue(h, 'consultation');
    const second = issue(h, 'consultation');
    const d = h.ok({ type: 'callTicket', ticketId: second }, boris);
    expect(d.events[0]).toMatchObject({
      type: 'TicketCalled',
      ticketId: second,
      specific: true,
      reason: { rule: 'specific' },
    });
    expect(h.ok({ type: 'callNext' }, anna).result?.number).toBe('К-001');
  });

  it('refuses unknown, unskilled, reserved and not-waiting tickets', () => {
    const h = staffed();
    expect(h.refused({ type: 'callTicket', ticketId: 'nope' }, anna).code).toBe('UNKNOWN_TICKET');
    const docs = issue(h, 'documents');
    expect(h.refused({ type: 'callTicket', ticketId: docs }, anna).code).toBe('NOT_SKILLED');
    const k = issue(h, 'consultation');
    h.ok({ type: 'callTicket', ticketId: k }, anna);
    expect(h.refused({ type: 'callTicket', ticketId: k }, boris).code).toBe('TICKET_NOT_WAITING');
    h.ok({ type: 'startService' }, anna);
    expect(h.refused({ type: 'callTicket', ticketId: k }, boris).code).toBe('TICKET_NOT_WAITING');
    // Sent to vera personally: boris may not take it even though he serves consultation.
    h.ok({ type: 'transfer', toOperatorId: 'vera' }, anna);
    expect(h.refused({ type: 'callTicket', ticketId: k }, boris).code).toBe('TICKET_RESERVED');
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('QUEUE_EMPTY');
    h.ok({ type: 'callTicket', ticketId: k }, vera);
  });

  it('refuses for a busy operator or one on break', () => {
    const h = staffed();
    const a = issue(h, 'consultation');
    const b = issue(h, 'consultation');
    h.ok({ type: 'callTicket', ticketId: a }, anna);
    expect(h.refused({ type: 'callTicket', ticketId: b }, anna).code).toBe('OPERATOR_BUSY');
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, boris);
    expect(h.refused({ type: 'callTicket', ticketId: b }, boris).code).toBe('OPERATOR_ON_BREAK');
  });
});

describe('recall and no-show', () => {
  it('recalls no sooner than recallMinIntervalSec after the last call', () => {
    const h = staffed();
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    h.advanceSec(10);
    expect(h.refused({ type: 'recall' }, anna)).toMatchObject({
      code: 'RECALL_TOO_SOON',
      details: { retryInSec: 5, retryAt: h.now + 5000 },
    });
    h.advanceSec(5);
    const d = h.ok({ type: 'recall' }, anna);
    expect(d.events[0]).toMatchObject({ type: 'TicketRecalled', callCount: 2, windowNumber: 1, operatorId: 'anna' });
    expect(h.ticket('К-001')).toMatchObject({ callCount: 2, recalls: 1, lastCalledAt: h.now });
    expect(h.state.recentCalls.at(-1)).toMatchObject({ number: 'К-001', callCount: 2, at: h.now });
    h.advanceSec(14);
    expect(h.refused({ type: 'recall' }, anna).code).toBe('RECALL_TOO_SOON');
  });

  it('the recall beyond recallMaxCount is an automatic no-show', () => {
    const h = staffed();
    const id = issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    for (const n of [2, 3]) {
      h.advanceSec(15);
      expect(h.ok({ type: 'recall' }, anna).events[0]).toMatchObject({ type: 'TicketRecalled', callCount: n });
    }
    h.advanceSec(15);
    const d = h.ok({ type: 'recall' }, anna);
    expect(d.events).toHaveLength(1);
    expect(d.events[0]).toMatchObject({
      type: 'TicketNoShow',
      ticketId: id,
      auto: true,
      operatorId: 'anna',
      windowId: 'w1',
      visit: { outcome: 'no-show', recalls: 2, operatorId: 'anna' },
    });
    expect(h.state.tickets[id]).toBeUndefined();
    expect(h.operator('anna')).toMatchObject({ status: 'ready', ticketId: null });
  });

  it('honours a configured recallMaxCount of 0', () => {
    const h = staffed({ rules: { recallMaxCount: 0, recallMinIntervalSec: 0 } });
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    expect(h.ok({ type: 'recall' }, anna).events[0]).toMatchObject({ type: 'TicketNoShow', auto: true });
  });

  it('refuses a recall with nothing called or once service has started', () => {
    const h = staffed();
    expect(h.refused({ type: 'recall' }, anna).code).toBe('NO_CURRENT_TICKET');
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.advanceMin(1);
    expect(h.refused({ type: 'recall' }, anna).code).toBe('TICKET_NOT_CALLED');
  });

  it('tick marks the no-show noShowAfterSec after the last allowed call', () => {
    const h = staffed();
    const id = issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    h.advanceSec(200);
    expect(h.ok({ type: 'tick' }, system).events).toEqual([]); // recalls still possible
    h.ok({ type: 'recall' }, anna);
    h.advanceSec(15);
    h.ok({ type: 'recall' }, anna);
    h.advanceSec(119);
    expect(h.ok({ type: 'tick' }, system).events).toEqual([]);
    h.advanceSec(1);
    const d = h.ok({ type: 'tick' }, system);
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'TicketNoShow',
        ticketId: id,
        auto: true,
        operatorId: 'anna',
        windowId: 'w1',
        actor: system,
        visit: expect.objectContaining({ outcome: 'no-show', recalls: 2, closedAt: h.now }),
      }),
    ]);
    expect(h.operator('anna')).toMatchObject({ status: 'ready', ticketId: null });
    expect(h.ok({ type: 'tick' }, system).events).toEqual([]);
  });

  it('tick leaves a visitor who came to the window alone', () => {
    const h = staffed({ rules: { recallMaxCount: 0 } });
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.advanceMin(30);
    expect(h.ok({ type: 'tick' }, system).events).toEqual([]);
  });

  it('tick does nothing before configuration', () => {
    expect(new Harness().ok({ type: 'tick' }, system).events).toEqual([]);
  });

  it('markNoShow only while called', () => {
    const h = staffed();
    expect(h.refused({ type: 'markNoShow' }, anna).code).toBe('NO_CURRENT_TICKET');
    const a = issue(h, 'consultation');
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    h.advanceMin(1);
    const d = h.ok({ type: 'markNoShow' }, anna);
    expect(d.events[0]).toMatchObject({
      type: 'TicketNoShow',
      ticketId: a,
      auto: false,
      visit: { outcome: 'no-show' },
    });
    expect(h.state.tickets[a]).toBeUndefined();
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    expect(h.refused({ type: 'markNoShow' }, anna).code).toBe('TICKET_NOT_CALLED');
  });

  it('a hall administrator may act at an operator’s window; an operator may not', () => {
    const h = staffed();
    issue(h, 'consultation');
    h.ok({ type: 'callNext' }, anna);
    expect(h.refused({ type: 'markNoShow', operatorId: 'anna' }, boris).code).toBe('FORBIDDEN');
    h.ok({ type: 'markNoShow', operatorId: 'anna' }, admin);
    expect(h.operator('anna').status).toBe('ready');
  });
});

describe('recent calls for the board', () => {
  it('keeps the last 20 calls', () => {
    const h = staffed();
    for (let i = 0; i < 25; i++) issue(h, 'consultation');
    for (let i = 0; i < 25; i++) {
      h.ok({ type: 'callNext' }, boris);
      h.ok({ type: 'startService' }, boris);
      h.ok({ type: 'finishService' }, boris);
    }
    expect(h.state.recentCalls).toHaveLength(20);
    expect(h.state.recentCalls[0]?.number).toBe('К-006');
    expect(h.state.recentCalls.at(-1)?.number).toBe('К-025');
  });
});
