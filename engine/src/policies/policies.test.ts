import { type CommandInput, OfficeConfig, type Rules } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { builtInPolicies, type DispatchPolicy, previewNext } from '../dispatch.js';
import { actors, Harness, testOffice } from '../testing.js';
import { localTimeToEpoch } from '../time.js';
import { makeNormDeadline, type NormDeadlineOptions, normDeadline } from './norm-deadline.js';

const { kiosk, admin } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');

/** anna (consultation + cash) at w1 only: every call is hers, so the policy alone decides. */
function office(dispatchPolicy: string, rules: Partial<Rules> = {}) {
  const h = new Harness({ config: testOffice({ rules: { dispatchPolicy, ...rules } }) });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  return h;
}

function issue(h: Harness, serviceId: string, extra: Partial<CommandInput> = {}) {
  const d = h.ok({ type: 'issueTicket', serviceId, ...extra } as CommandInput, kiosk);
  return d.result?.number ?? '';
}

/** anna calls next (the console's preview must agree), then serves the visitor in no time. */
function callNext(h: Harness, op = anna, id = 'anna') {
  const preview = previewNext(h.state, id, h.now);
  const d = h.ok({ type: 'callNext' }, op);
  const e = d.events[0];
  if (e?.type !== 'TicketCalled') throw new Error('expected a call');
  expect(preview).toEqual({ ticketId: e.ticketId, reason: e.reason, personal: false });
  h.ok({ type: 'startService' }, op);
  h.ok({ type: 'finishService' }, op);
  return { number: e.number, rule: e.reason.rule, text: e.reason.text };
}

describe('baseline policies', () => {
  it('are registered alongside the norm-aware one', () => {
    expect(Object.keys(builtInPolicies).sort()).toEqual([
      'fcfs-per-service',
      'norm-deadline',
      'oldest-overall',
      'oldest-with-priority',
      'strict-priority',
    ]);
  });

  it('oldest-overall calls the longest waiting ticket whatever its service or category', () => {
    const h = office('oldest-overall');
    issue(h, 'consultation');
    h.advanceMin(1);
    issue(h, 'cash');
    h.advanceMin(1);
    issue(h, 'consultation', { priorityCategoryId: 'disabled' });
    expect([1, 2, 3].map(() => callNext(h).number)).toEqual(['К-001', 'О-001', 'К-002']);
  });

  it("fcfs-per-service serves the operator's services in their listed order", () => {
    const h = office('fcfs-per-service');
    issue(h, 'cash');
    h.advanceMin(1);
    issue(h, 'consultation');
    // anna's skills are [consultation, cash]: the younger consultation goes first.
    const first = callNext(h);
    expect(first.number).toBe('К-001');
    expect(first.text.en).toContain('first service in your list');
    expect(callNext(h).number).toBe('О-001');
  });

  it('strict-priority puts every priority ticket first, with no cap', () => {
    const h = office('strict-priority');
    issue(h, 'consultation');
    for (let i = 0; i < 3; i++) {
      h.advanceSec(10);
      issue(h, 'consultation', { priorityCategoryId: 'disabled' });
    }
    expect([1, 2, 3, 4].map(() => callNext(h).number)).toEqual(['К-002', 'К-003', 'К-004', 'К-001']);
  });
});

