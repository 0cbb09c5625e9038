import { randomBytes } from 'node:crypto';
import { dayKeyOf } from '@talon/engine';
import { appointmentIdOf, BookingCalendar, type LocalText, newBookingCode, phoneKey } from '@talon/protocol';
import { bookingPhoneTag } from '@talon/server/links';
import type pg from 'pg';
import { HqRefusal, type Queryable, refuse } from '../context.js';

/**
 * Head office's own bookings: every decision that must hold across head-office processes is taken by
 * PostgreSQL inside one transaction — the slot's capacity by a conditional upsert of its counter row,
 * the per-phone limit under an advisory lock on the phone's tag and day.
 */

export interface BookingOffice {
  id: string;
  code: string;
  name: LocalText;
  secret: Buffer | null;
  /** The office's slots as it last reported them; null: never reported, or not parseable. */
  calendar: BookingCalendar | null;
  /** Every service of the office as last reported (names of bookings of services no longer booked). */
  services: { id: string; name: LocalText }[];
}

export async function officeByCode(db: Queryable, code: string): Promise<BookingOffice | null> {
  const { rows } = await db.query<{
    id: string;
    code: string;
    name: LocalText;
    link_secret: Buffer | null;
    c: unknown;
    sv: { id: string; name: LocalText }[] | null;
  }>(
    `SELECT o.id, o.code, o.name, o.link_secret, s.status->'booking' AS c, s.status->'services' AS sv
       FROM offices o LEFT JOIN office_sync s ON s.office_id = o.id
      WHERE o.code = $1 AND o.key_revoked_at IS NULL`,
    [code],
  );
  const o = rows[0];
  if (!o) return null;
  const parsed = o.c ? BookingCalendar.safeParse(o.c) : null;
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    secret: o.link_secret,
    calendar: parsed?.success ? parsed.data : null,
    services: Array.isArray(o.sv) ? o.sv : [],
  };
}

export interface BookingRow {
  appointmentId: string;
  code: string;
  serviceId: string;
  slotAt: number;
  status: 'booked' | 'checked-in' | 'forfeited' | 'cancelled';
  source: string;
}

interface RawRow {
  appointment_id: string;
  code: string;
  service_id: string;
  slot_at: string;
  status: BookingRow['status'];
  source: string;
}

const rowOut = (r: RawRow): BookingRow => ({
  appointmentId: r.appointment_id,
  code: r.code,
  serviceId: r.service_id,
  slotAt: Number(r.slot_at),
  status: r.status,
  source: r.source,
});

export async function findBooking(db: Queryable, officeId: string, appointmentId: string): Promise<BookingRow | null> {
  const { rows } = await db.query<RawRow>(
    `SELECT appointment_id, code, service_id, slot_at, status, source FROM hq_bookings
      WHERE office_id = $1 AND appointment_id = $2`,
    [officeId, appointmentId],
  );
  return rows[0] ? rowOut(rows[0]) : null;
}

/** The open booking under a code, if any (where a moved booking went). */
export async function liveBookingOf(db: Queryable, officeId: string, code: string): Promise<BookingRow | null> {
  const { rows } = await db.query<RawRow>(
    `SELECT appointment_id, code, service_id, slot_at, status, source FROM hq_bookings
      WHERE office_id = $1 AND code = $2 AND status = 'booked' ORDER BY created_at DESC LIMIT 1`,
    [officeId, code],
  );
  return rows[0] ? rowOut(rows[0]) : null;
}

/** What each slot of a service holds at head office, by slot start. */
export async function takenOf(db: Queryable, officeId: string, serviceId: string, slots: number[]) {
  if (slots.length === 0) return new Map<number, number>();
  const { rows } = await db.query<{ slot_at: string; taken: number }>(
    `SELECT slot_at, taken FROM hq_booking_slots
      WHERE office_id = $1 AND service_id = $2 AND slot_at = ANY($3::bigint[])`,
    [officeId, serviceId, slots],
  );
  return new Map(rows.map((r) => [Number(r.slot_at), r.taken]));
}

