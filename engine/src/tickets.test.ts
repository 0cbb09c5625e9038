import { describe, expect, it } from 'vitest';
import { decide } from './decide.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin } = actors;
const office = (overrides: Parameters<typeof testOffice>[0] = {}) => new Harness({ config: testOffice(overrides) });

describe('issueTicket', () => {
  it('issues by topic: the topic maps to its service and the ticket keeps topic and segment', () => {
    const h = office();
    const d = h.ok({ type: 'issueTicket', topicId: 'readings', segmentId: 'individual' }, kiosk);
    // nobody is at a window yet: the visitor is told nobody serves it rather than «никого нет»
    expect(d.result).toEqual({ ticketId: '2025-03-03/К-001', number: 'К-001', peopleAhead: null });
    const [e] = d.events;
    expect(e).toMatchObject({ type: 'TicketIssued', source: 'kiosk-1', at: h.now, actor: kiosk });
    const t = h.ticket('К-001');
    expect(t).toMatchObject({
      serviceId: 'consultation',
      originServiceId: 'consultation',
      topicId: 'readings',
      segmentId: 'individual',
      dayKey: '2025-03-03',
      status: 'waiting',
      walkIn: false,
      issuedAt: h.now,
      waitFrom: h.now,
      queuedAt: h.now,
      callCount: 0,
    });
  });

  it('issues by service, without a topic', () => {
    const h = office();
    const d = h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    expect(d.result?.number).toBe('О-001');
    expect(h.ticket('О-001').topicId).toBeUndefined();
  });

  it('numbers tickets per prefix: К-001, К-002, and a separate counter for О', () => {
    const h = office();
    const numbers = ['consultation', 'consultation', 'cash', 'consultation', 'cash'].map(
      (serviceId) => h.ok({ type: 'issueTicket', serviceId }, kiosk).result?.number,
    );
    expect(numbers).toEqual(['К-001', 'К-002', 'О-001', 'К-003', 'О-002']);
    expect(h.state.counters).toEqual({ К: { dayKey: '2025-03-03', last: 3 }, О: { dayKey: '2025-03-03', last: 2 } });
  });

  it('topics of one service share its counter', () => {
    const h = office();
    h.ok({ type: 'issueTicket', topicId: 'readings' }, kiosk);
    expect(h.ok({ type: 'issueTicket', topicId: 'recalc', segmentId: 'business' }, kiosk).result?.number).toBe('К-002');
  });

  it('counts as ahead everyone the operators at work will call first, of every service they serve', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    h.advanceSec(10);
    // nobody at a window: no figure, whatever the queue
    expect(h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.peopleAhead).toBeNull();
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('anna'));
    // anna serves both services, oldest first: К-001, О-001, К-002 come before
    expect(h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.peopleAhead).toBe(3);
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.peopleAhead).toBe(4);
    // documents: only vera serves them, and she is not at a window
    expect(h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk).result?.peopleAhead).toBeNull();
    h.ok({ type: 'operatorLogin', windowId: 'w3' }, actors.operator('vera'));
    // anna: К-001, К-002, К-003; vera: О-001, then Д-001 (4 min later), then this one: О-002 is no older
    expect(h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk).result?.peopleAhead).toBe(5);
  });

  it('does not count a ticket already being served as ahead', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, actors.operator('boris'));
    h.ok({ type: 'callNext' }, actors.operator('boris'));
    expect(h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.peopleAhead).toBe(1);
  });

  it('keeps visitor data on the ticket and drops an empty one', () => {
    const h = office();
    const visitorData = { account: '1234567890', phone: '+7 900 000-00-00' };
    h.ok({ type: 'issueTicket', topicId: 'payment', segmentId: 'individual', visitorData }, kiosk);
    expect(h.ticket('О-001').visitorData).toEqual(visitorData);
    h.ok({ type: 'issueTicket', topicId: 'payment', visitorData: {} }, kiosk);
    expect('visitorData' in h.ticket('О-002')).toBe(false);
  });

  it('records a priority category', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation', priorityCategoryId: 'disabled' }, kiosk);
    expect(h.ticket('К-001').priorityCategoryId).toBe('disabled');
  });

  it('numbers are unique per office per local day: ids carry the day', () => {
    const h = office();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const d = h.ok({ type: 'issueTicket', serviceId: i % 2 ? 'cash' : 'consultation' }, kiosk);
      ids.add(d.result?.ticketId ?? '');
      h.advanceSec(7);
    }
    expect(ids.size).toBe(20);
    expect(Object.keys(h.state.tickets)).toHaveLength(20);
  });
});

