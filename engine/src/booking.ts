import {
  type Appointment,
  type BookingCalendar,
  type BookingSlot,
  bookingSettingsOf,
  type EngineState,
  type OfficeConfig,
  phoneKey,
} from '@talon/protocol';
import { DateTime } from 'luxon';
import { dayKeyOf, localClock, localTimeToEpoch } from './time.js';

/** What the office's slots are made of; head office receives it with the office's status. */
export function calendarOf(config: OfficeConfig): BookingCalendar {
  const booking = bookingSettingsOf(config);
  return {
    timeZone: config.timeZone,
    receptionHours: config.receptionHours,
    holidays: config.holidays,
    booking,
    services: config.services
      .map((s) => ({ id: s.id, name: s.name, capacity: booking.capacity[s.id] ?? 0 }))
      .filter((s) => s.capacity > 0),
  };
}

/** The local days a visitor may book on: today and the next `windowDays`. */
export function bookingDays(calendar: BookingCalendar, now: number): string[] {
  const today = DateTime.fromISO(dayKeyOf(now, calendar.timeZone), { zone: calendar.timeZone });
  const days: string[] = [];
  for (let i = 0; i <= calendar.booking.windowDays; i++) days.push(today.plus({ days: i }).toISODate() ?? '');
  return days;
}

/**
 * Slot starts of one local day for a service: every `slotMin` from the start of each reception range, a
 * slot ending by the range's end; none on a holiday, none already begun. Empty for a service not booked.
 */
export function slotsOfDay(calendar: BookingCalendar, serviceId: string, dayKey: string, now: number): number[] {
  const capacity = calendar.services.find((s) => s.id === serviceId)?.capacity ?? 0;
  if (capacity <= 0 || calendar.holidays.includes(dayKey)) return [];
  const noon = localTimeToEpoch(dayKey, '12:00', calendar.timeZone);
  if (!Number.isFinite(noon)) return [];
  const weekday = localClock(noon, calendar.timeZone).weekday;
  const step = calendar.booking.slotMin * 60_000;
  const out: number[] = [];
  for (const [from, to] of calendar.receptionHours[weekday] ?? []) {
    const start = localTimeToEpoch(dayKey, from, calendar.timeZone);
    const end = to === '24:00' ? noon + 12 * 3600_000 : localTimeToEpoch(dayKey, to, calendar.timeZone);
    for (let t = start; t + step <= end; t += step) if (t > now) out.push(t);
  }
  return out.sort((a, b) => a - b);
}

/** Whether a visitor may book this instant for this service now (the day within the window, a real slot start). */
export function slotOffered(calendar: BookingCalendar, serviceId: string, slotAt: number, now: number): boolean {
  const day = dayKeyOf(slotAt, calendar.timeZone);
  if (!bookingDays(calendar, now).includes(day)) return false;
  return slotsOfDay(calendar, serviceId, day, now).includes(slotAt);
}

const holdsSlot = (a: Appointment) => a.status === 'booked' || a.status === 'checked-in';

/** Bookings holding a slot of a service: the booked ones and those already checked in. */
export function slotTaken(state: EngineState, serviceId: string, slotAt: number, exceptId?: string): number {
  let n = 0;
  for (const a of Object.values(state.appointments))
    if (a.serviceId === serviceId && a.slotAt === slotAt && holdsSlot(a) && a.id !== exceptId) n++;
  return n;
}

/** A day's slots of a service with what is taken, for the booking pages and the administrator. */
export function daySlots(state: EngineState, serviceId: string, dayKey: string, now: number): BookingSlot[] {
  if (!state.config) return [];
  const calendar = calendarOf(state.config);
  const capacity = calendar.services.find((s) => s.id === serviceId)?.capacity ?? 0;
  if (!bookingDays(calendar, now).includes(dayKey)) return [];
  return slotsOfDay(calendar, serviceId, dayKey, now).map((at) => ({
    at,
    capacity,
    taken: slotTaken(state, serviceId, at),
  }));
}

/** Live bookings of one phone number on the local day of `slotAt` (the per-phone limit). */
export function phoneBookingsOfDay(state: EngineState, phone: string, slotAt: number, timeZone: string): Appointment[] {
  const key = phoneKey(phone);
  if (!key) return [];
  const day = dayKeyOf(slotAt, timeZone);
  return Object.values(state.appointments).filter(
    (a) => holdsSlot(a) && a.phone !== undefined && phoneKey(a.phone) === key && dayKeyOf(a.slotAt, timeZone) === day,
  );
}
