import type { CommandInput } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { type DispatchPolicy, previewNext } from './dispatch.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');

function office(overrides: Parameters<typeof testOffice>[0] = {}, policies?: Record<string, DispatchPolicy>) {
  const h = new Harness({ config: testOffice(overrides), ...(policies ? { policies } : {}) });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  return h;
}
/** Issues tickets 10 s apart: 'R' regular, 'P' priority (disabled visitor), both consultation. */
function issue(h: Harness, pattern: string) {
  for (const c of pattern) {
    const cmd: CommandInput = { type: 'issueTicket', serviceId: 'consultation' };
    h.ok(c === 'P' ? { ...cmd, priorityCategoryId: 'disabled' } : cmd, kiosk);
    h.advanceSec(10);
  }
}
/** boris calls next, checking that the preview said the same, then serves quickly. */
function callAndServe(h: Harness, op = boris, id = 'boris') {
  const preview = previewNext(h.state, id, h.now);
  const d = h.ok({ type: 'callNext' }, op);
  const e = d.events[0];
  if (e?.type !== 'TicketCalled') throw new Error('expected a call');
  expect(preview).toEqual({ ticketId: e.ticketId, reason: e.reason, personal: false });
  h.ok({ type: 'startService' }, op);
  h.ok({ type: 'finishService' }, op);
  return { number: e.number, rule: e.reason.rule, streak: e.priorityStreak, reason: e.reason };
}

describe('priority mixing (oldest-with-priority)', () => {
  it('calls a priority ticket before older regular ones, with a reason in both languages', () => {
    const h = office();
    issue(h, 'RRP');
    const c = callAndServe(h);
    expect(c).toMatchObject({ number: 'К-003', rule: 'priority', streak: 1 });
    expect(c.reason.text.ru).toBe('Приоритетное обслуживание: Инвалиды');
    expect(c.reason.text.en).toBe('Priority service: Disabled visitors');
  });

  it('at most priorityMaxInRow (2) priority calls in a row while regular tickets wait', () => {
    const h = office();
    issue(h, 'RPPPRP');
    const calls = [1, 2, 3, 4, 5, 6].map(() => callAndServe(h));
    expect(calls.map((c) => [c.number, c.rule, c.streak])).toEqual([
      ['К-002', 'priority', 1],
      ['К-003', 'priority', 2],
      ['К-001', 'priority-cap', 0],
      ['К-004', 'priority', 1],
      ['К-006', 'priority', 2],
      ['К-005', 'oldest', 0],
    ]);
    expect(calls[2]?.reason.text).toEqual({
      ru: 'После 2 приоритетных вызовов подряд — очередь общего порядка',
      en: "After 2 priority calls in a row, the general queue's turn",
    });
    expect(h.state.priorityStreak).toEqual({ main: 0 });
  });

  it('honours a configured cap of 1: priority and regular alternate', () => {
    const h = office({ rules: { priorityMaxInRow: 1 } });
    issue(h, 'RRPP');
    expect([1, 2, 3, 4].map(() => callAndServe(h).number)).toEqual(['К-003', 'К-001', 'К-004', 'К-002']);
  });

  it('with no regular ticket waiting, priority tickets do not build a streak', () => {
    const h = office();
    issue(h, 'PPP');
    const calls = [1, 2, 3].map(() => callAndServe(h));
    expect(calls.map((c) => [c.number, c.streak])).toEqual([
      ['К-001', 0],
      ['К-002', 0],
      ['К-003', 0],
    ]);
  });

  it('the streak is shared by the hall’s operators', () => {
    const h = office();
    issue(h, 'RPPP');
    expect(callAndServe(h, anna, 'anna').number).toBe('К-002');
    expect(callAndServe(h, boris, 'boris').number).toBe('К-003');
    expect(callAndServe(h, anna, 'anna')).toMatchObject({ number: 'К-001', rule: 'priority-cap' });
  });

  it('calls by number count towards the streak', () => {
    const h = office();
    issue(h, 'RPPP');
    for (const n of ['К-002', 'К-003']) {
      h.ok({ type: 'callTicket', ticketId: h.ticket(n).id }, boris);
      h.ok({ type: 'startService' }, boris);
      h.ok({ type: 'finishService' }, boris);
    }
    expect(h.state.priorityStreak.main).toBe(2);
    expect(callAndServe(h).number).toBe('К-001');
  });

  it('a regular ticket past its wait norm is not overtaken', () => {
    const h = office();
    issue(h, 'R'); // К-001 at 10:00:00
    h.advanceMin(1);
    issue(h, 'P'); // К-002
    h.at('2025-03-03T10:07:59');
    expect(previewNext(h.state, 'boris', h.now)?.ticketId).toBe(h.ticket('К-002').id);
    h.at('2025-03-03T10:08:00'); // К-001 has waited exactly its norm of 8 minutes
    const c = callAndServe(h);
    expect(c).toMatchObject({ number: 'К-001', rule: 'overdue-regular', streak: 0 });
    expect(c.reason.text.ru).toContain('8 мин');
    expect(c.reason.text.en).toContain('8 min');
  });

  it('an overdue regular ticket behind a younger-waiting one is not overtaken either (mixed norms)', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk); // К-001 at 10:00, norm 8
    h.advanceMin(1);
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk); // О-001 at 10:01, norm 4
    h.at('2025-03-03T10:04:59');
    h.ok({ type: 'issueTicket', serviceId: 'consultation', priorityCategoryId: 'disabled' }, kiosk); // К-002
    h.at('2025-03-03T10:05'); // К-001 has waited 5 of 8 min, О-001 4 of 4 min
    const c = callAndServe(h, anna, 'anna');
    expect(c).toMatchObject({ number: 'О-001', rule: 'overdue-regular' });
    expect(c.reason.text.en).toContain('4 min');
  });

  it('a transferred ticket keeps its place but its fresh wait does not hide an overdue one', () => {
    const h = office();
    issue(h, 'RR'); // К-001 10:00:00, К-002 10:00:10
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.at('2025-03-03T10:08:30');
    h.ok({ type: 'transfer', toServiceId: 'cash' }, anna);
    h.ok({ type: 'issueTicket', serviceId: 'consultation', priorityCategoryId: 'disabled' }, kiosk);
    // К-001 is first in queue order again but has just started a new wait; К-002 (8 min 20 s) is overdue.
    expect(callAndServe(h, anna, 'anna')).toMatchObject({ number: 'К-002', rule: 'overdue-regular' });
  });

  it('the overdue protection can be switched off', () => {
    const h = office({ rules: { protectOverdueRegular: false } });
    issue(h, 'RP');
    h.advanceMin(30);
    expect(callAndServe(h).number).toBe('К-002');
  });

  it('the overdue rule is judged on the service’s own norm (cash: 4 minutes)', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    h.ok({ type: 'issueTicket', serviceId: 'consultation', priorityCategoryId: 'disabled' }, kiosk);
    h.advanceMin(4);
    expect(callAndServe(h, anna, 'anna')).toMatchObject({ number: 'О-001', rule: 'overdue-regular' });
  });
});

