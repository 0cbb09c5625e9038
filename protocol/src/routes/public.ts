import { z } from 'zod';
import {
  type PublicBooking,
  PublicBookingRequest,
  type PublicOffice,
  type PublicSlots,
  VisitorPhone,
} from '../booking.js';
import { Id } from '../config.js';
import type { LocalText } from '../text.js';
import { route } from './define.js';
import { typed } from './typed.js';

/**
 * The visitor's own pages (issue 15), open to anyone: book a visit (`/book`), manage it through its signed
 * link (`/book/m/<token>`), take a virtual ticket from the entrance QR (`/take`). Head office answers the
 * same shapes under `/api/public/:office/…`, so one page (the `visitor/` workspace) works on both.
 */

/** The menu the entrance QR opens: the kiosk's segments and topics, what the phone needs of them. */
export interface PublicMenu {
  office: { name: LocalText; address?: string; timeZone: string };
  /** Tickets can be taken on the phone now: enabled, the office configured, inside reception hours. */
  open: boolean;
  /** Why not, when `open` is false: an error code from ERRORS (its text is the explanation). */
  closedCode?:
    | 'PHONE_TICKETS_DISABLED'
    | 'OUTSIDE_RECEPTION_HOURS'
    | 'LIVE_QUEUE_MODE'
    | 'NOT_CONFIGURED'
    /** Head office's copy of the page: the office has not been in touch lately. */
    | 'OFFICE_NOT_REACHABLE';
  perPhonePerDay: number;
  segments: { id: string; name: LocalText }[];
  topics: { id: string; name: LocalText; segmentIds: string[]; serviceId: string; documents?: LocalText }[];
  /** The public address of `/take` itself: what the entrance poster's QR holds. */
  takeUrl: string;
}

/** A virtual ticket, taken: its number and the live ticket page to go to. */
export interface PublicTicket {
  number: string;
  serviceName: LocalText | null;
  peopleAhead: number | null;
  visitUrl: string;
}

const Token = z.object({ token: z.string().min(1).max(400) });
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const PublicTicketRequest = z
  .object({
    topicId: Id.optional(),
    segmentId: Id.optional(),
    serviceId: Id.optional(),
    phone: VisitorPhone,
    /** 152-ФЗ: the visitor agreed that the office keeps the number for this visit. */
    consent: z.literal(true),
  })
  .strict()
  .refine((r) => r.topicId !== undefined || r.serviceId !== undefined, { message: 'topicId or serviceId' });
export type PublicTicketRequest = z.infer<typeof PublicTicketRequest>;

const BOOKING_REFUSALS = [
  'NOT_CONFIGURED',
  'BOOKING_DISABLED',
  'UNKNOWN_SERVICE',
  'SLOT_NOT_OFFERED',
  'SLOT_FULL',
  'BOOKING_PHONE_LIMIT',
] as const;
const LINK_REFUSALS = ['BOOKING_LINK_INVALID', 'BOOKING_LINK_EXPIRED', 'APPOINTMENT_NOT_FOUND'] as const;

/** The visitor's booking page, on the office (head office: `head-office/src/bookings`). */
export const publicRoutes = {
  publicOffice: route({
    method: 'GET',
    path: '/api/public/office',
    access: 'public',
    response: typed<PublicOffice>(),
    errors: ['NOT_CONFIGURED', 'BOOKING_DISABLED'],
    summary: 'The office as the booking page offers it: name, address, bookable services, the days to choose from',
  }),
  publicSlots: route({
    method: 'GET',
    path: '/api/public/slots',
    access: 'public',
    query: z.object({ serviceId: Id, day: Day }),
    response: typed<PublicSlots>(),
    errors: ['NOT_CONFIGURED', 'BOOKING_DISABLED', 'UNKNOWN_SERVICE'],
    summary: 'A day’s slots of a service, with how many of each are taken',
  }),
  publicBook: route({
    method: 'POST',
    path: '/api/public/bookings',
    access: 'public',
    body: PublicBookingRequest,
    response: typed<PublicBooking>(),
    errors: [...BOOKING_REFUSALS],
    summary: 'A visitor books a slot (name, phone, consent); answers the code and the signed manage link',
  }),
  publicBooking: route({
    method: 'GET',
    path: '/api/public/bookings/:token',
    access: 'public',
    params: Token,
    response: typed<PublicBooking>(),
    errors: [...LINK_REFUSALS],
    summary: 'The booking its manage link stands for',
  }),
  publicCancel: route({
    method: 'POST',
    path: '/api/public/bookings/:token/cancel',
    access: 'public',
    params: Token,
    response: typed<PublicBooking>(),
    errors: [...LINK_REFUSALS, 'APPOINTMENT_NOT_BOOKED'],
    summary: 'The visitor cancels the booking through its manage link',
  }),
  publicMove: route({
    method: 'POST',
    path: '/api/public/bookings/:token/move',
    access: 'public',
    params: Token,
    body: z.object({ slotAt: z.int().min(0) }).strict(),
    response: typed<PublicBooking>(),
    errors: [...LINK_REFUSALS, ...BOOKING_REFUSALS, 'APPOINTMENT_NOT_BOOKED'],
    summary: 'The visitor moves the booking to another slot of the same service (same code)',
  }),
  publicMenu: route({
    method: 'GET',
    path: '/api/public/menu',
    access: 'public',
    response: typed<PublicMenu>(),
    errors: [],
    summary: 'What the entrance QR offers: the office’s segments and topics, and whether a ticket can be taken now',
  }),
  publicTicket: route({
    method: 'POST',
    path: '/api/public/tickets',
    access: 'public',
    body: PublicTicketRequest,
    response: typed<PublicTicket>(),
    errors: [
      'NOT_CONFIGURED',
      'PHONE_TICKETS_DISABLED',
      'PHONE_TICKET_LIMIT',
      'OUTSIDE_RECEPTION_HOURS',
      'LIVE_QUEUE_MODE',
      'DAILY_CAP_REACHED',
      'UNKNOWN_SERVICE',
      'UNKNOWN_TOPIC',
      'UNKNOWN_SEGMENT',
      'TOPIC_NOT_IN_SEGMENT',
    ],
    summary: 'A virtual ticket taken on the phone from the entrance QR; answers its live page',
  }),
  // The page itself (visitor/dist): its files are under /book/, these addresses open its index.
  bookPage: route({
    method: 'GET',
    path: '/book',
    access: 'public',
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'The booking page (the visitor’s SPA)',
  }),
  bookManagePage: route({
    method: 'GET',
    path: '/book/m/:token',
    access: 'public',
    params: Token,
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'A booking’s manage page: see it, cancel it, move it',
  }),
  takePage: route({
    method: 'GET',
    path: '/take',
    access: 'public',
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'The entrance QR’s page: take a virtual ticket on the phone',
  }),
  takePosterPage: route({
    method: 'GET',
    path: '/take/poster',
    access: 'public',
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'The printable entrance poster with the QR of /take',
  }),
};