describe('norm-deadline', () => {
  it('calls the ticket nearest its norm deadline, saying how much time is left', () => {
    const h = office('norm-deadline');
    issue(h, 'consultation');
    h.advanceMin(3);
    issue(h, 'cash');
    // Consultation: 8 − 3 = 5 min left; cash: 4 min left. The younger cash ticket goes first.
    const c = callNext(h);
    expect(c).toMatchObject({ number: 'О-001', rule: 'deadline' });
    expect(c.text).toEqual({
      ru: 'Ближайший срок по нормативу: осталось 4 из 4 мин',
      en: 'The nearest norm deadline: 4 of 4 min left',
    });
    expect(callNext(h).number).toBe('К-001');
  });

  it('lets a ticket already past its norm wait for one that can still make it', () => {
    const h = office('norm-deadline');
    issue(h, 'cash');
    h.advanceMin(5);
    issue(h, 'consultation');
    // Cash has waited 5 > 4 (late, but under 2 × 4); the consultation can still be called within 8.
    expect(callNext(h)).toMatchObject({ number: 'К-001', rule: 'deadline' });
  });

  it('rescues a ticket waiting twice its norm before anyone else, the longest waiting first', () => {
    const h = office('norm-deadline');
    issue(h, 'consultation');
    h.advanceMin(1);
    issue(h, 'cash');
    h.advanceMin(16);
    issue(h, 'cash');
    // Consultation waited 17 ≥ 16, cash 16 ≥ 8: both rescued; the consultation has waited longer.
    const c = callNext(h);
    expect(c).toMatchObject({ number: 'К-001', rule: 'rescue' });
    expect(c.text).toEqual({
      ru: 'Ждёт 17 мин — вдвое дольше норматива (8 мин): вызывается первым',
      en: 'Waiting 17 min, twice its norm (8 min): called first',
    });
    expect(callNext(h)).toMatchObject({ number: 'О-001', rule: 'rescue' });
    expect(callNext(h)).toMatchObject({ number: 'О-002', rule: 'deadline' });
  });

  it('honours a configured rescue factor', () => {
    const h = office('norm-deadline', { rescueAfterNormTimes: 3 });
    issue(h, 'cash');
    h.advanceMin(10);
    issue(h, 'consultation');
    // 10 < 3 × 4: not rescued yet, so the consultation that can still be on time goes first.
    expect(callNext(h).number).toBe('К-001');
    issue(h, 'consultation');
    h.advanceMin(2);
    expect(callNext(h)).toMatchObject({ number: 'О-001', rule: 'rescue' });
  });

  it('mixes priority explicitly: out of turn, at most priorityMaxInRow in a row while others wait', () => {
    const h = office('norm-deadline');
    issue(h, 'consultation');
    for (let i = 0; i < 3; i++) {
      h.advanceSec(10);
      issue(h, 'consultation', { priorityCategoryId: 'disabled' });
    }
    const calls = [1, 2, 3, 4].map(() => callNext(h));
    expect(calls.map((c) => [c.number, c.rule])).toEqual([
      ['К-002', 'priority'],
      ['К-003', 'priority'],
      ['К-001', 'priority-cap'],
      ['К-004', 'priority'],
    ]);
  });

  it('never lets a priority ticket overtake a regular one already past its norm', () => {
    const h = office('norm-deadline');
    issue(h, 'consultation');
    h.advanceMin(9);
    issue(h, 'cash', { priorityCategoryId: 'disabled' });
    const c = callNext(h);
    expect(c).toMatchObject({ number: 'К-001', rule: 'overdue-regular' });
    expect(callNext(h).number).toBe('О-001');
  });

  it('blends a booking in with the deadline slot + appointmentLateMin', () => {
    const h = office('norm-deadline');
    const slotAt = localTimeToEpoch('2025-03-03', '10:10', 'Europe/Moscow');
    h.ok({ type: 'createAppointment', code: 'ABC123', serviceId: 'consultation', slotAt }, admin);
    h.at('2025-03-03T10:05');
    h.ok({ type: 'checkIn', code: 'ABC123' }, kiosk);
    issue(h, 'consultation');
    h.at('2025-03-03T10:11');
    // Walk-in: 8 − 6 = 2 min left; booking: slot + 5 − now = 4 min left.
    expect(callNext(h)).toMatchObject({ number: 'К-002', rule: 'deadline' });
    const b = callNext(h);
    expect(b).toMatchObject({ number: 'К-001', rule: 'appointment' });
    expect(b.text.en).toBe('A visitor with a booking: 4 min to the deadline');
  });

  it('judges a transferred visit on the norm it started with, over all its waits', () => {
    const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: 'norm-deadline' } }) });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    issue(h, 'consultation');
    h.advanceMin(6);
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    h.advanceMin(5);
    issue(h, 'cash');
    h.ok({ type: 'transfer', toServiceId: 'cash' }, boris);
    h.advanceMin(1);
    // The transferred visit waited 6 + 1 of its 8 (1 left); the fresh cash ticket has 3 of 4 left.
    const c = callNext(h);
    expect(c.number).toBe('К-001');
    expect(c.text.en).toBe('The nearest norm deadline: 1 of 8 min left');
  });
});

