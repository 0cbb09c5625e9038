import type { DispatchReason, EngineState, LocalText, Ticket } from '@talon/protocol';
import { serviceOf } from '../state.js';

/** Kept free of `dispatch.ts` imports: that module registers these policies, and a cycle would break loading. */
export const reason = (rule: string, ru: string, en: string): DispatchReason => ({ rule, text: { ru, en } });

export const name = (ru: string, en: string): LocalText => ({ ru, en });

/** Minutes the ticket has waited in its current waiting period (never negative: bookings wait from their slot). */
export const waitMin = (t: Ticket, now: number) => Math.max(0, now - t.waitingSince) / 60_000;

export const waitNormOf = (state: EngineState, t: Ticket): number =>
  (state.config && serviceOf(state.config, t.serviceId)?.waitNormMin) || Number.POSITIVE_INFINITY;

/** Whole minutes for a reason line: «4 мин», never «3.9999». */
export const mins = (m: number) => String(Math.max(0, Math.round(m)));

/** A visitor in a priority category (seed 003 §6.7); bookings are handled by their slot instead. */
export const hasCategory = (t: Ticket) => t.priorityCategoryId !== undefined;

export function categoryReason(state: EngineState, t: Ticket): DispatchReason {
  const cat = state.config?.priorityCategories.find((c) => c.id === t.priorityCategoryId);
  return reason(
    'priority',
    `Приоритетное обслуживание${cat ? `: ${cat.name.ru}` : ''}`,
    `Priority service${cat ? `: ${cat.name.en}` : ''}`,
  );
}

export const OLDEST = reason('oldest', 'Самый ранний талон в очереди', 'The oldest ticket in the queue');
