import { dayKeyOf, staffingReport, type WaitEstimate } from '@talon/engine';
import type { EngineState } from '@talon/protocol';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import type { HistoryCache } from './history.js';
import { StaffingPlans } from './plans.js';
import { registerWhatIf, type WhatIfDeps } from './whatif-routes.js';

export interface StaffingDeps {
  office: Office;
  store: Store;
  history: HistoryCache;
  estimator: (state: EngineState, ticketId: string, now: number) => WaitEstimate | null;
  /** The what-if's run length and CPU pacing (defaults in whatif.ts). */
  whatIf?: Pick<WhatIfDeps, 'days' | 'jobs'>;
  audit: WhatIfDeps['audit'];
}

/**
 * GET /api/staffing — windows to open per hour today and for the week (Erlang A/C from the office's history).
 * GET /api/estimate?ticketId=… — a ticket's wait estimate now (the kiosk's printed figure, refreshed).
 * GET /api/staffing/whatif, /api/staffing/rules-whatif — plans and rescue settings checked before the day;
 * GET/PUT /api/staffing/plan — the office's plan of windows per hour for a day.
 */
export function registerStaffing(edge: Edge, { office, store, history, estimator, whatIf, audit }: StaffingDeps) {
  const { serve } = edge;
  registerWhatIf(edge, { office, history, plans: new StaffingPlans(store.db, store), audit, ...whatIf });
  serve('staffing', ({ query }) => {
    const state = office.view() as EngineState;
    const config = state.config;
    if (!config) return refuse('NOT_CONFIGURED');
    const now = office.clock.now();
    const h = history.get(config, now, query.weeks);
    const day = dayKeyOf(now, config.timeZone);
    return staffingReport(h, config, state, store.visits({ fromDay: day, toDay: day }), now, {
      weeks: query.weeks,
      targetShare: query.target,
      maxAbandonShare: query.maxAbandon,
    });
  });

  serve('estimate', ({ query: { ticketId } }) => {
    const state = office.view() as EngineState;
    if (!state.tickets[ticketId]) return refuse('UNKNOWN_TICKET');
    const now = office.clock.now();
    return { ticketId, at: now, estimate: estimator(state, ticketId, now) };
  });
}
