import { z } from 'zod';
import { issueWord } from '../issues.js';
import {
  type RulesWhatIfAnswer,
  RulesWhatIfQuery,
  type StaffingPlan,
  StaffingPlanBody,
  StaffingPlanQuery,
  StaffingQuery,
  type StaffingReport,
  type WhatIfAnswer,
  WhatIfQuery,
} from '../staffing.js';
import { route } from './define.js';
import { typed } from './typed.js';

export const STAFFING_ROLES = ['hall_admin', 'config_admin'] as const;

/** GET /api/estimate query. */
export const EstimateQuery = z.object({ ticketId: z.string().min(1, issueWord('ticketId')).max(80) });
export type EstimateQuery = z.infer<typeof EstimateQuery>;

export interface WaitEstimateAnswer {
  ticketId: string;
  at: number;
  /** A range shown to the visitor («≈ 10–15 мин»); null when the ticket cannot be estimated. */
  estimate: { lowMin: number; highMin: number; pointMin?: number; method: string } | null;
}

/** Windows to staff, and a ticket's wait estimate now. */
export const staffingRoutes = {
  staffing: route({
    method: 'GET',
    path: '/api/staffing',
    access: STAFFING_ROLES,
    query: StaffingQuery,
    response: typed<StaffingReport>(),
    errors: ['NOT_CONFIGURED'],
    summary: "Windows to open per hour today and for the week (Erlang A/C from the office's history)",
  }),
  estimate: route({
    method: 'GET',
    path: '/api/estimate',
    access: 'signed-in',
    query: EstimateQuery,
    response: typed<WaitEstimateAnswer>(),
    errors: ['UNKNOWN_TICKET'],
    summary: "A ticket's wait estimate now (the kiosk's printed figure, refreshed)",
  }),
  // plans checked before the day (issue 18): played in the background, «pending» until done
  staffingWhatIf: route({
    method: 'GET',
    path: '/api/staffing/whatif',
    access: STAFFING_ROLES,
    query: WhatIfQuery,
    response: typed<WhatIfAnswer>(),
    errors: ['NOT_CONFIGURED', 'VALIDATION_FAILED'],
    summary:
      "A day's expected visitors played through the engine with the advisor's plan and the office's plan: within-norm share, p90 wait and leavers per hour",
  }),
  staffingPlan: route({
    method: 'GET',
    path: '/api/staffing/plan',
    access: STAFFING_ROLES,
    query: StaffingPlanQuery,
    response: typed<StaffingPlan>(),
    errors: [],
    summary: 'The plan of windows per hour the office entered for a day (null hours: none)',
  }),
  saveStaffingPlan: route({
    method: 'PUT',
    path: '/api/staffing/plan',
    access: STAFFING_ROLES,
    body: StaffingPlanBody,
    response: typed<StaffingPlan>(),
    errors: ['NOT_CONFIGURED', 'VALIDATION_FAILED'],
    summary:
      "Keeps the office's plan of windows per hour for a day (an empty list removes it); the what-if plays it when no other plan is given",
  }),
  rulesWhatIf: route({
    method: 'GET',
    path: '/api/staffing/rules-whatif',
    access: STAFFING_ROLES,
    query: RulesWhatIfQuery,
    response: typed<RulesWhatIfAnswer>(),
    errors: ['NOT_CONFIGURED', 'VALIDATION_FAILED'],
    summary: 'The predicted effect of the rescue settings (rules.rescueAfterNormTimes, rescuePastNormMin) on a day',
  }),
};