/** One transaction; a deadlock or serialisation failure (two moves crossing) is tried again once. */
async function inTransaction<T>(pool: pg.Pool, work: (c: pg.PoolClient) => Promise<T | HqRefusal>) {
  for (let attempt = 0; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const out = await work(client);
      await client.query(out instanceof HqRefusal ? 'ROLLBACK' : 'COMMIT');
      return out;
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      const code = (e as { code?: string }).code;
      if (attempt === 0 && (code === '40P01' || code === '40001')) continue;
      throw e;
    } finally {
      client.release();
    }
  }
}

/** Takes one place in a slot if one is left; false: the slot is full. */
async function takePlace(c: pg.PoolClient, officeId: string, serviceId: string, slotAt: number, capacity: number) {
  const r = await c.query(
    `INSERT INTO hq_booking_slots AS s (office_id, service_id, slot_at, taken) SELECT $1, $2, $3, 1 WHERE $4 > 0
     ON CONFLICT (office_id, service_id, slot_at) DO UPDATE SET taken = s.taken + 1 WHERE s.taken < $4
     RETURNING taken`,
    [officeId, serviceId, slotAt, capacity],
  );
  return r.rowCount === 1;
}

const givePlace = (c: pg.PoolClient, officeId: string, serviceId: string, slotAt: number) =>
  c.query(
    `UPDATE hq_booking_slots SET taken = greatest(taken - 1, 0)
      WHERE office_id = $1 AND service_id = $2 AND slot_at = $3`,
    [officeId, serviceId, slotAt],
  );

/** Serialises bookings of one phone number at one office on one day, whichever process takes them. */
/** A booking's phone as the limit counts it: its key (head office's own, older rows) and its tag (either side). */
interface PhoneOf {
  key: string | null;
  tag: string;
}

/**
 * Bookings of this phone on this day that hold a place, made on either side: by tag (the office sends one
 * with each booking it made) or, for head office's own made before tags, by phone key.
 */
async function phoneBooked(c: pg.PoolClient, officeId: string, phone: PhoneOf, dayKey: string, exceptId?: string) {
  await c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
    `booking-phone:${officeId}:${phone.tag}:${dayKey}`,
  ]);
  const { rows } = await c.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (
        SELECT appointment_id FROM hq_booking_phones WHERE office_id = $1 AND phone_tag = $2 AND day_key = $3
        UNION
        SELECT appointment_id FROM hq_booking_personal WHERE office_id = $1 AND phone_key = $4 AND day_key = $3
      ) x JOIN hq_bookings b ON b.office_id = $1 AND b.appointment_id = x.appointment_id
      WHERE b.status IN ('booked', 'checked-in') AND b.appointment_id <> $5`,
    [officeId, phone.tag, dayKey, phone.key ?? '', exceptId ?? ''],
  );
  return rows[0]?.n ?? 0;
}

const tagPhone = (
  c: pg.PoolClient,
  officeId: string,
  appointmentId: string,
  tag: string,
  dayKey: string,
  slotAt: number,
) =>
  c.query(
    `INSERT INTO hq_booking_phones (office_id, appointment_id, phone_tag, day_key, slot_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [officeId, appointmentId, tag, dayKey, slotAt],
  );

