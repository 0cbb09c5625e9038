import { z } from 'zod';
import { type PublicBooking, PublicBookingRequest, type PublicOffice, type PublicSlots } from '../booking.js';
import { type PublicMenu, type PublicTicket, PublicTicketRequest } from '../routes/public.js';
import { typed } from '../routes/typed.js';
import type { LocalText } from '../text.js';
import { Code, Day, hqRoute } from './define.js';

/** An office's public pages and APIs: the office by its code, and a signed link's token where one is needed. */
const OfficeParam = z.object({ office: Code });
const OfficeToken = OfficeParam.extend({ token: z.string().max(400) });

export interface PublicVisit {
  office: { code: string; name: LocalText };
  number: string;
  status: 'waiting' | 'called' | 'serving' | 'done' | 'no-show' | 'cancelled';
  serviceName: LocalText | null;
  windowNumber: number | null;
  /** Tickets the office's queue shows before this one at the last sync; null when not waiting. */
  ahead: number | null;
  /** The office twin's range at the last sync, whole minutes (issue 15); null or absent: no figure. */
  estimate?: { lowMin: number; highMin: number } | null;
  issuedAt: number;
  /** When head office last heard from the office: the page says how fresh it is. */
  syncedAt: number;
  canRate: boolean;
  rated: boolean;
}

