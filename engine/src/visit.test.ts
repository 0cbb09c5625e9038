import type { VisitSummary } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';
import { localTimeToEpoch } from './time.js';

const { kiosk, admin, system } = actors;
const boris = actors.operator('boris');
const vera = actors.operator('vera');
const T = (hhmmss: string) => localTimeToEpoch('2025-03-03', hhmmss, 'Europe/Moscow');

function staffed() {
  const h = new Harness({ config: testOffice(), now: '2025-03-03T09:30' });
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
  return h;
}
/** The visit on the event that closed the ticket. */
function visitOf(h: Harness, ticketId: string): VisitSummary {
  for (const e of h.log) {
    if (
      (e.type === 'ServiceFinished' || e.type === 'TicketNoShow' || e.type === 'TicketCancelled') &&
      e.ticketId === ticketId &&
      e.visit
    )
      return e.visit;
  }
  throw new Error(`visit ${ticketId} is not closed`);
}

describe('visit figures (VisitSummary on the closing event)', () => {
  it('a simple visit with a recall', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id =
      h.ok({ type: 'issueTicket', topicId: 'readings', segmentId: 'individual' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T10:05');
    h.ok({ type: 'callNext' }, boris);
    h.at('2025-03-03T10:05:20');
    h.ok({ type: 'recall' }, boris);
    h.at('2025-03-03T10:05:50');
    h.ok({ type: 'startService' }, boris);
    h.at('2025-03-03T10:12:50');
    h.ok({ type: 'finishService', outcomes: ['consulted'] }, boris);
    expect(visitOf(h, id)).toEqual({
      ticketId: id,
      number: 'К-001',
      dayKey: '2025-03-03',
      serviceId: 'consultation',
      originServiceId: 'consultation',
      topicId: 'readings',
      segmentId: 'individual',
      walkIn: false,
      outcome: 'served',
      issuedAt: T('10:00'),
      firstCalledAt: T('10:05'),
      lastCalledAt: T('10:05:20'),
      startedAt: T('10:05:50'),
      closedAt: T('10:12:50'),
      firstWaitSec: 300,
      waitSec: 300,
      walkSec: 30,
      serviceSec: 420,
      totalSec: 770,
      operatorId: 'boris',
      windowId: 'w2',
      transfers: 0,
      postponements: 0,
      recalls: 1,
      outcomes: ['consulted'],
      digitalOnboarding: false,
      extraSale: false,
    });
  });

  it('a transfer: waits, walks and service are summed over both segments', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T10:04');
    h.ok({ type: 'callNext' }, boris);
    h.at('2025-03-03T10:04:30');
    h.ok({ type: 'startService' }, boris);
    h.at('2025-03-03T10:10:30');
    h.ok({ type: 'transfer', toServiceId: 'cash', comment: 'оплата' }, boris);
    h.at('2025-03-03T10:13:30');
    h.ok({ type: 'callNext' }, vera);
    h.at('2025-03-03T10:13:50');
    h.ok({ type: 'startService' }, vera);
    h.at('2025-03-03T10:17:50');
    h.ok({ type: 'finishService', outcomes: ['paid'], extraSale: true }, vera);
    expect(visitOf(h, id)).toMatchObject({
      serviceId: 'cash',
      originServiceId: 'consultation',
      firstCalledAt: T('10:04'),
      lastCalledAt: T('10:13:30'),
      startedAt: T('10:13:50'),
      firstWaitSec: 240,
      waitSec: 240 + 180,
      walkSec: 30 + 20,
      serviceSec: 360 + 240,
      totalSec: 17 * 60 + 50,
      operatorId: 'vera',
      transfers: 1,
      extraSale: true,
    });
  });

  it('a transfer with return to origin and a postponement', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T10:02');
    h.ok({ type: 'callNext' }, boris); // wait 120
    h.at('2025-03-03T10:02:10');
    h.ok({ type: 'startService' }, boris); // walk 10
    h.at('2025-03-03T10:07:10');
    h.ok({ type: 'transfer', toServiceId: 'cash', returnToOrigin: true }, boris); // served 300
    h.at('2025-03-03T10:09:10');
    h.ok({ type: 'callNext' }, vera); // wait 120
    h.at('2025-03-03T10:09:40');
    h.ok({ type: 'startService' }, vera); // walk 30
    h.at('2025-03-03T10:12:40');
    const back = h.ok({ type: 'finishService', outcomes: ['paid'] }, vera); // served 180
    expect(back.events[0]).not.toHaveProperty('visit');
    expect(h.state.tickets[id]).toMatchObject({ waitedSec: 240, walkedSec: 40, servedSec: 480 });
    h.at('2025-03-03T10:15:40');
    h.ok({ type: 'callNext' }, boris); // wait 180
    h.at('2025-03-03T10:16');
    h.ok({ type: 'startService' }, boris); // walk 20
    h.at('2025-03-03T10:18');
    h.ok({ type: 'postpone', reason: 'заполняет заявление', returnInMin: 5 }, boris); // served 120
    h.at('2025-03-03T10:25');
    h.ok({ type: 'callNext' }, boris); // wait 120 (from 10:23, the return time)
    h.at('2025-03-03T10:25:15');
    h.ok({ type: 'startService' }, boris); // walk 15
    h.at('2025-03-03T10:30:15');
    h.ok({ type: 'finishService', outcomes: ['consulted'], digitalOnboarding: true }, boris); // served 300
    expect(visitOf(h, id)).toMatchObject({
      outcome: 'served',
      serviceId: 'consultation',
      operatorId: 'boris',
      firstWaitSec: 120,
      waitSec: 120 + 120 + 180 + 120,
      walkSec: 10 + 30 + 20 + 15,
      serviceSec: 300 + 180 + 120 + 300,
      totalSec: 30 * 60 + 15,
      transfers: 1,
      postponements: 1,
      recalls: 0,
      outcomes: ['consulted'],
      digitalOnboarding: true,
    });
  });

  it('a booking checked in early: the wait runs from the slot', () => {
    const h = staffed();
    h.ok({ type: 'createAppointment', code: 'AB12', serviceId: 'consultation', slotAt: T('11:00') }, admin);
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk); // a regular ticket keeps boris busy
    h.ok({ type: 'callNext' }, boris);
    h.at('2025-03-03T10:50');
    const id = h.ok({ type: 'checkIn', code: 'AB12' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T11:02');
    h.ok({ type: 'markNoShow' }, boris);
    h.at('2025-03-03T11:03');
    h.ok({ type: 'callNext' }, boris);
    h.at('2025-03-03T11:03:30');
    h.ok({ type: 'startService' }, boris);
    h.at('2025-03-03T11:10:30');
    h.ok({ type: 'finishService' }, boris);
    expect(visitOf(h, id)).toMatchObject({
      appointmentId: `AB12@${T('11:00')}`,
      issuedAt: T('10:50'),
      firstWaitSec: 180,
      waitSec: 180,
      walkSec: 30,
      serviceSec: 420,
      totalSec: 20 * 60 + 30,
    });
  });

  it('a booking checked in late (within 5 minutes): the wait runs from the check-in', () => {
    const h = staffed();
    h.ok({ type: 'createAppointment', code: 'AB12', serviceId: 'consultation', slotAt: T('11:00') }, admin);
    h.at('2025-03-03T11:04');
    const id = h.ok({ type: 'checkIn', code: 'AB12' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T11:06');
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'markNoShow' }, boris);
    expect(visitOf(h, id)).toMatchObject({ outcome: 'no-show', firstWaitSec: 120, waitSec: 120, totalSec: 120 });
  });

  it('an automatic no-show: wait, recalls and total, no walk and no service', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id =
      h.ok({ type: 'issueTicket', serviceId: 'consultation', priorityCategoryId: 'disabled' }, kiosk).result
        ?.ticketId ?? '';
    h.at('2025-03-03T10:03');
    h.ok({ type: 'callNext' }, boris);
    h.at('2025-03-03T10:03:15');
    h.ok({ type: 'recall' }, boris);
    h.at('2025-03-03T10:03:30');
    h.ok({ type: 'recall' }, boris);
    h.at('2025-03-03T10:05:30');
    h.ok({ type: 'tick' }, system);
    const v = visitOf(h, id);
    expect(v).toMatchObject({
      outcome: 'no-show',
      priorityCategoryId: 'disabled',
      firstWaitSec: 180,
      waitSec: 180,
      totalSec: 330,
      recalls: 2,
      lastCalledAt: T('10:03:30'),
      closedAt: T('10:05:30'),
      operatorId: 'boris',
    });
    expect(v.walkSec).toBeUndefined();
    expect(v.serviceSec).toBeUndefined();
  });

  it('a no-show after service started elsewhere keeps the earlier walk but reports no service', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T10:01');
    h.ok({ type: 'callNext' }, boris);
    h.at('2025-03-03T10:01:40');
    h.ok({ type: 'startService' }, boris);
    h.at('2025-03-03T10:05');
    h.ok({ type: 'transfer', toServiceId: 'cash' }, boris);
    h.at('2025-03-03T10:06');
    h.ok({ type: 'callNext' }, vera);
    h.at('2025-03-03T10:07');
    h.ok({ type: 'markNoShow' }, vera);
    const v = visitOf(h, id);
    expect(v).toMatchObject({ outcome: 'no-show', firstWaitSec: 60, waitSec: 120, totalSec: 420, transfers: 1 });
    expect(v.serviceSec).toBeUndefined();
  });

  it('a cancelled ticket: total time only', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id = h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.ticketId ?? '';
    h.at('2025-03-03T10:07');
    h.ok({ type: 'cancelTicket', ticketId: id }, admin);
    const v = visitOf(h, id);
    expect(v).toMatchObject({ outcome: 'cancelled', totalSec: 420, issuedAt: T('10:00'), closedAt: T('10:07') });
    expect(v.firstWaitSec).toBeUndefined();
    expect(v.firstCalledAt).toBeUndefined();
  });

  it('sub-second times round to whole seconds', () => {
    const h = staffed();
    h.at('2025-03-03T10:00');
    const id = h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk).result?.ticketId ?? '';
    h.advance(59_600);
    h.ok({ type: 'callNext' }, vera);
    h.advance(10_400);
    h.ok({ type: 'startService' }, vera);
    h.advance(30_499);
    h.ok({ type: 'finishService' }, vera);
    expect(visitOf(h, id)).toMatchObject({ firstWaitSec: 60, waitSec: 60, walkSec: 10, serviceSec: 30, totalSec: 100 });
  });
});
