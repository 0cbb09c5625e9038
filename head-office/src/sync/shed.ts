import { errorStatus, type RetryDetails, talonError } from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HQ_ROUTES } from '../context.js';
import { pgCode } from '../people/users.js';

/**
 * PostgreSQL saying it is overloaded rather than that the request is wrong: too many connections,
 * out of resources, a statement or lock timeout, a server still starting, the pool's own wait running
 * out. Such a request is answered "busy, come back" (429), never 500: nothing was stored.
 */
export function isOverload(e: unknown): boolean {
  const code = pgCode(e);
  if (code) return /^53/.test(code) || ['57014', '55P03', '57P03', '40001', '40P01'].includes(code);
  return (
    e instanceof Error &&
    /timeout exceeded when trying to connect|Connection terminated due to connection timeout/i.test(e.message)
  );
}

/** 1–5 s, jittered so that refused offices do not all return together; longer while many are refused. */
export function retryAfterMs(pressure: number): number {
  const stretch = 1 + Math.min(4, Math.max(0, pressure));
  return Math.round((1000 + Math.random() * 4000) * stretch);
}

export function sendBusy(reply: FastifyReply, ms: number): FastifyReply {
  reply.header('retry-after', String(Math.ceil(ms / 1000)));
  const error = talonError('HQ_BUSY', { retryAfterMs: ms } satisfies RetryDetails);
  return reply.code(errorStatus('HQ_BUSY')).send({ ok: false, error });
}

const INGEST_PATH = HQ_ROUTES.syncEvents.path;
const held = Symbol('ingestSlot');
type Held = FastifyRequest & { [held]?: boolean };

export interface IngestGate {
  readonly inFlight: number;
  /** Refusals in the last few seconds relative to the limit: how crowded the door is. */
  pressure(): number;
}

/**
 * Load shedding at the door of the ingest, per process: `max` batches in flight, then a short queue
 * (a batch that would finish within a second or two is better held than sent away: a refused office
 * idles for its retry time), then a refusal before the body is read or the key looked up, so a herd
 * of reconnecting offices costs head office almost nothing per refusal.
 */
export function installIngestGate(
  app: FastifyInstance,
  max: number,
  opts: { queue?: number; queueMs?: number } = {},
): IngestGate {
  const queueMax = opts.queue ?? max * 4;
  const queueMs = opts.queueMs ?? 2000;
  let inFlight = 0;
  let refused = 0;
  let refusedSince = Date.now();
  const waiting: (() => void)[] = [];
  const pressure = () => {
    const age = Date.now() - refusedSince;
    if (age > 5000) {
      refused = Math.round(refused * 0.5 ** (age / 5000));
      refusedSince = Date.now();
    }
    return refused / Math.max(1, max);
  };
  const release = (req: Held) => {
    if (!req[held]) return;
    req[held] = false;
    const next = waiting.shift();
    // The slot passes straight to the next in line: inFlight stays the same.
    if (next) next();
    else inFlight -= 1;
  };
  /** Resolves true with a slot, false when none came in time. */
  const queued = () =>
    new Promise<boolean>((resolve) => {
      const take = () => {
        clearTimeout(timer);
        resolve(true);
      };
      const timer = setTimeout(() => {
        const i = waiting.indexOf(take);
        if (i !== -1) waiting.splice(i, 1);
        resolve(false);
      }, queueMs);
      waiting.push(take);
    });
  app.addHook('onRequest', async (req: Held, reply) => {
    if (req.method !== 'POST' || req.url.split('?')[0] !== INGEST_PATH) return;
    if (inFlight < max) inFlight += 1;
    else if (waiting.length >= queueMax || !(await queued())) {
      refused += 1;
      return sendBusy(reply, retryAfterMs(pressure()));
    }
    req[held] = true;
    // An office that hung up while it waited: its abort hook has already run, so free the slot here.
    if (req.raw.socket?.destroyed) release(req);
  });
  app.addHook('onResponse', async (req: Held) => release(req));
  app.addHook('onRequestAbort', async (req: Held) => release(req));
  return {
    get inFlight() {
      return inFlight;
    },
    pressure,
  };
}
