import { dayKeyOf } from '@talon/engine';
import { fieldIssue, type OperatorDay, type Role } from '@talon/protocol';
import { mayUse } from '../edge/identity.js';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';

const ADMIN: Role[] = ['hall_admin', 'config_admin'];

/** The operator's own figures for today, from the visits and ratings projections. */
export function operatorDay(office: Office, store: Store, operatorId: string): OperatorDay {
  const config = office.config;
  const dayKey = config ? dayKeyOf(office.clock.now(), config.timeZone) : '';
  const visits = store.visits({ operatorId, fromDay: dayKey, toDay: dayKey });
  const served = visits.filter((v) => v.outcome === 'served');
  const timed = served.filter((v) => v.serviceSec !== undefined);
  const norm = (serviceId: string, topicId?: string) =>
    config?.topics.find((t) => t.id === topicId)?.serviceNormMin ??
    config?.services.find((s) => s.id === serviceId)?.serviceNormMin;
  const within = timed.filter((v) => {
    const n = norm(v.serviceId, v.topicId);
    return n === undefined || (v.serviceSec ?? 0) <= n * 60;
  }).length;
  const ratings = store.ratings({ operatorId, fromDay: dayKey, toDay: dayKey });
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

/** An operator gets their own day; an administrator may name any operator (and must, without one of their own). */
export function registerOperatorDay({ serve }: Edge, { office, store }: { office: Office; store: Store }) {
  serve('operatorDay', ({ query, identity: id }) => {
    const admin = mayUse(id, ADMIN);
    const self = id.kind === 'user' ? id.user.operatorId : undefined;
    const operatorId = query.operatorId && admin ? query.operatorId : self;
    if (!operatorId)
      return admin
        ? refuse('VALIDATION_FAILED', [
            fieldIssue('operatorId', 'укажите оператора (operatorId)', 'which operator: operatorId is required'),
          ])
        : refuse('FORBIDDEN');
    if (!office.view().operators[operatorId]) return refuse('UNKNOWN_OPERATOR', { operatorId });
    return operatorDay(office, store, operatorId);
  });
}
