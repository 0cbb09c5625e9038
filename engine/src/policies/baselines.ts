import type { DispatchPolicy } from '../dispatch.js';
import { isPriority, serviceOf } from '../state.js';
import { hasCategory, name, OLDEST, reason } from './common.js';

/**
 * The rules other queue systems ship (queue-science.md §4.4, B1–B3), kept as one-click fallbacks
 * and as the yardsticks the simulator measures the norm-aware policy against.
 */

/** B1: the operator's services in their listed order; the oldest ticket of the first one with a queue (Qmatic work profile). */
export const fcfsPerService: DispatchPolicy = {
  id: 'fcfs-per-service',
  name: name('Очередь по порядку услуг оператора', "Per-service queues in the operator's order"),
  choose({ state, operator, candidates }) {
    for (const serviceId of operator.skills) {
      const t = candidates.find((c) => c.serviceId === serviceId);
      if (!t) continue;
      const s = state.config ? serviceOf(state.config, serviceId) : undefined;
      return {
        ticketId: t.id,
        reason: reason(
          'service-order',
          `Первая услуга в вашем списке с очередью${s ? ` («${s.name.ru}»)` : ''}: самый ранний талон`,
          `The first service in your list with a queue${s ? ` (${s.name.en})` : ''}: its oldest ticket`,
        ),
      };
    }
    // Candidates outside the skill list (a transfer to a service the operator may serve personally) still get served.
    const first = candidates[0];
    return first ? { ticketId: first.id, reason: OLDEST } : null;
  },
};

/** B2: the longest-waiting eligible ticket, whatever its service or category. */
export const oldestOverall: DispatchPolicy = {
  id: 'oldest-overall',
  name: name('Самый ранний талон', 'Oldest ticket overall'),
  choose({ candidates }) {
    const first = candidates[0];
    return first ? { ticketId: first.id, reason: OLDEST } : null;
  },
};

/** B3: priority tickets (categories, bookings from their slot) always first, oldest first; no cap (NovoSGA «Prioridade»). */
export const strictPriority: DispatchPolicy = {
  id: 'strict-priority',
  name: name('Строгий приоритет', 'Strict priority'),
  choose({ candidates, now }) {
    const prio = candidates.find((t) => isPriority(t, now));
    if (prio)
      return {
        ticketId: prio.id,
        reason: hasCategory(prio)
          ? reason('priority', 'Приоритетное обслуживание — вне очереди', 'Priority service, out of turn')
          : reason('appointment', 'Посетитель по предварительной записи', 'A visitor with a booking'),
      };
    const first = candidates[0];
    return first ? { ticketId: first.id, reason: OLDEST } : null;
  },
};
