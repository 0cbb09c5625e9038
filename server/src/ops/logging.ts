import { NAMESPACES } from '@talon/protocol';
import {
  type FastifyBaseLogger,
  type FastifyReply,
  type FastifyRequest,
  type FastifyServerOptions,
  LogController,
} from 'fastify';
import type { Server } from 'socket.io';
import type { Identity } from '../edge/identity.js';

/**
 * Structured logs: Fastify's own logger (pino), one JSON line per request and per server event, for the
 * journal (systemd) or WinSW's log files. Nothing personal and nothing secret is written:
 *
 * - a request line has the method, the route *pattern* (`/v/:token`, never the address asked for, so no
 *   path token and no query string: pairing codes, setup links and signed links stay out), the status and the time;
 * - headers and bodies are never logged; keys that could carry a secret or a visitor's data are redacted in
 *   anything logged by other code, as a second line of defence;
 * - socket lines name the namespace, the role and the device or user id, never the handshake.
 */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const isLogLevel = (x: string): x is LogLevel => (LOG_LEVELS as readonly string[]).includes(x);

export interface LogOptions {
  /** Default `info`. */
  level?: LogLevel;
  /** A stream (tests), a file path, or standard output when absent (the journal, WinSW). */
  destination?: NodeJS.WritableStream | string;
}

/** Keys whose values are never written, at the top of a logged object or up to two objects down. */
export const REDACTED_KEYS = [
  'authorization',
  'cookie',
  'token',
  'password',
  'newPassword',
  'pairingCode',
  'setupToken',
  'secret',
  'visitorData',
  'account',
  'phone',
  'contact',
] as const;

type PinoOptions = Extract<NonNullable<FastifyServerOptions['logger']>, object>;

const SECRET = new Set<string>(REDACTED_KEYS);
const CENSOR = '[redacted]';
const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v));

/**
 * The logged object with secret keys censored; the same object when there is none (the usual case, so a
 * request line costs a few key lookups). Written instead of pino's `redact`, whose wildcard paths cost
 * ~20 µs on every line.
 */
export function scrub<T>(obj: T, depth = 0): T {
  if (!isPlain(obj)) return obj;
  const src: Record<string, unknown> = obj;
  let out: Record<string, unknown> | undefined;
  for (const key in src) {
    const v = src[key];
    const clean = SECRET.has(key) ? CENSOR : depth < 2 && isPlain(v) ? scrub(v, depth + 1) : v;
    if (clean !== v) {
      out ??= (Array.isArray(src) ? [...src] : { ...src }) as Record<string, unknown>;
      out[key] = clean;
    }
  }
  return (out ?? obj) as T;
}

/** The request as a log line may show it: how it was asked and which route answered, nothing it carried. */
const requestFields = (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? null });

/** Fastify's logger options for the office server. */
export function loggerOptions(opts: LogOptions): PinoOptions {
  const out: PinoOptions = {
    level: opts.level ?? 'info',
    formatters: { log: (obj) => scrub(obj) },
    // ISO time reads better in the journal and in WinSW's files than epoch milliseconds
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    serializers: {
      // Fastify's own serializer would write the address asked for (tokens, codes in the query) and the client's port
      req: requestFields as never,
      res: ((reply: FastifyReply) => ({ status: reply.statusCode })) as never,
    },
  };
  if (typeof opts.destination === 'string') out.file = opts.destination;
  else if (opts.destination) out.stream = opts.destination as never;
  return out;
}

/**
 * One line per request, written when the answer is sent: `{"method":"GET","route":"/v/:token","status":200,"ms":1.4}`.
 * Fastify's usual pair of lines ("incoming request", "request completed") and its "Route … not found" line
 * would each carry the raw address.
 */
export class RequestLines extends LogController {
  override incomingRequest(): void {}

  override routeNotFound(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { ...requestFields(request), status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else if (reply.statusCode >= 500) reply.log.error(line, 'request');
    else reply.log.info(line, 'request');
  }
}

/** Realtime connections and disconnections, by namespace and who (role and id; never the handshake's token). */
export function logRealtime(io: Server, log: FastifyBaseLogger): void {
  for (const ns of NAMESPACES) {
    io.of(`/${ns}`).on('connection', (socket) => {
      const id = (socket.data as { identity?: Identity }).identity;
      const who =
        id?.kind === 'device'
          ? { role: id.device.role, deviceId: id.device.deviceId }
          : id?.kind === 'user'
            ? { roles: id.user.roles, userId: id.user.id }
            : {};
      log.info({ ns, ...who }, 'socket connected');
      socket.once('disconnect', (reason: string) => log.info({ ns, ...who, reason }, 'socket disconnected'));
    });
  }
}

/** The `log` callback Office, Monitor and the printing service take, writing through the server's logger. */
export const errorLog =
  (log: FastifyBaseLogger) =>
  (msg: string, err?: unknown): void => {
    if (err === undefined) log.error(msg);
    else log.error({ err }, msg);
  };
