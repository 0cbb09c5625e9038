import { currentWaitMin, isCallable } from '@talon/engine';
import {
  type AlarmSettings,
  type EngineState,
  type ServiceFigures,
  serviceNormMin,
  type Ticket,
  type WaitingTicketFigure,
  type WindowFigures,
} from '@talon/protocol';
import { atWork } from './projection.js';

const round1 = (x: number) => Math.round(x * 10) / 10;

function waitingFigure(t: Ticket, norm: number, now: number, projected: number | null): WaitingTicketFigure {
  const waitMin = currentWaitMin(t, now);
  return {
    ticketId: t.id,
    number: t.number,
    waitingSince: t.waitingSince,
    waitMin: round1(waitMin),
    remainingMin: round1(norm - waitMin),
    projectedCallInMin: projected === null ? null : round1(projected),
  };
}

/**
 * Per service: who waits, the longest wait against the norm, who passed it and who will pass it
 * before being called. Pure: the same input gives the same figures on the server and in tests.
 */
export function serviceFigures(
  state: Readonly<EngineState>,
  now: number,
  projection: Map<string, number | null>,
  settings: AlarmSettings,
): ServiceFigures[] {
  const config = state.config;
  if (!config) return [];
  const ops = Object.values(state.operators).filter(atWork);
  const waiting = Object.values(state.tickets).filter((t) => isCallable(t, now));
  return config.services.map((s) => {
    const mine = waiting
      .filter((t) => t.serviceId === s.id)
      .map((t) => {
        const projected = projection.has(t.id) ? (projection.get(t.id) ?? null) : null;
        // exact minutes decide; the figure shown is rounded
        const exact = currentWaitMin(t, now);
        return { f: waitingFigure(t, s.waitNormMin, now, projected), exact, projected };
      })
      .sort((a, b) => b.exact - a.exact);
    const overNorm = mine.filter((x) => x.exact >= s.waitNormMin).map((x) => x.f);
    const soon = mine
      .filter((x) => {
        const remaining = s.waitNormMin - x.exact;
        return remaining > 0 && remaining <= settings.waitSoonMin && (x.projected === null || x.projected > remaining);
      })
      .map((x) => x.f);
    const longest = mine[0]?.f ?? null;
    return {
      serviceId: s.id,
      name: s.name,
      prefix: s.prefix,
      waiting: mine.length,
      waitNormMin: s.waitNormMin,
      longestWaitMin: longest?.waitMin ?? 0,
      longest,
      overNorm,
      soon,
      operatorsAtWork: ops.filter((o) => o.skills.includes(s.id)).length,
      queueMax: settings.queueMaxByService.find((q) => q.serviceId === s.id)?.max ?? settings.queueMaxLength,
    };
  });
}

/** Per window: who works there, in what state since when, and the current visit against its norm. */
export function windowFigures(state: Readonly<EngineState>): WindowFigures[] {
  const config = state.config;
  if (!config) return [];
  const byWindow = new Map(
    Object.values(state.operators)
      .filter((o) => o.windowId !== null && o.status !== 'logged-out')
      .map((o) => [o.windowId as string, o]),
  );
  return [...config.windows]
    .sort((a, b) => a.number - b.number)
    .map((w) => {
      const op = byWindow.get(w.id);
      const t = op?.ticketId ? state.tickets[op.ticketId] : undefined;
      const reason = op?.breakReasonId ? config.breakReasons.find((r) => r.id === op.breakReasonId) : undefined;
      return {
        windowId: w.id,
        number: w.number,
        kind: w.kind,
        hallId: w.hallId,
        operatorId: op?.operatorId ?? null,
        operatorName: op?.name ?? null,
        status: op ? op.status : 'closed',
        since: op?.since ?? null,
        breakReason: op?.status === 'break' ? (reason?.name ?? null) : null,
        ticket: t
          ? {
              ticketId: t.id,
              number: t.number,
              serviceId: t.serviceId,
              status: t.status,
              since: (t.status === 'serving' ? t.startedAt : t.lastCalledAt) ?? t.waitingSince,
              // the console's and the alarms' norm: the topic's own (seed 001 annex), onboarding minutes included
              serviceNormMin: serviceNormMin(config, t) ?? 0,
            }
          : null,
      } satisfies WindowFigures;
    });
}
