-- Up Migration

-- Company structure: company (this database) → branch (region) → office.
CREATE TABLE branches (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  code text NOT NULL UNIQUE,
  name jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE offices (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  code text NOT NULL UNIQUE,
  name jsonb NOT NULL,
  branch_id text NOT NULL REFERENCES branches(id),
  -- SHA-256 of the API key: keys are 32 random bytes, so a fast hash is as safe as a slow one.
  key_hash bytea UNIQUE,
  key_revoked_at timestamptz,
  -- The office's visit-link secret, sent at hello: head office verifies the links it prints.
  link_secret bytea,
  time_zone text,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per office, locked (FOR UPDATE) by every ingest of that office: whichever head-office
-- process takes a batch, PostgreSQL serialises it, so an (office, seq) is stored once.
CREATE TABLE office_sync (
  office_id text PRIMARY KEY REFERENCES offices(id),
  epoch int NOT NULL DEFAULT 1,
  -- The last seq stored for this office (in the current epoch; earlier epochs keep theirs).
  ack_seq bigint NOT NULL DEFAULT 0,
  -- Seqs at or below this were stored in an earlier epoch (the fork point − 1).
  epoch_base_seq bigint NOT NULL DEFAULT 0,
  last_seen_at timestamptz,
  status jsonb,
  backlog int NOT NULL DEFAULT 0,
  lag_sec int,
  profile_applied int
);

-- Every office's events with personal data removed by the office, partitioned by month of `at`
-- (partitions are created on demand by the ingest; see src/sync/partitions.ts).
CREATE TABLE events (
  office_id text NOT NULL,
  epoch int NOT NULL,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  type text NOT NULL,
  digest bytea NOT NULL,
  -- json, not jsonb: stored as the office sent it (cheaper to take in; head office never queries inside).
  payload json NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, epoch, seq, at)
) PARTITION BY RANGE (at);

-- Gaps refused, offices gone back in time, forked logs, refused profiles: what needs a person.
CREATE TABLE office_incidents (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  office_id text NOT NULL REFERENCES offices(id),
  kind text NOT NULL CHECK (kind IN ('gap', 'behind', 'forked', 'profile-refused')),
  at timestamptz NOT NULL DEFAULT now(),
  details jsonb NOT NULL DEFAULT '{}',
  acked_at timestamptz,
  acked_by text
);
CREATE INDEX office_incidents_open ON office_incidents(office_id) WHERE acked_at IS NULL;

-- Report rollups, kept current by the ingest in the batch's transaction (figures are sums, so
-- any grouping of rows adds up). Visits are counted on the office-local day they were issued.
CREATE TABLE rollup_service (
  office_id text NOT NULL,
  day date NOT NULL,
  service_id text NOT NULL,
  topic_id text NOT NULL DEFAULT '',
  visits int NOT NULL DEFAULT 0,
  served int NOT NULL DEFAULT 0,
  no_show int NOT NULL DEFAULT 0,
  cancelled int NOT NULL DEFAULT 0,
  wait_n int NOT NULL DEFAULT 0,
  wait_sum bigint NOT NULL DEFAULT 0,
  wait_max int NOT NULL DEFAULT 0,
  wait_within int NOT NULL DEFAULT 0,
  wait_normed int NOT NULL DEFAULT 0,
  service_n int NOT NULL DEFAULT 0,
  service_sum bigint NOT NULL DEFAULT 0,
  service_within int NOT NULL DEFAULT 0,
  service_normed int NOT NULL DEFAULT 0,
  total_within int NOT NULL DEFAULT 0,
  total_normed int NOT NULL DEFAULT 0,
  b1 int NOT NULL DEFAULT 0,
  b2 int NOT NULL DEFAULT 0,
  b3 int NOT NULL DEFAULT 0,
  b4 int NOT NULL DEFAULT 0,
  b5 int NOT NULL DEFAULT 0,
  ratings int NOT NULL DEFAULT 0,
  rating_sum int NOT NULL DEFAULT 0,
  PRIMARY KEY (office_id, day, service_id, topic_id)
);
CREATE INDEX rollup_service_day ON rollup_service(day);

