import type { OfficeConfig } from './config.js';

/**
 * Seed 001 §3.5: «Привлечение к ЦС — 4 минуты» — helping the visitor into the digital services
 * (personal account, app) adds 4 minutes to the reception norm (consultation 8 + 4, both 16 = 12 + 4).
 */
export const DIGITAL_ONBOARDING_MIN = 4;

/** What the service norm of a visit depends on. */
export interface NormSubject {
  serviceId: string;
  topicId?: string | undefined;
  /** The visit includes digital onboarding (the operator ticks it; seed 001 §3.5). */
  digitalOnboarding?: boolean | undefined;
}

/**
 * The service norm of a visit in minutes: its topic's norm where set (seed 001 annex), else the
 * service's; plus DIGITAL_ONBOARDING_MIN for a visit with digital onboarding. One computation for
 * the operator console's colours, the administrator's alarms and the reports.
 */
export function serviceNormMin(config: OfficeConfig, t: NormSubject): number | undefined {
  const topic = t.topicId ? config.topics.find((x) => x.id === t.topicId) : undefined;
  // A topic norm belongs to the service the visitor came for; after a transfer the new service's norm applies.
  const base =
    topic?.serviceNormMin !== undefined && topic.serviceId === t.serviceId
      ? topic.serviceNormMin
      : config.services.find((s) => s.id === t.serviceId)?.serviceNormMin;
  return base === undefined ? undefined : withOnboarding(base, t.digitalOnboarding);
}

/** A service norm with the onboarding minutes added when the visit includes onboarding. */
export function withOnboarding(normMin: number, digitalOnboarding: boolean | undefined): number {
  return digitalOnboarding ? normMin + DIGITAL_ONBOARDING_MIN : normMin;
}
