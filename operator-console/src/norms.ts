import type { OfficeConfig, Ticket } from '@talon/protocol';

/** Against a norm: within it, near it (the last fifth), or over it. */
export type NormState = 'within' | 'near' | 'over';

export const NEAR_SHARE = 0.8;

export function normState(elapsedMs: number, normMin: number | undefined): NormState {
  if (normMin === undefined || normMin <= 0) return 'within';
  const share = elapsedMs / (normMin * 60_000);
  return share > 1 ? 'over' : share >= NEAR_SHARE ? 'near' : 'within';
}

/** The service norm of a visit: its topic's norm where set (seed 001 annex), else the service's. */
export function serviceNormMin(config: OfficeConfig, t: Pick<Ticket, 'serviceId' | 'topicId'>): number | undefined {
  const topic = t.topicId ? config.topics.find((x) => x.id === t.topicId) : undefined;
  // A topic norm belongs to the service the visitor came for; after a transfer the new service's norm applies.
  if (topic?.serviceNormMin !== undefined && topic.serviceId === t.serviceId) return topic.serviceNormMin;
  return config.services.find((s) => s.id === t.serviceId)?.serviceNormMin;
}

export function waitNormMin(config: OfficeConfig, t: Pick<Ticket, 'serviceId'>): number | undefined {
  return config.services.find((s) => s.id === t.serviceId)?.waitNormMin;
}
