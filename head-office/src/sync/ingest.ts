import type { SyncAck, SyncBatch, SyncEvent, SyncGapDetails } from '@talon/protocol';
import type pg from 'pg';
import { applyBookingEvents, hasBookingEvents } from '../bookings/events.js';
import { HQ_OFFICE_CHANNEL } from '../context.js';
import { BATCH_STATEMENT, GAPS_PART, TOUCH_PART } from './batch-statement.js';
import { applyCatalogue } from './catalogue.js';
import { aggregate, applyRollups, rollupParams } from './rollups.js';
import { applyTickets, ticketChanges, ticketParams } from './tickets.js';

export type IngestOutcome =
  | { kind: 'ack'; ack: Omit<SyncAck, 'profileVersion' | 'ratings'>; profileVersion: number | null }
  | { kind: 'gap'; details: SyncGapDetails }
  | { kind: 'revoked' };

interface SyncRow {
  epoch: number;
  ack_seq: string;
  epoch_base_seq: string;
  revoked: boolean;
  profile_version: number | null;
  attention: 'forked' | 'behind' | null;
}

// Locks the office's sync row: whichever process holds it decides for this office alone. The key is
// checked again under the lock, so a batch racing a revocation stores nothing.
const LOCK_SQL = `
  SELECT s.epoch, s.ack_seq, s.epoch_base_seq, o.key_revoked_at IS NOT NULL AS revoked,
         (s.status->>'profileVersion')::int AS profile_version,
         (SELECT i.kind FROM office_incidents i
           WHERE i.office_id = s.office_id AND i.acked_at IS NULL AND i.kind IN ('forked', 'behind')
           ORDER BY i.at DESC LIMIT 1) AS attention
    FROM office_sync s JOIN offices o ON o.id = s.office_id
   WHERE s.office_id = $1 FOR UPDATE OF s`;

// The copy head office keeps of a seq at or below the ack: its newest epoch holding it. Each fork
// starts an epoch just after a seq the previous one held, so that is the copy in the current line.
const DIGESTS_SQL = `
  SELECT DISTINCT ON (seq) seq, encode(digest, 'hex') AS digest FROM events
   WHERE office_id = $1 AND epoch = ANY($2::int[]) AND seq BETWEEN $3 AND $4
   ORDER BY seq, epoch DESC`;

// The careful path, after an unexpected 23505 (a row above the ack exists after all, edited by hand):
// store around what is there and fold only what this transaction stored. The events travel as one JSON
// array parameter, or ($3, $4) as the batch's JSON text as received and the ack.
const INSERT_SAFE_SQL = `
  INSERT INTO events (office_id, epoch, seq, at, type, digest, payload)
  SELECT $1, $2, s, to_timestamp(a / 1000.0), t, decode(d, 'hex'), p
    FROM json_to_recordset($3::json) AS u(s bigint, a float8, t text, d text, p json)
  ON CONFLICT DO NOTHING RETURNING seq`;
const RAW_INSERT_SAFE_SQL = `
  INSERT INTO events (office_id, epoch, seq, at, type, digest, payload)
  SELECT $1, $2, seq, to_timestamp(at / 1000.0), type, decode(digest, 'hex'), payload
    FROM json_to_recordset($3::json -> 'events') AS u(seq bigint, at float8, type text, digest text, payload json)
   WHERE seq > $4
  ON CONFLICT DO NOTHING RETURNING seq`;

// The office's sync state and figures, on their own (a batch with nothing new, a gap, the careful path).
const TOUCH_SQL = `WITH gaps AS (${GAPS_PART}) ${TOUCH_PART}`;

/**
 * Records an incident. `once`: not while one of its kind is open (a retried batch does not pile up the
 * same news); for a gap, `once` is its expected seq. A fork is always recorded: each is a new epoch.
 */
const incident = (client: pg.PoolClient, officeId: string, kind: string, details: object, once: boolean | string) =>
  client.query(
    `INSERT INTO office_incidents (office_id, kind, details)
     SELECT $1, $2, $3::jsonb WHERE NOT $4 OR NOT EXISTS (
       SELECT 1 FROM office_incidents WHERE office_id = $1 AND kind = $2 AND acked_at IS NULL
          AND ($5::text IS NULL OR details->>'expectSeq' = $5))`,
    [officeId, kind, JSON.stringify(details), once !== false, typeof once === 'string' ? once : null],
  );

