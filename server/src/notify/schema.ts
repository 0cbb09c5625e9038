/**
 * Schema version 16 (issue 15): who asked to be told and what was sent. No phone number and no chat id
 * here: those are personal data (`personal_data`, ref `notify:<ticket id>`), purged with the visit's.
 */
export const NOTIFY_SCHEMA = `
  CREATE TABLE notify_subscriptions (
    ticket_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    -- Telegram: the deep link's start parameter, until the visitor presses «Start»
    link TEXT,
    linked INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    -- when each message was queued: each is queued once
    near_at INTEGER,
    called_at INTEGER,
    PRIMARY KEY (ticket_id, channel)
  );
  CREATE UNIQUE INDEX notify_subscriptions_link ON notify_subscriptions(link) WHERE link IS NOT NULL;
  CREATE TABLE notify_messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ticket_id TEXT NOT NULL,
    number TEXT NOT NULL,
    channel TEXT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER,
    last_error TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX notify_messages_pending ON notify_messages(next_at) WHERE status = 'pending';
  CREATE INDEX notify_messages_ticket ON notify_messages(ticket_id);
  CREATE TABLE notify_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
`;
