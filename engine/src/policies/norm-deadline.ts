import type { DispatchReason, EngineState, Ticket } from '@talon/protocol';
import type { DispatchChoice, DispatchPolicy } from '../dispatch.js';
import { isPriority } from '../state.js';
import { categoryReason, hasCategory, mins, name, reason, waitMin, waitNormOf } from './common.js';
import { secondWaitMin, slackMin, targetMin, visitTargetMin, waitedMin } from './deadline.js';
import { ableShare, atWork, callGapMin, nextAbleCallMin } from './hall-pace.js';

export { slackMin, targetMin, waitedMin };

/**
 * The norm-aware policy (docs/dispatch.md). In order:
 * 1. Rescue: a ticket waiting `rescueAfterNormTimes` (2) × its norm or longer — or, when the office sets
 *    it, `rescuePastNormMin` minutes past its norm, whichever comes first — goes first, the longest waiting
 *    first. This bounds the tail that pure deadline order would starve.
 * 2. Priority categories out of turn (seed 003 §6.7), explicitly mixed: at most `priorityMaxInRow` in a row
 *    while regular tickets wait, and never past a regular ticket already beyond its norm
 *    (`protectOverdueRegular`): that ticket is called instead.
 * 3. A late ticket that fits (issue 18): when a ticket is already past its norm and every on-time ticket
 *    would still make its norm if this call went to the late one (projected from the hall's recent interval
 *    between calls), the late ticket that has waited longest is called — visitors give up by the minutes
 *    they wait, so a late ticket is not left to wait for the rescue while the others can afford it.
 *    When every ticket is late, the same step calls the one waiting longest.
 * 4. Earliest norm deadline among tickets that can still be called within their norm ("shortest time to
 *    extinction", Panwar, Towsley & Wolf 1988): maximises the share called within the norm.
 *    Bookings are blended in with the deadline slot + `appointmentLateMin`. The deadline is counted from the
 *    next call by a window able to serve the ticket (the hall's pace × operators at work ÷ those who serve
 *    its service, `SCARCE_WEIGHT`): a ticket only a few windows serve is taken by one of them before a
 *    ticket with a nearer deadline that a specialist's window will call anyway (docs/dispatch.md §6.5a).
 * 5. When every ticket is already late and the hall has no pace yet (fewer than three recent calls), or with
 *    the late-ticket step off: the largest wait ÷ norm (Van Mieghem's generalized largest delay).
 */

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
  const second = secondWaitMin(state, t);
  return reason(
    'deadline',
    `Ближайший срок по нормативу: осталось ${mins(left)} из ${mins(target)} мин${second > 0 ? ` (ещё ${mins(second)} — на второе ожидание)` : ''}`,
    `The nearest norm deadline: ${mins(left)} of ${mins(target)} min left${second > 0 ? ` (${mins(second)} more for the second wait)` : ''}`,
  );
}

function scarceReason(state: EngineState, hallId: string, t: Ticket, now: number): DispatchReason {
  const ops = atWork(state, hallId);
  const able = ops.filter((o) => o.skills.includes(t.serviceId)).length;
  const left = mins(slackMin(state, t, now));
  const target = mins(targetMin(state, t));
  return reason(
    'scarce',
    `Эту услугу ведут ${able} из ${ops.length} окон: осталось ${left} из ${target} мин — остальных вызовут другие окна`,
    `Only ${able} of ${ops.length} windows serve this: ${left} of ${target} min left; the other windows call the rest`,
  );
}

function pastNormReason(w: number, norm: number): DispatchReason {
  return reason(
    'rescue',
    `Ждёт ${mins(w)} мин — на ${mins(w - norm)} мин дольше норматива (${mins(norm)} мин): вызывается первым`,
    `Waiting ${mins(w)} min, ${mins(w - norm)} min past its norm (${mins(norm)} min): called first`,
  );
}

