import type { DomainEvent } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { SYSTEM, T0, tempStores } from '../store/test-support.js';
import { bookingOutcomes, StaffingPlans } from './plans.js';

const open = tempStores();

describe('how bookings ended, from the log', () => {
  it('counts check-ins and late arrivals as come, forfeits without a check-in as no-shows, within the period', () => {
    const s = open();
    const at = (min: number) => T0 + min * 60_000;
    const ev = (min: number, e: Record<string, unknown>) => ({ ...e, at: at(min), actor: SYSTEM }) as DomainEvent;
    s.append([
      ev(1, { type: 'AppointmentCheckedIn', appointmentId: 'a1', ticketId: 't1' }),
      ev(2, { type: 'AppointmentCheckedIn', appointmentId: 'a2', ticketId: 't2' }),
      ev(3, { type: 'AppointmentForfeited', appointmentId: 'a3', reason: 'late' }),
      ev(4, { type: 'AppointmentForfeited', appointmentId: 'a4', reason: 'not-checked-in' }),
      ev(5, { type: 'AppointmentCancelled', appointmentId: 'a5' }),
      ev(500, { type: 'AppointmentForfeited', appointmentId: 'a6', reason: 'not-checked-in' }),
    ]);
    expect(bookingOutcomes(s.db, at(0), at(100))).toEqual({ came: 3, noShow: 1 });
    expect(bookingOutcomes(s.db, at(0), at(1000))).toEqual({ came: 3, noShow: 2 });
    expect(bookingOutcomes(s.db, at(1000), at(2000))).toEqual({ came: 0, noShow: 0 });
  });
});

describe("the office's plan for a day", () => {
  it('keeps one plan per day in hour order, replaces it, and removes it with an empty list', () => {
    const s = open();
    const plans = new StaffingPlans(s.db, s);
    expect(plans.get('2026-12-07').hours).toBeNull();
    const saved = plans.put(
      '2026-12-07',
      [
        { hour: 11, windows: 3 },
        { hour: 10, windows: 2 },
      ],
      SYSTEM,
      T0,
    );
    expect(saved).toMatchObject({
      hours: [
        { hour: 10, windows: 2 },
        { hour: 11, windows: 3 },
      ],
      updatedAt: T0,
    });
    plans.put('2026-12-07', [{ hour: 10, windows: 4 }], SYSTEM, T0 + 1);
    expect(plans.get('2026-12-07')).toMatchObject({ hours: [{ hour: 10, windows: 4 }], updatedAt: T0 + 1 });
    expect(plans.get('2026-12-08').hours).toBeNull();
    expect(plans.put('2026-12-07', [], SYSTEM, T0 + 2).hours).toBeNull();
  });
});
