import { ROLLUP_PARTS } from './rollups.js';
import { TICKET_PARTS } from './tickets.js';

/**
 * A batch's writes as ONE statement: the events, both rollups, the public-page tickets and the office's
 * sync row, each a part of a WITH. Round trips were the ingest's largest cost after PostgreSQL's own
 * work: on a busy head office every one is a wake-up of both processes, and a prepared statement is
 * parsed and planned once per connection instead of once per batch. Used when no row above the ack can
 * exist (the normal case); the careful path after a conflict keeps its steps (see ingest.ts).
 *
 * Parameters: `$1` the office; then the insert's (epoch, the events' JSON, the ack before the batch);
 * then the sync row's (`touchParams`); then the service and operator rollups' and the tickets' arrays.
 */

/** Every part keeps `$1` as the office; `$n` (n ≥ 2) of a part is moved up by `by`. */
function shift(sql: string, by: number): string {
  return sql.replace(/\$(\d+)/g, (m, n: string) => (n === '1' ? m : `$${Number(n) + by}`));
}

/** How many parameters after `$1` a part uses (its highest `$n` less one). */
function arity(sql: string): number {
  let max = 1;
  for (const m of sql.matchAll(/\$(\d+)/g)) max = Math.max(max, Number(m[1]));
  return max - 1;
}

/** The events, from the request's JSON text (`raw`: `$3` is the whole batch) or from a JSON array of our own. */
const insertPart = (raw: boolean) =>
  raw
    ? `INSERT INTO events (office_id, epoch, seq, at, type, digest, payload)
       SELECT $1, $2, seq, to_timestamp(at / 1000.0), type, decode(digest, 'hex'), payload
         FROM json_to_recordset($3::json -> 'events') AS u(seq bigint, at float8, type text, digest text, payload json)
        WHERE seq > $4::bigint`
    : `INSERT INTO events (office_id, epoch, seq, at, type, digest, payload)
       SELECT $1, $2, s, to_timestamp(a / 1000.0), t, decode(d, 'hex'), p
         FROM json_to_recordset($3::json) AS u(s bigint, a float8, t text, d text, p json)
        WHERE s > $4::bigint`;

/** A gap recorded earlier closes itself once the events it waited for are stored. */
export const GAPS_PART = `UPDATE office_incidents SET acked_at = now(), acked_by = 'sync'
     WHERE office_id = $1 AND kind = 'gap' AND acked_at IS NULL AND (details->>'expectSeq')::bigint <= $3`;

/** The office's sync state and figures ($2 epoch, $3 ack, $4 epoch base, $5 now, $6 status, $7 backlog, $8 lag). */
export const TOUCH_PART = `UPDATE office_sync SET epoch = $2, ack_seq = $3, epoch_base_seq = $4,
         last_seen_at = to_timestamp($5 / 1000.0), status = coalesce($6::jsonb, status),
         backlog = coalesce($7, backlog), lag_sec = coalesce($8, lag_sec)
   WHERE office_id = $1`;

function compose(raw: boolean): string {
  const insert = insertPart(raw);
  let at = arity(insert);
  const place = (sql: string) => {
    const out = shift(sql, at);
    at += arity(sql);
    return out;
  };
  // the sync row's parameters are shared by its two parts: place them once
  const touchAt = at;
  at += arity(TOUCH_PART);
  const gaps = shift(GAPS_PART, touchAt);
  const touch = shift(TOUCH_PART, touchAt);
  const service = place(ROLLUP_PARTS.service);
  const operator = place(ROLLUP_PARTS.operator);
  const ticketsAt = at;
  const d = shift(TICKET_PARTS.d, ticketsAt);
  const upd = shift(TICKET_PARTS.upd, ticketsAt);
  const tickets = shift(TICKET_PARTS.insert, ticketsAt);
  return `WITH ins AS (${insert}),
    rs AS (${service}),
    ro AS (${operator}),
    d AS (${d}),
    upd AS (${upd}),
    tk AS (${tickets}),
    gaps AS (${gaps})
  ${touch}`;
}

/** Named, so each pooled connection prepares it once. */
export const BATCH_STATEMENT = {
  raw: { name: 'hq-ingest-batch-raw', text: compose(true) },
  own: { name: 'hq-ingest-batch', text: compose(false) },
} as const;
