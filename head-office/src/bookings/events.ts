import { dayKeyOf } from '@talon/engine';
import type { SyncEvent } from '@talon/protocol';
import type pg from 'pg';

/**
 * The office's booking events, folded into head office's bookings inside the batch's transaction (under
 * the office's sync lock). A booking head office made itself comes back as the office's own
 * `AppointmentCreated` with the same id: it is there already and is not counted twice. Bookings made at
 * the office hold their slot without the capacity check: the office decided them; their phone comes as a
 * tag beside the event (never in it), so the per-phone limit here counts them.
 */

const BOOKING_EVENTS = new Set([
  'AppointmentCreated',
  'AppointmentCheckedIn',
  'AppointmentForfeited',
  'AppointmentCancelled',
]);

export const hasBookingEvents = (events: readonly SyncEvent[]) => events.some((e) => BOOKING_EVENTS.has(e.type));

const str = (v: unknown) => (typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null);
const int = (v: unknown) => (typeof v === 'number' && Number.isSafeInteger(v) ? v : null);

const CREATE_SQL = `
  WITH ins AS (
    INSERT INTO hq_bookings (office_id, appointment_id, code, service_id, slot_at, day_key, status, source, created_at)
    VALUES ($1, $2, $3, $4, $5, $6, 'booked', $7, to_timestamp($8 / 1000.0))
    ON CONFLICT (office_id, appointment_id) DO NOTHING RETURNING service_id, slot_at
  )
  INSERT INTO hq_booking_slots (office_id, service_id, slot_at, taken)
  SELECT $1, service_id, slot_at, 1 FROM ins
  ON CONFLICT (office_id, service_id, slot_at) DO UPDATE SET taken = hq_booking_slots.taken + 1`;

// The booking's phone as a tag (server/src/links.ts `bookingPhoneTag`): head office's per-phone limit counts it.
const TAG_SQL = `
  INSERT INTO hq_booking_phones (office_id, appointment_id, phone_tag, day_key, slot_at)
  VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`;

// The office is the truth about who came: a booking cancelled here in the same moment it was checked in
// there (the visitor's page and the kiosk racing) is checked in, and holds its place again.
const CHECKED_IN_SQL = `
  WITH old AS (
    SELECT status FROM hq_bookings WHERE office_id = $1 AND appointment_id = $2 FOR UPDATE
  ), u AS (
    UPDATE hq_bookings b SET status = 'checked-in', updated_at = now() FROM old
     WHERE b.office_id = $1 AND b.appointment_id = $2 AND old.status IN ('booked', 'cancelled')
    RETURNING b.service_id, b.slot_at, old.status AS was
  )
  UPDATE hq_booking_slots s SET taken = s.taken + 1
    FROM u WHERE u.was = 'cancelled' AND s.office_id = $1 AND s.service_id = u.service_id AND s.slot_at = u.slot_at`;

/** A booking that stops holding its slot (cancelled, lost) gives the slot back, once. */
export const RELEASE_SQL = `
  WITH u AS (
    UPDATE hq_bookings SET status = $3, updated_at = now()
     WHERE office_id = $1 AND appointment_id = $2 AND status IN ('booked', 'checked-in')
    RETURNING service_id, slot_at
  )
  UPDATE hq_booking_slots s SET taken = greatest(s.taken - 1, 0)
    FROM u WHERE s.office_id = $1 AND s.service_id = u.service_id AND s.slot_at = u.slot_at
  RETURNING u.service_id`;

export async function applyBookingEvents(
  client: pg.PoolClient,
  officeId: string,
  events: readonly SyncEvent[],
): Promise<void> {
  const mine = events.filter((e) => BOOKING_EVENTS.has(e.type));
  if (mine.length === 0) return;
  const tz = await client.query<{ time_zone: string | null }>('SELECT time_zone FROM offices WHERE id = $1', [
    officeId,
  ]);
  const timeZone = tz.rows[0]?.time_zone ?? 'Europe/Moscow';
  for (const e of mine) {
    const p = e.payload;
    if (e.type === 'AppointmentCreated') {
      const a = (typeof p.appointment === 'object' && p.appointment !== null ? p.appointment : {}) as Record<
        string,
        unknown
      >;
      const id = str(a.id);
      const code = str(a.code);
      const serviceId = str(a.serviceId);
      const slotAt = int(a.slotAt);
      if (!id || !code || !serviceId || slotAt === null) continue;
      let dayKey: string;
      try {
        dayKey = dayKeyOf(slotAt, timeZone);
      } catch {
        dayKey = new Date(slotAt).toISOString().slice(0, 10);
      }
      await client.query(CREATE_SQL, [
        officeId,
        id,
        code,
        serviceId,
        slotAt,
        dayKey,
        str(a.source) ?? 'office',
        int(a.createdAt) ?? e.at,
      ]);
      if (e.phoneTag) await client.query(TAG_SQL, [officeId, id, e.phoneTag, dayKey, slotAt]);
      continue;
    }
    const id = str(p.appointmentId);
    if (!id) continue;
    if (e.type === 'AppointmentCheckedIn') await client.query(CHECKED_IN_SQL, [officeId, id]);
    else await client.query(RELEASE_SQL, [officeId, id, e.type === 'AppointmentCancelled' ? 'cancelled' : 'forfeited']);
  }
}
