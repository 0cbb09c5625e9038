import { bookingPhoneTag } from '@talon/server/links';
import type { Queryable } from '../context.js';

/**
 * A visitor asked the office to erase their data (152-ФЗ): the office sends the phone's tag, and head office
 * erases the name and phone of its own bookings with that phone, and every booking's tag of it. The bookings
 * themselves stay (numbers, times, outcomes), as at the office. Bookings from before tags carry only the phone
 * key: their tag is computed here from the office's link secret. Returns the tags carried out.
 */
export async function erasePhones(db: Queryable, officeId: string, tags: readonly string[]): Promise<string[]> {
  if (tags.length === 0) return [];
  const office = await db.query<{ link_secret: Buffer | null }>('SELECT link_secret FROM offices WHERE id = $1', [
    officeId,
  ]);
  const secret = office.rows[0]?.link_secret ?? null;
  const wanted = new Set(tags);
  const ids = new Set<string>();
  const tagged = await db.query<{ appointment_id: string }>(
    'SELECT appointment_id FROM hq_booking_phones WHERE office_id = $1 AND phone_tag = ANY($2::text[])',
    [officeId, [...wanted]],
  );
  for (const r of tagged.rows) ids.add(r.appointment_id);
  if (secret) {
    const untagged = await db.query<{ appointment_id: string; phone_key: string }>(
      `SELECT p.appointment_id, p.phone_key FROM hq_booking_personal p
        WHERE p.office_id = $1 AND NOT EXISTS (
          SELECT 1 FROM hq_booking_phones t WHERE t.office_id = p.office_id AND t.appointment_id = p.appointment_id)`,
      [officeId],
    );
    for (const r of untagged.rows) if (wanted.has(bookingPhoneTag(secret, r.phone_key))) ids.add(r.appointment_id);
  }
  await db.query('DELETE FROM hq_booking_personal WHERE office_id = $1 AND appointment_id = ANY($2::text[])', [
    officeId,
    [...ids],
  ]);
  await db.query('DELETE FROM hq_booking_phones WHERE office_id = $1 AND phone_tag = ANY($2::text[])', [
    officeId,
    [...wanted],
  ]);
  return [...wanted];
}
