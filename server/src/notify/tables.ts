import { randomBytes } from 'node:crypto';
import type { NotifyChannel, NotifyMessageRow, NotifyMessageStatus } from '@talon/protocol';
import type Database from 'better-sqlite3';

export type MessageKind = NotifyMessageRow['kind'];

export interface Subscription {
  ticketId: string;
  channel: NotifyChannel;
  linked: boolean;
  nearAt: number | null;
  calledAt: number | null;
}

interface SubRow {
  ticket_id: string;
  channel: NotifyChannel;
  linked: number;
  near_at: number | null;
  called_at: number | null;
}
interface MsgRow {
  id: number;
  ticket_id: string;
  number: string;
  channel: NotifyChannel;
  kind: MessageKind;
  text: string;
  status: NotifyMessageStatus;
  attempts: number;
  next_at: number | null;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
}

const sub = (r: SubRow): Subscription => ({
  ticketId: r.ticket_id,
  channel: r.channel,
  linked: r.linked === 1,
  nearAt: r.near_at,
  calledAt: r.called_at,
});
const msg = (r: MsgRow): NotifyMessageRow => ({
  id: r.id,
  ticketId: r.ticket_id,
  number: r.number,
  channel: r.channel,
  kind: r.kind,
  text: r.text,
  status: r.status,
  attempts: r.attempts,
  createdAt: r.created_at,
  nextAt: r.next_at,
  sentAt: r.sent_at,
  lastError: r.last_error,
});

