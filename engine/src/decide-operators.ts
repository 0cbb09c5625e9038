import type { Command, EngineState } from '@talon/protocol';
import {
  accept,
  actingOperator,
  atWindow,
  type DecideContext,
  type Decision,
  isHallAdmin,
  needConfig,
  refuse,
} from './decide-common.js';
import { serviceOf, windowOf } from './state.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

export function operatorLogin(state: EngineState, cmd: Cmd<'operatorLogin'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const r = actingOperator(state, ctx.actor, cmd.operatorId);
  if (!r.ok) return r.decision;
  const op = r.value;
  if (!windowOf(c.value, cmd.windowId)) return refuse('UNKNOWN_WINDOW', { windowId: cmd.windowId });
  if (op.status !== 'logged-out') return refuse('OPERATOR_ALREADY_LOGGED_IN', { windowId: op.windowId });
  const other = Object.values(state.operators).find((o) => o.windowId === cmd.windowId && o.status !== 'logged-out');
  if (other) return refuse('WINDOW_OCCUPIED', { operatorId: other.operatorId });
  return accept(ctx, [{ type: 'OperatorLoggedIn', operatorId: op.operatorId, windowId: cmd.windowId }]);
}

/**
 * Seed 001 §3.5 at the end of a shift too: the last operator at work in a hall does not sign off while visitors
 * wait, whatever the hour (reception closing stops new tickets, not the service of those already issued).
 * The administrator may allow it (override), e.g. to close the day with the visitors told; without visitors
 * waiting the logout is always free.
 */
export function operatorLogout(state: EngineState, cmd: Cmd<'operatorLogout'>, ctx: DecideContext): Decision {
  const r = atWindow(state, ctx.actor, cmd.operatorId, { free: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  let overriddenBy: string | undefined;
  if (logoutWouldStrandVisitors(state, op)) {
    if (!cmd.override) return refuse('LOGOUT_WOULD_EMPTY_HALL', { waiting: waitingVisitors(state) });
    if (!isHallAdmin(ctx.actor) || ctx.actor.kind !== 'user') return refuse('OVERRIDE_REQUIRES_ADMIN');
    overriddenBy = ctx.actor.userId;
  }
  return accept(ctx, [
    {
      type: 'OperatorLoggedOut',
      operatorId: op.operatorId,
      windowId: op.windowId,
      ...(overriddenBy ? { overriddenBy } : {}),
    },
  ]);
}

/** Visitors in the queue, postponed ones included: they are still in the hall. */
export function waitingVisitors(state: EngineState): number {
  let n = 0;
  for (const t of Object.values(state.tickets)) if (t.status === 'waiting' || t.status === 'postponed') n += 1;
  return n;
}

/** Operators other than `operatorId` at work (not on break) in the hall of `windowId`. */
function othersAtWork(state: EngineState, operatorId: string, windowId: string): number {
  const config = state.config;
  if (!config) return 0;
  const hallId = windowOf(config, windowId)?.hallId;
  return Object.values(state.operators).filter(
    (o) =>
      o.operatorId !== operatorId &&
      o.windowId !== null &&
      o.status !== 'logged-out' &&
      o.status !== 'break' &&
      windowOf(config, o.windowId)?.hallId === hallId,
  ).length;
}

/** Whether this operator's logout would leave waiting visitors with nobody at work in the hall. */
export function logoutWouldStrandVisitors(state: EngineState, op: { operatorId: string; windowId: string }): boolean {
  return waitingVisitors(state) > 0 && othersAtWork(state, op.operatorId, op.windowId) === 0;
}

/**
 * Seed 001 §3.5: where a hall has more than one window, operators may never all be on break at once.
 * The break that would leave nobody at work is refused unless a hall administrator overrides it (logged).
 */
export function startBreak(state: EngineState, cmd: Cmd<'startBreak'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const config = c.value;
  const r = atWindow(state, ctx.actor, cmd.operatorId, { free: true });
  if (!r.ok) return r.decision;
  const op = r.value;
  if (op.status === 'break') return refuse('OPERATOR_ON_BREAK');
  if (!config.breakReasons.some((b) => b.id === cmd.reasonId))
    return refuse('VALIDATION_FAILED', { reasonId: cmd.reasonId });
  const hallId = windowOf(config, op.windowId)?.hallId;
  const windowsInHall = config.windows.filter((w) => w.hallId === hallId).length;
  let overriddenBy: string | undefined;
  if (windowsInHall > 1 && othersAtWork(state, op.operatorId, op.windowId) === 0) {
    if (!cmd.override) return refuse('BREAK_WOULD_EMPTY_HALL');
    if (!isHallAdmin(ctx.actor) || ctx.actor.kind !== 'user') return refuse('OVERRIDE_REQUIRES_ADMIN');
    overriddenBy = ctx.actor.userId;
  }
  return accept(ctx, [
    {
      type: 'BreakStarted',
      operatorId: op.operatorId,
      reasonId: cmd.reasonId,
      ...(overriddenBy ? { overriddenBy } : {}),
    },
  ]);
}

export function endBreak(state: EngineState, cmd: Cmd<'endBreak'>, ctx: DecideContext): Decision {
  const r = atWindow(state, ctx.actor, cmd.operatorId);
  if (!r.ok) return r.decision;
  // «Вернуться к работе» ends a break or a wrap-up alike.
  if (r.value.status !== 'break' && r.value.status !== 'wrap-up') return refuse('NOT_ON_BREAK');
  return accept(ctx, [{ type: 'BreakEnded', operatorId: r.value.operatorId }]);
}

export function startWrapUp(state: EngineState, cmd: Cmd<'startWrapUp'>, ctx: DecideContext): Decision {
  const r = atWindow(state, ctx.actor, cmd.operatorId, { free: true, working: true });
  if (!r.ok) return r.decision;
  return accept(ctx, [{ type: 'WrapUpStarted', operatorId: r.value.operatorId }]);
}

export function setSkills(state: EngineState, cmd: Cmd<'setSkills'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  if (!state.operators[cmd.operatorId]) return refuse('UNKNOWN_OPERATOR', { operatorId: cmd.operatorId });
  const unknown = cmd.serviceIds.filter((s) => !serviceOf(c.value, s));
  if (unknown.length > 0) return refuse('UNKNOWN_SERVICE', { serviceIds: unknown });
  return accept(ctx, [{ type: 'SkillsChanged', operatorId: cmd.operatorId, serviceIds: [...new Set(cmd.serviceIds)] }]);
}
