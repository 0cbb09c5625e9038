-- Up Migration

-- Every office's bookings (issue 15): made on head office's public page, or at the office (the
-- administrator, the office's own page, an import) and arrived with its events. The id is the
-- office's `CODE@slotAt`, so a booking that travels both ways is one row. No personal data here.
CREATE TABLE hq_bookings (
  office_id text NOT NULL REFERENCES offices(id),
  appointment_id text NOT NULL,
  code text NOT NULL,
  service_id text NOT NULL,
  -- epoch ms, as the office's engine keeps it
  slot_at bigint NOT NULL,
  -- the office-local day of the slot
  day_key text NOT NULL,
  status text NOT NULL CHECK (status IN ('booked', 'checked-in', 'forfeited', 'cancelled')),
  source text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, appointment_id)
);
CREATE INDEX hq_bookings_code ON hq_bookings(office_id, code);
CREATE INDEX hq_bookings_slot ON hq_bookings(office_id, service_id, slot_at);

-- How many bookings hold each slot: the capacity is decided by one conditional upsert of this row
-- inside the booking's transaction, whichever head-office process takes the request.
CREATE TABLE hq_booking_slots (
  office_id text NOT NULL REFERENCES offices(id),
  service_id text NOT NULL,
  slot_at bigint NOT NULL,
  taken int NOT NULL DEFAULT 0 CHECK (taken >= 0),
  PRIMARY KEY (office_id, service_id, slot_at)
);

-- 152-ФЗ: the name and phone of a booking made on head office's page, only here, purged after the
-- retention period past the slot. `phone_key` is the number as compared (the per-phone limit).
CREATE TABLE hq_booking_personal (
  office_id text NOT NULL,
  appointment_id text NOT NULL,
  visitor_name text NOT NULL,
  phone text NOT NULL,
  phone_key text NOT NULL,
  day_key text NOT NULL,
  slot_at bigint NOT NULL,
  PRIMARY KEY (office_id, appointment_id),
  FOREIGN KEY (office_id, appointment_id) REFERENCES hq_bookings(office_id, appointment_id) ON DELETE CASCADE
);
CREATE INDEX hq_booking_personal_phone ON hq_booking_personal(office_id, phone_key, day_key);
CREATE INDEX hq_booking_personal_slot ON hq_booking_personal(slot_at);

-- Bookings made or cancelled on head office's page, returned to the office on its sync acks until it
-- acknowledges them; `seq` keeps their order (a move is a cancel, then a create).
CREATE TABLE returned_bookings (
  seq bigserial PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices(id),
  appointment_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('create', 'cancel')),
  code text NOT NULL,
  service_id text NOT NULL,
  slot_at bigint NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  acked_at timestamptz
);
CREATE INDEX returned_bookings_pending ON returned_bookings(office_id, seq) WHERE acked_at IS NULL;

-- Down Migration
DROP TABLE returned_bookings, hq_booking_personal, hq_booking_slots, hq_bookings;