describe('issueTicket refusals', () => {
  it('refuses unknown topic, service, segment and priority category', () => {
    const h = office();
    expect(h.refused({ type: 'issueTicket', topicId: 'nope' }, kiosk).code).toBe('UNKNOWN_TOPIC');
    expect(h.refused({ type: 'issueTicket', serviceId: 'nope' }, kiosk)).toMatchObject({
      code: 'UNKNOWN_SERVICE',
      details: { serviceId: 'nope' },
    });
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash', segmentId: 'nope' }, kiosk).code).toBe(
      'UNKNOWN_SEGMENT',
    );
    expect(h.refused({ type: 'issueTicket', topicId: 'readings', segmentId: 'nope' }, kiosk).code).toBe(
      'UNKNOWN_SEGMENT',
    );
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash', priorityCategoryId: 'vip' }, kiosk).code).toBe(
      'UNKNOWN_PRIORITY_CATEGORY',
    );
    expect(h.log).toHaveLength(1);
  });

  it('refuses a topic outside the chosen segment', () => {
    const h = office();
    const e = h.refused({ type: 'issueTicket', topicId: 'contract', segmentId: 'individual' }, kiosk);
    expect(e.code).toBe('TOPIC_NOT_IN_SEGMENT');
    expect(e.message.ru).toMatch(/категории/);
  });

  it('refuses a command with neither topic nor service (bypassing the schema)', () => {
    const h = office();
    const d = decide(h.state, { type: 'issueTicket' }, { now: h.now, actor: kiosk });
    expect(d.ok || d.error.code).toBe('UNKNOWN_SERVICE');
  });

  it('refuses before the office is configured', () => {
    const h = new Harness();
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk).code).toBe('NOT_CONFIGURED');
  });

  it('issues only within reception hours (09:00–18:00), though the office opens at 08:30', () => {
    const h = office();
    h.at('2025-03-03T08:59');
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk).code).toBe('OUTSIDE_RECEPTION_HOURS');
    h.at('2025-03-03T09:00');
    expect(h.run({ type: 'issueTicket', serviceId: 'cash' }, kiosk).ok).toBe(true);
    h.at('2025-03-03T17:59:59');
    expect(h.run({ type: 'issueTicket', serviceId: 'cash' }, kiosk).ok).toBe(true);
    h.at('2025-03-03T18:00');
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk).code).toBe('OUTSIDE_RECEPTION_HOURS');
    h.at('2025-03-09T12:00'); // Sunday
    const e = h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    expect(e.code).toBe('OUTSIDE_RECEPTION_HOURS');
    expect(e.message.ru).not.toMatch(/обязаны|Явиться|Предъявить/i);
  });

  it('refuses on a holiday even within the usual hours', () => {
    const h = office();
    h.at('2025-03-08T12:00'); // Saturday, a holiday in the fixture
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk).code).toBe('OUTSIDE_RECEPTION_HOURS');
  });

  it('lets a hall administrator issue outside reception hours and on holidays', () => {
    const h = office();
    h.at('2025-03-03T18:30');
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, admin).result?.number).toBe('О-001');
    h.at('2025-03-08T12:00');
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, admin).result?.number).toBe('О-001');
    expect(h.eventsOf('TicketIssued').map((e) => e.source)).toEqual([undefined, undefined]);
  });

  it('an operator is not a hall administrator for the reception-hours rule', () => {
    const h = office();
    h.at('2025-03-03T18:30');
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, actors.operator('anna')).code).toBe(
      'OUTSIDE_RECEPTION_HOURS',
    );
  });

  it('refuses in live-queue mode, for the administrator too, until it is switched off', () => {
    const h = office();
    // switching to a live queue says why (seed 004: the period is an outage on record)
    expect(h.refused({ type: 'setLiveQueueMode', on: true }, admin).code).toBe('VALIDATION_FAILED');
    expect(h.state.liveQueue).toBe(false);
    h.ok({ type: 'setLiveQueueMode', on: true, reason: 'сервер недоступен' }, admin);
    expect(h.state.liveQueue).toBe(true);
    expect(h.lastEvent()).toMatchObject({ type: 'LiveQueueModeChanged', on: true, reason: 'сервер недоступен' });
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk).code).toBe('LIVE_QUEUE_MODE');
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, admin).code).toBe('LIVE_QUEUE_MODE');
    expect(h.ok({ type: 'setLiveQueueMode', on: true }, admin).events).toEqual([]);
    h.ok({ type: 'setLiveQueueMode', on: false }, admin);
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.number).toBe('О-001');
  });

  it('stops at the daily cap, per service, and starts again the next local day', () => {
    const h = office();
    for (let i = 1; i <= 3; i++) h.ok({ type: 'issueTicket', topicId: 'contract', segmentId: 'business' }, kiosk);
    expect(h.refused({ type: 'issueTicket', serviceId: 'documents' }, kiosk)).toMatchObject({
      code: 'DAILY_CAP_REACHED',
      details: { serviceId: 'documents' },
    });
    expect(h.refused({ type: 'issueTicket', serviceId: 'documents' }, admin).code).toBe('DAILY_CAP_REACHED');
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.number).toBe('О-001');
    h.at('2025-03-04T09:00');
    expect(h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk).result?.number).toBe('Д-001');
  });

  it('the cap counts issued tickets, not those still waiting', () => {
    const h = office();
    for (let i = 1; i <= 3; i++) h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk);
    h.ok({ type: 'cancelTicket', ticketId: h.ticket('Д-001').id }, admin);
    expect(h.refused({ type: 'issueTicket', serviceId: 'documents' }, kiosk).code).toBe('DAILY_CAP_REACHED');
  });

  it('runs out after 999 numbers of a prefix; other prefixes and the next day are unaffected', () => {
    const h = office();
    for (let i = 1; i <= 999; i++) h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
    expect(h.ticket('О-999').id).toBe('2025-03-03/О-999');
    expect(h.refused({ type: 'issueTicket', serviceId: 'cash' }, kiosk)).toMatchObject({
      code: 'NUMBER_RANGE_EXHAUSTED',
      details: { prefix: 'О' },
    });
    expect(h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.number).toBe('К-001');
    h.at('2025-03-04T09:00');
    expect(h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.number).toBe('О-001');
  });
});

