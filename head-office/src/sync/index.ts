import type { LocalText, SyncAck } from '@talon/protocol';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { erasePhones, pendingBookings } from '../bookings/index.js';
import { HQ_OFFICE_CHANNEL, HQ_ROUTES, type HqDeps, refuse } from '../context.js';
import { pgCode } from '../people/users.js';
import { profileVersionFor } from '../profiles/index.js';
import { pendingRatings } from '../public/index.js';
import { batchProblem, ingestBatch } from './ingest.js';
import { Partitions } from './partitions.js';
import { type IngestGate, installIngestGate, isOverload, retryAfterMs, sendBusy } from './shed.js';

export { isOverload } from './shed.js';

const RAW = Symbol('rawBody');
type RawRequest = FastifyRequest & { [RAW]?: string };

export interface SyncOptions {
  app: FastifyInstance;
  /** Batches this process ingests at once; more are answered 429 HQ_BUSY with a retry time. */
  maxConcurrentIngest: number;
}

/** Office → head office: hello (where to resume) and the event batches. */
export function registerSync(deps: HqDeps, opts: SyncOptions): IngestGate {
  const { pool, serve, log } = deps;
  const gate = installIngestGate(opts.app, opts.maxConcurrentIngest);
  // JSON as Fastify parses it by default (prototype poisoning refused), keeping a batch's text so the
  // ingest hands it to PostgreSQL as it came instead of serialising half a megabyte again.
  const parseJson = opts.app.getDefaultJsonParser('error', 'error');
  opts.app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (req.url === HQ_ROUTES.syncEvents.path) (req as RawRequest)[RAW] = body as string;
    parseJson(req, body as string, done);
  });
  const partitions = new Partitions();

  // Housekeeping any process may do (deleting twice is harmless): the public page needs a ticket only
  // through its rating period (at most 30 days, `rating.rateWithinHours`), an acknowledged rating only briefly.
  const housekeeping = setInterval(() => {
    pool
      .query(
        `DELETE FROM hq_tickets WHERE issued_at < now() - interval '31 days';
         DELETE FROM returned_ratings WHERE acked_at < now() - interval '30 days'`,
      )
      .catch((e: unknown) => log.warn({ err: e }, 'head-office housekeeping failed'));
  }, 3_600_000);
  housekeeping.unref();
  opts.app.addHook('onClose', async () => clearInterval(housekeeping));

  serve('syncHello', async ({ identity, body }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    const { rows } = await pool.query<{ code: string; name: LocalText; epoch: number; ack_seq: string }>(
      `WITH o AS (UPDATE offices SET link_secret = decode($2, 'hex'), time_zone = $3
                   WHERE id = $1 AND key_revoked_at IS NULL RETURNING id, code, name),
            s AS (INSERT INTO office_sync (office_id, last_seen_at) SELECT id, to_timestamp($4 / 1000.0) FROM o
                  ON CONFLICT (office_id) DO UPDATE SET last_seen_at = EXCLUDED.last_seen_at
                  RETURNING office_id, epoch, ack_seq)
       SELECT o.code, o.name, s.epoch, s.ack_seq, pg_notify($5, o.id) FROM o JOIN s ON s.office_id = o.id`,
      [identity.officeId, body.linkSecret, body.timeZone, deps.now(), HQ_OFFICE_CHANNEL],
    );
    const r = rows[0];
    if (!r) return refuse('OFFICE_KEY_INVALID');
    return {
      officeId: identity.officeId,
      code: r.code,
      name: r.name,
      ackSeq: Number(r.ack_seq),
      epoch: r.epoch,
      publicBase: deps.publicBase ? `${deps.publicBase.replace(/\/+$/, '')}/o/${r.code}` : null,
    };
  });

  serve('syncEvents', async ({ identity, body, reply, req }) => {
    if (identity.kind !== 'office') return refuse('OFFICE_KEY_INVALID');
    const problem = batchProblem(body);
    if (problem) return refuse('VALIDATION_FAILED', problem);
    const client = await pool.connect().catch((e: unknown) => e as Error);
    if (client instanceof Error) {
      if (isOverload(client)) return sendBusy(reply, retryAfterMs(gate.pressure()));
      throw client;
    }
    let broken = false;
    try {
      const ats = body.events.map((e) => e.at);
      const raw = (req as RawRequest)[RAW];
      const run = (safe = false) => ingestBatch(client, identity.officeId, body, deps.now(), safe, raw);
      await partitions.ensure(client, ats);
      let out: Awaited<ReturnType<typeof run>>;
      try {
        out = await run();
      } catch (e) {
        // 23514: no partition for a row (one dropped or detached by hand since this process looked).
        // 23505: a row above the ack exists after all (edited by hand): store around it.
        if (pgCode(e) === '23514') {
          partitions.forget();
          await partitions.ensure(client, ats);
        } else if (pgCode(e) !== '23505') throw e;
        out = await run(pgCode(e) === '23505');
      }
      if (out.kind === 'revoked') return refuse('OFFICE_KEY_INVALID');
      if (out.kind === 'gap') return refuse('SYNC_GAP', out.details);
      // The batch is committed: what follows only adds news for the office and must not make it resend.
      // one client runs one query at a time (pg 9 refuses overlapping ones): asked one after another
      const extra = await (async () =>
        [
          await profileVersionFor(client, identity.officeId),
          await pendingRatings(client, identity.officeId),
          await pendingBookings(client, identity.officeId),
        ] as const)().catch((e: unknown) => {
        log.error({ err: e }, 'profile, ratings or bookings lookup after a stored batch failed');
        return [null, [], []] as const;
      });
      const [published, ratings, bookings] = extra;
      // a visitor's erasure at the office (152-ФЗ): not acknowledged when it fails, so the office sends it again
      const erased = await erasePhones(client, identity.officeId, body.erasures ?? []).catch((e: unknown) => {
        log.error({ err: e }, 'erasing phones the office named failed');
        return [];
      });
      const running = out.profileVersion;
      const ack: SyncAck = {
        ...out.ack,
        profileVersion: published !== null && (running === null || published > running) ? published : null,
        ratings: [...ratings],
        ...(bookings.length > 0 ? { bookings: [...bookings] } : {}),
        ...(erased.length > 0 ? { erased } : {}),
      };
      return ack;
    } catch (e) {
      // No SQLSTATE: the connection itself failed; it is not handed to the next request.
      broken = pgCode(e) === undefined;
      if (isOverload(e)) return sendBusy(reply, retryAfterMs(gate.pressure()));
      throw e;
    } finally {
      client.release(broken);
    }
  });

  return gate;
}
