import type { LocalText, RatingFigures } from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { NameBook } from './norms.js';
import type { ReportFilter } from './visit-report.js';

type DB = Database.Database;
const COMMENTS_SHOWN = 200;

function where(from: string, to: string, filter: ReportFilter, columns: Partial<Record<keyof ReportFilter, string>>) {
  const w = ['day_key >= ?', 'day_key <= ?'];
  const p: string[] = [from, to];
  for (const [k, col] of Object.entries(columns) as [keyof ReportFilter, string][]) {
    const v = filter[k];
    if (v === undefined) continue;
    w.push(`${col} = ?`);
    p.push(v);
  }
  return { sql: w.join(' AND '), params: p };
}

/**
 * Ratings and feedback from the `ratings` and `feedback` projections (the rating terminal and the QR
 * page write them as VisitRated / FeedbackReceived). A rating counts on the day of the visit it rates.
 */
export function ratingFigures(
  db: DB,
  from: string,
  to: string,
  filter: ReportFilter,
  names: NameBook,
  reasonNames: Map<string, LocalText>,
): RatingFigures {
  const r = where(from, to, filter, {
    serviceId: 'service_id',
    topicId: 'topic_id',
    operatorId: 'operator_id',
    windowId: 'window_id',
  });
  const scores = db
    .prepare<string[], { score: number; n: number }>(
      `SELECT score, COUNT(*) AS n FROM ratings WHERE ${r.sql} GROUP BY score ORDER BY score`,
    )
    .all(...r.params);
  const top = Math.max(5, ...scores.map((s) => s.score));
  const distribution = Array.from({ length: top }, (_, i) => scores.find((s) => s.score === i + 1)?.n ?? 0);
  const count = scores.reduce((a, s) => a + s.n, 0);
  const sum = scores.reduce((a, s) => a + s.score * s.n, 0);
  // Counted inside SQLite (json_each): a year of low marks never becomes JavaScript objects.
  const reasonCounts = new Map(
    db
      .prepare<string[], { id: string; n: number }>(
        `SELECT j.value AS id, COUNT(*) AS n FROM ratings, json_each(ratings.reasons) AS j
         WHERE ${r.sql} AND reasons <> '[]' GROUP BY j.value`,
      )
      .all(...r.params)
      .map((x) => [x.id, x.n]),
  );

  const out: RatingFigures = {
    available: true,
    count,
    mean: count === 0 ? null : sum / count,
    distribution,
    reasons: [...reasonCounts.entries()]
      .map(([id, n]) => ({ id, name: reasonNames.get(id) ?? names.name('outcome', id), count: n }))
      .sort((a, b) => b.count - a.count),
  };
  // Feedback need not name a visit, so the topic filter cannot apply to it.
  const f = where(from, to, filter, { serviceId: 'service_id', operatorId: 'operator_id', windowId: 'window_id' });
  out.feedback = db
    .prepare<string[], { type: string; count: number; actionable: number }>(
      `SELECT type, COUNT(*) AS count, SUM(actionable) AS actionable FROM feedback WHERE ${f.sql} GROUP BY type ORDER BY type`,
    )
    .all(...f.params);
  out.comments = db
    .prepare<string[], { at: number; type: string; text: string; actionable: number; operator_id: string | null }>(
      `SELECT at, type, text, actionable, operator_id FROM feedback
       WHERE ${f.sql} AND text IS NOT NULL AND text <> '' ORDER BY at DESC LIMIT ${COMMENTS_SHOWN}`,
    )
    .all(...f.params)
    .map((c) => ({
      at: c.at,
      type: c.type,
      text: c.text,
      actionable: c.actionable === 1,
      ...(c.operator_id ? { operatorId: c.operator_id } : {}),
    }));
  return out;
}