describe('cancelTicket', () => {
  it('cancels a waiting ticket with a visit summary and frees its place', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation', segmentId: 'individual' }, kiosk);
    const id = h.ticket('К-001').id;
    h.advanceMin(3);
    const d = h.ok({ type: 'cancelTicket', ticketId: id, reason: 'ушёл' }, admin);
    expect(d.events[0]).toMatchObject({
      type: 'TicketCancelled',
      ticketId: id,
      reason: 'ушёл',
      visit: { outcome: 'cancelled', totalSec: 180, segmentId: 'individual', transfers: 0 },
    });
    expect(h.state.tickets[id]).toBeUndefined();
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, actors.operator('boris'));
    expect(h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result).toMatchObject({
      number: 'К-002',
      peopleAhead: 0,
    });
  });

  it('refuses unknown tickets and tickets that are not waiting', () => {
    const h = office();
    expect(h.refused({ type: 'cancelTicket', ticketId: 'nope' }, admin).code).toBe('UNKNOWN_TICKET');
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, actors.operator('boris'));
    h.ok({ type: 'callNext' }, actors.operator('boris'));
    expect(h.refused({ type: 'cancelTicket', ticketId: h.ticket('К-001').id }, admin).code).toBe('TICKET_NOT_WAITING');
  });
});
