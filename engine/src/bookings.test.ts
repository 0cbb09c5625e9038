import { describe, expect, it } from 'vitest';
import { bookingDays, calendarOf, daySlots, slotsOfDay } from './booking.js';
import { actors, Harness, testOffice } from './testing.js';
import { localTimeToEpoch } from './time.js';

const { kiosk, admin, system } = actors;
const TZ = 'Europe/Moscow';
const at = (day: string, hhmm: string) => localTimeToEpoch(day, hhmm, TZ);
const booking = { enabled: true, slotMin: 30, windowDays: 7, perPhonePerDay: 1, capacity: { consultation: 2 } };

/** Monday 2025-03-03 10:00 Moscow; reception Mon–Sat 09:00–18:00 (the test office). */
function office(extra: Record<string, unknown> = {}) {
  return new Harness({ config: testOffice({ booking, holidays: ['2025-03-05'], ...extra }) });
}

const book = (h: Harness, code: string, slotAt: number, more: Record<string, unknown> = {}) =>
  h.run({ type: 'createAppointment', code, serviceId: 'consultation', slotAt, source: 'public', ...more }, system);

describe('slots', () => {
  it('are cut from reception hours, none begun, none on a holiday or a closed day, within the window', () => {
    const h = office();
    const config = h.state.config;
    if (!config) throw new Error('no config');
    const cal = calendarOf(config);
    const today = slotsOfDay(cal, 'consultation', '2025-03-03', h.now);
    expect(today[0]).toBe(at('2025-03-03', '10:30'));
    expect(today.at(-1)).toBe(at('2025-03-03', '17:30'));
    expect(today).toHaveLength(15);
    expect(slotsOfDay(cal, 'consultation', '2025-03-05', h.now)).toEqual([]);
    expect(slotsOfDay(cal, 'consultation', '2025-03-09', h.now)).toEqual([]); // Sunday
    expect(slotsOfDay(cal, 'cash', '2025-03-04', h.now)).toEqual([]); // no capacity: not booked
    expect(bookingDays(cal, h.now)).toEqual([
      '2025-03-03',
      '2025-03-04',
      '2025-03-05',
      '2025-03-06',
      '2025-03-07',
      '2025-03-08',
      '2025-03-09',
      '2025-03-10',
    ]);
  });

  it('count what is taken, and the day after the window offers nothing', () => {
    const h = office();
    book(h, 'AAA111', at('2025-03-04', '09:00'));
    const slots = daySlots(h.state, 'consultation', '2025-03-04', h.now);
    expect(slots[0]).toEqual({ at: at('2025-03-04', '09:00'), capacity: 2, taken: 1 });
    expect(daySlots(h.state, 'consultation', '2025-03-11', h.now)).toEqual([]);
  });
});

describe('booking on the public page', () => {
  it('holds a slot to its capacity, then refuses it as full', () => {
    const h = office();
    const slot = at('2025-03-04', '09:00');
    expect(book(h, 'AAA111', slot, { phone: '+7 900 111-11-11' }).ok).toBe(true);
    expect(book(h, 'AAA222', slot, { phone: '+7 900 222-22-22' }).ok).toBe(true);
    expect(
      h.refused(
        { type: 'createAppointment', code: 'AAA333', serviceId: 'consultation', slotAt: slot, source: 'public' },
        system,
      ).code,
    ).toBe('SLOT_FULL');
    // head office decided its own booking: the office takes it as it comes
    expect(book(h, 'AAA444', slot, { source: 'hq' }).ok).toBe(true);
  });

  it('refuses a time that is not a slot, a past slot, a disabled office, and a second booking of one phone that day', () => {
    const h = office();
    const odd = book(h, 'BBB111', at('2025-03-04', '09:10'));
    expect(odd.ok ? null : odd.error.code).toBe('SLOT_NOT_OFFERED');
    const past = book(h, 'BBB222', at('2025-03-03', '09:30'));
    expect(past.ok ? null : past.error.code).toBe('SLOT_NOT_OFFERED');
    expect(book(h, 'BBB333', at('2025-03-04', '09:00'), { phone: '89001234567' }).ok).toBe(true);
    const again = book(h, 'BBB444', at('2025-03-04', '15:00'), { phone: '+7 (900) 123-45-67' });
    expect(again.ok ? null : again.error.code).toBe('BOOKING_PHONE_LIMIT');
    expect(book(h, 'BBB555', at('2025-03-06', '15:00'), { phone: '+7 (900) 123-45-67' }).ok).toBe(true);
    const off = office({ booking: { ...booking, enabled: false } });
    const r = book(off, 'CCC111', at('2025-03-04', '09:00'));
    expect(r.ok ? null : r.error.code).toBe('BOOKING_DISABLED');
    // the administrator still books for a caller when the public page is off
    expect(book(off, 'CCC222', at('2025-03-04', '09:00'), { source: 'office' }).ok).toBe(true);
  });
});

