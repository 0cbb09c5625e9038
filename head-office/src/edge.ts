import { createHash } from 'node:crypto';
import {
  errorStatus,
  fieldIssues,
  HQ_ROUTES,
  type HqAccess,
  type HqRouteDef,
  type HqRouteName,
  type HqUser,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { z } from 'zod';
import { type HqHandler, type HqIdentity, HqRefusal, type HqServe } from './context.js';
import { isOverload, retryAfterMs, sendBusy } from './sync/shed.js';

export const sha256 = (s: string) => createHash('sha256').update(s).digest();

export function sendError(reply: FastifyReply, error: TalonError): FastifyReply {
  return reply.code(errorStatus(error.code)).send({ ok: false, error });
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}

const issues = (e: z.ZodError) => fieldIssues(e);

type Identified = { ok: true; identity: HqIdentity } | { ok: false; error: TalonError };

interface UserRow {
  id: string;
  login: string;
  name: string;
  role: HqUser['role'];
  branch_id: string | null;
  disabled: boolean;
  expired: boolean;
}

/** An office key or a user session, looked up in PostgreSQL (no process keeps sessions). */
export async function identify(pool: pg.Pool, access: HqAccess, token: string | undefined): Promise<Identified> {
  if (!token) return { ok: false, error: talonError(access === 'office' ? 'OFFICE_KEY_INVALID' : 'UNAUTHORIZED') };
  const hash = sha256(token);
  if (access === 'office') {
    const { rows } = await pool.query<{ id: string; code: string; branch_id: string }>(
      'SELECT id, code, branch_id FROM offices WHERE key_hash = $1 AND key_revoked_at IS NULL',
      [hash],
    );
    const o = rows[0];
    if (!o) return { ok: false, error: talonError('OFFICE_KEY_INVALID') };
    return { ok: true, identity: { kind: 'office', officeId: o.id, code: o.code, branchId: o.branch_id } };
  }
  const { rows } = await pool.query<UserRow>(
    `SELECT u.id, u.login, u.name, u.role, u.branch_id, u.disabled, s.expires_at < now() AS expired
       FROM hq_sessions s JOIN hq_users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    [hash],
  );
  const u = rows[0];
  if (!u || u.disabled) return { ok: false, error: talonError('UNAUTHORIZED') };
  if (u.expired) return { ok: false, error: talonError('SESSION_EXPIRED') };
  const user: HqUser = {
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    branchId: u.branch_id,
    disabled: u.disabled,
  };
  return { ok: true, identity: { kind: 'user', user, tokenHash: hash } };
}

function allowed(access: HqAccess, id: HqIdentity): boolean {
  if (access === 'office') return id.kind === 'office';
  if (id.kind !== 'user') return false;
  return access === 'signed-in' || (Array.isArray(access) && access.includes(id.user.role));
}

export interface HqEdge {
  serve: HqServe;
  registered(): { method: string; url: string }[];
}

/**
 * Head office's edge, the twin of the office's: identity from the bearer token (an office key or a
 * session), the role check, validation and the error shape, once for every route of `HQ_ROUTES`.
 */
export function createHqEdge(app: FastifyInstance, pool: pg.Pool): HqEdge {
  const registered: { method: string; url: string }[] = [];
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) if (method !== 'HEAD') registered.push({ method, url: r.url });
  });
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    // An overloaded database (too many connections, timeouts) is "busy, come back", never a 500.
    if (isOverload(err)) return sendBusy(reply, retryAfterMs(1));
    const status = err.statusCode ?? 500;
    if (status >= 500) app.log.error(err);
    return sendError(
      reply,
      talonError(status < 500 ? 'VALIDATION_FAILED' : 'INTERNAL', status < 500 ? { reason: err.message } : undefined),
    );
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, talonError('NOT_FOUND', { path: req.url.split('?')[0] })));

  const serve: HqServe = (name: HqRouteName, handler) => {
    const def: HqRouteDef = HQ_ROUTES[name];
    app.route({
      method: def.method,
      url: def.path,
      handler: async (req, reply) => {
        let identity: HqIdentity | null = null;
        if (def.access !== 'public') {
          const id = await identify(pool, def.access, bearer(req));
          if (!id.ok) return sendError(reply, id.error);
          if (!allowed(def.access, id.identity))
            return sendError(reply, talonError(def.access === 'office' ? 'OFFICE_KEY_INVALID' : 'FORBIDDEN'));
          identity = id.identity;
        }
        const args: Record<'params' | 'query' | 'body', unknown> = { params: {}, query: {}, body: undefined };
        for (const part of ['params', 'query', 'body'] as const) {
          const schema = def[part];
          if (!schema) continue;
          const parsed = schema.safeParse(part === 'body' ? (req.body ?? {}) : req[part]);
          if (!parsed.success) return sendError(reply, talonError('VALIDATION_FAILED', issues(parsed.error)));
          args[part] = parsed.data;
        }
        const out = await (handler as HqHandler<HqRouteDef>)({
          params: args.params as never,
          query: args.query as never,
          body: args.body as never,
          identity: identity as HqIdentity,
          req,
          reply,
        });
        if (out instanceof HqRefusal) return sendError(reply, out.error);
        return out;
      },
    });
  };
  return { serve, registered: () => [...registered] };
}