/** The notifications' own tables (schema version 16): subscriptions, the outbox, the bot's update offset. */
export function notifyTables(db: Database.Database) {
  const s = {
    subscribe: db.prepare<[string, string, string | null, number, number]>(
      `INSERT INTO notify_subscriptions (ticket_id, channel, link, linked, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (ticket_id, channel) DO NOTHING`,
    ),
    link: db
      .prepare<[string], string | null>(
        "SELECT link FROM notify_subscriptions WHERE ticket_id = ? AND channel = 'telegram'",
      )
      .pluck(),
    byLink: db
      .prepare<[string], string>("SELECT ticket_id FROM notify_subscriptions WHERE link = ? AND channel = 'telegram'")
      .pluck(),
    setLinked: db.prepare<[string]>(
      "UPDATE notify_subscriptions SET linked = 1 WHERE ticket_id = ? AND channel = 'telegram'",
    ),
    // SMS subscriptions are reachable at once; Telegram ones once the visitor pressed «Start»
    active: db.prepare<[], SubRow>(
      `SELECT ticket_id, channel, linked, near_at, called_at FROM notify_subscriptions
       WHERE called_at IS NULL AND (channel = 'sms' OR linked = 1) ORDER BY created_at`,
    ),
    markNear: db.prepare<[number, string, string]>(
      'UPDATE notify_subscriptions SET near_at = ? WHERE ticket_id = ? AND channel = ? AND near_at IS NULL',
    ),
    markCalled: db.prepare<[number, number, string, string]>(
      `UPDATE notify_subscriptions SET called_at = ?, near_at = COALESCE(near_at, ?)
       WHERE ticket_id = ? AND channel = ? AND called_at IS NULL`,
    ),
    endTicket: db.prepare<[string]>('DELETE FROM notify_subscriptions WHERE ticket_id = ?'),
    queue: db.prepare<[string, string, string, string, string, number, number]>(
      `INSERT INTO notify_messages (ticket_id, number, channel, kind, text, status, next_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    ),
    due: db.prepare<[string, number], MsgRow>(
      `SELECT * FROM notify_messages WHERE status = 'pending' AND channel = ? AND next_at <= ?
       ORDER BY next_at, id LIMIT 1`,
    ),
    sent: db.prepare<[number, number, number]>(
      "UPDATE notify_messages SET status = 'sent', attempts = ?, sent_at = ?, next_at = NULL, last_error = NULL WHERE id = ?",
    ),
    // a message dropped while its attempt was under way stays dropped; the attempt is still counted
    retry: db.prepare<[number, string, number | null, string, number]>(
      `UPDATE notify_messages SET attempts = ?,
         status = CASE WHEN status = 'pending' THEN ? ELSE status END,
         next_at = CASE WHEN status = 'pending' THEN ? ELSE next_at END,
         last_error = CASE WHEN status = 'pending' THEN ? ELSE last_error END
       WHERE id = ?`,
    ),
    dropOne: db.prepare<[string, number]>(
      "UPDATE notify_messages SET status = 'dropped', next_at = NULL, last_error = ? WHERE id = ? AND status = 'pending'",
    ),
    dropTicket: db.prepare<[string, string]>(
      "UPDATE notify_messages SET status = 'dropped', next_at = NULL, last_error = ? WHERE ticket_id = ? AND status = 'pending'",
    ),
    dropKind: db.prepare<[string, string, string]>(
      `UPDATE notify_messages SET status = 'dropped', next_at = NULL, last_error = ?
       WHERE ticket_id = ? AND kind = ? AND status = 'pending'`,
    ),
    pendingTickets: db
      .prepare<[], string>("SELECT DISTINCT ticket_id FROM notify_messages WHERE status = 'pending'")
      .pluck(),
    subscribedTickets: db.prepare<[], string>('SELECT DISTINCT ticket_id FROM notify_subscriptions').pluck(),
    list: db.prepare<[number], MsgRow>('SELECT * FROM notify_messages ORDER BY id DESC LIMIT ?'),
    getState: db.prepare<[string], string>('SELECT value FROM notify_state WHERE key = ?').pluck(),
    setState: db.prepare<[string, string]>(
      'INSERT INTO notify_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ),
  };
  return {
    subscribeSms(ticketId: string, now: number) {
      s.subscribe.run(ticketId, 'sms', null, 1, now);
    },
    /** The Telegram deep link's start parameter of a ticket: made once, the same on every visit of the page. */
    telegramLink(ticketId: string, now: number): string {
      const found = s.link.get(ticketId);
      if (found) return found;
      // 128 random bits, URL-safe: Telegram allows [A-Za-z0-9_-] up to 64 characters
      s.subscribe.run(ticketId, 'telegram', randomBytes(16).toString('base64url'), 0, now);
      return s.link.get(ticketId) as string;
    },
    ticketOfLink: (link: string) => s.byLink.get(link),
    setLinked: (ticketId: string) => s.setLinked.run(ticketId),
    active: () => s.active.all().map(sub),
    markNear: (ticketId: string, channel: NotifyChannel, at: number) => s.markNear.run(at, ticketId, channel),
    markCalled: (ticketId: string, channel: NotifyChannel, at: number) => s.markCalled.run(at, at, ticketId, channel),
    endTicket: (ticketId: string) => s.endTicket.run(ticketId),
    queue(
      m: { ticketId: string; number: string; channel: NotifyChannel; kind: MessageKind; text: string },
      now: number,
    ) {
      s.queue.run(m.ticketId, m.number, m.channel, m.kind, m.text, now, now);
    },
    nextDue: (channel: NotifyChannel, now: number) => {
      const r = s.due.get(channel, now);
      return r ? msg(r) : undefined;
    },
    sent: (id: number, attempts: number, at: number) => s.sent.run(attempts, at, id),
    retry: (id: number, status: 'pending' | 'failed', attempts: number, nextAt: number | null, error: string) =>
      s.retry.run(attempts, status, nextAt, error, id),
    dropOne: (id: number, why: string) => s.dropOne.run(why, id),
    dropTicket: (ticketId: string, why: string) => s.dropTicket.run(why, ticketId),
    dropKind: (ticketId: string, kind: MessageKind, why: string) => s.dropKind.run(why, ticketId, kind),
    /** Tickets with a subscription or a message waiting: what to look at when tickets leave the hall. */
    watched: () => new Set([...s.pendingTickets.all(), ...s.subscribedTickets.all()]),
    list: (limit: number) => s.list.all(limit).map(msg),
    getState: (key: string) => s.getState.get(key),
    setState: (key: string, value: string) => s.setState.run(key, value),
  };
}

export type NotifyTables = ReturnType<typeof notifyTables>;
