import { bookingDays, slotOffered, slotsOfDay } from '@talon/engine';
import { BOOKING_CLAIM_PREFIX, type PublicBooking, type PublicOffice } from '@talon/protocol';
import { signVisitToken, verifyVisitToken } from '@talon/server/links';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type HqDeps, type HqRefusal, refuse } from '../context.js';
import { AddressLimiter, type BookingRate, DEFAULT_BOOKING_RATE } from './limits.js';
import { ackBookings, purgeBookings } from './outbox.js';
import {
  type BookingOffice,
  type BookingRow,
  cancelBooking,
  createBooking,
  findBooking,
  liveBookingOf,
  moveBooking,
  officeByCode,
  slotRefusal,
  takenOf,
} from './store.js';

export { erasePhones } from './erasure.js';
export { applyBookingEvents, hasBookingEvents } from './events.js';
export { pendingBookings, purgeBookings } from './outbox.js';

export interface BookingOptions {
  /** Names and phones of head office's bookings are deleted this many days after the slot (default 30). */
  retentionDays?: number;
  rate?: BookingRate;
}

/** A manage link stays usable until a day after the slot. */
const MANAGE_MS = 24 * 3600_000;

function publicBooking(office: BookingOffice, row: BookingRow, secret: Buffer): PublicBooking {
  const serviceName =
    office.calendar?.services.find((s) => s.id === row.serviceId)?.name ??
    office.services.find((s) => s.id === row.serviceId)?.name ??
    null;
  return {
    appointmentId: row.appointmentId,
    code: row.code,
    serviceId: row.serviceId,
    serviceName,
    slotAt: row.slotAt,
    status: row.status,
    office: { code: office.code, name: office.name, timeZone: office.calendar?.timeZone ?? 'Europe/Moscow' },
    manageToken: signVisitToken(secret, {
      ticketId: `${BOOKING_CLAIM_PREFIX}${row.appointmentId}`,
      exp: row.slotAt + MANAGE_MS,
    }),
  };
}

/**
 * The public booking API on head office (issue 15), in the same shapes as the office's own: slots from
 * the office's calendar as last synced, what is taken from PostgreSQL. Bookings go to the office with
 * the next sync ack; the office's own bookings arrive with its events.
 */
