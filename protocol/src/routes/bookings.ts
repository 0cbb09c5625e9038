import { z } from 'zod';
import { CommandId } from '../api.js';
import { type PublicSlots, VisitorPhone } from '../booking.js';
import type { LocalText } from '../text.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;
const DayKey = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const BookingSlotsQuery = z.object({ serviceId: z.string().min(1).max(64), day: DayKey }).strict();

/**
 * A booking the administrator makes for a caller (a phone call). The code comes from the server, so a
 * screen never makes codes; `commandId` makes a retry after a lost answer return the first booking.
 */
export const BookingCreateBody = z
  .object({
    commandId: CommandId,
    serviceId: z.string().min(1).max(64),
    slotAt: z.int().min(0),
    visitorName: z.string().trim().min(1).max(120),
    phone: VisitorPhone.optional(),
  })
  .strict();
export type BookingCreateBody = z.infer<typeof BookingCreateBody>;

export interface BookingCreated {
  appointmentId: string;
  code: string;
}

/** A CSV file of the company's booking system, as text (the screen reads the chosen file). */
export const BookingImportBody = z.object({ csv: z.string().max(1_000_000) }).strict();
export type BookingImportBody = z.infer<typeof BookingImportBody>;

/** One row the import refused: its line in the file (1 is the first line), its code when it has one, why. */
export interface BookingImportRefusal {
  line: number;
  code?: string;
  reason: LocalText;
}

/** All or nothing: with any refusal `imported` is 0 and the office's bookings are unchanged. */
export interface BookingImportReport {
  imported: number;
  refused: BookingImportRefusal[];
}

/** The administrator's bookings screen (issue 15): slots, a booking for a caller, the CSV import. */
export const bookingRoutes = {
  bookingSlots: route({
    method: 'GET',
    path: '/api/bookings/slots',
    access: ADMIN,
    query: BookingSlotsQuery,
    response: typed<PublicSlots>(),
    errors: ['NOT_CONFIGURED', 'UNKNOWN_SERVICE'],
    summary: "A day's slots of a service with what is taken, for a booking made for a caller",
  }),
  createBooking: route({
    method: 'POST',
    path: '/api/bookings',
    access: ADMIN,
    body: BookingCreateBody,
    response: typed<BookingCreated>(),
    errors: ['NOT_CONFIGURED', 'UNKNOWN_SERVICE', 'SLOT_NOT_OFFERED', 'SLOT_FULL', 'DUPLICATE_APPOINTMENT'],
    summary: 'The administrator books a slot for a caller; the server makes the code',
  }),
  importBookings: route({
    method: 'POST',
    path: '/api/bookings/import',
    access: ADMIN,
    body: BookingImportBody,
    response: typed<BookingImportReport>(),
    errors: ['NOT_CONFIGURED'],
    summary: 'Imports a CSV of bookings, all or nothing: every refused row is reported and then nothing is imported',
  }),
};
