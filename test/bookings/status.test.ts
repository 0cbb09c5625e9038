import type { Appointment, EngineState, RecentVisit, Ticket } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { bookingStatus } from '../../admin/src/bookings/status.js';

const SLOT = Date.parse('2026-11-26T08:00:00Z');
const MIN = 60_000;
const LIMIT = 5; // seed 003 §8.6.5

const booking = (over: Partial<Appointment> = {}): Appointment => ({
  id: `AB12CD@${SLOT}`,
  code: 'AB12CD',
  serviceId: 'consult',
  slotAt: SLOT,
  status: 'booked',
  ...over,
});
const ticket = { id: 't1', number: 'К-007' } as Ticket;
const visit = { ticketId: 't1', number: 'К-007' } as RecentVisit;
const none: Pick<EngineState, 'tickets' | 'recentVisits'> = { tickets: {}, recentVisits: {} };

describe('bookingStatus: the administrator words from the booking and its ticket', () => {
  it('booked: expected before its time and within the lateness limit, late from the limit on', () => {
    expect(bookingStatus(booking(), none, SLOT - 30 * MIN, LIMIT)).toEqual({ kind: 'expected' });
    expect(bookingStatus(booking(), none, SLOT, LIMIT)).toEqual({ kind: 'expected' });
    expect(bookingStatus(booking(), none, SLOT + 3 * MIN, LIMIT)).toEqual({ kind: 'expected', lateMin: 3 });
    // «на 5 минут и более»: exactly five minutes is late
    expect(bookingStatus(booking(), none, SLOT + 5 * MIN, LIMIT)).toEqual({
      kind: 'late',
      lateMin: 5,
      checkedIn: false,
    });
  });

  it('forfeited: late when the visitor came too late, no-show when never checked in', () => {
    const lateCame = booking({ status: 'forfeited', forfeitReason: 'late' });
    expect(bookingStatus(lateCame, none, SLOT + 12 * MIN, LIMIT)).toEqual({
      kind: 'late',
      lateMin: 12,
      checkedIn: true,
    });
    const never = booking({ status: 'forfeited', forfeitReason: 'not-checked-in' });
    expect(bookingStatus(never, none, SLOT + 60 * MIN, LIMIT)).toEqual({ kind: 'no-show' });
    // a forfeit folded before the reason was kept reads as the common case
    expect(bookingStatus(booking({ status: 'forfeited' }), none, SLOT + 60 * MIN, LIMIT)).toEqual({ kind: 'no-show' });
  });

  it('checked in: followed through its ticket — in the hall, served, or gone without a served visit', () => {
    const checked = booking({ status: 'checked-in', ticketId: 't1' });
    expect(bookingStatus(checked, { tickets: { t1: ticket }, recentVisits: {} }, SLOT, LIMIT)).toEqual({
      kind: 'checked-in',
      number: 'К-007',
    });
    expect(bookingStatus(checked, { tickets: {}, recentVisits: { t1: visit } }, SLOT + 40 * MIN, LIMIT)).toEqual({
      kind: 'served',
      number: 'К-007',
    });
    expect(bookingStatus(checked, none, SLOT + 40 * MIN, LIMIT)).toEqual({ kind: 'no-show' });
    // a checked-in booking is never "late", however long the visit takes
    expect(bookingStatus(checked, { tickets: { t1: ticket } }, SLOT + 90 * MIN, LIMIT).kind).toBe('checked-in');
  });

  it('cancelled stays cancelled', () => {
    expect(
      bookingStatus(booking({ status: 'cancelled', cancelledAt: SLOT - MIN }), none, SLOT + 90 * MIN, LIMIT),
    ).toEqual({
      kind: 'cancelled',
    });
  });
});