/** What the office's rules do not (yet) say: the simulator tries variants with these before one becomes a rule. */
export interface NormDeadlineOptions {
  id?: string;
  /** Overrides `rules.rescueAfterNormTimes`. */
  rescueAfterNormTimes?: number;
  /**
   * Overrides `rules.rescuePastNormMin`: also rescue a ticket this many minutes past its target, whichever
   * comes first. Bounds how long a late ticket watches fresh ones go first, whatever its norm.
   */
  rescuePastNormMin?: number;
  /**
   * Also rescue a ticket that has waited this many minutes, whatever its norm: visitors give up by the
   * minutes they have waited, not by the norm of their service (queue-science.md §4.1).
   */
  rescueAfterMin?: number;
  /**
   * A late ticket keeps a second deadline, this many minutes of waiting (before visitors start to give up),
   * and competes with on-time tickets by the time left to it instead of waiting for the rescue.
   */
  lateDeadlineMin?: number;
  /**
   * When every ticket is late: the largest wait ÷ target (default, Van Mieghem's rule) or the longest wait
   * ('wait'): patience runs out in minutes, and wait ÷ norm keeps long-norm visitors waiting longest.
   */
  lateOrder?: 'ratio' | 'wait';
  /**
   * Call a late ticket (already past its norm) ahead of on-time ones when that costs none of them its norm:
   * each on-time ticket, in deadline order, must keep at least (its place + 1) × the hall's recent interval
   * between calls × `fitMargin` of slack. Default `LATE_FIT_MARGIN`; `null` = off (the rule before issue 18).
   */
  fitMargin?: number | null;
  /**
   * Rank on-time tickets by the earlier of their norm and this many minutes of waiting: a long-norm ticket
   * is not deferred into the waits where visitors start to give up. Being on time is still judged on the norm.
   */
  deadlineCapMin?: number;
  /**
   * Rescue ahead: also rescue a late ticket that would pass its rescue bound before the next window able to
   * serve it is projected to call (the hall's pace × operators at work ÷ those who serve its service).
   */
  rescueAhead?: boolean;
  /**
   * Rank on-time tickets by their slack less this many × the projected time until a window able to serve them
   * calls again (the hall's pace × operators at work ÷ those who serve the service): a ticket few windows serve
   * is taken by one of them before a ticket a specialist will take anyway. Default `SCARCE_WEIGHT`; 0 = the
   * plain deadline order (the rule before §6.5a).
   */
  scarceWeight?: number;
}

/**
 * The late-ticket step's safety factor (docs/dispatch.md §6.5): an on-time ticket counts as safe when its slack
 * covers this share of the projected time to its turn. Lower calls late tickets sooner (fewer visitors leave,
 * less gain within the norm); higher keeps the on-time ones safer. 0.5 was chosen on the benches.
 */
export const LATE_FIT_MARGIN = 0.5;

/**
 * How many projected intervals until an able window's next call come off a ticket's slack in the deadline step
 * (docs/dispatch.md §6.5a): 1 lifts consult-cash, which only the universal windows serve, within its norm at
 * little cost to the others; 2 and 3 cost more of the office's gain.
 */
export const SCARCE_WEIGHT = 1;

export function makeNormDeadline(opts: NormDeadlineOptions = {}): DispatchPolicy {
  return {
    id: opts.id ?? 'norm-deadline',
    name: name('Срок по нормативу со страховкой', 'Norm deadline with rescue'),
    choose: (ctx) => chooseNormDeadline(ctx, opts),
  };
}

