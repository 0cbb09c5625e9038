import type { EngineState, VisitSummary } from '@talon/protocol';
import { type Estimator, placeOf } from './places.js';

/**
 * Where a visit stands, as its phone page shows it: language-neutral figures, rendered to HTML by the
 * rating pages (server/src/rating/ticket-html.ts) both for the first answer and for every push.
 */
export type VisitState =
  | 'waiting'
  | 'postponed'
  | 'called'
  | 'serving'
  /** Served and still ratable: the page becomes the rating form. */
  | 'rate'
  /** Served, rated or past the rating period. */
  | 'done'
  | 'no-show'
  | 'cancelled'
  | 'unknown';

export interface VisitView {
  state: VisitState;
  number: string;
  serviceId: string | null;
  /** Visitors the office will call before this one (the engine's count); null: nobody serving it now. */
  ahead: number | null;
  /** The twin's range in whole minutes; null when there is no honest figure. */
  estimate: { lowMin: number; highMin: number } | null;
  windowId: string | null;
  /** Changes with each call and recall of this ticket: the phone rings once per value. */
  callKey: string | null;
  /** A recall (the operator called again). */
  recalled: boolean;
}

export interface ViewSources {
  state: Readonly<EngineState>;
  now: number;
  estimate: Estimator;
  /** A closed visit from the store (no-show, cancelled and served ones past the state's memory). */
  closed: (ticketId: string) => Pick<VisitSummary, 'number' | 'serviceId' | 'outcome'> | null;
}

const none = { ahead: null, estimate: null, windowId: null, callKey: null, recalled: false } as const;

export function visitView(src: ViewSources, ticketId: string): VisitView {
  const { state, now } = src;
  const t = state.tickets[ticketId];
  if (t) {
    const base = { ...none, number: t.number, serviceId: t.serviceId };
    if (t.status === 'waiting' || t.status === 'postponed') {
      const { ahead, estimate } = placeOf(state, now, t, src.estimate);
      return { ...base, state: t.status, ahead, estimate };
    }
    return {
      ...base,
      state: t.status,
      windowId: t.windowId ?? null,
      callKey: t.lastCalledAt !== undefined ? `${t.lastCalledAt}/${t.callCount}` : null,
      recalled: t.status === 'called' && t.callCount > 1,
    };
  }
  const recent = state.recentVisits?.[ticketId];
  if (recent)
    return {
      ...none,
      state: recent.ratedAt === undefined ? 'rate' : 'done',
      number: recent.number,
      serviceId: recent.serviceId,
    };
  const v = src.closed(ticketId);
  if (!v) return { ...none, state: 'unknown', number: '', serviceId: null };
  return {
    ...none,
    state: v.outcome === 'served' ? 'done' : v.outcome,
    number: v.number,
    serviceId: v.serviceId,
  };
}
