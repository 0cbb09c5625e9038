import type { Command, EngineState } from '@talon/protocol';
import { accept, atWindow, type DecideContext, type Decision, refuse } from './decide-common.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/**
 * Seed 001 §3.5 («Привлечение к ЦС — 4 минуты»): the operator marks, while serving, that the visit
 * includes digital onboarding, so that the service norm the console colours and the administrator's
 * alarms judge by is 4 minutes longer from then on. Only the visit in service can be marked.
 */
export function markDigitalOnboarding(
  state: EngineState,
  cmd: Cmd<'markDigitalOnboarding'>,
  ctx: DecideContext,
): Decision {
  const r = atWindow(state, ctx.actor, cmd.operatorId);
  if (!r.ok) return r.decision;
  const op = r.value;
  const t = op.ticketId !== null ? state.tickets[op.ticketId] : undefined;
  if (!t) return refuse('NO_CURRENT_TICKET');
  if (t.status !== 'serving') return refuse('TICKET_NOT_SERVING');
  // ticking twice (two tabs, a retry) changes nothing and says so with no event
  if ((t.digitalOnboarding ?? false) === cmd.on) return accept(ctx, []);
  return accept(ctx, [{ type: 'DigitalOnboardingMarked', ticketId: t.id, operatorId: op.operatorId, on: cmd.on }]);
}
