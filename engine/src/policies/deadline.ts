import type { EngineState, Ticket } from '@talon/protocol';
import { serviceOf } from '../state.js';
import { waitMin } from './common.js';

/** A ticket's deadline under the norm-aware policy: its target, the minutes waited against it, the slack left. */

/** A visit transferred from another service keeps the norm it started with, over all its waits (its place in the queue). */
const transferred = (t: Ticket) => t.transfers > 0 && t.originServiceId !== t.serviceId;

/**
 * Minutes within which the ticket should be called: its service's wait norm; for a booking the lateness
 * allowance (seed 003 §8.6.5); for a transferred visit the norm of the service it started with.
 */
export function targetMin(state: EngineState, t: Ticket): number {
  const serviceId = transferred(t) ? t.originServiceId : t.serviceId;
  const norm = (state.config && serviceOf(state.config, serviceId)?.waitNormMin) || Number.POSITIVE_INFINITY;
  if (t.appointmentId === undefined) return norm;
  const late = state.config?.rules.appointmentLateMin ?? 0;
  return late > 0 ? Math.min(norm, late) : norm;
}

/** Minutes waited against that target: the current wait (bookings from their slot), plus a transferred visit's earlier waits. */
export function waitedMin(t: Ticket, now: number): number {
  return (transferred(t) ? t.waitedSec / 60 : 0) + waitMin(t, now);
}

/** Minutes left until the ticket's deadline; negative once it is late. */
export function slackMin(state: EngineState, t: Ticket, now: number): number {
  return targetMin(state, t) - waitedMin(t, now);
}
