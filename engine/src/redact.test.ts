import { describe, expect, it } from 'vitest';
import { redactEvent, redactState } from './redact.js';
import { actors, Harness, testOffice } from './testing.js';

const PUBLIC = ['kiosk', 'board', 'rating', 'wall', 'device'];
const anna = actors.operator('anna');

/** A priority visitor (category `disabled`: health data) with an account and phone, called and served. */
function priorityVisit(): Harness {
  const h = new Harness({ config: testOffice() });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok(
    {
      type: 'issueTicket',
      serviceId: 'consultation',
      priorityCategoryId: 'disabled',
      visitorData: { account: '7700123456', phone: '+7 912 345-67-89' },
    },
    actors.kiosk,
  );
  h.ok({ type: 'issueTicket', serviceId: 'consultation', priorityCategoryId: 'disabled' }, actors.kiosk);
  h.ok({ type: 'callNext' }, anna);
  h.ok({ type: 'startService' }, anna);
  h.advanceMin(2);
  h.ok({ type: 'finishService', outcomes: [] }, anna);
  h.ok({ type: 'callNext' }, anna);
  return h;
}

/** What a screen could learn of the category: its id, or its name in the call's reason line. */
const CATEGORY = /disabled|Инвалиды|Disabled visitors|7700123456|912 345/;

describe('redaction per audience (152-ФЗ)', () => {
  const h = priorityVisit();

  it('the day did carry the category and the visitor’s data', () => {
    expect(JSON.stringify(h.log)).toMatch(CATEGORY);
    expect(JSON.stringify(h.log)).toContain('Приоритетное обслуживание: Инвалиды');
  });

  it('boards, kiosks, the wall and rating devices never see a priority category or what a visitor typed', () => {
    for (const audience of PUBLIC) {
      const events = h.log.map((e) => redactEvent(e, audience));
      const config = h.state.config;
      // the office's list of categories is configuration, not a visitor's: compare without it
      const state = { ...redactState(h.state, audience), config: null };
      expect(JSON.stringify(events).replace(JSON.stringify(config), ''), audience).not.toMatch(CATEGORY);
      expect(JSON.stringify(state), audience).not.toMatch(CATEGORY);
      expect(JSON.stringify(state), audience).not.toContain('priorityCategoryId');
    }
  });

  it('a public screen still learns that a call was by priority, not for whom', () => {
    const call = h.log.find((e) => e.type === 'TicketCalled');
    if (call?.type !== 'TicketCalled') throw new Error('no call');
    const seen = redactEvent(call, 'board');
    expect(seen).toMatchObject({ reason: { rule: 'priority', text: { ru: 'Приоритетное обслуживание' } } });
    expect(seen).toMatchObject({ number: call.number, windowId: call.windowId });
  });

  it('operators and administrators see the category and the data', () => {
    for (const audience of ['operator', 'admin']) {
      const state = redactState(h.state, audience);
      expect(Object.values(state.tickets).map((t) => t.priorityCategoryId)).toEqual(['disabled']);
      expect(JSON.stringify(h.log.map((e) => redactEvent(e, audience)))).toContain('7700123456');
    }
  });

  it('changes nothing in the state it redacts', () => {
    const before = JSON.stringify(h.state);
    for (const audience of PUBLIC) redactState(h.state, audience);
    expect(JSON.stringify(h.state)).toBe(before);
  });
});
