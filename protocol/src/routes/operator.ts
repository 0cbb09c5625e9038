import { z } from 'zod';
import type { OperatorDay } from '../api.js';
import { route } from './define.js';
import { typed } from './typed.js';

/** GET /api/operator/day query: an administrator may name the operator; an operator always gets their own. */
export const OperatorDayQuery = z.object({ operatorId: z.string().max(64).optional() });
export type OperatorDayQuery = z.infer<typeof OperatorDayQuery>;

/** The operator console's own figures. */
export const operatorRoutes = {
  operatorDay: route({
    method: 'GET',
    path: '/api/operator/day',
    access: ['operator', 'hall_admin', 'config_admin'],
    query: OperatorDayQuery,
    response: typed<OperatorDay>(),
    // FORBIDDEN (besides the role check): an operator's login that is linked to no operator of the office.
    errors: ['UNKNOWN_OPERATOR'],
    summary: "Today's figures of an operator: served, no-shows, service times against the norm, ratings",
  }),
};