/** `VALIDATION_FAILED` details for a batch that cannot be a slice of one office log; null when it can. */
export function batchProblem(batch: SyncBatch): object | null {
  const first = batch.events[0]?.seq ?? 0;
  const i = batch.events.findIndex((e, k) => e.seq !== first + k);
  if (i !== -1) return { reason: 'events must have consecutive seqs', index: i, seq: batch.events[i]?.seq };
  // Partitions are by month of `at`: an office clock in year 50000 must not create one.
  const odd = batch.events.find((e) => e.at < Date.UTC(2000, 0, 1) || e.at >= Date.UTC(2100, 0, 1));
  if (odd) return { reason: 'event time out of range', seq: odd.seq, at: odd.at };
  const last = batch.events.at(-1)?.seq;
  if (last !== undefined && batch.officeLastSeq < last)
    return { reason: 'officeLastSeq is below the batch', officeLastSeq: batch.officeLastSeq, seq: last };
  return null;
}

/**
 * One batch of one office, in one transaction under that office's row lock: replays are counted and
 * skipped (digests compared), a differing log starts a new epoch and keeps what was stored, a gap is
 * recorded and refused, and the new events, rollups, tickets and sync state commit together.
 */
export async function ingestBatch(
  client: pg.PoolClient,
  officeId: string,
  batch: SyncBatch,
  now: number,
  safe = false,
  /** The batch's JSON text as received (validated as `batch`): stored without serialising it again. */
  raw?: string,
): Promise<IngestOutcome> {
  await client.query('BEGIN');
  try {
    const out = await inTransaction(client, officeId, batch, now, safe, raw);
    await client.query(out.kind === 'revoked' ? 'ROLLBACK' : 'COMMIT');
    // The live channel's nudge, just after the commit rather than inside it: PostgreSQL serialises
    // the commits of notifying transactions (one lock, held through the WAL flush), which would make
    // every office's batch wait for every other's fsync. A nudge lost to a crash right here costs a
    // screen one update, which the office's next batch or heartbeat brings.
    if (out.kind !== 'revoked') await client.query('SELECT pg_notify($1, $2)', [HQ_OFFICE_CHANNEL, officeId]);
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

async function inTransaction(
  client: pg.PoolClient,
  officeId: string,
  batch: SyncBatch,
  now: number,
  safe: boolean,
  raw: string | undefined,
): Promise<IngestOutcome> {
  let lock = await client.query<SyncRow>(LOCK_SQL, [officeId]);
  if (!lock.rows[0]) {
    await client.query('INSERT INTO office_sync (office_id) VALUES ($1) ON CONFLICT DO NOTHING', [officeId]);
    lock = await client.query<SyncRow>(LOCK_SQL, [officeId]);
  }
  const row = lock.rows[0];
  if (!row) throw new Error(`office ${officeId} has no sync row`);
  if (row.revoked) return { kind: 'revoked' };
  let epoch = row.epoch;
  let ack = Number(row.ack_seq);
  let base = Number(row.epoch_base_seq);
  let attention = row.attention;
  const events = batch.events;

  // (a) The overlap with what head office holds: a replay, or a log that went another way.
  let duplicates = 0;
  let forkAt: number | null = null;
  const overlap = events.filter((e) => e.seq <= ack);
  if (overlap.length > 0) {
    const epochs = Array.from({ length: epoch }, (_, i) => i + 1);
    const { rows } = await client.query<{ seq: string; digest: string }>(DIGESTS_SQL, [
      officeId,
      epochs,
      overlap[0]?.seq,
      overlap.at(-1)?.seq,
    ]);
    const held = new Map(rows.map((r) => [Number(r.seq), r.digest]));
    for (const e of overlap) {
      if (held.get(e.seq) === e.digest) duplicates += 1;
      else {
        forkAt = e.seq;
        break;
      }
    }
  }
  if (forkAt !== null) {
    // Restored from an older backup and written on: both lines happened. The old epoch's events stay;
    // the office's line continues in a new epoch from the first seq that differs.
    const oldEpoch = epoch;
    await incident(
      client,
      officeId,
      'forked',
      {
        oldEpoch,
        epoch: oldEpoch + 1,
        fromSeq: forkAt,
        oldAckSeq: ack,
        keptFromOldEpoch: { fromSeq: forkAt, toSeq: ack },
      },
      false,
    );
    epoch += 1;
    base = forkAt - 1;
    ack = forkAt - 1;
    attention = 'forked';
  }
  const fresh = events.filter((e) => e.seq > ack);

  const backlog = batch.backlog?.count ?? null;
  const lagSec =
    batch.backlog === undefined
      ? null
      : batch.backlog.count === 0 || batch.backlog.oldestAt === null
        ? 0
        : Math.max(0, Math.round(((batch.status?.at ?? now) - batch.backlog.oldestAt) / 1000));
  const touchParams = (ackSeq: number) => [
    epoch,
    ackSeq,
    base,
    now,
    batch.status ? JSON.stringify(batch.status) : null,
    backlog,
    lagSec,
  ];
  const touch = (ackSeq: number) => client.query(TOUCH_SQL, [officeId, ...touchParams(ackSeq)]);

  // (b) A gap: never filled in silently. Recorded (once per expected seq) and refused.
  const firstFresh = fresh[0]?.seq;
  if (firstFresh !== undefined && firstFresh > ack + 1) {
    const details: SyncGapDetails = { expectSeq: ack + 1, receivedSeq: firstFresh };
    await incident(client, officeId, 'gap', { ...details, epoch }, String(ack + 1));
    await touch(ack);
    return { kind: 'gap', details };
  }

  // (c) The office holds less than head office and wrote nothing different (yet): it went back in time.
  let answerAck = ack;
  if (forkAt === null && fresh.length === 0 && batch.officeLastSeq < ack) {
    await incident(client, officeId, 'behind', { officeLastSeq: batch.officeLastSeq, ackSeq: ack, epoch }, true);
    attention = 'behind';
    // What the office has is at head office: it may mark all of it sent.
    answerAck = batch.officeLastSeq;
  }

  let stored: SyncEvent[] = [];
  if (fresh.length > 0 && !safe) {
    // the normal case: nothing above the ack can exist, so everything goes in one statement
    const data = raw ?? JSON.stringify(fresh.map((e) => ({ s: e.seq, a: e.at, t: e.type, d: e.digest, p: e.payload })));
    const last = fresh.at(-1)?.seq ?? ack;
    const rollups = rollupParams(aggregate(fresh));
    await client.query({
      ...(raw === undefined ? BATCH_STATEMENT.own : BATCH_STATEMENT.raw),
      values: [
        officeId,
        epoch,
        data,
        ack,
        ...touchParams(last),
        ...rollups.service,
        ...rollups.operator,
        ...ticketParams(ticketChanges(fresh)),
      ],
    });
    stored = fresh;
    ack = last;
    if (stored.some((e) => e.type === 'OfficeConfigured')) await applyCatalogue(client, officeId, stored);
    if (hasBookingEvents(stored)) await applyBookingEvents(client, officeId, stored);
    return {
      kind: 'ack',
      ack: { ackSeq: ack, epoch, stored: stored.length, duplicates, attention },
      profileVersion: batch.status ? batch.status.profileVersion : row.profile_version,
    };
  }
  if (fresh.length > 0) {
    const params =
      raw === undefined
        ? [
            officeId,
            epoch,
            JSON.stringify(fresh.map((e) => ({ s: e.seq, a: e.at, t: e.type, d: e.digest, p: e.payload }))),
          ]
        : [officeId, epoch, raw, ack];
    const r = await client.query<{ seq: string }>(raw === undefined ? INSERT_SAFE_SQL : RAW_INSERT_SAFE_SQL, params);
    const inserted = new Set(r.rows.map((x) => Number(x.seq)));
    stored = fresh.filter((e) => inserted.has(e.seq));
    ack = fresh.at(-1)?.seq ?? ack;
    answerAck = ack;
    await applyRollups(client, officeId, aggregate(stored));
    await applyTickets(client, officeId, ticketChanges(stored));
    if (stored.some((e) => e.type === 'OfficeConfigured')) await applyCatalogue(client, officeId, stored);
    if (hasBookingEvents(stored)) await applyBookingEvents(client, officeId, stored);
  }
  await touch(ack);
  return {
    kind: 'ack',
    ack: { ackSeq: answerAck, epoch, stored: stored.length, duplicates, attention },
    profileVersion: batch.status ? batch.status.profileVersion : row.profile_version,
  };
}
