import type { Appointment, EngineState } from '@talon/protocol';

/**
 * A booking's status in the administrator's words. Seed 003 §8.6.5: «неявки клиента к установленному
 * времени или опоздания на 5 минут и более» loses the slot (`rules.appointmentLateMin`).
 * - expected: booked, not yet past the lateness limit (`lateMin` once the slot has begun);
 * - late: past the limit — checked in too late (offered the general queue) or not here yet;
 * - checked-in: a ticket in the hall (its number);
 * - served: its visit was served;
 * - no-show: never checked in (the office forfeited the slot), or called and did not come to the window;
 * - cancelled.
 */
export type BookingStatus =
  | { kind: 'expected'; lateMin?: number }
  | { kind: 'late'; lateMin: number; checkedIn: boolean }
  | { kind: 'checked-in'; number: string }
  | { kind: 'served'; number: string }
  | { kind: 'no-show'; number?: string }
  | { kind: 'cancelled' };

type Sources = Pick<EngineState, 'tickets' | 'recentVisits'>;

const minutesLate = (a: Appointment, now: number) => Math.max(0, Math.floor((now - a.slotAt) / 60_000));

/**
 * Derived from the booking and the live state alone, so the screen follows every event without asking:
 * a checked-in booking is followed through its ticket (`tickets` while in the hall, `recentVisits` once
 * served). A ticket that left the hall without a served visit was a no-show at the window.
 */
export function bookingStatus(a: Appointment, state: Sources, now: number, lateLimitMin: number): BookingStatus {
  switch (a.status) {
    case 'cancelled':
      return { kind: 'cancelled' };
    case 'forfeited':
      return a.forfeitReason === 'late'
        ? { kind: 'late', lateMin: minutesLate(a, now), checkedIn: true }
        : { kind: 'no-show' };
    case 'checked-in': {
      const ticket = a.ticketId ? state.tickets[a.ticketId] : undefined;
      if (ticket) return { kind: 'checked-in', number: ticket.number };
      const visit = a.ticketId ? state.recentVisits?.[a.ticketId] : undefined;
      if (visit) return { kind: 'served', number: visit.number };
      return { kind: 'no-show' };
    }
    default: {
      const late = minutesLate(a, now);
      // «на 5 минут и более»: exactly the limit is already late (as the engine's `slotLost`)
      if (now > a.slotAt && now - a.slotAt >= lateLimitMin * 60_000)
        return { kind: 'late', lateMin: late, checkedIn: false };
      return now > a.slotAt && late > 0 ? { kind: 'expected', lateMin: late } : { kind: 'expected' };
    }
  }
}
