import type { DispatchReason, EngineState, LocalText, OperatorSession, Ticket } from '@talon/protocol';
import { fcfsPerService, normDeadline, oldestOverall, strictPriority } from './policies/index.js';
import { byQueueOrder, isCallable, isPriority, serviceOf } from './state.js';

export interface DispatchContext {
  state: EngineState;
  operator: OperatorSession;
  hallId: string;
  now: number;
  /** Callable tickets this operator may take, in queue order; personal ones are handled before the policy. */
  candidates: Ticket[];
}

export interface DispatchChoice {
  ticketId: string;
  reason: DispatchReason;
}

/** A dispatch policy only chooses; the engine checks eligibility, records the call and the streak. */
export interface DispatchPolicy {
  id: string;
  name: LocalText;
  choose(ctx: DispatchContext): DispatchChoice | null;
}

const reason = (rule: string, ru: string, en: string): DispatchReason => ({ rule, text: { ru, en } });

/** Minutes the ticket has waited in its current waiting period. */
export function currentWaitMin(t: Ticket, now: number): number {
  return Math.max(0, now - t.waitingSince) / 60000;
}

/**
 * Baseline: the oldest eligible ticket across the operator's services, with an explicit priority rule:
 * priority tickets (categories, on-time bookings) go first, but at most `priorityMaxInRow` in a row
 * per hall while regular tickets wait, and a regular ticket already past its wait norm is not overtaken.
 */
export const oldestWithPriority: DispatchPolicy = {
  id: 'oldest-with-priority',
  name: { ru: 'Самый ранний талон с приоритетом', en: 'Oldest ticket with priority' },
  choose({ state, hallId, now, candidates }) {
    const config = state.config;
    if (!config || candidates.length === 0) return null;
    const regular = candidates.find((t) => !isPriority(t, now));
    const prio = candidates.find((t) => isPriority(t, now));
    if (!prio && regular)
      return {
        ticketId: regular.id,
        reason: reason('oldest', 'Самый ранний талон в очереди', 'The oldest ticket in the queue'),
      };
    if (prio && !regular) return { ticketId: prio.id, reason: priorityReason(state, prio) };
    if (!prio || !regular) return null;
    // Any regular ticket past its own norm, not only the first one: norms differ per service, and a
    // transferred ticket keeps its place in the queue but starts a new wait.
    const normOf = (t: Ticket) => serviceOf(config, t.serviceId)?.waitNormMin ?? Number.POSITIVE_INFINITY;
    const overdue = config.rules.protectOverdueRegular
      ? candidates.find((t) => !isPriority(t, now) && currentWaitMin(t, now) >= normOf(t))
      : undefined;
    if (overdue) {
      const norm = normOf(overdue);
      return {
        ticketId: overdue.id,
        reason: reason(
          'overdue-regular',
          `Талон ждёт дольше норматива (${norm} мин) — его не обгоняют`,
          `The ticket has waited past its norm (${norm} min) and is not overtaken`,
        ),
      };
    }
    const streak = state.priorityStreak[hallId] ?? 0;
    if (streak >= config.rules.priorityMaxInRow) {
      return {
        ticketId: regular.id,
        reason: reason(
          'priority-cap',
          `После ${streak} приоритетных вызовов подряд — очередь общего порядка`,
          `After ${streak} priority calls in a row, the general queue's turn`,
        ),
      };
    }
    return { ticketId: prio.id, reason: priorityReason(state, prio) };
  },
};

function priorityReason(state: EngineState, t: Ticket): DispatchReason {
  if (t.appointmentId !== undefined)
    return reason('appointment', 'Посетитель по предварительной записи', 'A visitor with a booking');
  const cat = state.config?.priorityCategories.find((c) => c.id === t.priorityCategoryId);
  return reason(
    'priority',
    `Приоритетное обслуживание${cat ? `: ${cat.name.ru}` : ''}`,
    `Priority service${cat ? `: ${cat.name.en}` : ''}`,
  );
}

export const builtInPolicies: Record<string, DispatchPolicy> = {
  [oldestWithPriority.id]: oldestWithPriority,
  [normDeadline.id]: normDeadline,
  [fcfsPerService.id]: fcfsPerService,
  [oldestOverall.id]: oldestOverall,
  [strictPriority.id]: strictPriority,
};

/**
 * Tickets the operator may call, in queue order, split into personal ones (sent to them) and general ones.
 * `tickets` narrows the search (a replay passes its queue, already in order, which makes the sort cheap).
 */
export function eligibleFor(
  state: EngineState,
  operator: OperatorSession,
  now: number,
  tickets: Iterable<Ticket> = Object.values(state.tickets),
) {
  const personal: Ticket[] = [];
  const general: Ticket[] = [];
  for (const t of tickets) {
    if (!isCallable(t, now)) continue;
    if (t.targetOperatorId !== undefined) {
      if (t.targetOperatorId === operator.operatorId) personal.push(t);
    } else if (operator.skills.includes(t.serviceId)) general.push(t);
  }
  personal.sort(byQueueOrder);
  general.sort(byQueueOrder);
  return { personal, general };
}

/**
 * What could be called now, in one pass over the tickets: the services with a general callable ticket and
 * the operators with a personal one. An operator has work iff `hasWork(demand, operator)`; the same answer
 * as `hasEligible` for every operator at once (reports ask it for each interval between two events).
 */
export function callableDemand(state: EngineState, now: number): { services: Set<string>; operators: Set<string> } {
  const services = new Set<string>();
  const operators = new Set<string>();
  for (const t of Object.values(state.tickets)) {
    if (!isCallable(t, now)) continue;
    if (t.targetOperatorId !== undefined) operators.add(t.targetOperatorId);
    else services.add(t.serviceId);
  }
  return { services, operators };
}

export function hasWork(demand: ReturnType<typeof callableDemand>, operator: OperatorSession): boolean {
  return demand.operators.has(operator.operatorId) || operator.skills.some((s) => demand.services.has(s));
}

/** Whether `eligibleFor` would find anything, without collecting and sorting: for folds that ask per event. */
export function hasEligible(state: EngineState, operator: OperatorSession, now: number): boolean {
  for (const t of Object.values(state.tickets)) {
    if (!isCallable(t, now)) continue;
    if (
      t.targetOperatorId !== undefined
        ? t.targetOperatorId === operator.operatorId
        : operator.skills.includes(t.serviceId)
    )
      return true;
  }
  return false;
}

/** Who would be called next and why, without calling: the console's one line. */
export function previewNext(
  state: EngineState,
  operatorId: string,
  now: number,
  policies: Record<string, DispatchPolicy> = builtInPolicies,
): (DispatchChoice & { personal: boolean }) | null {
  const op = state.operators[operatorId];
  const config = state.config;
  if (!op || !config || op.windowId === null) return null;
  const hallId = config.windows.find((w) => w.id === op.windowId)?.hallId ?? '';
  const { personal, general } = eligibleFor(state, op, now);
  const mine = personal[0];
  if (mine) {
    return {
      ticketId: mine.id,
      personal: true,
      reason: reason('personal', 'Посетитель направлен лично к вам', 'The visitor was sent to you personally'),
    };
  }
  const policy = policies[config.rules.dispatchPolicy] ?? oldestWithPriority;
  const choice = policy.choose({ state, operator: op, hallId, now, candidates: general });
  return choice ? { ...choice, personal: false } : null;
}
