import type { DispatchReason, EngineState, Ticket } from '@talon/protocol';
import type { DispatchChoice, DispatchPolicy } from '../dispatch.js';
import { isPriority, serviceOf } from '../state.js';
import { categoryReason, hasCategory, mins, name, reason, waitMin, waitNormOf } from './common.js';

/**
 * The norm-aware policy (docs/dispatch.md). In order:
 * 1. Rescue: a ticket waiting `rescueAfterNormTimes` (2) × its norm or longer goes first, the longest
 *    waiting first. This bounds the tail that pure deadline order would starve.
 * 2. Priority categories out of turn (seed 003 §6.7), explicitly mixed: at most `priorityMaxInRow` in a row
 *    while regular tickets wait, and never past a regular ticket already beyond its norm
 *    (`protectOverdueRegular`): that ticket is called instead.
 * 3. Earliest norm deadline among tickets that can still be called within their norm ("shortest time to
 *    extinction", Panwar, Towsley & Wolf 1988): maximises the share called within the norm.
 *    Bookings are blended in with the deadline slot + `appointmentLateMin`.
 * 4. When every ticket is already late: the largest wait ÷ norm (Van Mieghem's generalized largest delay).
 */

/** A visit transferred from another service keeps the norm it started with, over all its waits (its place in the queue). */
const transferred = (t: Ticket) => t.transfers > 0 && t.originServiceId !== t.serviceId;

/**
 * Minutes within which the ticket should be called: its service's wait norm; for a booking the lateness
 * allowance (seed 003 §8.6.5); for a transferred visit the norm of the service it started with.
 */
export function targetMin(state: EngineState, t: Ticket): number {
  const serviceId = transferred(t) ? t.originServiceId : t.serviceId;
  const norm = (state.config && serviceOf(state.config, serviceId)?.waitNormMin) || Number.POSITIVE_INFINITY;
  if (t.appointmentId === undefined) return norm;
  const late = state.config?.rules.appointmentLateMin ?? 0;
  return late > 0 ? Math.min(norm, late) : norm;
}

/** Minutes waited against that target: the current wait (bookings from their slot), plus a transferred visit's earlier waits. */
export function waitedMin(t: Ticket, now: number): number {
  return (transferred(t) ? t.waitedSec / 60 : 0) + waitMin(t, now);
}

/** Minutes left until the ticket's deadline; negative once it is late. */
export function slackMin(state: EngineState, t: Ticket, now: number): number {
  return targetMin(state, t) - waitedMin(t, now);
}

function rescueReason(w: number, norm: number, times: number): DispatchReason {
  const ru = times === 2 ? 'вдвое дольше норматива' : `в ${times} раза дольше норматива`;
  const en = times === 2 ? 'twice its norm' : `${times}× its norm`;
  return reason(
    'rescue',
    `Ждёт ${mins(w)} мин — ${ru} (${mins(norm)} мин): вызывается первым`,
    `Waiting ${mins(w)} min, ${en} (${mins(norm)} min): called first`,
  );
}

function deadlineReason(state: EngineState, t: Ticket, now: number): DispatchReason {
  const left = slackMin(state, t, now);
  const target = targetMin(state, t);
  if (t.appointmentId !== undefined)
    return reason(
      'appointment',
      `Посетитель по записи: до срока ${mins(left)} мин`,
      `A visitor with a booking: ${mins(left)} min to the deadline`,
    );
  return reason(
    'deadline',
    `Ближайший срок по нормативу: осталось ${mins(left)} из ${mins(target)} мин`,
    `The nearest norm deadline: ${mins(left)} of ${mins(target)} min left`,
  );
}

export const normDeadline: DispatchPolicy = {
  id: 'norm-deadline',
  name: name('Срок по нормативу со страховкой', 'Norm deadline with rescue'),
  choose({ state, hallId, now, candidates }): DispatchChoice | null {
    const rules = state.config?.rules;
    if (!rules || candidates.length === 0) return null;
    const times = rules.rescueAfterNormTimes;

    // Among rescued tickets the longest absolute wait goes first: past the cap it is a matter of fairness,
    // and ranking by wait ÷ norm there would let long-norm services' waits grow without bound.
    let rescue: Ticket | undefined;
    let rescueWait = -1;
    for (const t of candidates) {
      const w = waitedMin(t, now);
      // Twice the visit's target in total, or twice the norm of the queue it waits in now (a transferred visit).
      const due = w >= times * targetMin(state, t) || waitMin(t, now) >= times * waitNormOf(state, t);
      if (due && w > rescueWait) {
        rescue = t;
        rescueWait = w;
      }
    }
    if (rescue) return { ticketId: rescue.id, reason: rescueReason(rescueWait, targetMin(state, rescue), times) };

    const prio = candidates.find(hasCategory);
    const regularWaiting = candidates.some((t) => !isPriority(t, now));
    if (prio) {
      const streak = state.priorityStreak[hallId] ?? 0;
      let overdue: Ticket | undefined;
      if (rules.protectOverdueRegular) {
        let worst = 1;
        for (const t of candidates) {
          if (isPriority(t, now)) continue;
          const ratio = waitedMin(t, now) / targetMin(state, t);
          if (ratio >= worst) {
            overdue = t;
            worst = ratio;
          }
        }
      }
      if (overdue) {
        const norm = targetMin(state, overdue);
        return {
          ticketId: overdue.id,
          reason: reason(
            'overdue-regular',
            `Талон ждёт дольше норматива (${mins(norm)} мин) — приоритетный его не обгоняет`,
            `The ticket has waited past its norm (${mins(norm)} min); a priority ticket does not overtake it`,
          ),
        };
      }
      if (!regularWaiting || streak < rules.priorityMaxInRow)
        return { ticketId: prio.id, reason: categoryReason(state, prio) };
    }

    let best: Ticket | undefined;
    let bestSlack = Number.POSITIVE_INFINITY;
    for (const t of candidates) {
      const s = slackMin(state, t, now);
      if (s >= 0 && s < bestSlack) {
        best = t;
        bestSlack = s;
      }
    }
    if (best) {
      const capped = prio !== undefined && !isPriority(best, now);
      return {
        ticketId: best.id,
        reason: capped
          ? reason(
              'priority-cap',
              `После ${rules.priorityMaxInRow} приоритетных вызовов подряд — очередь общего порядка`,
              `After ${rules.priorityMaxInRow} priority calls in a row, the general queue's turn`,
            )
          : deadlineReason(state, best, now),
      };
    }

    let late = candidates[0];
    let lateRatio = -1;
    for (const t of candidates) {
      const ratio = waitedMin(t, now) / targetMin(state, t);
      if (ratio > lateRatio) {
        late = t;
        lateRatio = ratio;
      }
    }
    if (!late) return null;
    return {
      ticketId: late.id,
      reason: reason(
        'most-late',
        'Все талоны ждут дольше норматива — вызывается самый просроченный',
        'Every ticket is past its norm: the most overdue one is called',
      ),
    };
  },
};