CREATE TABLE rollup_operator (LIKE rollup_service INCLUDING DEFAULTS);
ALTER TABLE rollup_operator DROP COLUMN service_id, DROP COLUMN topic_id;
ALTER TABLE rollup_operator ADD COLUMN operator_id text NOT NULL;
ALTER TABLE rollup_operator ADD PRIMARY KEY (office_id, day, operator_id);
CREATE INDEX rollup_operator_day ON rollup_operator(day);

-- Catalogue names per office for reports (from the office's OfficeConfigured events).
CREATE TABLE office_catalogue (
  office_id text NOT NULL REFERENCES offices(id),
  kind text NOT NULL CHECK (kind IN ('service', 'topic', 'operator')),
  item_id text NOT NULL,
  name jsonb NOT NULL,
  PRIMARY KEY (office_id, kind, item_id)
);

-- Tickets of the last days, for the public visit page (numbers and states only).
CREATE TABLE hq_tickets (
  office_id text NOT NULL,
  ticket_id text NOT NULL,
  number text NOT NULL,
  service_id text NOT NULL,
  day_key text NOT NULL,
  status text NOT NULL,
  window_number int,
  issued_at timestamptz NOT NULL,
  closed_at timestamptz,
  rated boolean NOT NULL DEFAULT false,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, ticket_id)
);
CREATE INDEX hq_tickets_issued ON hq_tickets(issued_at);

-- Ratings given on the public page, until the office acknowledges them; one per visit.
CREATE TABLE returned_ratings (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  office_id text NOT NULL REFERENCES offices(id),
  ticket_id text NOT NULL,
  score int NOT NULL CHECK (score BETWEEN 1 AND 5),
  reasons jsonb NOT NULL DEFAULT '[]',
  feedback jsonb,
  at timestamptz NOT NULL DEFAULT now(),
  acked_at timestamptz,
  UNIQUE (office_id, ticket_id)
);
CREATE INDEX returned_ratings_pending ON returned_ratings(office_id) WHERE acked_at IS NULL;

-- Head-office people and sessions (sessions in the database: any process serves any request).
CREATE TABLE hq_users (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  login text NOT NULL UNIQUE,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('company_admin', 'branch_manager', 'analyst')),
  branch_id text REFERENCES branches(id),
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK ((role = 'branch_manager') = (branch_id IS NOT NULL))
);

CREATE TABLE hq_sessions (
  token_hash bytea PRIMARY KEY,
  user_id text NOT NULL REFERENCES hq_users(id),
  expires_at timestamptz NOT NULL
);

-- Failed sign-ins per login, in the database so that every process counts the same guesses.
CREATE TABLE hq_login_failures (
  login text PRIMARY KEY,
  failures int NOT NULL DEFAULT 0,
  first_at timestamptz NOT NULL DEFAULT now(),
  locked_until timestamptz
);

-- Published profiles: one version number for the whole company, unique in the database.
CREATE TABLE profiles (
  id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
  version int NOT NULL UNIQUE,
  scope text NOT NULL CHECK (scope IN ('company', 'branch', 'office')),
  target_id text,
  title text NOT NULL,
  config jsonb NOT NULL,
  local jsonb NOT NULL DEFAULT '[]',
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by text NOT NULL
);

CREATE TABLE profile_results (
  office_id text NOT NULL REFERENCES offices(id),
  version int NOT NULL,
  state text NOT NULL CHECK (state IN ('applied', 'refused')),
  reason text,
  at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (office_id, version)
);

-- Down Migration
DROP TABLE profile_results, profiles, hq_login_failures, hq_sessions, hq_users, returned_ratings, hq_tickets,
  office_catalogue, rollup_operator, rollup_service, office_incidents, events, office_sync, offices, branches;
