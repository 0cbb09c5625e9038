import type { DomainEvent, VisitSummary } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from './store.js';
import {
  called,
  finished,
  issued,
  KIOSK,
  OPERATOR,
  recalled,
  started,
  T0,
  tempDir,
  ticket,
  visitOf,
} from './test-support.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file('office.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const MIN = 60_000;

describe('tickets projection', () => {
  it('follows issue → call → start → finish and records the visit exactly', () => {
    const t = ticket({ topicId: 'topic-pay', segmentId: 'seg-person', priorityCategoryId: 'prio-veteran' });
    const visit: VisitSummary = visitOf(t, {
      appointmentId: 'apt-7',
      firstCalledAt: T0 + 5 * MIN,
      lastCalledAt: T0 + 6 * MIN,
      startedAt: T0 + 7 * MIN,
      closedAt: T0 + 19 * MIN,
      firstWaitSec: 240,
      waitSec: 300,
      walkSec: 120,
      serviceSec: 720.5,
      totalSec: 1140,
      operatorId: 'op-1',
      windowId: 'w-3',
      transfers: 1,
      postponements: 2,
      recalls: 1,
      outcomes: ['paid', 'advice'],
      digitalOnboarding: true,
      extraSale: false,
    });

    store.append([issued(t)]);
    expect(store.ticketRow(t.id)).toEqual({
      id: t.id,
      number: 'К-001',
      dayKey: '2025-03-03',
      serviceId: 'svc-pay',
      status: 'waiting',
      issuedAt: T0,
      updatedSeq: 1,
      data: t,
    });
    store.append([called(t.id, T0 + 5 * MIN)]);
    expect(store.ticketRow(t.id)).toMatchObject({ status: 'called', updatedSeq: 2 });
    store.append([recalled(t.id, T0 + 6 * MIN)]);
    expect(store.ticketRow(t.id)).toMatchObject({ status: 'called', updatedSeq: 3 });
    store.append([started(t.id, T0 + 7 * MIN)]);
    expect(store.ticketRow(t.id)).toMatchObject({ status: 'serving', updatedSeq: 4 });
    store.append([finished(t.id, T0 + 19 * MIN, { visit })]);
    expect(store.ticketRow(t.id)).toMatchObject({ status: 'closed', updatedSeq: 5 });

    expect(store.visits({})).toEqual([visit]);

    const db = new Database(tmp.file('office.db'), { readonly: true });
    const row = db.prepare('SELECT * FROM visits').get() as Record<string, unknown>;
    db.close();
    expect(row).toMatchObject({
      ticket_id: 't-1',
      day_key: '2025-03-03',
      origin_service_id: 'svc-pay',
      topic_id: 'topic-pay',
      segment_id: 'seg-person',
      priority_category_id: 'prio-veteran',
      appointment_id: 'apt-7',
      walk_in: 0,
      outcome: 'served',
      first_called_at: T0 + 5 * MIN,
      first_wait_sec: 240,
      wait_sec: 300,
      service_sec: 720.5,
      operator_id: 'op-1',
      outcomes: '["paid","advice"]',
      digital_onboarding: 1,
      extra_sale: 0,
      seq: 5,
    });
  });

  it('leaves optional visit fields absent rather than null', () => {
    const t = ticket({ id: 't-min' });
    const visit = visitOf(t, { outcome: 'cancelled' });
    store.append([issued(t), { type: 'TicketCancelled', at: T0 + MIN, actor: KIOSK, ticketId: t.id, visit }]);
    const [back] = store.visits({});
    expect(back).toEqual(visit);
    expect(back && 'operatorId' in back).toBe(false);
    expect(store.ticketRow(t.id)?.status).toBe('closed');
  });

  it('handles postpone, transfer, return-to-origin, no-show and walk-in', () => {
    const a = ticket({ id: 't-a' });
    const events: DomainEvent[] = [
      issued(a),
      called(a.id, T0 + MIN),
      {
        type: 'TicketPostponed',
        at: T0 + 2 * MIN,
        actor: OPERATOR,
        ticketId: a.id,
        operatorId: 'op-1',
        windowId: 'w-3',
        reason: 'fetching documents',
        returnAt: T0 + 12 * MIN,
      },
    ];
    store.append(events);
    expect(store.ticketRow(a.id)?.status).toBe('postponed');

    store.append([called(a.id, T0 + 13 * MIN), started(a.id, T0 + 14 * MIN)]);
    store.append([
      {
        type: 'TicketTransferred',
        at: T0 + 20 * MIN,
        actor: OPERATOR,
        ticketId: a.id,
        operatorId: 'op-1',
        windowId: 'w-3',
        fromServiceId: 'svc-pay',
        toServiceId: 'svc-connect',
        comment: '',
        returnToOrigin: true,
      },
    ]);
    expect(store.ticketRow(a.id)).toMatchObject({ status: 'waiting', serviceId: 'svc-connect', updatedSeq: 6 });

    store.append([called(a.id, T0 + 21 * MIN), started(a.id, T0 + 22 * MIN)]);
    store.append([finished(a.id, T0 + 30 * MIN, { returnTo: { operatorId: 'op-1', serviceId: 'svc-pay' } })]);
    expect(store.ticketRow(a.id)).toMatchObject({ status: 'waiting', serviceId: 'svc-pay' });
    expect(store.visits({})).toEqual([]);

    const noShow = visitOf(a, { outcome: 'no-show', closedAt: T0 + 40 * MIN, recalls: 2 });
    store.append([
      called(a.id, T0 + 35 * MIN),
      { type: 'TicketNoShow', at: T0 + 40 * MIN, actor: { kind: 'system' }, ticketId: a.id, auto: true, visit: noShow },
    ]);
    expect(store.ticketRow(a.id)?.status).toBe('closed');
    expect(store.visits({})).toEqual([noShow]);

    const w = ticket({ id: 't-walk', number: 'БТ-001', walkIn: true, status: 'serving' });
    store.append([{ type: 'WalkInStarted', at: T0, actor: OPERATOR, ticket: w, operatorId: 'op-1', windowId: 'w-3' }]);
    expect(store.ticketRow(w.id)).toMatchObject({ status: 'serving', number: 'БТ-001' });
  });

  it('rebuilds both projections from the log', () => {
    const t = ticket();
    const visit = visitOf(t, { operatorId: 'op-1' });
    store.append([issued(t), called(t.id, T0 + MIN), started(t.id, T0 + 2 * MIN)]);
    store.append([finished(t.id, T0 + 15 * MIN, { visit }), issued(ticket({ id: 't-2', number: 'К-002' }))]);
    const before = { t1: store.ticketRow('t-1'), t2: store.ticketRow('t-2'), visits: store.visits({}) };

    const db = new Database(tmp.file('office.db'));
    db.exec('DELETE FROM tickets; DELETE FROM visits;');
    db.close();
    expect(store.ticketRow('t-1')).toBeNull();

    store.rebuildProjections();
    expect({ t1: store.ticketRow('t-1'), t2: store.ticketRow('t-2'), visits: store.visits({}) }).toEqual(before);
  });
});

