import type { OfficeConfig, Ticket } from '@talon/protocol';

/** Against a norm: within it, near it (the last fifth), or over it. */
export type NormState = 'within' | 'near' | 'over';

export const NEAR_SHARE = 0.8;

export function normState(elapsedMs: number, normMin: number | undefined): NormState {
  if (normMin === undefined || normMin <= 0) return 'within';
  const share = elapsedMs / (normMin * 60_000);
  return share > 1 ? 'over' : share >= NEAR_SHARE ? 'near' : 'within';
}

// One computation of the service norm (onboarding minutes included) for the console, the alarms and the reports.
export { serviceNormMin } from '@talon/protocol';

export function waitNormMin(config: OfficeConfig, t: Pick<Ticket, 'serviceId'>): number | undefined {
  return config.services.find((s) => s.id === t.serviceId)?.waitNormMin;
}
