import { describe, expect, it } from 'vitest';
import { applyEvent, fold } from './index.js';
import { latestVisitAt } from './ratings.js';
import { redactEvent, redactState } from './redact.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, system } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const terminal = { kind: 'device', deviceId: 'rating-w1', role: 'rating' } as const;

/** Anna at w1 and Boris at w2; returns a helper that serves one consultation at the given operator. */
function office() {
  const h = new Harness({ config: testOffice() });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  const serve = (op = anna) => {
    const id = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    h.advanceSec(30);
    h.ok({ type: 'callNext' }, op);
    h.ok({ type: 'startService' }, op);
    h.advanceMin(5);
    h.ok({ type: 'finishService' }, op);
    h.advanceSec(5);
    return id;
  };
  return { h, serve };
}

describe('one rating per visit', () => {
  it('records a rating linked to the visit, operator, window and service, then refuses a second one', () => {
    const { h, serve } = office();
    const id = serve();
    const d = h.ok({ type: 'rateVisit', ticketId: id, score: 5, channel: 'terminal', atWindowId: 'w1' }, terminal);
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'VisitRated',
        ticketId: id,
        number: 'К-001',
        score: 5,
        reasons: [],
        channel: 'terminal',
        operatorId: 'anna',
        windowId: 'w1',
        serviceId: 'consultation',
        dayKey: '2025-03-03',
      }),
    ]);
    expect(h.state.recentVisits?.[id]).toMatchObject({ ratedAt: h.now, score: 5 });
    // the same visit through the QR page afterwards: refused, and nothing changes
    expect(h.refused({ type: 'rateVisit', ticketId: id, score: 1, channel: 'qr' }, system).code).toBe(
      'RATING_ALREADY_GIVEN',
    );
  });

  it('refuses visits that are unknown, not served, at another window or past the rating period', () => {
    const { h, serve } = office();
    expect(h.refused({ type: 'rateVisit', ticketId: 'nope', score: 4, channel: 'qr' }, system).code).toBe(
      'RATING_VISIT_UNKNOWN',
    );
    // a no-show is not a visit anyone can rate
    const noShow = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'markNoShow' }, anna);
    expect(h.refused({ type: 'rateVisit', ticketId: noShow, score: 4, channel: 'qr' }, system).code).toBe(
      'RATING_VISIT_UNKNOWN',
    );
    const atW2 = serve(boris);
    expect(
      h.refused({ type: 'rateVisit', ticketId: atW2, score: 4, channel: 'terminal', atWindowId: 'w1' }, terminal).code,
    ).toBe('RATING_WRONG_WINDOW');
    h.advanceMin(24 * 60 + 1);
    expect(h.refused({ type: 'rateVisit', ticketId: atW2, score: 4, channel: 'qr' }, system).code).toBe(
      'RATING_LINK_EXPIRED',
    );
  });

  it('takes reasons only with a low mark and only from the configured list', () => {
    const { h, serve } = office();
    const id = serve();
    const low = { type: 'rateVisit', ticketId: id, channel: 'qr' } as const;
    expect(h.refused({ ...low, score: 4, reasons: ['long-wait'] }, system).code).toBe('VALIDATION_FAILED');
    expect(h.refused({ ...low, score: 2, reasons: ['bogus'] }, system)).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { reasons: ['bogus'] },
    });
    const d = h.ok({ ...low, score: 2, reasons: ['long-wait', 'unclear', 'long-wait'] }, system);
    expect(d.events[0]).toMatchObject({ score: 2, reasons: ['long-wait', 'unclear'] });
  });

  it('forgets visits after the rating period so the state stays small', () => {
    const { h, serve } = office();
    const first = serve();
    h.advanceMin(25 * 60);
    const second = serve();
    expect(Object.keys(h.state.recentVisits ?? {})).toEqual([second]);
    expect(first).not.toBe(second);
  });

  it('forgets them in closing order, also in a state read back from a snapshot', () => {
    const { h, serve } = office();
    const early = [serve(), serve(boris), serve()];
    h.advanceMin(4 * 60);
    const later = [serve(boris), serve()];
    const snapshot = JSON.parse(JSON.stringify(h.state)) as typeof h.state;
    const from = h.state.seq;
    h.advanceMin(20 * 60);
    const last = serve();
    // The live state and the one restored from the snapshot plus the tail of the log agree.
    for (const e of h.log.filter((x) => x.seq > from)) applyEvent(snapshot, e);
    expect(Object.keys(h.state.recentVisits ?? {})).toEqual([...later, last]);
    expect(snapshot.recentVisits).toEqual(h.state.recentVisits);
    expect(early.some((id) => h.state.recentVisits?.[id])).toBe(false);
  });

  it('a visit returning to its origin operator is rated once, when it is finally over', () => {
    const { h } = office();
    const id = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'transfer', toOperatorId: 'boris', returnToOrigin: true }, anna);
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    h.ok({ type: 'finishService' }, boris);
    expect(h.state.recentVisits?.[id]).toBeUndefined();
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.ok({ type: 'finishService' }, anna);
    expect(h.state.recentVisits?.[id]).toMatchObject({ operatorId: 'anna', windowId: 'w1' });
    expect(latestVisitAt(h.state, 'w1')?.ticketId).toBe(id);
    expect(latestVisitAt(h.state, 'w1', 'boris')).toBeUndefined();
  });

  it('replaying the log gives the same rated visits', () => {
    const { h, serve } = office();
    const id = serve();
    h.ok({ type: 'rateVisit', ticketId: id, score: 3, channel: 'qr' }, system);
    expect(fold(h.log).recentVisits).toEqual(h.state.recentVisits);
  });
});

