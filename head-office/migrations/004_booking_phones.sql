-- Up Migration

-- The phone of every booking, made on either side, as a tag head office can compare but not read
-- (HMAC of the phone key under the office's link secret, server/src/links.ts): the per-phone limit counts
-- bookings made at the office too. Deleted with the names and phones, after the retention.
CREATE TABLE hq_booking_phones (
  office_id text NOT NULL,
  appointment_id text NOT NULL,
  phone_tag text NOT NULL CHECK (phone_tag ~ '^[0-9a-f]{32}$'),
  day_key text NOT NULL,
  slot_at bigint NOT NULL,
  PRIMARY KEY (office_id, appointment_id),
  FOREIGN KEY (office_id, appointment_id) REFERENCES hq_bookings(office_id, appointment_id) ON DELETE CASCADE
);
CREATE INDEX hq_booking_phones_tag ON hq_booking_phones(office_id, phone_tag, day_key);
CREATE INDEX hq_booking_phones_slot ON hq_booking_phones(slot_at);

-- head office's own bookings made before this table have no tag: the limit counts them by their phone key
-- in hq_booking_personal, as before

-- Down Migration
DROP TABLE hq_booking_phones;
