import type { Ticket, VisitSummary } from '@talon/protocol';

const sec = (ms: number) => Math.max(0, Math.round(ms / 1000));

export interface Closing {
  at: number;
  outcome: VisitSummary['outcome'];
  outcomes?: string[];
  digitalOnboarding?: boolean;
  extraSale?: boolean;
}

/** The figures reports read, computed once when a visit ends (DOMAIN.md "A visit's life"). */
export function summarizeVisit(t: Ticket, c: Closing): VisitSummary {
  const served = c.outcome === 'served' && t.startedAt !== undefined;
  const v: VisitSummary = {
    ticketId: t.id,
    number: t.number,
    dayKey: t.dayKey,
    serviceId: t.serviceId,
    originServiceId: t.originServiceId,
    walkIn: t.walkIn,
    outcome: c.outcome,
    issuedAt: t.issuedAt,
    closedAt: c.at,
    totalSec: sec(c.at - t.issuedAt),
    transfers: t.transfers,
    postponements: t.postponements,
    recalls: t.recalls,
    outcomes: c.outcomes ?? [],
    digitalOnboarding: c.digitalOnboarding ?? false,
    extraSale: c.extraSale ?? false,
  };
  if (t.topicId !== undefined) v.topicId = t.topicId;
  if (t.segmentId !== undefined) v.segmentId = t.segmentId;
  if (t.priorityCategoryId !== undefined) v.priorityCategoryId = t.priorityCategoryId;
  if (t.appointmentId !== undefined) v.appointmentId = t.appointmentId;
  if (t.operatorId !== undefined) v.operatorId = t.operatorId;
  if (t.windowId !== undefined) v.windowId = t.windowId;
  if (t.firstCalledAt !== undefined) {
    v.firstCalledAt = t.firstCalledAt;
    v.firstWaitSec = sec(t.firstCalledAt - t.waitFrom);
    v.waitSec = t.waitedSec;
  } else if (!t.walkIn && c.outcome !== 'cancelled') {
    v.waitSec = t.waitedSec + sec(c.at - t.waitingSince);
  }
  if (t.lastCalledAt !== undefined) v.lastCalledAt = t.lastCalledAt;
  if (t.startedAt !== undefined) {
    v.startedAt = t.startedAt;
    if (!t.walkIn) v.walkSec = t.walkedSec;
  }
  if (served && t.startedAt !== undefined) v.serviceSec = t.servedSec + sec(c.at - t.startedAt);
  return v;
}
