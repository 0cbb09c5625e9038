import { createHash, timingSafeEqual } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { errorStatus, talonError } from '@talon/protocol';
import type { FastifyHttpOptions, FastifyReply, FastifyRequest } from 'fastify';
import { bearer, type Edge, refuse } from '../edge/plugin.js';
import type { AlarmStore } from '../monitor/alarm-store.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { HttpCounts } from './counters.js';
import { type LogOptions, loggerOptions, RequestLines } from './logging.js';
import { type BackupStatusView, Metrics } from './metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus.js';
import { httpsOptions, type TlsOptions } from './tls.js';

export { CommandCounts, HttpCounts } from './counters.js';
export { errorLog, isLogLevel, LOG_LEVELS, type LogLevel, type LogOptions, logRealtime } from './logging.js';
export type { BackupStatusView } from './metrics.js';
export type { TlsOptions } from './tls.js';

/** `true`: info to standard output; an object: its level and destination; absent or false: no logs (tests). */
export const logOptionsOf = (logger: boolean | LogOptions | undefined): LogOptions | undefined =>
  logger === true ? {} : logger || undefined;

/**
 * Fastify's options for logging and HTTPS. Typed as a plain HTTP server's: the rest of the server (the edge,
 * socket.io) uses only what an HTTPS server has too.
 */
export function fastifyOptions(o: { logger?: boolean | LogOptions; tls?: TlsOptions }): FastifyHttpOptions<HttpServer> {
  const log = logOptionsOf(o.logger);
  return {
    ...(log ? { logger: loggerOptions(log), logController: new RequestLines() } : { logger: false }),
    ...((o.tls ? { https: httpsOptions(o.tls) } : {}) as object),
    // the router's own refusals (a malformed URL, a path parameter over its length) answer like every
    // other: no record has such an address, in the one error shape with both languages
    frameworkErrors: (err, _req, r) => {
      const reply = r as unknown as FastifyReply;
      void reply
        .code(errorStatus('NOT_FOUND'))
        .send({ ok: false, error: talonError('NOT_FOUND', { reason: err.code }) });
    },
  };
}

export interface OpsDeps {
  office: Office;
  store: Store;
  alarms: Pick<AlarmStore, 'active'>;
  /** `/metrics` wants `Authorization: Bearer <token>`; without one it answers only this machine. */
  metricsToken?: string;
  /** The backups' status, undefined when backups are off (then no backup age is written). */
  backups?: () => BackupStatusView | undefined;
}

export interface Ops {
  http: HttpCounts;
  metrics: Metrics;
}

const VERSION = (createRequire(import.meta.url)('@talon/server/package.json') as { version: string }).version;

const digest = (s: string) => createHash('sha256').update(s).digest();

const isLoopback = (req: FastifyRequest) => {
  const a = req.socket.remoteAddress ?? '';
  return a.startsWith('127.') || a === '::1' || a.startsWith('::ffff:127.');
};

/**
 * The operations side of the edge: HTTP answers counted by status class (registered first, so that every
 * route and the not-found answer are counted) and `/metrics`.
 */
export function registerOps(edge: Edge, deps: OpsDeps): Ops {
  const http = new HttpCounts();
  edge.app.addHook('onResponse', (_req, reply, done) => {
    http.record(reply.statusCode);
    done();
  });
  const metrics = new Metrics({
    office: deps.office,
    store: deps.store,
    alarms: deps.alarms,
    http,
    version: VERSION,
    ...(deps.backups ? { backups: deps.backups } : {}),
  });
  const expected = deps.metricsToken ? digest(deps.metricsToken) : undefined;
  const allowed = (req: FastifyRequest): boolean => {
    if (!expected) return isLoopback(req);
    const given = bearer(req);
    return given !== undefined && timingSafeEqual(digest(given), expected);
  };
  edge.serve('metrics', ({ req, reply }) => {
    if (!allowed(req)) return refuse('UNAUTHORIZED');
    return reply.header('cache-control', 'no-store').type(PROMETHEUS_CONTENT_TYPE).send(metrics.render());
  });
  return { http, metrics };
}