function chooseNormDeadline(
  { state, hallId, now, candidates }: Parameters<DispatchPolicy['choose']>[0],
  opts: NormDeadlineOptions,
): DispatchChoice | null {
  const rules = state.config?.rules;
  if (!rules || candidates.length === 0) return null;
  const times = opts.rescueAfterNormTimes ?? rules.rescueAfterNormTimes;
  const past = opts.rescuePastNormMin ?? rules.rescuePastNormMin;
  const cap = opts.rescueAfterMin ?? Number.POSITIVE_INFINITY;
  const rescueAt = (target: number) => Math.min(times * target, target + (past ?? Number.POSITIVE_INFINITY), cap);
  const ahead = opts.rescueAhead ? nextAbleCallMin(state, hallId, now) : undefined;

  // Among rescued tickets the longest absolute wait goes first: past the cap it is a matter of fairness,
  // and ranking by wait ÷ norm there would let long-norm services' waits grow without bound.
  let rescue: Ticket | undefined;
  let rescueWait = -1;
  for (const t of candidates) {
    const w = waitedMin(t, now);
    // Measured on the visit's target over all its waits, or on the norm of the queue it waits in now (a transfer).
    const due = w >= rescueAt(visitTargetMin(state, t)) || waitMin(t, now) >= rescueAt(waitNormOf(state, t));
    const dueAhead =
      !due &&
      ahead !== undefined &&
      slackMin(state, t, now) < 0 &&
      w + ahead(t.serviceId) >= rescueAt(visitTargetMin(state, t));
    if ((due || dueAhead) && w > rescueWait) {
      rescue = t;
      rescueWait = w;
    }
  }
  if (rescue) {
    const target = visitTargetMin(state, rescue);
    return {
      ticketId: rescue.id,
      // The office's multiple is the usual reason; the bound in minutes only when it came first.
      reason:
        rescueWait >= times * target || waitMin(rescue, now) >= times * waitNormOf(state, rescue)
          ? rescueReason(rescueWait, target, times)
          : pastNormReason(rescueWait, target),
    };
  }

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

  const margin = opts.fitMargin === undefined ? LATE_FIT_MARGIN : opts.fitMargin;
  if (margin !== null) {
    const fit = lateThatFits(state, hallId, now, candidates, margin);
    if (fit) return fit;
  }

  let best: Ticket | undefined;
  let bestKey = Number.POSITIVE_INFINITY;
  let bestLate = false;
  const rankCap = opts.deadlineCapMin;
  const weight = opts.scarceWeight ?? SCARCE_WEIGHT;
  let plain: Ticket | undefined;
  let plainSlack = Number.POSITIVE_INFINITY;
  const next = weight > 0 ? nextAbleCallMin(state, hallId, now) : undefined;
  for (const t of candidates) {
    let s = slackMin(state, t, now);
    const late = s < 0 && opts.lateDeadlineMin !== undefined;
    if (late) s = (opts.lateDeadlineMin ?? 0) - waitedMin(t, now);
    if (s < 0) continue;
    // Ranked by the earlier of the norm and the cap; still on time (judged on the norm) whatever the cap.
    let key = rankCap !== undefined && !late ? Math.min(targetMin(state, t), rankCap) - waitedMin(t, now) : s;
    if (next && !late) key -= weight * next(t.serviceId);
    if (!late && s < plainSlack) {
      plain = t;
      plainSlack = s;
    }
    if (key < bestKey) {
      best = t;
      bestKey = key;
      bestLate = late;
    }
  }
  if (best && bestLate) {
    const target = targetMin(state, best);
    return {
      ticketId: best.id,
      reason: reason(
        'late-deadline',
        `Ждёт ${mins(waitedMin(best, now))} мин — дольше норматива (${mins(target)} мин): вызывается, пока посетитель не ушёл`,
        `Waiting ${mins(waitedMin(best, now))} min, past its norm (${mins(target)} min): called before the visitor gives up`,
      ),
    };
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
        : plain && plain.serviceId !== best.serviceId
          ? scarceReason(state, hallId, best, now)
          : deadlineReason(state, best, now),
    };
  }

  let late = candidates[0];
  let lateRatio = -1;
  for (const t of candidates) {
    const ratio = opts.lateOrder === 'wait' ? waitedMin(t, now) : waitedMin(t, now) / targetMin(state, t);
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
}

function lateThatFits(
  state: EngineState,
  hallId: string,
  now: number,
  candidates: Ticket[],
  margin: number,
): DispatchChoice | null {
  let late: Ticket | undefined;
  let lateWait = -1;
  const onTime: { t: Ticket; slack: number }[] = [];
  for (const t of candidates) {
    const s = slackMin(state, t, now);
    if (s >= 0) onTime.push({ t, slack: s });
    else if (waitedMin(t, now) > lateWait) {
      late = t;
      lateWait = waitedMin(t, now);
    }
  }
  if (!late) return null;
  const gap = callGapMin(state, hallId, now);
  if (gap === undefined) return null;
  const share = ableShare(state, hallId);
  onTime.sort((a, b) => a.slack - b.slack);
  for (let i = 0; i < onTime.length; i++) {
    const o = onTime[i] as { t: Ticket; slack: number };
    if (o.slack < (i + 1) * gap * share(o.t.serviceId) * margin) return null;
  }
  const target = targetMin(state, late);
  if (onTime.length === 0)
    return {
      ticketId: late.id,
      reason: reason(
        'most-late',
        'Все талоны ждут дольше норматива — вызывается ждущий дольше всех',
        'Every ticket is past its norm: the one waiting longest is called',
      ),
    };
  return {
    ticketId: late.id,
    reason: reason(
      'late-fits',
      `Ждёт ${mins(lateWait)} мин — дольше норматива (${mins(target)} мин); талоны в срок успевают после него`,
      `Waiting ${mins(lateWait)} min, past its norm (${mins(target)} min); on-time tickets still make their norms after it`,
    ),
  };
}

export const normDeadline: DispatchPolicy = makeNormDeadline();
