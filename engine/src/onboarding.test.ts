import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';

const boris = actors.operator('boris');
const anna = actors.operator('anna');

describe('digital onboarding marked during service (seed 001 §3.5)', () => {
  it('marks the visit in service only, folds onto the ticket, and is kept in the finished visit', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, boris);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, anna);
    expect(h.refused({ type: 'markDigitalOnboarding', on: true }, boris).code).toBe('NO_CURRENT_TICKET');
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, actors.kiosk);
    h.ok({ type: 'callNext' }, boris);
    expect(h.refused({ type: 'markDigitalOnboarding', on: true }, boris).code).toBe('TICKET_NOT_SERVING');
    h.ok({ type: 'startService' }, boris);
    // another operator's visit is not theirs to mark
    expect(h.refused({ type: 'markDigitalOnboarding', on: true }, anna).code).toBe('NO_CURRENT_TICKET');

    const marked = h.ok({ type: 'markDigitalOnboarding', on: true }, boris);
    expect(marked.events).toMatchObject([{ type: 'DigitalOnboardingMarked', operatorId: 'boris', on: true }]);
    expect(h.ticket('К-001').digitalOnboarding).toBe(true);
    // the same mark again: accepted, nothing new to record
    expect(h.ok({ type: 'markDigitalOnboarding', on: true }, boris).events).toEqual([]);
    h.ok({ type: 'markDigitalOnboarding', on: false }, boris);
    expect(h.ticket('К-001').digitalOnboarding).toBeUndefined();
    h.ok({ type: 'markDigitalOnboarding', on: true }, boris);

    h.advanceMin(10);
    // finished without the flag in the command (an API client): the mark made during service counts
    const done = h.ok({ type: 'finishService' }, boris);
    expect(done.events[0]).toMatchObject({ type: 'ServiceFinished', digitalOnboarding: true });
    expect(done.events[0]).toMatchObject({ visit: { digitalOnboarding: true, serviceSec: 600 } });
  });
});
