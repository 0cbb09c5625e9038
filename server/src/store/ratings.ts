import type { DomainEvent, FeedbackRow, FeedbackType, RatingChannel, RatingRow } from '@talon/protocol';
import type Database from 'better-sqlite3';

type DB = Database.Database;

export type { FeedbackRow, RatingRow };

export interface RatingQuery {
  fromDay?: string;
  toDay?: string;
  operatorId?: string;
}

export interface RatingProjections {
  /** Runs inside the append transaction, like the visits projection. */
  apply(event: DomainEvent, seq: number): void;
  ratings(q: RatingQuery): RatingRow[];
  feedback(q: RatingQuery): FeedbackRow[];
  clear(): void;
}

type Row = Record<string, string | number | null>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function where(q: RatingQuery): { sql: string; params: (string | number)[] } {
  const parts: string[] = [];
  const params: (string | number)[] = [];
  for (const d of [q.fromDay, q.toDay])
    if (d !== undefined && !DAY.test(d)) throw new RangeError(`day must be YYYY-MM-DD, got ${d}`);
  if (q.operatorId !== undefined) {
    parts.push('operator_id = ?');
    params.push(q.operatorId);
  }
  if (q.fromDay !== undefined) {
    parts.push('day_key >= ?');
    params.push(q.fromDay);
  }
  if (q.toDay !== undefined) {
    parts.push('day_key <= ?');
    params.push(q.toDay);
  }
  return { sql: parts.length ? ` WHERE ${parts.join(' AND ')}` : '', params };
}

const opt = <K extends string>(key: K, v: string | number | null | undefined) =>
  v === null || v === undefined ? {} : ({ [key]: v } as Record<K, string>);

export function createRatingProjections(db: DB): RatingProjections {
  const insertRating = db.prepare(
    `INSERT OR REPLACE INTO ratings (ticket_id, number, day_key, score, reasons, channel, service_id, topic_id,
       operator_id, window_id, at, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertFeedback = db.prepare(
    `INSERT OR REPLACE INTO feedback (seq, type, text, contact, actionable, channel, day_key, ticket_id, service_id,
       operator_id, window_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return {
    apply(e, seq) {
      if (e.type === 'VisitRated') {
        insertRating.run(
          e.ticketId,
          e.number,
          e.dayKey,
          e.score,
          JSON.stringify(e.reasons),
          e.channel,
          e.serviceId,
          e.topicId ?? null,
          e.operatorId ?? null,
          e.windowId ?? null,
          e.at,
          seq,
        );
      } else if (e.type === 'FeedbackReceived') {
        insertFeedback.run(
          seq,
          e.feedbackType,
          e.text ?? null,
          e.contact ?? null,
          e.actionable ? 1 : 0,
          e.channel,
          e.dayKey,
          e.ticketId ?? null,
          e.serviceId ?? null,
          e.operatorId ?? null,
          e.windowId ?? null,
          e.at,
        );
      }
    },
    ratings(q) {
      const w = where(q);
      const rows = db.prepare<(string | number)[], Row>(`SELECT * FROM ratings${w.sql} ORDER BY seq`).all(...w.params);
      return rows.map((r) => ({
        ticketId: String(r.ticket_id),
        number: String(r.number),
        dayKey: String(r.day_key),
        score: Number(r.score),
        reasons: JSON.parse(String(r.reasons)) as string[],
        channel: r.channel as RatingChannel,
        serviceId: String(r.service_id),
        at: Number(r.at),
        ...opt('topicId', r.topic_id),
        ...opt('operatorId', r.operator_id),
        ...opt('windowId', r.window_id),
      }));
    },
    feedback(q) {
      const w = where(q);
      const rows = db.prepare<(string | number)[], Row>(`SELECT * FROM feedback${w.sql} ORDER BY seq`).all(...w.params);
      return rows.map((r) => ({
        id: Number(r.seq),
        type: r.type as FeedbackType,
        actionable: r.actionable === 1,
        channel: r.channel as RatingChannel,
        dayKey: String(r.day_key),
        at: Number(r.at),
        ...opt('text', r.text),
        ...opt('contact', r.contact),
        ...opt('ticketId', r.ticket_id),
        ...opt('serviceId', r.service_id),
        ...opt('operatorId', r.operator_id),
        ...opt('windowId', r.window_id),
      }));
    },
    clear() {
      db.exec('DELETE FROM ratings; DELETE FROM feedback;');
    },
  };
}