describe('norm-deadline with a rescue bound in minutes (makeNormDeadline)', () => {
  function variant(opts: NormDeadlineOptions) {
    const policy = makeNormDeadline({ id: 'variant', ...opts });
    const policies = { ...builtInPolicies, variant: policy };
    const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: 'variant' } }), policies });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    const call = () => {
      const preview = previewNext(h.state, 'anna', h.now, policies);
      const d = h.ok({ type: 'callNext' }, anna);
      const e = d.events[0];
      if (e?.type !== 'TicketCalled') throw new Error('expected a call');
      expect(preview).toMatchObject({ ticketId: e.ticketId, reason: e.reason });
      h.ok({ type: 'startService' }, anna);
      h.ok({ type: 'finishService' }, anna);
      return { number: e.number, rule: e.reason.rule, text: e.reason.text };
    };
    return { h, call };
  }

  it('is the default policy when given no options', () => {
    expect(makeNormDeadline().id).toBe(normDeadline.id);
  });

  it('rescues a ticket a few minutes past its norm before a fresh one, and says so', () => {
    const { h, call } = variant({ rescuePastNormMin: 4 });
    issue(h, 'consultation');
    h.advanceMin(12);
    issue(h, 'cash');
    // The consultation waited 12 = 8 + 4 (the default would wait for 16); the fresh cash ticket could still
    // be on time, but it does not go first.
    const c = call();
    expect(c).toMatchObject({ number: 'К-001', rule: 'rescue' });
    expect(c.text).toEqual({
      ru: 'Ждёт 12 мин — на 4 мин дольше норматива (8 мин): вызывается первым',
      en: 'Waiting 12 min, 4 min past its norm (8 min): called first',
    });
  });

  it('takes the bound from the office setting rescuePastNormMin', () => {
    const h = office('norm-deadline', { rescuePastNormMin: 2 });
    issue(h, 'cash');
    h.advanceMin(6);
    issue(h, 'consultation');
    // Cash waited 6 = 4 + 2 (< 2 × 4): rescued before the consultation that could still be on time.
    expect(callNext(h)).toMatchObject({ number: 'О-001', rule: 'rescue' });
  });

  it('rescues by minutes waited, whatever the norm, with rescueAfterMin', () => {
    const { h, call } = variant({ rescueAfterMin: 10 });
    issue(h, 'consultation');
    h.advanceMin(9);
    issue(h, 'cash');
    // 9 < 10: the fresh cash ticket (4 min left) goes first; a minute later the consultation is rescued.
    expect(call()).toMatchObject({ number: 'О-001', rule: 'deadline' });
    issue(h, 'cash');
    h.advanceMin(1);
    expect(call()).toMatchObject({ number: 'К-001', rule: 'rescue' });
    // The twice-the-norm rule still applies when it comes first: cash is rescued at 8, before 10.
    issue(h, 'cash');
    h.advanceMin(8);
    issue(h, 'consultation');
    expect(call()).toMatchObject({ number: 'О-002', rule: 'rescue' });
  });
});

/**
 * anna calls, serves and finishes the next visitor (the console's preview must agree with the call); three
 * cash visitors first, called at 0, 2 and 4 min, give the hall its pace.
 */
function annaCalls(h: Harness, policies: Record<string, DispatchPolicy>) {
  const call = () => {
    const preview = previewNext(h.state, 'anna', h.now, policies);
    const d = h.ok({ type: 'callNext' }, anna);
    const e = d.events[0];
    if (e?.type !== 'TicketCalled') throw new Error('expected a call');
    expect(preview).toMatchObject({ ticketId: e.ticketId, reason: e.reason });
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'finishService' }, anna);
    return { number: e.number, rule: e.reason.rule, text: e.reason.text };
  };
  for (let i = 0; i < 3; i++) {
    if (i > 0) h.advanceMin(2);
    issue(h, 'cash');
    call();
  }
  return call;
}

