import { BoardDeviceSettings, talonError } from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/index.js';
import { identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { AnnouncementService } from './service.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;

function admin(req: FastifyRequest, reply: FastifyReply, auth: AuthService): boolean {
  const h = req.headers.authorization;
  const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
  if (!id.ok) {
    void sendError(reply, id.error);
    return false;
  }
  if (!mayUse(id.value, ADMIN)) {
    void sendError(reply, talonError('FORBIDDEN'));
    return false;
  }
  return true;
}

const notFound = (reply: FastifyReply, details: unknown) =>
  reply.code(404).send({ ok: false, error: talonError('NOT_FOUND', details) });

export function registerAnnounceHttp(app: FastifyInstance, service: AnnouncementService, auth: AuthService): void {
  /**
   * The audio of an announcement. No token: an `<audio>` element cannot send one, and the content is
   * what the hall hears anyway. The key is a hash, and equal texts share it, so browsers may cache it.
   */
  app.get<{ Params: { file: string } }>('/api/voice/:file', async (req, reply) => {
    const key = /^([0-9a-f]{24})\.wav$/.exec(req.params.file)?.[1];
    const audio = key ? service.audio(key) : null;
    if (!audio) return notFound(reply, { audio: req.params.file });
    return reply
      .header('content-type', 'audio/wav')
      .header('cache-control', 'public, max-age=86400, immutable')
      .send(audio.wav);
  });

  app.get<{ Querystring: { limit?: string } }>('/api/announcements', async (req, reply) => {
    if (!admin(req, reply, auth)) return reply;
    const limit = Math.min(500, Math.max(1, Number.parseInt(req.query.limit ?? '50', 10) || 50));
    return service.records(limit);
  });

  app.get('/api/boards', async (req, reply) => {
    if (!admin(req, reply, auth)) return reply;
    return service.boardsList();
  });

  app.put<{ Params: { deviceId: string } }>('/api/boards/:deviceId/settings', async (req, reply) => {
    if (!admin(req, reply, auth)) return reply;
    const body = BoardDeviceSettings.safeParse(req.body);
    if (!body.success)
      return sendError(
        reply,
        talonError(
          'VALIDATION_FAILED',
          body.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        ),
      );
    const r = service.updateSettings(req.params.deviceId, body.data);
    if (r.ok) return r.value;
    return r.error.code === 'NOT_FOUND' ? notFound(reply, r.error.details) : sendError(reply, r.error);
  });
}
