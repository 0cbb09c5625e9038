import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const vera = actors.operator('vera');
const office = (overrides: Parameters<typeof testOffice>[0] = {}) => new Harness({ config: testOffice(overrides) });

/** Everyone at work: anna at w1, boris at w2, vera at w3. */
function staffed() {
  const h = office();
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
  return h;
}

describe('operator sessions', () => {
  it('starts logged out with the configured skills', () => {
    const h = office();
    expect(h.operator('anna')).toMatchObject({
      status: 'logged-out',
      windowId: null,
      ticketId: null,
      skills: ['consultation', 'cash'],
    });
  });

  it('logs in at a window and out again', () => {
    const h = office();
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'ready', windowId: 'w1', since: h.now });
    expect(h.lastEvent()).toMatchObject({ type: 'OperatorLoggedIn', operatorId: 'anna', windowId: 'w1', actor: anna });
    h.advanceMin(5);
    h.ok({ type: 'operatorLogout' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'logged-out', windowId: null, since: h.now });
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, anna);
    expect(h.operator('anna').windowId).toBe('w2');
  });

  it('refuses an unknown window, a second login and an occupied window', () => {
    const h = office();
    expect(h.refused({ type: 'operatorLogin', windowId: 'w9' }, anna)).toMatchObject({
      code: 'UNKNOWN_WINDOW',
      details: { windowId: 'w9' },
    });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    expect(h.refused({ type: 'operatorLogin', windowId: 'w2' }, anna)).toMatchObject({
      code: 'OPERATOR_ALREADY_LOGGED_IN',
      details: { windowId: 'w1' },
    });
    expect(h.refused({ type: 'operatorLogin', windowId: 'w1' }, boris)).toMatchObject({
      code: 'WINDOW_OCCUPIED',
      details: { operatorId: 'anna' },
    });
  });

  it('refuses commands for an operator who is not at a window', () => {
    const h = office();
    expect(h.refused({ type: 'operatorLogout' }, anna).code).toBe('OPERATOR_NOT_LOGGED_IN');
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch' }, anna).code).toBe('OPERATOR_NOT_LOGGED_IN');
    expect(h.refused({ type: 'callNext' }, anna).code).toBe('OPERATOR_NOT_LOGGED_IN');
    expect(h.refused({ type: 'startWrapUp' }, anna).code).toBe('OPERATOR_NOT_LOGGED_IN');
  });

  it('refuses to log out with a visitor at the window', () => {
    const h = staffed();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, anna);
    expect(h.refused({ type: 'operatorLogout' }, anna).code).toBe('OPERATOR_BUSY');
    h.ok({ type: 'startService' }, anna);
    expect(h.refused({ type: 'operatorLogout' }, anna).code).toBe('OPERATOR_BUSY');
    h.ok({ type: 'finishService' }, anna);
    h.ok({ type: 'operatorLogout' }, anna);
  });

  it('an operator cannot act for another operator; a hall administrator can', () => {
    const h = office();
    expect(h.refused({ type: 'operatorLogin', windowId: 'w2', operatorId: 'boris' }, anna).code).toBe('FORBIDDEN');
    h.ok({ type: 'operatorLogin', windowId: 'w2', operatorId: 'boris' }, admin);
    expect(h.operator('boris')).toMatchObject({ status: 'ready', windowId: 'w2' });
    expect(h.lastEvent()?.actor).toEqual(admin);
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch', operatorId: 'boris' }, anna).code).toBe('FORBIDDEN');
    expect(h.refused({ type: 'operatorLogout', operatorId: 'boris' }, anna).code).toBe('FORBIDDEN');
    expect(h.refused({ type: 'callNext', operatorId: 'boris' }, anna).code).toBe('FORBIDDEN');
    // Naming oneself is fine.
    h.ok({ type: 'startWrapUp', operatorId: 'anna' }, anna);
    h.ok({ type: 'operatorLogout', operatorId: 'boris' }, admin);
    expect(h.operator('boris').status).toBe('logged-out');
  });

  it('refuses an administrator without naming the operator, a device, and an unknown operator', () => {
    const h = office();
    expect(h.refused({ type: 'operatorLogin', windowId: 'w1' }, admin).code).toBe('FORBIDDEN');
    expect(h.refused({ type: 'operatorLogin', windowId: 'w1', operatorId: 'anna' }, kiosk).code).toBe('FORBIDDEN');
    expect(h.refused({ type: 'operatorLogin', windowId: 'w1', operatorId: 'ghost' }, admin)).toMatchObject({
      code: 'UNKNOWN_OPERATOR',
      details: { operatorId: 'ghost' },
    });
  });
});