describe('norm-deadline: a late ticket that fits (issue 18)', () => {
  /**
   * anna alone at w1 (consultation + cash). Three cash visitors were called at 0, 2 and 4 min; a
   * consultation issued at 4 min has waited 10 (its norm is 8: late, but short of the rescue at 16). The hall's
   * recent interval between calls is 14 min ÷ 3 calls ≈ 4.7 min.
   */
  function hall(policyOpts: NormDeadlineOptions = {}, cashAgeMin = 0) {
    const policy = makeNormDeadline({ id: 'under-test', ...policyOpts });
    const policies = { ...builtInPolicies, 'under-test': policy };
    const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: 'under-test' } }), policies });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    const call = annaCalls(h, policies);
    issue(h, 'consultation');
    h.advanceMin(10 - cashAgeMin);
    issue(h, 'cash');
    h.advanceMin(cashAgeMin);
    return { h, call };
  }

  it('calls the late consultation before a fresh cash ticket that can still make its norm', () => {
    const { call } = hall();
    // Cash has 4 min of slack; its turn comes after about 4.7 min, and half of that (the margin) fits in 4.
    const c = call();
    expect(c).toMatchObject({ number: 'К-001', rule: 'late-fits' });
    expect(c.text).toEqual({
      ru: 'Ждёт 10 мин — дольше норматива (8 мин); талоны в срок успевают после него',
      en: 'Waiting 10 min, past its norm (8 min); on-time tickets still make their norms after it',
    });
    // The cash visitor is then called on time.
    expect(call()).toMatchObject({ number: 'О-004', rule: 'deadline' });
  });

  it('differs from the rule before issue 18, which lets the late ticket wait for the rescue', () => {
    const { call } = hall({ fitMargin: null });
    expect(call()).toMatchObject({ number: 'О-004', rule: 'deadline' });
    expect(call()).toMatchObject({ number: 'К-001', rule: 'most-late' });
  });

  it('keeps the deadline order when an on-time ticket could not afford the wait', () => {
    // Cash issued 3.5 min ago has 0.5 min left, less than half its projected turn: it goes first.
    const { call } = hall({}, 3.5);
    expect(call()).toMatchObject({ number: 'О-004', rule: 'deadline' });
    // Then only late tickets wait: the longest waiting first, and the line says so.
    expect(call()).toMatchObject({
      number: 'К-001',
      rule: 'most-late',
      text: { en: 'Every ticket is past its norm: the one waiting longest is called' },
    });
  });

  it('needs a few calls in the hall before it projects anything', () => {
    const policy = makeNormDeadline({ id: 'under-test' });
    const policies = { ...builtInPolicies, 'under-test': policy };
    const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: 'under-test' } }), policies });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    issue(h, 'consultation');
    h.advanceMin(10);
    issue(h, 'cash');
    // No recent calls: no projection, so the plain deadline order.
    expect(previewNext(h.state, 'anna', h.now, policies)).toMatchObject({ reason: { rule: 'deadline' } });
  });
});

