import type { Command, DispatchReason, EngineState, OperatorSession, Ticket } from '@talon/protocol';
import {
  accept,
  atWindow,
  type DecideContext,
  type Decision,
  type EventBody,
  needConfig,
  refuse,
} from './decide-common.js';
import { formatNumber, nextNumber, WALK_IN_PREFIX } from './decide-tickets.js';
import { builtInPolicies, type DispatchPolicy, eligibleFor, oldestWithPriority } from './dispatch.js';
import { isCallable, isPriority, serviceOf, windowOf } from './state.js';
import { dayKeyOf } from './time.js';
import { summarizeVisit } from './visit.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;
type AtWindow = OperatorSession & { windowId: string };

function callEvent(
  state: EngineState,
  op: AtWindow,
  t: Ticket,
  reason: DispatchReason,
  specific: boolean,
  streak: number,
): EventBody {
  const w = state.config ? windowOf(state.config, op.windowId) : undefined;
  return {
    type: 'TicketCalled',
    ticketId: t.id,
    number: t.number,
    operatorId: op.operatorId,
    windowId: op.windowId,
    windowNumber: w?.number ?? 0,
    windowKind: w?.kind ?? 'window',
    hallId: w?.hallId ?? '',
    reason,
    specific,
    priorityStreak: streak,
  };
}

/** The streak counts priority calls made while regular tickets waited; a regular call resets it. */
function nextStreak(state: EngineState, hallId: string, chosen: Ticket, regularWaiting: boolean, now: number): number {
  if (!isPriority(chosen, now)) return 0;
  return regularWaiting ? (state.priorityStreak[hallId] ?? 0) + 1 : 0;
}

