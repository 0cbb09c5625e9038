import { z } from 'zod';
import { LocalText } from './text.js';

/**
 * Pre-registration (seed 003 §8.6) and the visitor's phone (issue 15): how an office offers bookings,
 * virtual tickets and "your turn is near" messages. A booking is an `Appointment` in the engine; its id
 * `${CODE}@${slotAt}` is the same at the office and at head office, so one booking travelling both ways
 * stays one booking.
 */

const SlotCapacity = z.int().min(0).max(50);

export const BookingSettings = z.object({
  /** The public booking page offers this office. Bookings entered by the administrator work either way. */
  enabled: z.boolean().default(false),
  /** Length of a slot, minutes; slots start at the beginning of each reception range. */
  slotMin: z.int().min(5).max(120).default(15),
  /** How many days ahead a visitor may book (today counts as day 0). */
  windowDays: z.int().min(1).max(90).default(14),
  /** Bookings per phone number per local day (public page). */
  perPhonePerDay: z.int().min(1).max(10).default(1),
  /** Bookings per slot, per service; absent or 0: the service is not booked in advance. */
  capacity: z.record(z.string().max(64), SlotCapacity).default({}),
  /** Tickets taken on the phone from the entrance QR (virtual, no paper). */
  phoneTickets: z
    .object({
      enabled: z.boolean().default(true),
      perPhonePerDay: z.int().min(1).max(20).default(2),
    })
    .prefault({}),
  /** "Your turn is near": at most this many people ahead, or the estimate under this many minutes. */
  notify: z
    .object({
      aheadMax: z.int().min(0).max(50).default(3),
      minutesMax: z.int().min(0).max(240).default(10),
    })
    .prefault({}),
});
export type BookingSettings = z.infer<typeof BookingSettings>;
export type BookingSettingsInput = z.input<typeof BookingSettings>;

export function bookingSettingsOf(config: { booking?: BookingSettingsInput | undefined } | null): BookingSettings {
  return BookingSettings.parse(config?.booking ?? {});
}

/** What an office's slots are made from: head office receives it with the office's status and offers the same slots. */
export const BookingCalendar = z.object({
  timeZone: z.string().max(64),
  receptionHours: z.partialRecord(
    z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']),
    z.array(z.tuple([z.string().max(5), z.string().max(5)])).max(6),
  ),
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).max(400),
  booking: BookingSettings,
  /** The services that may be booked (capacity > 0), with their names for the page. */
  services: z.array(z.object({ id: z.string().max(64), name: LocalText, capacity: SlotCapacity })).max(200),
});
export type BookingCalendar = z.infer<typeof BookingCalendar>;

/** A slot as the booking page shows it. */
export interface BookingSlot {
  at: number;
  capacity: number;
  taken: number;
}

/**
 * Booking codes: six characters a visitor can read out on the phone and type on the kiosk keypad without
 * confusing them (no 0/O, 1/I/L, 5/S, 8/B, 2/Z). Random, so a code cannot be guessed from another.
 */
export const BOOKING_CODE_ALPHABET = 'ACDEFGHJKMNPQRTUVWXY34679';
export const BOOKING_CODE_LENGTH = 6;

export function newBookingCode(random: (n: number) => Uint8Array): string {
  const bytes = random(BOOKING_CODE_LENGTH * 2);
  let code = '';
  // 250 is the largest multiple of 25 below 256: bytes above it are skipped so every letter is equally likely
  for (const b of bytes) {
    if (b >= 250) continue;
    code += BOOKING_CODE_ALPHABET[b % BOOKING_CODE_ALPHABET.length];
    if (code.length === BOOKING_CODE_LENGTH) return code;
  }
  return newBookingCode(random);
}

export const appointmentIdOf = (code: string, slotAt: number) => `${code.toUpperCase()}@${slotAt}`;

/**
 * A phone number as Talon compares them: digits only, and a Russian number in one form
 * (`+7 900 123-45-67`, `8 (900) 123 45 67` and `9001234567` are all `79001234567`). Null when the text is
 * not a phone number (an e-mail, too few or too many digits).
 */
export function phoneKey(raw: string): string | null {
  if (!/^[+0-9 ()-]+$/.test(raw.trim())) return null;
  let d = raw.replace(/\D/g, '');
  if (d.length === 11 && d.startsWith('8')) d = `7${d.slice(1)}`;
  else if (d.length === 10) d = `7${d}`;
  return d.length >= 6 && d.length <= 15 ? d : null;
}

/** A phone number field of a visitor form: what `phoneKey` accepts. */
export const VisitorPhone = z
  .string()
  .trim()
  .max(32)
  .refine((p) => phoneKey(p) !== null, 'phone');

/**
 * A booking made or cancelled on head office's public page, on its way to the office with the sync's
 * acknowledgement (like a returned rating). The office applies it as a command whose id is `hq-booking:<id>`,
 * so a second delivery answers as the first did, and acknowledges it by id.
 */
export const ReturnedBooking = z.object({
  id: z.string().min(1).max(80),
  action: z.enum(['create', 'cancel']),
  appointmentId: z.string().min(1).max(80),
  code: z.string().min(3).max(32),
  serviceId: z.string().min(1).max(64),
  slotAt: z.int(),
  visitorName: z.string().max(120).optional(),
  phone: z.string().max(32).optional(),
  at: z.int(),
});
export type ReturnedBooking = z.infer<typeof ReturnedBooking>;

/**
 * The visitor's booking pages (issue 15) talk to the office (`/api/public/…`) and to head office
 * (`/api/public/:office/…`) in these same shapes, so one page works on both.
 */
export interface PublicOffice {
  /** Head office's code of the office; null on the office's own server when it is not linked. */
  code: string | null;
  name: LocalText;
  address?: string;
  timeZone: string;
  booking: { enabled: boolean; slotMin: number; windowDays: number; perPhonePerDay: number };
  /** Services that can be booked, with the capacity of each slot. */
  services: { id: string; name: LocalText; capacity: number }[];
  /** Local days a visitor may book on (today first). */
  days: string[];
  /**
   * The kiosk's check-in rules, for the confirmation's words: open from `earlyMin` before the slot; from
   * `lateMin` late the slot is lost (seed 003 §8.6.5). Absent: the defaults (30 and 5).
   */
  checkIn?: { earlyMin: number; lateMin: number };
}

export interface PublicSlots {
  serviceId: string;
  day: string;
  slots: BookingSlot[];
}

export const PublicBookingRequest = z
  .object({
    serviceId: z.string().min(1).max(64),
    slotAt: z.int().min(0),
    name: z.string().trim().min(1).max(120),
    phone: VisitorPhone,
    /** 152-ФЗ: the visitor agreed to the processing of the name and phone for this booking. */
    consent: z.literal(true),
  })
  .strict();
export type PublicBookingRequest = z.infer<typeof PublicBookingRequest>;

export interface PublicBooking {
  appointmentId: string;
  code: string;
  serviceId: string;
  serviceName: LocalText | null;
  slotAt: number;
  status: 'booked' | 'checked-in' | 'forfeited' | 'cancelled';
  office: { code: string | null; name: LocalText; address?: string; timeZone: string };
  /** Signed; opens the booking to cancel or move it (`…/book/m/<manageToken>`). */
  manageToken: string;
}

/** The claim a booking's manage link signs (with the office's link secret, which head office holds too). */
export const BOOKING_CLAIM_PREFIX = 'booking/';