describe('norm-deadline: a ticket few windows serve (§6.5a)', () => {
  /**
   * anna (consultation + cash) at w1 and boris (consultation only) at w2. anna called three cash visitors at 0,
   * 2 and 4 min (the hall's pace: one call every 10 ÷ 3 ≈ 3.3 min). At 10 min a consultation has 2 min of slack
   * and a cash ticket 3.5. Boris will take the consultation anyway; only anna serves cash.
   */
  function hall(policyOpts: NormDeadlineOptions = {}) {
    const policy = makeNormDeadline({ id: 'under-test', ...policyOpts });
    const policies = { ...builtInPolicies, 'under-test': policy };
    const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: 'under-test' } }), policies });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    const call = annaCalls(h, policies);
    issue(h, 'consultation');
    h.advanceMin(5.5);
    issue(h, 'cash');
    h.advanceMin(0.5);
    return { h, call };
  }

  it('calls the cash ticket only her window serves before the consultation boris can take', () => {
    const { call } = hall();
    // Cash: 3.5 − 3.3 × 2 (2 windows at work, 1 serves cash); consultation: 2 − 3.3 × 1.
    const c = call();
    expect(c).toMatchObject({ number: 'О-004', rule: 'scarce' });
    expect(c.text).toEqual({
      ru: 'Эту услугу ведут 1 из 2 окон: осталось 4 из 4 мин — остальных вызовут другие окна',
      en: 'Only 1 of 2 windows serve this: 4 of 4 min left; the other windows call the rest',
    });
  });

  it('differs from the plain deadline order, which takes the consultation nearer its norm', () => {
    const { call } = hall({ scarceWeight: 0 });
    expect(call()).toMatchObject({ number: 'К-001', rule: 'deadline' });
  });

  it('keeps the plain deadline order when every window serves both', () => {
    const { h, call } = hall();
    h.ok({ type: 'operatorLogout' } as CommandInput, boris);
    expect(call()).toMatchObject({ number: 'К-001', rule: 'deadline' });
  });
});

describe('norm-deadline: a two-stage visit keeps time for its second wait', () => {
  /** Consultation then cash, 12 min for both waits (the standard's consultation + cash); anna serves all three. */
  function office2(then: boolean) {
    const config = testOffice({
      services: [
        {
          id: 'consultation',
          name: { ru: 'Консультация', en: 'Consultation' },
          prefix: 'К',
          waitNormMin: 8,
          serviceNormMin: 10,
        },
        { id: 'cash', name: { ru: 'Оплата', en: 'Payment' }, prefix: 'О', waitNormMin: 4, serviceNormMin: 4 },
        {
          id: 'consult-cash',
          name: { ru: 'Консультация и оплата', en: 'Consultation and payment' },
          prefix: 'С',
          waitNormMin: 12,
          serviceNormMin: 14,
          ...(then ? { thenServiceId: 'cash' } : {}),
        },
      ],
      topics: [],
      operators: [{ id: 'anna', name: 'Анна', skills: ['consultation', 'cash', 'consult-cash'] }],
      rules: { dispatchPolicy: 'norm-deadline' },
    });
    const h = new Harness({ config });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    issue(h, 'consult-cash');
    h.advanceMin(3);
    issue(h, 'consultation');
    h.advanceMin(0.5);
    return h;
  }

  it('calls it by the norm less the next service’s own wait norm: 12 − 4 = 8 min for the first wait', () => {
    // С-001 has 8 − 3.5 = 4.5 min left, the consultation 7.5.
    const c = callNext(office2(true));
    expect(c).toMatchObject({ number: 'С-001', rule: 'deadline' });
    expect(c.text).toEqual({
      ru: 'Ближайший срок по нормативу: осталось 5 из 8 мин (ещё 4 — на второе ожидание)',
      en: 'The nearest norm deadline: 5 of 8 min left (4 more for the second wait)',
    });
  });

  it('without the next service the whole norm is the first wait’s: the consultation goes first', () => {
    // С-001: 12 − 3.5 = 8.5 min left against the consultation's 7.5.
    expect(callNext(office2(false))).toMatchObject({ number: 'К-001', rule: 'deadline' });
  });

  it('refuses a next service that does not exist or is the service itself', () => {
    const base = testOffice();
    const services = (then: string) =>
      base.services.map((s) => (s.id === 'documents' ? { ...s, thenServiceId: then } : s));
    const unknown = OfficeConfig.safeParse({ ...base, services: services('nope') });
    expect(unknown.success).toBe(false);
    expect(JSON.stringify(unknown.error?.issues)).toContain('услуга documents: затем — нет услуги nope');
    const self = OfficeConfig.safeParse({ ...base, services: services('documents') });
    expect(JSON.stringify(self.error?.issues)).toContain('service documents: continues at itself');
    expect(OfficeConfig.safeParse({ ...base, services: services('cash') }).success).toBe(true);
  });
});
