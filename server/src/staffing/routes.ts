import { dayKeyOf, staffingReport, type WaitEstimate } from '@talon/engine';
import { type EngineState, type Role, StaffingQuery, talonError } from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/index.js';
import { type Identity, identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { HistoryCache } from './history.js';

export const STAFFING_ROLES: readonly Role[] = ['hall_admin', 'config_admin'];

export interface StaffingDeps {
  office: Office;
  auth: AuthService;
  history: HistoryCache;
  estimator: (state: EngineState, ticketId: string, now: number) => WaitEstimate | null;
}

function who(req: FastifyRequest, reply: FastifyReply, auth: AuthService, roles?: readonly Role[]): Identity | null {
  const h = req.headers.authorization;
  const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
  if (!id.ok) {
    void sendError(reply, id.error);
    return null;
  }
  if (roles && !mayUse(id.value, roles)) {
    void sendError(reply, talonError('FORBIDDEN'));
    return null;
  }
  return id.value;
}

const invalid = (reply: FastifyReply, issues: { path: PropertyKey[]; message: string }[]) =>
  sendError(
    reply,
    talonError(
      'VALIDATION_FAILED',
      issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  );

/**
 * GET /api/staffing — windows to open per hour today and for the week (Erlang A/C from the office's history).
 * GET /api/estimate?ticketId=… — a ticket's wait estimate now (the kiosk's printed figure, refreshed).
 */
export function registerStaffing(app: FastifyInstance, { office, auth, history, estimator }: StaffingDeps) {
  app.get('/api/staffing', async (req, reply) => {
    if (!who(req, reply, auth, STAFFING_ROLES)) return reply;
    const q = StaffingQuery.safeParse(req.query ?? {});
    if (!q.success) return invalid(reply, q.error.issues);
    const state = office.view() as EngineState;
    const config = state.config;
    if (!config) return sendError(reply, talonError('NOT_CONFIGURED'));
    const now = office.clock.now();
    const h = history.get(config, now, q.data.weeks);
    const day = dayKeyOf(now, config.timeZone);
    return staffingReport(h, config, state, office.store.visits({ fromDay: day, toDay: day }), now, {
      weeks: q.data.weeks,
      targetShare: q.data.target,
      maxAbandonShare: q.data.maxAbandon,
    });
  });

  app.get('/api/estimate', async (req, reply) => {
    if (!who(req, reply, auth)) return reply;
    const ticketId = (req.query as { ticketId?: unknown } | undefined)?.ticketId;
    if (typeof ticketId !== 'string' || ticketId.length === 0 || ticketId.length > 80)
      return invalid(reply, [{ path: ['ticketId'], message: 'a ticket id is required' }]);
    const state = office.view() as EngineState;
    if (!state.tickets[ticketId]) return sendError(reply, talonError('UNKNOWN_TICKET'));
    const now = office.clock.now();
    return { ticketId, at: now, estimate: estimator(state, ticketId, now) };
  });
}