describe('visits query', () => {
  const close = (id: string, dayKey: string, operatorId: string, n: number) => {
    const t = ticket({ id, dayKey, number: `К-${String(n).padStart(3, '0')}` });
    const visit = visitOf(t, { operatorId, windowId: 'w-3', closedAt: T0 + n * MIN });
    store.append([issued(t), finished(id, T0 + n * MIN, { visit })]);
    return visit;
  };

  it('filters by inclusive day range and operator, in commit order', () => {
    const v1 = close('t-1', '2025-02-28', 'op-1', 1);
    const v2 = close('t-2', '2025-03-01', 'op-2', 2);
    const v3 = close('t-3', '2025-03-02', 'op-1', 3);
    const v4 = close('t-4', '2025-03-03', 'op-1', 4);
    const v5 = close('t-5', '2025-03-04', 'op-2', 5);

    expect(store.visits({})).toEqual([v1, v2, v3, v4, v5]);
    expect(store.visits({ fromDay: '2025-03-01', toDay: '2025-03-03' })).toEqual([v2, v3, v4]);
    expect(store.visits({ fromDay: '2025-03-03' })).toEqual([v4, v5]);
    expect(store.visits({ toDay: '2025-03-01' })).toEqual([v1, v2]);
    expect(store.visits({ fromDay: '2025-03-02', toDay: '2025-03-02' })).toEqual([v3]);
    expect(store.visits({ operatorId: 'op-1' })).toEqual([v1, v3, v4]);
    expect(store.visits({ operatorId: 'op-2', fromDay: '2025-03-02' })).toEqual([v5]);
    expect(store.visits({ operatorId: 'op-9' })).toEqual([]);
    expect(store.visits({ fromDay: '2025-03-05', toDay: '2025-03-01' })).toEqual([]);
  });

  it('rejects day keys that would compare wrongly as text', () => {
    expect(() => store.visits({ fromDay: '2025-3-1' })).toThrow(RangeError);
    expect(() => store.visits({ toDay: '01.03.2025' })).toThrow(RangeError);
  });
});
