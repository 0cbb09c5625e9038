import type { StoredEvent } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { redactEvent, redactState } from './redact.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const vera = actors.operator('vera');

/** vera alone at work (anna on break, boris gone): her break would empty the hall. */
function lastAtWork() {
  const h = new Harness({ config: testOffice() });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
  h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
  return h;
}

describe('a request to the hall administrator', () => {
  it('a break refused by the hall rule is asked for, granted from the monitor and started at once', () => {
    const h = lastAtWork();
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch' }, vera).code).toBe('BREAK_WOULD_EMPTY_HALL');
    h.advanceMin(1);
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch', comment: 'к врачу' }, vera);
    const req = h.state.requests?.vera;
    expect(req).toMatchObject({
      operatorId: 'vera',
      windowId: 'w3',
      action: 'break',
      reasonId: 'lunch',
      comment: 'к врачу',
      status: 'pending',
      requestedAt: h.now,
    });
    // still at work while waiting for the answer
    expect(h.operator('vera').status).toBe('ready');
    expect(h.refused({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera).code).toBe(
      'REQUEST_PENDING',
    );
    h.advanceMin(2);
    h.ok({ type: 'answerRequest', operatorId: 'vera', requestId: req?.id ?? '', grant: true }, admin);
    expect(h.log.slice(-2)).toMatchObject([
      { type: 'RequestAnswered', operatorId: 'vera', granted: true, action: 'break', actor: admin },
      { type: 'BreakStarted', operatorId: 'vera', reasonId: 'lunch', overriddenBy: 'admin-1' },
    ]);
    expect(h.operator('vera')).toMatchObject({ status: 'break', breakReasonId: 'lunch', since: h.now });
    expect(h.state.requests?.vera).toBeUndefined();
  });

  it('refused, the operator stays at work and sees the answer until closing it', () => {
    const h = lastAtWork();
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera);
    const id = h.state.requests?.vera?.id ?? '';
    h.advanceMin(1);
    h.ok(
      { type: 'answerRequest', operatorId: 'vera', requestId: id, grant: false, comment: 'очередь, через 20 мин' },
      admin,
    );
    expect(h.operator('vera').status).toBe('ready');
    expect(h.state.requests?.vera).toMatchObject({
      id,
      status: 'refused',
      answeredAt: h.now,
      answerComment: 'очередь, через 20 мин',
    });
    // answered once: a second answer finds nothing to answer
    expect(h.refused({ type: 'answerRequest', operatorId: 'vera', requestId: id, grant: true }, admin).code).toBe(
      'REQUEST_NOT_FOUND',
    );
    expect(h.operator('vera').status).toBe('ready');
    h.ok({ type: 'withdrawRequest' }, vera);
    expect(h.state.requests?.vera).toBeUndefined();
    // and a new request may follow
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera);
    expect(h.state.requests?.vera?.id).not.toBe(id);
  });

  it('expires when the operator withdraws it, logs out, or the break starts anyway', () => {
    const h = lastAtWork();
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera);
    const first = h.state.requests?.vera?.id ?? '';
    h.ok({ type: 'withdrawRequest' }, vera);
    expect(h.state.requests?.vera).toBeUndefined();
    expect(h.refused({ type: 'answerRequest', operatorId: 'vera', requestId: first, grant: true }, admin).code).toBe(
      'REQUEST_NOT_FOUND',
    );
    expect(h.refused({ type: 'withdrawRequest' }, vera).code).toBe('REQUEST_NOT_FOUND');

    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera);
    h.ok({ type: 'operatorLogout' }, vera); // nobody waits: logging out is free
    expect(h.state.requests?.vera).toBeUndefined();

    h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera);
    const third = h.state.requests?.vera?.id ?? '';
    // a colleague back at work: the break needs nobody's permission now
    h.ok({ type: 'endBreak' }, anna);
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, vera);
    expect(h.state.requests?.vera).toBeUndefined();
    expect(h.refused({ type: 'answerRequest', operatorId: 'vera', requestId: third, grant: true }, admin).code).toBe(
      'REQUEST_NOT_FOUND',
    );
  });

  it('only a hall administrator answers, only the operator asks, and a bad request changes nothing', () => {
    const h = lastAtWork();
    expect(h.refused({ type: 'requestPermission', action: 'break', reasonId: 'no-such' }, vera).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(h.refused({ type: 'requestPermission', action: 'break' }, vera).code).toBe('VALIDATION_FAILED');
    expect(h.refused({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, boris).code).toBe(
      'OPERATOR_NOT_LOGGED_IN',
    );
    expect(h.refused({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, admin).code).toBe('FORBIDDEN');
    const before = h.log.length;
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch' }, vera);
    const id = h.state.requests?.vera?.id ?? '';
    expect(h.refused({ type: 'answerRequest', operatorId: 'vera', requestId: id, grant: true }, anna).code).toBe(
      'OVERRIDE_REQUIRES_ADMIN',
    );
    expect(h.refused({ type: 'answerRequest', operatorId: 'vera', requestId: 'req-0', grant: true }, admin).code).toBe(
      'REQUEST_NOT_FOUND',
    );
    expect(h.log).toHaveLength(before + 1);
    // the operator took a visitor meanwhile: the grant waits until the visitor is served
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    h.ok({ type: 'callNext' }, vera);
    expect(h.refused({ type: 'answerRequest', operatorId: 'vera', requestId: id, grant: true }, admin).code).toBe(
      'OPERATOR_BUSY',
    );
    expect(h.state.requests?.vera?.status).toBe('pending');
  });
});

describe('the last operator at work signing off (seed 001 §3.5 at the end of a shift)', () => {
  it('is refused while visitors wait, whatever the hour, and allowed by the administrator', () => {
    const h = lastAtWork();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    const before = h.log.length;
    const e = h.refused({ type: 'operatorLogout' }, vera);
    expect(e).toMatchObject({ code: 'LOGOUT_WOULD_EMPTY_HALL', details: { waiting: 2 } });
    expect(e.message.ru).toMatch(/администратора зала/);
    expect(e.message.en).toMatch(/hall administrator/);
    expect(h.refused({ type: 'operatorLogout', override: true }, vera).code).toBe('OVERRIDE_REQUIRES_ADMIN');
    expect(h.refused({ type: 'operatorLogout', operatorId: 'vera' }, admin).code).toBe('LOGOUT_WOULD_EMPTY_HALL');
    // after reception hours the visitors already in the hall are still served
    h.at('2025-03-03T21:00');
    expect(h.refused({ type: 'operatorLogout' }, vera).code).toBe('LOGOUT_WOULD_EMPTY_HALL');
    expect(h.log).toHaveLength(before);
    expect(h.operator('vera').status).toBe('ready');
    h.ok({ type: 'operatorLogout', operatorId: 'vera', override: true }, admin);
    expect(h.lastEvent()).toMatchObject({ type: 'OperatorLoggedOut', operatorId: 'vera', overriddenBy: 'admin-1' });
  });

  it('is free when a colleague stays at work or nobody waits; a postponed visitor counts as waiting', () => {
    const h = lastAtWork();
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    h.ok({ type: 'operatorLogout' }, boris); // vera stays
    h.ok({ type: 'callNext' }, vera);
    h.ok({ type: 'startService' }, vera);
    h.ok({ type: 'postpone', reason: 'ищет квитанцию', returnInMin: 10 }, vera);
    expect(h.refused({ type: 'operatorLogout' }, vera).code).toBe('LOGOUT_WOULD_EMPTY_HALL');
    h.ok({ type: 'callTicket', ticketId: h.ticket('О-001').id }, vera);
    h.ok({ type: 'markNoShow' }, vera);
    h.ok({ type: 'operatorLogout' }, vera);
    expect(h.lastEvent()).not.toHaveProperty('overriddenBy');
  });

  it('asked from the console and granted, signs the operator off', () => {
    const h = lastAtWork();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'requestPermission', action: 'logout', comment: 'конец смены' }, vera);
    const id = h.state.requests?.vera?.id ?? '';
    h.ok({ type: 'answerRequest', operatorId: 'vera', requestId: id, grant: true }, admin);
    expect(h.lastEvent()).toMatchObject({ type: 'OperatorLoggedOut', operatorId: 'vera', overriddenBy: 'admin-1' });
    expect(h.operator('vera').status).toBe('logged-out');
  });
});

