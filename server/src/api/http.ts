import { type ErrorCode, LoginBody, PairBody, PairingCodeBody, type TalonError, talonError } from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/index.js';
import type { Office } from '../office.js';
import { runCommand } from './commands.js';
import { httpStatus, type Identity, identify, mayUse } from './identity.js';

export interface HttpDeps {
  office: Office;
  auth: AuthService;
}

const bearer = (req: FastifyRequest) => {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
};

export function sendError(reply: FastifyReply, error: TalonError) {
  return reply.code(httpStatus(error.code)).send({ ok: false, error });
}

function invalid(reply: FastifyReply, issues: { path: PropertyKey[]; message: string }[]) {
  return sendError(
    reply,
    talonError(
      'VALIDATION_FAILED',
      issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  );
}

/** The identity behind the request, or a 401/403 already sent. */
function require(req: FastifyRequest, reply: FastifyReply, auth: AuthService, roles?: string[]): Identity | null {
  const id = identify(auth, bearer(req));
  if (!id.ok) {
    void sendError(reply, id.error);
    return null;
  }
  if (roles && !mayUse(id.value, roles as never)) {
    void sendError(reply, talonError('FORBIDDEN'));
    return null;
  }
  return id.value;
}

export function registerHttpApi(app: FastifyInstance, { office, auth }: HttpDeps) {
  // Malformed JSON, wrong content types and oversize bodies get the same shape as every other refusal.
  app.setErrorHandler((err: { statusCode?: number; message: string }, _req, reply) => {
    const status = err.statusCode ?? 500;
    const code: ErrorCode = status === 413 || (status >= 400 && status < 500) ? 'VALIDATION_FAILED' : 'INTERNAL';
    if (code === 'INTERNAL') app.log.error(err);
    return sendError(reply, talonError(code, status < 500 ? { reason: err.message } : undefined));
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ ok: false, error: talonError('NOT_FOUND', { path: req.url }) }),
  );

  app.get('/api/health', async () => {
    // Memory in MB, so that a wall monitor or the bench can tell the heap from SQLite and buffers.
    const m = process.memoryUsage();
    const mb = (b: number) => Math.round(b / 104_857.6) / 10;
    return {
      ok: true,
      officeId: office.config?.officeId ?? null,
      seq: office.seq,
      memoryMb: { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external) },
    };
  });

  app.post('/api/auth/login', async (req, reply) => {
    const body = LoginBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error.issues);
    const r = auth.login(body.data.login, body.data.password);
    return r.ok ? r.value : sendError(reply, r.error);
  });

  app.post('/api/auth/logout', async (req, reply) => {
    const id = require(req, reply, auth);
    if (!id) return reply;
    if (id.kind === 'user') auth.logout(id.token);
    return { ok: true };
  });

  app.get('/api/auth/me', async (req, reply) => {
    const id = require(req, reply, auth);
    if (!id) return reply;
    return id.kind === 'user' ? { kind: 'user', user: id.user } : { kind: 'device', device: id.device };
  });

  app.post('/api/devices/pairing-codes', async (req, reply) => {
    if (!require(req, reply, auth, ['hall_admin', 'config_admin'])) return reply;
    const body = PairingCodeBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error.issues);
    return auth.createPairingCode(body.data.role, body.data.name);
  });

  app.post('/api/devices/pair', async (req, reply) => {
    const body = PairBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error.issues);
    const r = auth.pair(body.data.code);
    return r.ok ? r.value : sendError(reply, r.error);
  });

  app.get('/api/devices', async (req, reply) => {
    if (!require(req, reply, auth, ['hall_admin', 'config_admin'])) return reply;
    return office.store.listDevices(office.clock.now());
  });

  app.post('/api/commands', async (req, reply) => {
    const id = require(req, reply, auth);
    if (!id) return reply;
    const r = runCommand(office, id, req.body);
    return r.ok ? r : sendError(reply, r.error);
  });

  app.get('/api/state', async (req, reply) => {
    const id = require(req, reply, auth);
    if (!id) return reply;
    const audience =
      id.kind === 'user' ? (mayUse(id, ['hall_admin', 'config_admin']) ? 'admin' : 'operator') : id.device.role;
    return office.snapshot(audience);
  });
}