export function registerBookings(deps: HqDeps, opts: BookingOptions = {}): { close(): void } {
  const { pool, serve } = deps;
  const retentionDays = opts.retentionDays ?? 30;
  const limiter = new AddressLimiter(opts.rate ?? DEFAULT_BOOKING_RATE, deps.now);

  const office = async (code: string): Promise<BookingOffice | HqRefusal> =>
    (await officeByCode(pool, code)) ?? refuse('UNKNOWN_OFFICE');

  const limited = (req: FastifyRequest, reply: FastifyReply): HqRefusal | null => {
    const wait = limiter.take(req.ip);
    if (wait === null) return null;
    reply.header('retry-after', String(Math.ceil(wait / 1000)));
    return refuse('TOO_MANY_REQUESTS', { retryAfterMs: wait });
  };

  /** The booking a manage link names, or why not; the link is signed with the office's own secret. */
  const byToken = async (code: string, token: string) => {
    const o = await office(code);
    if (!('id' in o)) return o;
    if (!o.secret) return refuse('BOOKING_LINK_INVALID');
    const check = verifyVisitToken(o.secret, token, deps.now());
    if (!check.ok) return refuse(check.reason === 'expired' ? 'BOOKING_LINK_EXPIRED' : 'BOOKING_LINK_INVALID');
    if (!check.claim.ticketId.startsWith(BOOKING_CLAIM_PREFIX)) return refuse('BOOKING_LINK_INVALID');
    const row = await findBooking(pool, o.id, check.claim.ticketId.slice(BOOKING_CLAIM_PREFIX.length));
    if (!row) return refuse('APPOINTMENT_NOT_FOUND');
    // a moved booking has a new id (the slot is in it): the first confirmation's link follows the code
    const live = row.status === 'cancelled' ? await liveBookingOf(pool, o.id, row.code) : null;
    return { office: o, secret: o.secret, row: live ?? row };
  };

  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

  serve('publicBookingOffices', async () => {
    const { rows } = await pool.query<{ code: string; name: PublicOffice['name'] }>(
      `SELECT o.code, o.name FROM offices o JOIN office_sync s ON s.office_id = o.id
        WHERE o.key_revoked_at IS NULL AND o.link_secret IS NOT NULL
          AND (s.status->'booking'->'booking'->>'enabled')::boolean IS TRUE
        ORDER BY o.code`,
    );
    return rows.map((r) => ({ code: r.code, name: r.name }));
  });

  serve('publicBookingOffice', async ({ params }) => {
    const o = await office(params.office);
    if (!('id' in o)) return o;
    const c = o.calendar;
    if (!c?.booking.enabled || !o.secret) return refuse('BOOKING_DISABLED');
    const answer: PublicOffice = {
      code: o.code,
      name: o.name,
      timeZone: c.timeZone,
      booking: {
        enabled: c.booking.enabled,
        slotMin: c.booking.slotMin,
        windowDays: c.booking.windowDays,
        perPhonePerDay: c.booking.perPhonePerDay,
      },
      services: c.services.filter((s) => s.capacity > 0),
      days: bookingDays(c, deps.now()),
    };
    return answer;
  });

  serve('publicBookingSlots', async ({ params, query, reply }) => {
    const o = await office(params.office);
    if (!('id' in o)) return o;
    const c = o.calendar;
    if (!c?.booking.enabled || !o.secret) return refuse('BOOKING_DISABLED');
    const now = deps.now();
    const capacity = c.services.find((s) => s.id === query.serviceId)?.capacity ?? 0;
    const starts = bookingDays(c, now).includes(query.day) ? slotsOfDay(c, query.serviceId, query.day, now) : [];
    const taken = await takenOf(pool, o.id, query.serviceId, starts);
    noStore(reply);
    return {
      serviceId: query.serviceId,
      day: query.day,
      slots: starts.map((at) => ({ at, capacity, taken: Math.min(capacity, taken.get(at) ?? 0) })),
    };
  });

  serve('publicBook', async ({ params, body, req, reply }) => {
    const stop = limited(req, reply);
    if (stop) return stop;
    const o = await office(params.office);
    if (!('id' in o)) return o;
    const now = deps.now();
    const slot = slotRefusal(o, body.serviceId, body.slotAt, now, slotOffered);
    if (!('calendar' in slot)) return slot;
    const made = await createBooking(
      pool,
      o,
      slot.calendar,
      slot.capacity,
      { serviceId: body.serviceId, slotAt: body.slotAt, name: body.name, phone: body.phone },
      now,
    );
    if (!('appointmentId' in made) || !o.secret) return made as HqRefusal;
    noStore(reply);
    return publicBooking(o, made, o.secret);
  });

  serve('publicBooking', async ({ params, reply }) => {
    const found = await byToken(params.office, params.token);
    if (!('row' in found)) return found;
    noStore(reply);
    return publicBooking(found.office, found.row, found.secret);
  });

  serve('publicBookingCancel', async ({ params, req, reply }) => {
    const stop = limited(req, reply);
    if (stop) return stop;
    const found = await byToken(params.office, params.token);
    if (!('row' in found)) return found;
    const done = await cancelBooking(pool, found.office.id, found.row.appointmentId);
    if (!('appointmentId' in done)) return done;
    noStore(reply);
    return publicBooking(found.office, done, found.secret);
  });

  serve('publicBookingMove', async ({ params, body, req, reply }) => {
    const stop = limited(req, reply);
    if (stop) return stop;
    const found = await byToken(params.office, params.token);
    if (!('row' in found)) return found;
    if (found.row.status !== 'booked') return refuse('APPOINTMENT_NOT_BOOKED');
    const now = deps.now();
    const slot = slotRefusal(found.office, found.row.serviceId, body.slotAt, now, slotOffered);
    if (!('calendar' in slot)) return slot;
    const moved = await moveBooking(
      pool,
      found.office,
      slot.calendar,
      slot.capacity,
      found.row.appointmentId,
      body.slotAt,
      now,
    );
    if (!('appointmentId' in moved)) return moved;
    noStore(reply);
    return publicBooking(found.office, moved, found.secret);
  });

  serve('syncBookingsAck', async ({ identity, body }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    await ackBookings(pool, identity.officeId, body.ids);
    return { ok: true as const };
  });

  // Any process may purge (deleting twice is harmless); hourly is well within a retention of days.
  const purge = () =>
    purgeBookings(pool, deps.now(), retentionDays).catch((e: unknown) =>
      deps.log.warn({ err: e }, 'booking personal-data purge failed'),
    );
  const timer = setInterval(purge, 3_600_000);
  timer.unref();
  return { close: () => clearInterval(timer) };
}