describe('feedback (seed 004)', () => {
  it('keeps a complaint without a contact but flags it as not actionable', () => {
    const { h, serve } = office();
    const id = serve();
    const d = h.ok(
      {
        type: 'rateVisit',
        ticketId: id,
        score: 1,
        reasons: ['impolite'],
        channel: 'qr',
        feedback: { type: 'complaint', text: 'Грубили' },
      },
      system,
    );
    expect(d.events[1]).toMatchObject({
      type: 'FeedbackReceived',
      feedbackType: 'complaint',
      text: 'Грубили',
      actionable: false,
      ticketId: id,
      operatorId: 'anna',
      windowId: 'w1',
    });
    const withContact = h.ok(
      {
        type: 'submitFeedback',
        channel: 'terminal',
        atWindowId: 'w2',
        feedback: { type: 'complaint', text: 'Очередь', contact: '+7 900 000-00-00' },
      },
      terminal,
    );
    expect(withContact.events[0]).toMatchObject({ actionable: true, windowId: 'w2', operatorId: 'boris' });
    const proposal = h.ok(
      { type: 'submitFeedback', channel: 'qr', feedback: { type: 'proposal', text: 'Больше окон' } },
      system,
    );
    expect(proposal.events[0]).toMatchObject({ actionable: true, feedbackType: 'proposal' });
    expect(proposal.events[0]).not.toHaveProperty('contact');
  });

  it('refuses a feedback type the office does not take', () => {
    const h = new Harness({ config: testOffice({ feedbackTypes: ['review'] }) });
    expect(
      h.refused({ type: 'submitFeedback', channel: 'qr', feedback: { type: 'complaint', text: 'x' } }, system).code,
    ).toBe('VALIDATION_FAILED');
  });

  it('sends feedback text and contact to the administrator only', () => {
    const { h, serve } = office();
    const id = serve();
    h.ok(
      {
        type: 'submitFeedback',
        channel: 'qr',
        ticketId: id,
        feedback: { type: 'review', text: 'Спасибо', contact: 'a@b.ru' },
      },
      system,
    );
    const e = h.lastEvent();
    if (!e) throw new Error('no event');
    expect(redactEvent(e, 'admin')).toMatchObject({ text: 'Спасибо', contact: 'a@b.ru' });
    for (const audience of ['operator', 'board', 'kiosk', 'rating']) {
      const r = redactEvent(e, audience);
      expect(r).not.toHaveProperty('text');
      expect(r).not.toHaveProperty('contact');
    }
    expect(redactState(h.state, 'board').recentVisits).toEqual({});
    expect(Object.keys(redactState(h.state, 'rating').recentVisits ?? {})).toEqual([id]);
  });
});
