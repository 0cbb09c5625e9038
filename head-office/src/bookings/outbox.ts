import type { ReturnedBooking } from '@talon/protocol';
import type { Queryable } from '../context.js';

/** At most this many bookings ride on one sync answer; the rest follow on the next. */
const PENDING_MAX = 200;

/** Bookings made or cancelled here that the office has not acknowledged, in the order they happened. */
export async function pendingBookings(db: Queryable, officeId: string): Promise<ReturnedBooking[]> {
  const { rows } = await db.query<{
    seq: string;
    appointment_id: string;
    action: 'create' | 'cancel';
    code: string;
    service_id: string;
    slot_at: string;
    at: Date;
    visitor_name: string | null;
    phone: string | null;
  }>(
    `SELECT r.seq, r.appointment_id, r.action, r.code, r.service_id, r.slot_at, r.at, p.visitor_name, p.phone
       FROM returned_bookings r
       LEFT JOIN hq_booking_personal p
         ON r.action = 'create' AND p.office_id = r.office_id AND p.appointment_id = r.appointment_id
      WHERE r.office_id = $1 AND r.acked_at IS NULL ORDER BY r.seq LIMIT ${PENDING_MAX}`,
    [officeId],
  );
  return rows.map((r) => ({
    id: r.seq,
    action: r.action,
    appointmentId: r.appointment_id,
    code: r.code,
    serviceId: r.service_id,
    slotAt: Number(r.slot_at),
    ...(r.visitor_name ? { visitorName: r.visitor_name } : {}),
    ...(r.phone ? { phone: r.phone } : {}),
    at: r.at.getTime(),
  }));
}

export async function ackBookings(db: Queryable, officeId: string, ids: string[]): Promise<void> {
  const seqs = ids.filter((id) => /^\d{1,18}$/.test(id));
  if (seqs.length === 0) return;
  await db.query(
    `UPDATE returned_bookings SET acked_at = now()
      WHERE office_id = $1 AND seq = ANY($2::bigint[]) AND acked_at IS NULL`,
    [officeId, seqs],
  );
}

/**
 * 152-ФЗ: names and phones of head office's bookings (and every booking's phone tag) are kept `retentionDays` past the slot, then
 * deleted; acknowledged returns are forgotten after as long. Safe to run in several processes at once.
 */
export async function purgeBookings(db: Queryable, now: number, retentionDays: number): Promise<number> {
  const before = now - retentionDays * 86_400_000;
  const r = await db.query('DELETE FROM hq_booking_personal WHERE slot_at < $1', [before]);
  await db.query('DELETE FROM hq_booking_phones WHERE slot_at < $1', [before]);
  await db.query('DELETE FROM returned_bookings WHERE acked_at < to_timestamp($1 / 1000.0)', [before]);
  return r.rowCount ?? 0;
}
