import type { Ticket } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { ticketsCalledBefore } from './ahead.js';
import { actors, Harness, testOffice } from './testing.js';

const MIN = 60_000;
const { kiosk } = actors;
const op = actors.operator;

/**
 * The office after the «перед вами» figures are read: operators call next one by one through the real engine,
 * whoever is free first (idle ones first, then the longest idle, then by name), each visit lasting its
 * service's norm. Returns when each ticket was called.
 */
function callEveryone(h: Harness): Map<string, number> {
  const config = h.state.config;
  if (!config) throw new Error('not configured');
  const norm = (t: Ticket | undefined) => config.services.find((s) => s.id === t?.serviceId)?.serviceNormMin ?? 10;
  const desks = Object.values(h.state.operators)
    .filter((o) => o.status !== 'logged-out')
    .map((o) => {
      const t = o.ticketId !== null ? h.state.tickets[o.ticketId] : undefined;
      const start = t?.startedAt ?? t?.lastCalledAt ?? o.since;
      return t
        ? { id: o.operatorId, freeAt: start + norm(t) * MIN, rank: 1, since: o.since }
        : { id: o.operatorId, freeAt: h.now, rank: 0, since: o.since };
    });
  const calledAt = new Map<string, number>();
  while (desks.length > 0) {
    desks.sort((a, b) => a.freeAt - b.freeAt || a.rank - b.rank || a.since - b.since || (a.id < b.id ? -1 : 1));
    const d = desks[0];
    if (!d) break;
    h.now = Math.max(h.now, d.freeAt);
    const current = h.operator(d.id).ticketId;
    if (current !== null) {
      if (h.state.tickets[current]?.status === 'called') h.ok({ type: 'startService' }, op(d.id));
      h.ok({ type: 'finishService' }, op(d.id));
    }
    const r = h.run({ type: 'callNext' }, op(d.id));
    if (!r.ok) {
      expect(r.error.code).toBe('QUEUE_EMPTY');
      const back = Object.values(h.state.tickets)
        .filter((t) => t.status === 'postponed' && t.eligibleAt > h.now)
        .map((t) => t.eligibleAt);
      if (back.length === 0) desks.shift();
      else Object.assign(d, { freeAt: Math.min(...back), rank: 0, since: h.now });
      continue;
    }
    const id = r.result?.ticketId ?? '';
    calledAt.set(id, h.now);
    h.ok({ type: 'startService' }, op(d.id));
    Object.assign(d, { freeAt: h.now + norm(h.state.tickets[id]) * MIN, rank: 1, since: h.now });
  }
  return calledAt;
}

/** Tickets actually called at an earlier instant than this one; null when it was never called. */
function calledBefore(calledAt: Map<string, number>, ticketId: string): number | null {
  const at = calledAt.get(ticketId);
  return at === undefined ? null : [...calledAt.values()].filter((x) => x < at).length;
}

const issue = (h: Harness, serviceId: string, priority = false) =>
  h.ok({ type: 'issueTicket', serviceId, ...(priority ? { priorityCategoryId: 'disabled' } : {}) }, kiosk).result;

