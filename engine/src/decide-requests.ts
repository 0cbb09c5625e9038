import type { Command, EngineState, LeaveRequest } from '@talon/protocol';
import {
  accept,
  atWindow,
  type DecideContext,
  type Decision,
  type EventBody,
  isHallAdmin,
  needConfig,
  refuse,
} from './decide-common.js';
import { logoutWouldStrandVisitors } from './decide-operators.js';
import { windowOf } from './state.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/**
 * Seed 001 §3.5 keeps a hall from being left empty; what it refuses the hall administrator may allow.
 * The operator asks from the console, the administrator answers from the monitor: one request per operator.
 */
export function requestPermission(state: EngineState, cmd: Cmd<'requestPermission'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const r = atWindow(state, ctx.actor, undefined, { free: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  if (state.requests?.[op.operatorId]?.status === 'pending') return refuse('REQUEST_PENDING');
  if (cmd.action === 'break') {
    if (op.status === 'break') return refuse('OPERATOR_ON_BREAK');
    if (!c.value.breakReasons.some((b) => b.id === cmd.reasonId))
      return refuse('VALIDATION_FAILED', { reasonId: cmd.reasonId ?? null });
  }
  const request: LeaveRequest = {
    // the log's next number: unique in the office and the same on every replay
    id: `req-${state.seq + 1}`,
    operatorId: op.operatorId,
    windowId: op.windowId,
    hallId: windowOf(c.value, op.windowId)?.hallId ?? '',
    action: cmd.action,
    ...(cmd.action === 'break' && cmd.reasonId !== undefined ? { reasonId: cmd.reasonId } : {}),
    ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}),
    requestedAt: ctx.now,
    status: 'pending',
  };
  return accept(ctx, [{ type: 'PermissionRequested', request }]);
}

/** The operator takes the request back, or closes the refusal they have read. */
export function withdrawRequest(state: EngineState, _cmd: Cmd<'withdrawRequest'>, ctx: DecideContext): Decision {
  const operatorId = ctx.actor.kind === 'user' ? ctx.actor.operatorId : undefined;
  if (operatorId === undefined) return refuse('FORBIDDEN');
  const req = state.requests?.[operatorId];
  if (!req) return refuse('REQUEST_NOT_FOUND');
  return accept(ctx, [{ type: 'RequestWithdrawn', requestId: req.id, operatorId }]);
}

/**
 * The administrator's decision. Granted, the break starts (or the operator is signed off) at once, marked
 * as overridden by the administrator; refused, the operator stays at work and the console shows the answer.
 */
export function answerRequest(state: EngineState, cmd: Cmd<'answerRequest'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  if (!isHallAdmin(ctx.actor) || ctx.actor.kind !== 'user') return refuse('OVERRIDE_REQUIRES_ADMIN');
  const adminId = ctx.actor.userId;
  const req = state.requests?.[cmd.operatorId];
  if (!req || req.id !== cmd.requestId || req.status !== 'pending')
    return refuse('REQUEST_NOT_FOUND', { requestId: cmd.requestId });
  const answered: EventBody = {
    type: 'RequestAnswered',
    requestId: req.id,
    operatorId: req.operatorId,
    action: req.action,
    granted: cmd.grant,
    ...(cmd.comment !== undefined ? { comment: cmd.comment } : {}),
  };
  if (!cmd.grant) return accept(ctx, [answered]);
  // what held when the operator asked may not hold now: the operator took a visitor meanwhile
  const r = atWindow(state, ctx.actor, req.operatorId, { free: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  if (req.action === 'break') {
    if (op.status === 'break') return refuse('OPERATOR_ON_BREAK');
    const reasonId = req.reasonId ?? '';
    if (!c.value.breakReasons.some((b) => b.id === reasonId)) return refuse('VALIDATION_FAILED', { reasonId });
    return accept(ctx, [
      answered,
      { type: 'BreakStarted', operatorId: op.operatorId, reasonId, overriddenBy: adminId },
    ]);
  }
  return accept(ctx, [
    answered,
    {
      type: 'OperatorLoggedOut',
      operatorId: op.operatorId,
      windowId: op.windowId,
      ...(logoutWouldStrandVisitors(state, op) ? { overriddenBy: adminId } : {}),
    },
  ]);
}

/**
 * From a waiting-norm alarm: the ticket goes to one operator, who alone may call it and calls it before the
 * general queue (the same pinning as a transfer to a person); it keeps its place and its wait.
 */
export function assignTicket(state: EngineState, cmd: Cmd<'assignTicket'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  if (!isHallAdmin(ctx.actor)) return refuse('FORBIDDEN');
  const t = state.tickets[cmd.ticketId];
  if (!t) return refuse('UNKNOWN_TICKET', { ticketId: cmd.ticketId });
  if (t.status !== 'waiting' && t.status !== 'postponed') return refuse('TICKET_NOT_WAITING');
  const op = state.operators[cmd.toOperatorId];
  if (!op) return refuse('UNKNOWN_OPERATOR', { operatorId: cmd.toOperatorId });
  if (op.windowId === null || op.status === 'logged-out') return refuse('OPERATOR_NOT_LOGGED_IN');
  return accept(ctx, [
    { type: 'TicketAssigned', ticketId: t.id, number: t.number, toOperatorId: op.operatorId, windowId: op.windowId },
  ]);
}
