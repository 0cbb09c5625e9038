-- Up Migration

-- Tickets asked for on head office's take page (issue 15), waiting for their office, which polls for them
-- and answers with the ticket or the refusal. No personal data in the row itself: the phone sits in its
-- own column, nulled as soon as the office answered or the request expired (152-ФЗ).
CREATE TABLE ticket_requests (
  id uuid PRIMARY KEY,
  office_id text NOT NULL REFERENCES offices(id),
  -- { topicId?, segmentId?, serviceId? }: what the visitor chose, without the phone
  request jsonb NOT NULL,
  phone text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'refused')),
  ticket_id text,
  number text,
  -- until when the visit link is valid (the office's rating period), epoch ms
  visit_exp bigint,
  -- { code, details? } of a refusal
  error jsonb,
  -- epoch ms on head office's clock
  created_at bigint NOT NULL,
  taken_at bigint,
  answered_at bigint,
  CHECK (status = 'pending' OR phone IS NULL)
);
CREATE INDEX ticket_requests_pending ON ticket_requests(office_id, created_at) WHERE status = 'pending';

-- Down Migration
DROP TABLE ticket_requests;
