import { dayKeyOf } from '@talon/engine';
import { type OperatorDay, type Role, talonError } from '@talon/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/index.js';
import { identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';

const ADMIN: Role[] = ['hall_admin', 'config_admin'];

/** The operator's own figures for today, from the visits and ratings projections. */
export function operatorDay(office: Office, operatorId: string): OperatorDay {
  const config = office.config;
  const dayKey = config ? dayKeyOf(office.clock.now(), config.timeZone) : '';
  const visits = office.store.visits({ operatorId, fromDay: dayKey, toDay: dayKey });
  const served = visits.filter((v) => v.outcome === 'served');
  const timed = served.filter((v) => v.serviceSec !== undefined);
  const norm = (serviceId: string, topicId?: string) =>
    config?.topics.find((t) => t.id === topicId)?.serviceNormMin ??
    config?.services.find((s) => s.id === serviceId)?.serviceNormMin;
  const within = timed.filter((v) => {
    const n = norm(v.serviceId, v.topicId);
    return n === undefined || (v.serviceSec ?? 0) <= n * 60;
  }).length;
  const ratings = office.store.ratings({ operatorId, fromDay: dayKey, toDay: dayKey });
  const byScore = [0, 0, 0, 0, 0];
  for (const r of ratings) byScore[r.score - 1] = (byScore[r.score - 1] ?? 0) + 1;
  const sum = ratings.reduce((s, r) => s + r.score, 0);
  return {
    operatorId,
    dayKey,
    served: served.length,
    noShows: visits.filter((v) => v.outcome === 'no-show').length,
    avgServiceSec: timed.length ? Math.round(timed.reduce((s, v) => s + (v.serviceSec ?? 0), 0) / timed.length) : null,
    withinServiceNorm: within,
    digitalOnboarding: served.filter((v) => v.digitalOnboarding).length,
    extraSale: served.filter((v) => v.extraSale).length,
    ratings: {
      count: ratings.length,
      average: ratings.length ? Math.round((sum / ratings.length) * 100) / 100 : null,
      byScore,
    },
  };
}

export function registerOperatorDay(app: FastifyInstance, { office, auth }: { office: Office; auth: AuthService }) {
  app.get('/api/operator/day', async (req, reply) => {
    const h = req.headers.authorization;
    const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
    if (!id.ok) return sendError(reply, id.error);
    const q = req.query as { operatorId?: string };
    const self = id.value.kind === 'user' ? id.value.user.operatorId : undefined;
    const operatorId = q.operatorId && mayUse(id.value, ADMIN) ? q.operatorId : self;
    if (!operatorId) return sendError(reply, talonError('FORBIDDEN'));
    if (!office.view().operators[operatorId]) return sendError(reply, talonError('UNKNOWN_OPERATOR', { operatorId }));
    return operatorDay(office, operatorId);
  });
}