const returned = (c: pg.PoolClient, officeId: string, action: 'create' | 'cancel', b: BookingRow) =>
  c.query(
    `INSERT INTO returned_bookings (office_id, appointment_id, action, code, service_id, slot_at)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [officeId, b.appointmentId, action, b.code, b.serviceId, b.slotAt],
  );

/**
 * Inserts the booking under a fresh code (or `code` first): a code names one open booking at the
 * office's kiosk, so one already open there, or an id already known, is passed over.
 */
async function insertBooking(
  c: pg.PoolClient,
  officeId: string,
  b: Omit<BookingRow, 'appointmentId' | 'code' | 'status'> & { dayKey: string },
  now: number,
  code?: string,
): Promise<BookingRow> {
  for (let i = 0; i < 20; i++) {
    const candidate = i === 0 && code ? code : newBookingCode((n) => randomBytes(n));
    const id = appointmentIdOf(candidate, b.slotAt);
    const r = await c.query(
      `INSERT INTO hq_bookings (office_id, appointment_id, code, service_id, slot_at, day_key, status, source, created_at)
       SELECT $1, $2, $3, $4, $5, $6, 'booked', $7, to_timestamp($8 / 1000.0)
        WHERE NOT EXISTS (SELECT 1 FROM hq_bookings WHERE office_id = $1 AND code = $3 AND status = 'booked')
       ON CONFLICT (office_id, appointment_id) DO NOTHING`,
      [officeId, id, candidate, b.serviceId, b.slotAt, b.dayKey, b.source, now],
    );
    if (r.rowCount === 1)
      return {
        appointmentId: id,
        code: candidate,
        serviceId: b.serviceId,
        slotAt: b.slotAt,
        status: 'booked',
        source: b.source,
      };
  }
  throw new Error('no free booking code');
}

/** Refusals a slot may give before any transaction: the office takes no bookings, or not at this time. */
export function slotRefusal(
  office: BookingOffice,
  serviceId: string,
  slotAt: number,
  now: number,
  offered: (calendar: BookingCalendar, serviceId: string, slotAt: number, now: number) => boolean,
): HqRefusal | { calendar: BookingCalendar; capacity: number } {
  const calendar = office.calendar;
  if (!calendar?.booking.enabled || !office.secret) return refuse('BOOKING_DISABLED');
  const capacity = calendar.services.find((s) => s.id === serviceId)?.capacity ?? 0;
  if (capacity <= 0 || !offered(calendar, serviceId, slotAt, now))
    return refuse('SLOT_NOT_OFFERED', { serviceId, slotAt });
  return { calendar, capacity };
}

export interface NewBooking {
  serviceId: string;
  slotAt: number;
  name: string;
  phone: string;
}

export async function createBooking(
  pool: pg.Pool,
  office: BookingOffice,
  calendar: BookingCalendar,
  capacity: number,
  req: NewBooking,
  now: number,
): Promise<BookingRow | HqRefusal> {
  const key = phoneKey(req.phone);
  if (!key) return refuse('VALIDATION_FAILED', [{ path: 'phone' }]);
  if (!office.secret) return refuse('BOOKING_DISABLED');
  const tag = bookingPhoneTag(office.secret, key);
  const dayKey = dayKeyOf(req.slotAt, calendar.timeZone);
  return inTransaction(pool, async (c) => {
    if ((await phoneBooked(c, office.id, { key, tag }, dayKey)) >= calendar.booking.perPhonePerDay)
      return refuse('BOOKING_PHONE_LIMIT');
    if (!(await takePlace(c, office.id, req.serviceId, req.slotAt, capacity)))
      return refuse('SLOT_FULL', { slotAt: req.slotAt });
    const b = await insertBooking(
      c,
      office.id,
      { serviceId: req.serviceId, slotAt: req.slotAt, source: 'hq', dayKey },
      now,
    );
    await c.query(
      `INSERT INTO hq_booking_personal (office_id, appointment_id, visitor_name, phone, phone_key, day_key, slot_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [office.id, b.appointmentId, req.name, req.phone.trim(), key, dayKey, req.slotAt],
    );
    await tagPhone(c, office.id, b.appointmentId, tag, dayKey, req.slotAt);
    await returned(c, office.id, 'create', b);
    return b;
  });
}