/** Head office's public routes: the visitor's phone on mobile data (visit pages, bookings, a ticket from the phone). */
export const HQ_PUBLIC_ROUTES = {
  // ── public visit pages (the visitor's phone on mobile data) ──
  publicVisitPage: hqRoute({
    method: 'GET',
    path: '/o/:office/v/:token',
    access: 'public',
    params: OfficeToken,
    query: z.object({ lang: z.enum(['ru', 'en']).optional().catch(undefined) }),
    produces: 'html',
    errors: ['UNKNOWN_OFFICE', 'RATING_LINK_INVALID', 'RATING_LINK_EXPIRED'],
    summary: 'The visit status and rating page a ticket QR opens from anywhere',
  }),
  publicVisit: hqRoute({
    method: 'GET',
    path: '/api/public/:office/visits/:token',
    access: 'public',
    params: OfficeToken,
    response: typed<PublicVisit>(),
    errors: ['UNKNOWN_OFFICE', 'RATING_LINK_INVALID', 'RATING_LINK_EXPIRED', 'VISIT_NOT_SYNCED'],
    summary: 'The visit status as synced from the office',
  }),
  publicVisitLive: hqRoute({
    method: 'GET',
    path: '/api/public/:office/visits/:token/live',
    access: 'public',
    params: OfficeToken,
    // text/event-stream: the visit (as `publicVisit`) each time a batch of its office changes it
    produces: 'file',
    errors: ['UNKNOWN_OFFICE', 'RATING_LINK_INVALID', 'RATING_LINK_EXPIRED', 'VISIT_NOT_SYNCED'],
    summary: 'The visit page’s live stream (Server-Sent Events), pushed as the office’s batches arrive',
  }),
  publicRate: hqRoute({
    method: 'POST',
    path: '/api/public/:office/visits/:token/rating',
    access: 'public',
    params: OfficeToken,
    body: z
      .object({
        score: z.int().min(1).max(5),
        reasons: z.array(z.string().max(64)).max(10).default([]),
        feedback: z
          .object({
            type: z.string().max(40),
            text: z.string().min(1).max(2000),
            contact: z.string().max(200).optional(),
          })
          .optional(),
      })
      .strict(),
    response: typed<{ ok: true }>(),
    errors: [
      'UNKNOWN_OFFICE',
      'RATING_LINK_INVALID',
      'RATING_LINK_EXPIRED',
      'VISIT_NOT_SYNCED',
      'RATING_ALREADY_GIVEN',
      'RATING_VISIT_UNKNOWN',
    ],
    summary: 'Rate a visit on the public page; delivered to the office on its next sync (once)',
  }),

  // ── public booking (issue 15): the visitor SPA at /book and /o/:office/book, the same shapes as the office's ──
  publicBookingOffices: hqRoute({
    method: 'GET',
    path: '/api/public/offices',
    access: 'public',
    response: typed<{ code: string; name: LocalText; address?: string }[]>(),
    errors: [],
    summary: 'Offices that take bookings on the public page',
  }),
  publicBookingOffice: hqRoute({
    method: 'GET',
    path: '/api/public/:office/office',
    access: 'public',
    params: OfficeParam,
    response: typed<PublicOffice>(),
    errors: ['UNKNOWN_OFFICE', 'BOOKING_DISABLED'],
    summary: 'An office as the booking page shows it: services that can be booked and the days',
  }),
  publicBookingSlots: hqRoute({
    method: 'GET',
    path: '/api/public/:office/slots',
    access: 'public',
    params: OfficeParam,
    query: z.object({ serviceId: z.string().min(1).max(64), day: Day }),
    response: typed<PublicSlots>(),
    errors: ['UNKNOWN_OFFICE', 'BOOKING_DISABLED'],
    summary: 'A day’s slots of a service with what is taken (the database’s count)',
  }),
  publicBook: hqRoute({
    method: 'POST',
    path: '/api/public/:office/bookings',
    access: 'public',
    params: OfficeParam,
    body: PublicBookingRequest,
    response: typed<PublicBooking>(),
    errors: [
      'UNKNOWN_OFFICE',
      'BOOKING_DISABLED',
      'SLOT_NOT_OFFERED',
      'SLOT_FULL',
      'BOOKING_PHONE_LIMIT',
      'TOO_MANY_REQUESTS',
    ],
    summary: 'Book a slot; delivered to the office on its next sync',
  }),
  publicBooking: hqRoute({
    method: 'GET',
    path: '/api/public/:office/bookings/:token',
    access: 'public',
    params: OfficeToken,
    response: typed<PublicBooking>(),
    errors: ['UNKNOWN_OFFICE', 'BOOKING_LINK_INVALID', 'BOOKING_LINK_EXPIRED', 'APPOINTMENT_NOT_FOUND'],
    summary: 'A booking by its signed manage link (a moved booking’s first link follows it)',
  }),
  publicBookingCancel: hqRoute({
    method: 'POST',
    path: '/api/public/:office/bookings/:token/cancel',
    access: 'public',
    params: OfficeToken,
    response: typed<PublicBooking>(),
    errors: [
      'UNKNOWN_OFFICE',
      'BOOKING_LINK_INVALID',
      'BOOKING_LINK_EXPIRED',
      'APPOINTMENT_NOT_FOUND',
      'APPOINTMENT_NOT_BOOKED',
      'TOO_MANY_REQUESTS',
    ],
    summary: 'Cancel a booking by its signed manage link',
  }),
  publicBookingMove: hqRoute({
    method: 'POST',
    path: '/api/public/:office/bookings/:token/move',
    access: 'public',
    params: OfficeToken,
    body: z.object({ slotAt: z.int().min(0) }).strict(),
    response: typed<PublicBooking>(),
    errors: [
      'UNKNOWN_OFFICE',
      'BOOKING_LINK_INVALID',
      'BOOKING_LINK_EXPIRED',
      'APPOINTMENT_NOT_FOUND',
      'APPOINTMENT_NOT_BOOKED',
      'BOOKING_DISABLED',
      'SLOT_NOT_OFFERED',
      'SLOT_FULL',
      'BOOKING_PHONE_LIMIT',
      'TOO_MANY_REQUESTS',
    ],
    summary: 'Move a booking to another slot by its signed manage link',
  }),
  publicBookingPage: hqRoute({
    method: 'GET',
    path: '/o/:office/book',
    access: 'public',
    params: OfficeParam,
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'The visitor booking page (the SPA in visitor/) for one office',
  }),
  publicBookingPages: hqRoute({
    method: 'GET',
    path: '/o/:office/book/*',
    access: 'public',
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'The booking page’s own paths (manage link /o/:office/book/m/<token>): the same SPA',
  }),

  // ── take a ticket from the phone (issue 15): the entrance QR on head office, relayed to the office ──
  publicTakeMenu: hqRoute({
    method: 'GET',
    path: '/api/public/:office/menu',
    access: 'public',
    params: OfficeParam,
    response: typed<PublicMenu>(),
    errors: ['UNKNOWN_OFFICE', 'OFFICE_NOT_REACHABLE'],
    summary: 'The office’s take-a-ticket menu as last synced',
  }),
  publicTakeTicket: hqRoute({
    method: 'POST',
    path: '/api/public/:office/tickets',
    access: 'public',
    params: OfficeParam,
    body: PublicTicketRequest,
    response: typed<{ requestId: string }>(),
    errors: ['UNKNOWN_OFFICE', 'OFFICE_NOT_REACHABLE', 'TOO_MANY_REQUESTS'],
    summary: 'Ask the office for a virtual ticket (202): the page then polls the request',
  }),
  publicTakeRequest: hqRoute({
    method: 'GET',
    path: '/api/public/:office/tickets/:requestId',
    access: 'public',
    params: z.object({ office: Code, requestId: z.string().uuid() }),
    response: typed<
      | { status: 'pending' }
      | ({ status: 'done' } & Pick<PublicTicket, 'number' | 'visitUrl'>)
      | { status: 'refused'; error: { code: string; message: LocalText; details?: unknown } }
    >(),
    errors: ['UNKNOWN_OFFICE', 'NOT_FOUND'],
    summary: 'A ticket request: pending, done (the live ticket page on head office) or refused',
  }),
  publicTakePage: hqRoute({
    method: 'GET',
    path: '/o/:office/take',
    access: 'public',
    params: OfficeParam,
    produces: 'html',
    errors: ['NOT_FOUND'],
    summary: 'The entrance QR’s page (the visitor SPA) for one office',
  }),
} as const;
