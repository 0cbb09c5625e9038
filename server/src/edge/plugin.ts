import {
  type ErrorCode,
  errorStatus,
  fieldIssues,
  ROUTES,
  type RouteArgs,
  type RouteDef,
  type RouteName,
  type RouteOutput,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { AuthService, Result } from '../auth/index.js';
import { isStorageFailure } from '../store/storage-failure.js';
import { type Identity, identify, mayUse } from './identity.js';
import { type LimitName, type RateLimiter, tooManyRequests } from './rate-limits.js';
import { addSecurityHeaders } from './security-headers.js';

/** A handler's refusal: answered as `{ ok: false, error }` with the code's one HTTP status. */
export class Refusal {
  constructor(readonly error: TalonError) {}
}

export const refuse = (code: ErrorCode, details?: unknown) => new Refusal(talonError(code, details));

/** A service's `Result` as a handler's answer. */
export const unwrap = <T>(r: Result<T>): T | Refusal => (r.ok ? r.value : new Refusal(r.error));

export interface HandlerContext<D extends RouteDef> extends RouteArgs<D> {
  /** The caller; null only on public routes. */
  identity: D['access'] extends 'public' ? Identity | null : Identity;
  req: FastifyRequest;
  /** For files, pages and headers; a handler that sends through it returns the reply. */
  reply: FastifyReply;
}

type Answer<D extends RouteDef> = D['produces'] extends 'file' | 'html' | 'redirect'
  ? FastifyReply | Refusal
  : RouteOutput<D> | Refusal | FastifyReply;

export type Handler<D extends RouteDef> = (ctx: HandlerContext<D>) => Answer<D> | Promise<Answer<D>>;

/** The one place that turns a refusal into an HTTP answer. */
export function sendError(reply: FastifyReply, error: TalonError): FastifyReply {
  const status = errorStatus(error.code);
  // any 429 that says how long to wait (a rate limit, a login lockout) says it in HTTP too
  const wait = (error.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
  if (status === 429 && typeof wait === 'number') reply.header('retry-after', String(wait));
  return reply.code(status).send({ ok: false, error });
}

const issues = (e: z.ZodError) => fieldIssues(e);

const CODE_ROUTES = new Set(
  (['pair', 'checkSetupToken', 'completeSetup'] as const).map((n) => `${ROUTES[n].method} ${ROUTES[n].path}`),
);
const LOGIN_ROUTE = `${ROUTES.login.method} ${ROUTES.login.path}`;

/** Which per-address limit a request counts against. */
function addressLimitOf(method: string, url: string | undefined): LimitName {
  const key = `${method} ${url}`;
  return key === LOGIN_ROUTE ? 'login' : CODE_ROUTES.has(key) ? 'pairing' : 'requests';
}

/** The only reader of the `authorization` header in the server (also for `/metrics`' own token). */
export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

export interface Edge {
  app: FastifyInstance;
  /** Every route Fastify registered after the edge was created (HEAD twins of GET routes left out). */
  registered(): { method: string; url: string }[];
  /** Registers one entry of the route table with its handler. */
  serve<K extends RouteName>(name: K, handler: Handler<(typeof ROUTES)[K]>): void;
}

/**
 * The edge of the office server: identity from the bearer token, the role check, validation and the error
 * shape, once for every route. Features call `serve(name, handler)`; the handler holds only its own logic.
 */
export function createEdge(app: FastifyInstance, auth: AuthService, opts: { limiter?: RateLimiter } = {}): Edge {
  const registered: { method: string; url: string }[] = [];
  addSecurityHeaders(app);
  const { limiter } = opts;
  // Per address, before the body is read: codes and sign-in have tight limits of their own.
  if (limiter)
    app.addHook('onRequest', (req, reply, done) => {
      const name = addressLimitOf(req.method, req.routeOptions.url);
      const taken = limiter.takeAddress(name, req.ip);
      if (taken.ok) return done();
      sendError(reply, tooManyRequests(name, taken.retryAfterSec));
    });
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push({ method, url: r.url });
  });
  // Malformed JSON, wrong content types and oversize bodies get the same shape as every other refusal.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    // a full or read-only disk under any route (sign-in, pairing, settings): the office says so, not «internal»
    if (isStorageFailure(err)) {
      app.log.error(err);
      return sendError(reply, talonError('STORAGE_UNAVAILABLE'));
    }
    const status = err.statusCode ?? 500;
    const code: ErrorCode = status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL';
    if (code === 'INTERNAL') app.log.error(err);
    return sendError(reply, talonError(code, status < 500 ? { reason: err.message } : undefined));
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, talonError('NOT_FOUND', { path: req.url.split('?')[0] })));

  const serve = <K extends RouteName>(name: K, handler: Handler<(typeof ROUTES)[K]>) => {
    const def: RouteDef = ROUTES[name];
    app.route({
      method: def.method,
      url: def.path,
      handler: async (req, reply) => {
        let identity: Identity | null = null;
        if (def.access !== 'public') {
          const id = identify(auth, bearer(req));
          if (!id.ok) return sendError(reply, id.error);
          if (Array.isArray(def.access) && !mayUse(id.value, def.access))
            return sendError(reply, talonError('FORBIDDEN'));
          identity = id.value;
        }
        const args: Record<'params' | 'query' | 'body', unknown> = { params: {}, query: {}, body: undefined };
        for (const part of ['params', 'query', 'body'] as const) {
          const schema = def[part];
          if (!schema) continue;
          const parsed = schema.safeParse(part === 'body' ? (req.body ?? {}) : req[part]);
          if (!parsed.success) return sendError(reply, talonError('VALIDATION_FAILED', issues(parsed.error)));
          args[part] = parsed.data;
        }
        const out = await (handler as Handler<RouteDef>)({
          ...(args as RouteArgs<RouteDef>),
          identity: identity as Identity,
          req,
          reply,
        });
        if (out instanceof Refusal) return sendError(reply, out.error);
        return out;
      },
    });
  };
  return { app, serve, registered: () => [...registered] };
}
