import type { EngineState } from '@talon/protocol';
import { isCallable, serviceOf } from './state.js';

export interface WaitEstimate {
  /** A range shown to the visitor, e.g. «≈ 10–15 мин». */
  lowMin: number;
  highMin: number;
  /** The single figure printed with the range («≈ 12 мин»); prediction accuracy is measured on it. */
  pointMin?: number;
  /** How it was computed, for reports and for comparing methods. */
  method: string;
}

/**
 * Vendor-style baseline: people ahead × average service time ÷ operators who serve the service.
 * The simulator measures better methods against this one.
 */
export function baselineEstimate(state: EngineState, ticketId: string, now: number): WaitEstimate | null {
  const config = state.config;
  const t = state.tickets[ticketId];
  if (!config || !t) return null;
  if (t.status !== 'waiting' && t.status !== 'postponed')
    return { lowMin: 0, highMin: 0, pointMin: 0, method: 'baseline' };
  const ahead = Object.values(state.tickets).filter(
    (o) => o.id !== t.id && o.serviceId === t.serviceId && isCallable(o, now) && o.queuedAt <= t.queuedAt,
  ).length;
  const open = Object.values(state.operators).filter(
    (op) => op.status !== 'logged-out' && op.status !== 'break' && op.skills.includes(t.serviceId),
  ).length;
  const serviceMin = serviceOf(config, t.serviceId)?.serviceNormMin ?? 10;
  const mid = ((ahead + 0.5) * serviceMin) / Math.max(1, open);
  const low = Math.max(0, Math.floor(mid * 0.8));
  return {
    lowMin: low,
    highMin: Math.max(low + 1, Math.ceil(mid * 1.3)),
    pointMin: Math.round(mid),
    method: 'baseline',
  };
}