describe.each(['oldest-with-priority', 'norm-deadline'])('«перед вами» under %s', (dispatchPolicy) => {
  /**
   * anna serves consultation and cash, boris consultation, vera cash and documents. At 10:01 boris and vera
   * are at their windows with a visitor each, anna has postponed К-002 for five minutes.
   */
  function busyOffice() {
    const h = new Harness({ config: testOffice({ rules: { dispatchPolicy } }) });
    h.at('2025-03-03T09:57').ok({ type: 'operatorLogin', windowId: 'w1' }, op('anna'));
    h.at('2025-03-03T09:58').ok({ type: 'operatorLogin', windowId: 'w2' }, op('boris'));
    h.at('2025-03-03T09:59').ok({ type: 'operatorLogin', windowId: 'w3' }, op('vera'));
    h.at('2025-03-03T10:00');
    for (const s of ['consultation', 'consultation', 'cash', 'cash', 'documents']) issue(h, s);
    h.at('2025-03-03T10:01');
    for (const who of ['boris', 'anna', 'vera']) {
      h.ok({ type: 'callNext' }, op(who));
      h.ok({ type: 'startService' }, op(who));
    }
    const postponed = h.operator('anna').ticketId ?? '';
    h.ok({ type: 'postpone', reason: 'Ищет документы', returnInMin: 5 }, op('anna'));
    expect(h.state.tickets[postponed]?.status).toBe('postponed');
    return { h, postponed };
  }

  it('every waiting ticket is told exactly how many the engine then calls before it', () => {
    const { h, postponed } = busyOffice();
    h.at('2025-03-03T10:02');
    const prio = issue(h, 'consultation', true);
    const told = new Map<string, number | null | undefined>([[prio?.ticketId ?? '', prio?.peopleAhead]]);
    for (const s of ['cash', 'consultation', 'documents', 'consultation']) {
      const r = issue(h, s);
      told.set(r?.ticketId ?? '', r?.peopleAhead);
    }
    // A priority visitor with no regular ticket past its norm is called by the first operator free: anna, now.
    expect(prio?.peopleAhead).toBe(0);
    // The last ticket's figure at issue is still true: nobody arrives after it.
    const last = [...told.keys()].at(-1) ?? '';
    const waiting = Object.values(h.state.tickets).filter((t) => t.status === 'waiting' || t.status === 'postponed');
    expect(waiting.length).toBe(8);
    const figures = new Map(waiting.map((t) => [t.id, ticketsCalledBefore(h.state, t, h.now)]));
    expect(figures.get(last)).toBe(told.get(last));

    const calledAt = callEveryone(h);
    expect(calledAt.size).toBe(8);
    for (const t of waiting)
      expect({ [t.number]: figures.get(t.id) }).toEqual({ [t.number]: calledBefore(calledAt, t.id) });
    expect(calledBefore(calledAt, prio?.ticketId ?? '')).toBe(0);
    // The postponed visitor is called only after the return, with others called before meanwhile.
    expect(calledAt.get(postponed)).toBeGreaterThanOrEqual(h.state.tickets[postponed]?.eligibleAt ?? 0);
    expect(figures.get(postponed)).toBeGreaterThan(0);
    // Other services' tickets served by the same operators count: the figure is more than the same service's queue.
    const lastTicket = waiting.find((t) => t.id === last);
    const sameService = waiting.filter((t) => t.serviceId === lastTicket?.serviceId && t.id !== last).length;
    expect(told.get(last)).toBeGreaterThan(sameService);
  });

  it('a service nobody at a window serves gets no figure, and its ticket is indeed never called', () => {
    const { h } = busyOffice();
    h.at('2025-03-03T10:02').ok({ type: 'finishService' }, op('vera'));
    h.ok({ type: 'operatorLogout' }, op('vera'));
    const r = issue(h, 'documents');
    expect(r?.peopleAhead).toBeNull();
    const ticket = h.state.tickets[r?.ticketId ?? ''];
    if (!ticket) throw new Error('no ticket');
    expect(ticketsCalledBefore(h.state, ticket, h.now)).toBeNull();
    const calledAt = callEveryone(h);
    expect(calledAt.has(ticket.id)).toBe(false);
    expect(calledAt.size).toBeGreaterThan(0);
  });
});

describe('ticketsCalledBefore', () => {
  it('a ticket already called has nobody ahead; a ticket sent to one operator waits for that operator', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, op('anna'));
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, op('boris'));
    for (let i = 0; i < 3; i++) issue(h, 'consultation');
    for (const who of ['anna', 'boris']) {
      h.ok({ type: 'callNext' }, op(who));
      h.ok({ type: 'startService' }, op(who));
    }
    expect(ticketsCalledBefore(h.state, h.ticket('К-001'), h.now)).toBe(0);
    h.advanceMin(1);
    h.ok({ type: 'transfer', toOperatorId: 'boris', comment: '', returnToOrigin: false }, op('anna'));
    // anna, free, takes К-003 at once; К-001 waits for boris, busy with К-002
    expect(ticketsCalledBefore(h.state, h.ticket('К-001'), h.now)).toBe(1);
    h.ok({ type: 'finishService' }, op('boris'));
    h.ok({ type: 'operatorLogout' }, op('boris'));
    // back in the general queue with its place: anna calls it first
    expect(ticketsCalledBefore(h.state, h.ticket('К-001'), h.now)).toBe(0);
  });

  it('stops at the limit on a long queue and answers the limit («this many or more»)', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, op('boris'));
    for (let i = 0; i < 8; i++) issue(h, 'consultation');
    const last = h.ticket('К-008');
    expect(ticketsCalledBefore(h.state, last, h.now)).toBe(7);
    expect(ticketsCalledBefore(h.state, last, h.now, { limit: 3 })).toBe(3);
  });
});