describe('breaks and wrap-up', () => {
  it('takes a break with a reason and resumes', () => {
    const h = staffed();
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'break', breakReasonId: 'lunch', since: h.now });
    expect(h.lastEvent()).toMatchObject({ type: 'BreakStarted', operatorId: 'anna', reasonId: 'lunch' });
    expect(h.lastEvent()).not.toHaveProperty('overriddenBy');
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch' }, anna).code).toBe('OPERATOR_ON_BREAK');
    expect(h.refused({ type: 'callNext' }, anna).code).toBe('OPERATOR_ON_BREAK');
    expect(h.refused({ type: 'serveWalkIn', serviceId: 'cash' }, anna).code).toBe('OPERATOR_ON_BREAK');
    expect(h.refused({ type: 'startWrapUp' }, anna).code).toBe('OPERATOR_ON_BREAK');
    h.advanceMin(30);
    h.ok({ type: 'endBreak' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'ready', since: h.now });
    expect(h.operator('anna').breakReasonId).toBeUndefined();
    expect(h.refused({ type: 'endBreak' }, anna).code).toBe('NOT_ON_BREAK');
  });

  it('refuses an unknown break reason and a break with a visitor at the window', () => {
    const h = staffed();
    expect(h.refused({ type: 'startBreak', reasonId: 'smoke' }, anna)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reasonId: 'smoke' },
    });
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, anna);
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch' }, anna).code).toBe('OPERATOR_BUSY');
  });

  it('may log out from a break', () => {
    const h = staffed();
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    h.ok({ type: 'operatorLogout' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'logged-out' });
    expect(h.operator('anna').breakReasonId).toBeUndefined();
  });

  it('wrap-up after a visit, then the next call ends it', () => {
    const h = staffed();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, anna);
    expect(h.refused({ type: 'startWrapUp' }, anna).code).toBe('OPERATOR_BUSY');
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'finishService' }, anna);
    h.ok({ type: 'startWrapUp' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'wrap-up', ticketId: null });
    h.ok({ type: 'callNext' }, anna);
    expect(h.operator('anna')).toMatchObject({ status: 'serving', ticketId: h.ticket('К-002').id });
  });

  it('refuses the break that would leave a multi-window hall with nobody at work', () => {
    const h = staffed();
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    h.ok({ type: 'operatorLogout' }, boris);
    const before = h.log.length;
    const e = h.refused({ type: 'startBreak', reasonId: 'lunch' }, vera);
    expect(e.code).toBe('BREAK_WOULD_EMPTY_HALL');
    expect(e.message.ru).toMatch(/администратора/);
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch', override: true }, vera).code).toBe(
      'OVERRIDE_REQUIRES_ADMIN',
    );
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch', operatorId: 'vera' }, admin).code).toBe(
      'BREAK_WOULD_EMPTY_HALL',
    );
    expect(h.log).toHaveLength(before);
    h.ok({ type: 'startBreak', reasonId: 'technical', operatorId: 'vera', override: true }, admin);
    expect(h.lastEvent()).toMatchObject({
      type: 'BreakStarted',
      operatorId: 'vera',
      reasonId: 'technical',
      overriddenBy: 'admin-1',
      actor: admin,
    });
    expect(h.operator('vera').status).toBe('break');
  });

  it('the only operator logged in a multi-window hall cannot go on break alone', () => {
    const h = office();
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch' }, anna).code).toBe('BREAK_WOULD_EMPTY_HALL');
  });

  it('a colleague serving a visitor or in wrap-up counts as at work', () => {
    const h = staffed();
    h.ok({ type: 'operatorLogout' }, vera);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    h.ok({ type: 'endBreak' }, anna);
    h.ok({ type: 'startService' }, boris);
    h.ok({ type: 'finishService' }, boris);
    h.ok({ type: 'startWrapUp' }, boris);
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    expect(h.operator('anna').status).toBe('break');
  });

  it('a single-window hall allows its last operator a break; other halls do not count', () => {
    const h = office({
      halls: [
        { id: 'main', name: { ru: 'Основной', en: 'Main' } },
        { id: 'vip', name: { ru: 'Малый', en: 'Small' } },
      ],
      windows: [
        { id: 'w1', number: 1, hallId: 'main' },
        { id: 'w2', number: 2, hallId: 'main' },
        { id: 'w3', number: 3, hallId: 'vip', kind: 'cabinet' },
      ],
    });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
    // vera is alone in a one-window hall: allowed.
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, vera);
    h.ok({ type: 'endBreak' }, vera);
    // anna is alone in the two-window main hall; vera at work in the other hall does not count.
    expect(h.refused({ type: 'startBreak', reasonId: 'lunch' }, anna).code).toBe('BREAK_WOULD_EMPTY_HALL');
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
  });
});

describe('skills', () => {
  it('edits skills; the change takes effect on the next call', () => {
    const h = staffed();
    h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk);
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('QUEUE_EMPTY');
    h.ok({ type: 'setSkills', operatorId: 'boris', serviceIds: ['documents', 'consultation', 'documents'] }, admin);
    expect(h.lastEvent()).toMatchObject({
      type: 'SkillsChanged',
      operatorId: 'boris',
      serviceIds: ['documents', 'consultation'],
    });
    expect(h.operator('boris').skills).toEqual(['documents', 'consultation']);
    expect(h.ok({ type: 'callNext' }, boris).result?.number).toBe('Д-001');
  });

  it('removing a skill stops the calls for that service', () => {
    const h = staffed();
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    h.ok({ type: 'setSkills', operatorId: 'anna', serviceIds: ['consultation'] }, admin);
    expect(h.refused({ type: 'callNext' }, anna).code).toBe('QUEUE_EMPTY');
    expect(h.refused({ type: 'callTicket', ticketId: h.ticket('О-001').id }, anna).code).toBe('NOT_SKILLED');
  });

  it('refuses an unknown operator or service', () => {
    const h = office();
    expect(h.refused({ type: 'setSkills', operatorId: 'ghost', serviceIds: [] }, admin).code).toBe('UNKNOWN_OPERATOR');
    expect(h.refused({ type: 'setSkills', operatorId: 'anna', serviceIds: ['cash', 'x', 'y'] }, admin)).toMatchObject({
      code: 'UNKNOWN_SERVICE',
      details: { serviceIds: ['x', 'y'] },
    });
  });

  it('a reconfiguration keeps a live session but takes the new skills', () => {
    const h = staffed();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, boris);
    const config = testOffice();
    config.operators = config.operators.map((o) => (o.id === 'boris' ? { ...o, skills: ['cash'] } : o));
    h.configure(config);
    expect(h.operator('boris')).toMatchObject({ status: 'serving', windowId: 'w2', skills: ['cash'] });
    expect(h.ticket('К-001').status).toBe('called');
  });
});
