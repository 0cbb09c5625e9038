import {
  type Actor,
  type CommandResult,
  type DomainEvent,
  type EngineState,
  type ErrorCode,
  type OfficeConfig,
  type OperatorSession,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type { DispatchPolicy } from './dispatch.js';

export type Decision = { ok: true; events: DomainEvent[]; result?: CommandResult } | { ok: false; error: TalonError };

export interface DecideContext {
  now: number;
  actor: Actor;
  policies?: Record<string, DispatchPolicy>;
  /**
   * Leave out the «перед вами» figure of a new ticket: it replays the queue, which a replay of the office
   * (the twin, the simulator) would otherwise do again for every visitor it invents.
   */
  noPeopleAhead?: boolean;
}

/** Events without the envelope the helper adds. */
// biome-ignore lint/suspicious/noExplicitAny: distributive omit over the event union
type DistributiveOmit<T, K extends keyof any> = T extends unknown ? Omit<T, K> : never;
export type EventBody = DistributiveOmit<DomainEvent, 'at' | 'actor'>;

export const refuse = (code: ErrorCode, details?: unknown): Decision => ({
  ok: false,
  error: talonError(code, details),
});

export function accept(ctx: DecideContext, bodies: EventBody[], result?: CommandResult): Decision {
  const events = bodies.map((b) => ({ ...b, at: ctx.now, actor: ctx.actor }) as DomainEvent);
  return result === undefined ? { ok: true, events } : { ok: true, events, result };
}

export function isHallAdmin(actor: Actor): boolean {
  return actor.kind === 'user' && (actor.roles.includes('hall_admin') || actor.roles.includes('config_admin'));
}

export type Resolved<T> = { ok: true; value: T } | { ok: false; decision: Decision };

export function needConfig(state: EngineState): Resolved<OfficeConfig> {
  return state.config ? { ok: true, value: state.config } : { ok: false, decision: refuse('NOT_CONFIGURED') };
}

/**
 * The operator a command acts for: the signed-in operator themself, or any operator when a hall
 * administrator acts for them. An operator can never act for another window.
 */
export function actingOperator(
  state: EngineState,
  actor: Actor,
  operatorId: string | undefined,
): Resolved<OperatorSession> {
  let id: string | undefined;
  if (
    actor.kind === 'user' &&
    actor.operatorId !== undefined &&
    (operatorId === undefined || operatorId === actor.operatorId)
  )
    id = actor.operatorId;
  else if (operatorId !== undefined && isHallAdmin(actor)) id = operatorId;
  if (id === undefined) return { ok: false, decision: refuse('FORBIDDEN') };
  const op = state.operators[id];
  return op ? { ok: true, value: op } : { ok: false, decision: refuse('UNKNOWN_OPERATOR', { operatorId: id }) };
}

/** An operator at a window, optionally required to be free of a visitor and off break. */
export function atWindow(
  state: EngineState,
  actor: Actor,
  operatorId: string | undefined,
  need: { free?: boolean; working?: boolean } = {},
): Resolved<OperatorSession & { windowId: string }> {
  const r = actingOperator(state, actor, operatorId);
  if (!r.ok) return r;
  const op = r.value;
  if (op.windowId === null || op.status === 'logged-out')
    return { ok: false, decision: refuse('OPERATOR_NOT_LOGGED_IN') };
  if (need.working && op.status === 'break') return { ok: false, decision: refuse('OPERATOR_ON_BREAK') };
  if (need.free && op.ticketId !== null) return { ok: false, decision: refuse('OPERATOR_BUSY') };
  return { ok: true, value: op as OperatorSession & { windowId: string } };
}