describe('previewNext', () => {
  it('is null when nothing is eligible or the operator is not at a window', () => {
    const h = office();
    expect(previewNext(h.state, 'boris', h.now)).toBeNull();
    issue(h, 'R');
    expect(previewNext(h.state, 'vera', h.now)).toBeNull();
    expect(previewNext(h.state, 'ghost', h.now)).toBeNull();
    expect(previewNext(h.state, 'boris', h.now)).toMatchObject({ ticketId: h.ticket('К-001').id, personal: false });
  });

  it('explains a personal ticket first, as callNext does', () => {
    const h = office();
    issue(h, 'RR');
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'transfer', toOperatorId: 'boris', comment: 'к специалисту' }, anna);
    const preview = previewNext(h.state, 'boris', h.now);
    expect(preview).toEqual({
      ticketId: h.ticket('К-001').id,
      personal: true,
      reason: {
        rule: 'personal',
        text: { ru: 'Посетитель направлен лично к вам', en: 'The visitor was sent to you personally' },
      },
    });
    const e = h.ok({ type: 'callNext' }, boris).events[0];
    expect(e).toMatchObject({ ticketId: preview?.ticketId, reason: preview?.reason });
  });

  it('follows a long mixed sequence exactly', () => {
    const h = office();
    issue(h, 'RPRPPRPPPRRP');
    h.advanceMin(5);
    const numbers: string[] = [];
    for (let i = 0; i < 12; i++) {
      numbers.push(callAndServe(h).number);
      h.advanceMin(1);
    }
    expect(new Set(numbers).size).toBe(12);
  });
});

describe('dispatch policies', () => {
  const newestFirst: DispatchPolicy = {
    id: 'newest-first',
    name: { ru: 'Сначала новые', en: 'Newest first' },
    choose: ({ candidates }) => {
      const t = candidates.at(-1);
      return t ? { ticketId: t.id, reason: { rule: 'newest', text: { ru: 'Новый', en: 'Newest' } } } : null;
    },
  };

  it('uses the policy named in the rules', () => {
    const h = office({ rules: { dispatchPolicy: 'newest-first' } }, { 'newest-first': newestFirst });
    issue(h, 'RRR');
    const e = h.ok({ type: 'callNext' }, boris).events[0];
    expect(e).toMatchObject({ number: 'К-003', reason: { rule: 'newest' } });
  });

  it('falls back to oldest-with-priority for an unknown policy', () => {
    const h = office({ rules: { dispatchPolicy: 'no-such-policy' } });
    issue(h, 'RR');
    expect(h.ok({ type: 'callNext' }, boris).result?.number).toBe('К-001');
  });

  it('a policy cannot hand out a ticket the operator may not take', () => {
    const rogue: DispatchPolicy = {
      id: 'rogue',
      name: { ru: 'Чужой', en: 'Rogue' },
      choose: ({ state }) => {
        const t = Object.values(state.tickets).find((x) => x.serviceId === 'documents');
        return t ? { ticketId: t.id, reason: { rule: 'rogue', text: { ru: 'x', en: 'x' } } } : null;
      },
    };
    const h = office({ rules: { dispatchPolicy: 'rogue' } }, { rogue });
    h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk);
    issue(h, 'R');
    expect(h.refused({ type: 'callNext' }, boris).code).toBe('QUEUE_EMPTY');
  });
});