/** Cancels a booked booking; one already cancelled answers as it is (a second tap). */
export async function cancelBooking(pool: pg.Pool, officeId: string, appointmentId: string) {
  return inTransaction<BookingRow>(pool, async (c) => {
    const r = await c.query<RawRow>(
      `SELECT appointment_id, code, service_id, slot_at, status, source FROM hq_bookings
        WHERE office_id = $1 AND appointment_id = $2 FOR UPDATE`,
      [officeId, appointmentId],
    );
    const row = r.rows[0] ? rowOut(r.rows[0]) : null;
    if (!row) return refuse('APPOINTMENT_NOT_FOUND');
    if (row.status === 'cancelled') return row;
    if (row.status !== 'booked') return refuse('APPOINTMENT_NOT_BOOKED');
    await c.query(
      `UPDATE hq_bookings SET status = 'cancelled', updated_at = now() WHERE office_id = $1 AND appointment_id = $2`,
      [officeId, appointmentId],
    );
    await givePlace(c, officeId, row.serviceId, row.slotAt);
    await returned(c, officeId, 'cancel', row);
    return { ...row, status: 'cancelled' as const };
  });
}

/**
 * Moves a booked booking to another slot: the old one cancelled, a new one with the same code (a new code
 * when that id is already known), the name and phone carried over — at the office a cancel, then a create.
 */
export async function moveBooking(
  pool: pg.Pool,
  office: BookingOffice,
  calendar: BookingCalendar,
  capacity: number,
  appointmentId: string,
  slotAt: number,
  now: number,
) {
  return inTransaction<BookingRow>(pool, async (c) => {
    const r = await c.query<RawRow & { phone_key: string | null; phone_tag: string | null }>(
      `SELECT b.appointment_id, b.code, b.service_id, b.slot_at, b.status, b.source, p.phone_key, t.phone_tag
         FROM hq_bookings b
         LEFT JOIN hq_booking_personal p ON p.office_id = b.office_id AND p.appointment_id = b.appointment_id
         LEFT JOIN hq_booking_phones t ON t.office_id = b.office_id AND t.appointment_id = b.appointment_id
        WHERE b.office_id = $1 AND b.appointment_id = $2 FOR UPDATE OF b`,
      [office.id, appointmentId],
    );
    const raw = r.rows[0];
    if (!raw) return refuse('APPOINTMENT_NOT_FOUND');
    const old = rowOut(raw);
    if (old.status !== 'booked') return refuse('APPOINTMENT_NOT_BOOKED');
    if (old.slotAt === slotAt) return old;
    const dayKey = dayKeyOf(slotAt, calendar.timeZone);
    const tag =
      raw.phone_tag ?? (raw.phone_key && office.secret ? bookingPhoneTag(office.secret, raw.phone_key) : null);
    const phone = tag ? { key: raw.phone_key, tag } : null;
    if (phone && (await phoneBooked(c, office.id, phone, dayKey, appointmentId)) >= calendar.booking.perPhonePerDay)
      return refuse('BOOKING_PHONE_LIMIT');
    if (!(await takePlace(c, office.id, old.serviceId, slotAt, capacity))) return refuse('SLOT_FULL', { slotAt });
    await c.query(
      `UPDATE hq_bookings SET status = 'cancelled', updated_at = now() WHERE office_id = $1 AND appointment_id = $2`,
      [office.id, appointmentId],
    );
    await givePlace(c, office.id, old.serviceId, old.slotAt);
    const moved = await insertBooking(
      c,
      office.id,
      { serviceId: old.serviceId, slotAt, source: old.source, dayKey },
      now,
      old.code,
    );
    await c.query(
      `INSERT INTO hq_booking_personal (office_id, appointment_id, visitor_name, phone, phone_key, day_key, slot_at)
       SELECT office_id, $3, visitor_name, phone, phone_key, $4, $5 FROM hq_booking_personal
        WHERE office_id = $1 AND appointment_id = $2`,
      [office.id, appointmentId, moved.appointmentId, dayKey, slotAt],
    );
    if (phone) await tagPhone(c, office.id, moved.appointmentId, phone.tag, dayKey, slotAt);
    await returned(c, office.id, 'cancel', old);
    await returned(c, office.id, 'create', moved);
    return moved;
  });
}