describe('sending a waiting ticket to an operator', () => {
  it('pins the ticket: only that operator calls it, before the general queue, keeping its wait', () => {
    const h = lastAtWork();
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.advanceMin(1);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    const late = h.ticket('К-002');
    h.ok({ type: 'assignTicket', ticketId: late.id, toOperatorId: 'boris' }, admin);
    expect(h.lastEvent()).toMatchObject({
      type: 'TicketAssigned',
      number: 'К-002',
      toOperatorId: 'boris',
      windowId: 'w2',
    });
    expect(h.ticket('К-002')).toMatchObject({ targetOperatorId: 'boris', waitingSince: late.waitingSince });
    expect(h.refused({ type: 'callTicket', ticketId: late.id }, vera).code).toBe('TICKET_RESERVED');
    h.ok({ type: 'callNext' }, boris);
    expect(h.lastEvent()).toMatchObject({ type: 'TicketCalled', number: 'К-002', operatorId: 'boris' });
  });

  it('refuses an operator not at a window, a ticket not waiting and anyone but an administrator', () => {
    const h = lastAtWork();
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    const t = h.ticket('О-001');
    expect(h.refused({ type: 'assignTicket', ticketId: t.id, toOperatorId: 'boris' }, admin).code).toBe(
      'OPERATOR_NOT_LOGGED_IN',
    );
    expect(h.refused({ type: 'assignTicket', ticketId: t.id, toOperatorId: 'nobody' }, admin).code).toBe(
      'UNKNOWN_OPERATOR',
    );
    expect(h.refused({ type: 'assignTicket', ticketId: 'x', toOperatorId: 'vera' }, admin).code).toBe('UNKNOWN_TICKET');
    expect(h.refused({ type: 'assignTicket', ticketId: t.id, toOperatorId: 'vera' }, vera).code).toBe('FORBIDDEN');
    h.ok({ type: 'callNext' }, vera);
    expect(h.refused({ type: 'assignTicket', ticketId: t.id, toOperatorId: 'anna' }, admin).code).toBe(
      'TICKET_NOT_WAITING',
    );
  });
});

describe('who sees a request', () => {
  it('the consoles and the monitor see it whole; public screens neither the requests nor the comments', () => {
    const h = lastAtWork();
    h.ok({ type: 'requestPermission', action: 'break', reasonId: 'lunch', comment: 'к врачу' }, vera);
    const asked = h.lastEvent() as StoredEvent;
    expect(redactState(h.state, 'operator').requests?.vera?.comment).toBe('к врачу');
    expect(redactState(h.state, 'admin').requests?.vera?.comment).toBe('к врачу');
    for (const audience of ['board', 'kiosk', 'wall', 'rating']) {
      expect(redactState(h.state, audience).requests).toEqual({});
      expect(JSON.stringify(redactEvent(asked, audience))).not.toContain('к врачу');
    }
    expect(redactEvent(asked, 'operator')).toMatchObject({ request: { comment: 'к врачу' } });
  });
});