describe('cancel and move', () => {
  it('a cancelled booking frees its slot and cannot be checked in; cancelling twice changes nothing', () => {
    const h = office({ booking: { ...booking, capacity: { consultation: 1 } } });
    const slot = at('2025-03-04', '09:00');
    book(h, 'DDD111', slot);
    expect(book(h, 'DDD222', slot).ok).toBe(false);
    h.ok({ type: 'cancelAppointment', appointmentId: `DDD111@${slot}` }, system);
    expect(h.state.appointments[`DDD111@${slot}`]?.status).toBe('cancelled');
    expect(h.run({ type: 'cancelAppointment', appointmentId: `DDD111@${slot}` }, system)).toMatchObject({
      ok: true,
      events: [],
    });
    expect(book(h, 'DDD222', slot).ok).toBe(true);
    h.at('2025-03-04T08:55');
    expect(h.refused({ type: 'checkIn', code: 'DDD111' }, kiosk).code).toBe('APPOINTMENT_NOT_FOUND');
  });

  it('moves a booking with its code, name and phone; the old slot is free, a full one refused', () => {
    const h = office({ booking: { ...booking, capacity: { consultation: 1 } } });
    const a = at('2025-03-04', '09:00');
    const b = at('2025-03-04', '10:00');
    book(h, 'EEE111', a, { phone: '+79001112233', visitorName: 'Петров П.' });
    book(h, 'EEE222', b);
    const full = h.run({ type: 'moveAppointment', appointmentId: `EEE111@${a}`, slotAt: b }, system);
    expect(full.ok ? null : full.error.code).toBe('SLOT_FULL');
    const c = at('2025-03-04', '11:00');
    h.ok({ type: 'moveAppointment', appointmentId: `EEE111@${a}`, slotAt: c }, system);
    expect(h.state.appointments[`EEE111@${a}`]?.status).toBe('cancelled');
    expect(h.state.appointments[`EEE111@${c}`]).toMatchObject({
      code: 'EEE111',
      status: 'booked',
      phone: '+79001112233',
      visitorName: 'Петров П.',
    });
    expect(book(h, 'EEE333', a).ok).toBe(true);
  });

  it("checks in by phone number: today's booking of that number", () => {
    const h = office();
    book(h, 'FFF111', at('2025-03-04', '09:30'), { phone: '+7 900 555-44-33' });
    h.at('2025-03-04T09:20');
    expect(h.refused({ type: 'checkIn', phone: '+7 900 000-00-00' }, kiosk).code).toBe('APPOINTMENT_NOT_FOUND');
    const r = h.ok({ type: 'checkIn', phone: '8 (900) 555 44 33' }, kiosk);
    expect(r.events.map((e) => e.type)).toEqual(['AppointmentCheckedIn', 'TicketIssued']);
    expect(h.refused({ type: 'checkIn', phone: '89005554433' }, kiosk).code).toBe('APPOINTMENT_ALREADY_USED');
  });
});

describe('a ticket from the phone', () => {
  it('is marked virtual, needs the phone number, and is refused where the office does not issue them', () => {
    const h = office();
    const r = h.ok(
      { type: 'issueTicket', serviceId: 'consultation', channel: 'phone', visitorData: { phone: '+79001234567' } },
      system,
    );
    expect(h.state.tickets[r.result?.ticketId ?? '']?.channel).toBe('phone');
    expect(h.refused({ type: 'issueTicket', serviceId: 'consultation', channel: 'phone' }, system).code).toBe(
      'VALIDATION_FAILED',
    );
    const off = office({ booking: { ...booking, phoneTickets: { enabled: false } } });
    expect(
      off.refused(
        { type: 'issueTicket', serviceId: 'consultation', channel: 'phone', visitorData: { phone: '+79001234567' } },
        system,
      ).code,
    ).toBe('PHONE_TICKETS_DISABLED');
    expect(admin).toBeDefined();
  });
});
