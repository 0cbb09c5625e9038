import type { EngineState, Ticket } from '@talon/protocol';
import { serviceOf } from '../state.js';
import { waitMin } from './common.js';

/** A ticket's deadline under the norm-aware policy: its target, the minutes waited against it, the slack left. */

/** A visit transferred from another service keeps the norm it started with, over all its waits (its place in the queue). */
const transferred = (t: Ticket) => t.transfers > 0 && t.originServiceId !== t.serviceId;

/**
 * Minutes of a two-stage visit's norm kept for its second wait, before it is transferred: the next service's
 * own wait norm (consultation then cash, 12 min together: 4 for the cash), at most half the norm.
 */
export function secondWaitMin(state: EngineState, t: Ticket): number {
  if (!state.config || t.transfers > 0) return 0;
  const service = serviceOf(state.config, t.serviceId);
  const next = service?.thenServiceId !== undefined ? serviceOf(state.config, service.thenServiceId) : undefined;
  return service && next ? Math.min(next.waitNormMin, service.waitNormMin / 2) : 0;
}

/**
 * Minutes within which the ticket should be called: its service's wait norm (less what a two-stage visit
 * keeps for its second wait); for a booking the lateness allowance (seed 003 §8.6.5); for a transferred visit
 * the norm of the service it started with.
 */
export function targetMin(state: EngineState, t: Ticket): number {
  const serviceId = transferred(t) ? t.originServiceId : t.serviceId;
  const norm =
    ((state.config && serviceOf(state.config, serviceId)?.waitNormMin) || Number.POSITIVE_INFINITY) -
    secondWaitMin(state, t);
  if (t.appointmentId === undefined) return norm;
  const late = state.config?.rules.appointmentLateMin ?? 0;
  return late > 0 ? Math.min(norm, late) : norm;
}

/** The whole visit's target, both waits of a two-stage visit together: what the rescue bound multiplies. */
export function visitTargetMin(state: EngineState, t: Ticket): number {
  return targetMin(state, t) + secondWaitMin(state, t);
}

/** Minutes waited against that target: the current wait (bookings from their slot), plus a transferred visit's earlier waits. */
export function waitedMin(t: Ticket, now: number): number {
  return (transferred(t) ? t.waitedSec / 60 : 0) + waitMin(t, now);
}

/** Minutes left until the ticket's deadline; negative once it is late. */
export function slackMin(state: EngineState, t: Ticket, now: number): number {
  return targetMin(state, t) - waitedMin(t, now);
}