export function callNext(state: EngineState, cmd: Cmd<'callNext'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const r = atWindow(state, ctx.actor, cmd.operatorId, { free: true, working: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  const hallId = windowOf(c.value, op.windowId)?.hallId ?? '';
  const next = chooseNext(state, op, hallId, ctx.now, eligibleFor(state, op, ctx.now), ctx.policies);
  if (!next) return refuse('QUEUE_EMPTY');
  return accept(ctx, [callEvent(state, op, next.ticket, next.reason, false, next.streak)], {
    ticketId: next.ticket.id,
    number: next.ticket.number,
  });
}

export interface NextCall {
  ticket: Ticket;
  reason: DispatchReason;
  /** The hall's priority streak after this call. */
  streak: number;
}

const PERSONAL: DispatchReason = {
  rule: 'personal',
  text: { ru: 'Посетитель направлен лично к вам', en: 'The visitor was sent to you personally' },
};

/**
 * Whom `callNext` calls for this operator among the tickets eligible for them (`eligibleFor`): a visitor
 * sent to them personally first, then the office's dispatch policy. The «перед вами» replay asks the same.
 */
export function chooseNext(
  state: EngineState,
  op: OperatorSession,
  hallId: string,
  now: number,
  { personal, general }: { personal: Ticket[]; general: Ticket[] },
  policies: Record<string, DispatchPolicy> = builtInPolicies,
): NextCall | null {
  const mine = personal[0];
  if (mine) return { ticket: mine, reason: PERSONAL, streak: state.priorityStreak[hallId] ?? 0 };
  const config = state.config;
  if (!config) return null;
  const policy = policies[config.rules.dispatchPolicy] ?? oldestWithPriority;
  const choice = policy.choose({ state, operator: op, hallId, now, candidates: general });
  const t = choice ? state.tickets[choice.ticketId] : undefined;
  if (!choice || !t || !general.includes(t)) return null;
  const streak = nextStreak(
    state,
    hallId,
    t,
    general.some((g) => !isPriority(g, now)),
    now,
  );
  return { ticket: t, reason: choice.reason, streak };
}

/** Calling a specific ticket out of order: the console asks for confirmation first. */
export function callTicket(state: EngineState, cmd: Cmd<'callTicket'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const r = atWindow(state, ctx.actor, cmd.operatorId, { free: true, working: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  const t = state.tickets[cmd.ticketId];
  if (!t) return refuse('UNKNOWN_TICKET');
  // A postponed ticket may be called early on purpose: the operator sees the visitor has come back.
  if (!isCallable(t, ctx.now) && t.status !== 'postponed') return refuse('TICKET_NOT_WAITING');
  if (t.targetOperatorId !== undefined && t.targetOperatorId !== op.operatorId) return refuse('TICKET_RESERVED');
  if (t.targetOperatorId === undefined && !op.skills.includes(t.serviceId)) return refuse('NOT_SKILLED');
  const hallId = windowOf(c.value, op.windowId)?.hallId ?? '';
  const reason = {
    rule: 'specific',
    text: { ru: 'Вызван оператором по номеру', en: 'Called by number by the operator' },
  };
  const regularWaiting = eligibleFor(state, op, ctx.now).general.some((g) => !isPriority(g, ctx.now) && g.id !== t.id);
  const streak = nextStreak(state, hallId, t, regularWaiting, ctx.now);
  return accept(ctx, [callEvent(state, op, t, reason, true, streak)], { ticketId: t.id, number: t.number });
}

function current(state: EngineState, ctx: DecideContext, operatorId: string | undefined) {
  const r = atWindow(state, ctx.actor, operatorId);
  if (!r.ok) return r;
  const op = r.value;
  const t = op.ticketId !== null ? state.tickets[op.ticketId] : undefined;
  if (!t) return { ok: false as const, decision: refuse('NO_CURRENT_TICKET') };
  return { ok: true as const, op, t };
}

/** Recalls within the configured count and interval; one more than allowed marks the no-show. */
export function recall(state: EngineState, cmd: Cmd<'recall'>, ctx: DecideContext): Decision {
  const r = current(state, ctx, cmd.operatorId);
  if (!r.ok) return r.decision;
  const { op, t } = r;
  const rules = state.config?.rules;
  if (t.status !== 'called' || !rules) return refuse('TICKET_NOT_CALLED');
  if (t.lastCalledAt !== undefined && ctx.now - t.lastCalledAt < rules.recallMinIntervalSec * 1000)
    return refuse('RECALL_TOO_SOON', {
      retryInSec: Math.ceil((t.lastCalledAt + rules.recallMinIntervalSec * 1000 - ctx.now) / 1000),
      // the server's time from which a recall is allowed: a screen counts down to it on the server's clock
      retryAt: t.lastCalledAt + rules.recallMinIntervalSec * 1000,
    });
  if (t.callCount >= rules.recallMaxCount + 1) return noShow(t, op, ctx, true);
  const w = state.config ? windowOf(state.config, op.windowId) : undefined;
  return accept(ctx, [
    {
      type: 'TicketRecalled',
      ticketId: t.id,
      number: t.number,
      operatorId: op.operatorId,
      windowId: op.windowId,
      windowNumber: w?.number ?? 0,
      windowKind: w?.kind ?? 'window',
      hallId: w?.hallId ?? '',
      callCount: t.callCount + 1,
    },
  ]);
}

function noShow(t: Ticket, op: AtWindow, ctx: DecideContext, auto: boolean): Decision {
  const visit = summarizeVisit(t, { at: ctx.now, outcome: 'no-show' });
  return accept(ctx, [
    { type: 'TicketNoShow', ticketId: t.id, operatorId: op.operatorId, windowId: op.windowId, auto, visit },
  ]);
}

export function markNoShow(state: EngineState, cmd: Cmd<'markNoShow'>, ctx: DecideContext): Decision {
  const r = current(state, ctx, cmd.operatorId);
  if (!r.ok) return r.decision;
  if (r.t.status !== 'called') return refuse('TICKET_NOT_CALLED');
  return noShow(r.t, r.op, ctx, false);
}

export function startService(state: EngineState, cmd: Cmd<'startService'>, ctx: DecideContext): Decision {
  const r = current(state, ctx, cmd.operatorId);
  if (!r.ok) return r.decision;
  if (r.t.status !== 'called') return refuse('TICKET_NOT_CALLED');
  return accept(ctx, [
    { type: 'ServiceStarted', ticketId: r.t.id, operatorId: r.op.operatorId, windowId: r.op.windowId },
  ]);
}

export function finishService(state: EngineState, cmd: Cmd<'finishService'>, ctx: DecideContext): Decision {
  const r = current(state, ctx, cmd.operatorId);
  if (!r.ok) return r.decision;
  const { op, t } = r;
  if (t.status !== 'serving') return refuse('TICKET_NOT_SERVING');
  const known = new Set(state.config?.outcomeCodes.map((o) => o.id));
  const unknown = cmd.outcomes.filter((o) => !known.has(o));
  if (unknown.length > 0) return refuse('VALIDATION_FAILED', { outcomes: unknown });
  // The visit ends here (not a segment that goes back to the colleague who sent it): its outcome is due.
  if (!t.returnTo && cmd.outcomes.length === 0 && state.config?.rules.outcomeRequired)
    return refuse('OUTCOME_REQUIRED');
  // marked during service (markDigitalOnboarding) or ticked at the end: either way the visit had it
  const digitalOnboarding = cmd.digitalOnboarding || t.digitalOnboarding === true;
  const base = {
    type: 'ServiceFinished' as const,
    ticketId: t.id,
    operatorId: op.operatorId,
    windowId: op.windowId,
    outcomes: cmd.outcomes,
    digitalOnboarding,
    extraSale: cmd.extraSale,
  };
  if (t.returnTo) return accept(ctx, [{ ...base, returnTo: t.returnTo }]);
  const visit = summarizeVisit(t, {
    at: ctx.now,
    outcome: 'served',
    outcomes: cmd.outcomes,
    digitalOnboarding,
    extraSale: cmd.extraSale,
  });
  return accept(ctx, [{ ...base, visit }]);
}

export function postpone(state: EngineState, cmd: Cmd<'postpone'>, ctx: DecideContext): Decision {
  const r = current(state, ctx, cmd.operatorId);
  if (!r.ok) return r.decision;
  const { op, t } = r;
  return accept(ctx, [
    {
      type: 'TicketPostponed',
      ticketId: t.id,
      operatorId: op.operatorId,
      windowId: op.windowId,
      reason: cmd.reason,
      returnAt: ctx.now + cmd.returnInMin * 60_000,
    },
  ]);
}

/** To a competent specialist or another service (seed 003 §6.5), keeping the visitor's place. */
export function transfer(state: EngineState, cmd: Cmd<'transfer'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const r = current(state, ctx, cmd.operatorId);
  if (!r.ok) return r.decision;
  const { op, t } = r;
  if (cmd.toServiceId === undefined && cmd.toOperatorId === undefined) return refuse('TRANSFER_TARGET_REQUIRED');
  if (cmd.toServiceId !== undefined && !serviceOf(c.value, cmd.toServiceId))
    return refuse('UNKNOWN_SERVICE', { serviceId: cmd.toServiceId });
  if (cmd.toOperatorId !== undefined) {
    if (cmd.toOperatorId === op.operatorId) return refuse('TRANSFER_TO_SELF');
    if (!state.operators[cmd.toOperatorId]) return refuse('UNKNOWN_OPERATOR', { operatorId: cmd.toOperatorId });
  }
  return accept(ctx, [
    {
      type: 'TicketTransferred',
      ticketId: t.id,
      operatorId: op.operatorId,
      windowId: op.windowId,
      fromServiceId: t.serviceId,
      toServiceId: cmd.toServiceId ?? t.serviceId,
      ...(cmd.toOperatorId !== undefined ? { toOperatorId: cmd.toOperatorId } : {}),
      comment: cmd.comment,
      returnToOrigin: cmd.returnToOrigin,
    },
  ]);
}

/** A visitor served without a ticket (e.g. a quick question at the window) still counts as a visit. */
export function serveWalkIn(state: EngineState, cmd: Cmd<'serveWalkIn'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const r = atWindow(state, ctx.actor, cmd.operatorId, { free: true, working: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  if (!serviceOf(c.value, cmd.serviceId)) return refuse('UNKNOWN_SERVICE', { serviceId: cmd.serviceId });
  const dayKey = dayKeyOf(ctx.now, c.value.timeZone);
  const n = nextNumber(state, WALK_IN_PREFIX, dayKey);
  if (n > 999) return refuse('NUMBER_RANGE_EXHAUSTED', { prefix: WALK_IN_PREFIX });
  const number = formatNumber(WALK_IN_PREFIX, n);
  const ticket: Ticket = {
    id: `${dayKey}/${number}`,
    number,
    dayKey,
    serviceId: cmd.serviceId,
    originServiceId: cmd.serviceId,
    walkIn: true,
    issuedAt: ctx.now,
    waitFrom: ctx.now,
    queuedAt: ctx.now,
    eligibleAt: ctx.now,
    waitingSince: ctx.now,
    waitedSec: 0,
    walkedSec: 0,
    status: 'serving',
    operatorId: op.operatorId,
    windowId: op.windowId,
    callCount: 0,
    startedAt: ctx.now,
    servedSec: 0,
    transfers: 0,
    postponements: 0,
    recalls: 0,
  };
  return accept(ctx, [{ type: 'WalkInStarted', ticket, operatorId: op.operatorId, windowId: op.windowId }], {
    ticketId: ticket.id,
    number,
  });
}
