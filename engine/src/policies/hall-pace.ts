import type { EngineState, OperatorSession } from '@talon/protocol';

/** What the norm-deadline policy reads of the hall's recent pace and staffing (docs/dispatch.md §6.5, §6.5a). */

/**
 * The hall's pace: minutes between first calls over the last 30 minutes (what the office has just seen, not a
 * model). Undefined until the hall has made three calls in that time: then the late-ticket step waits.
 */
export function callGapMin(state: EngineState, hallId: string, now: number): number | undefined {
  const from = now - 30 * 60_000;
  let n = 0;
  let first = now;
  for (const c of state.recentCalls) {
    if (c.hallId !== hallId || c.callCount !== 1 || c.at < from) continue;
    n++;
    if (c.at < first) first = c.at;
  }
  if (n < 3) return undefined;
  return (now - first) / 60_000 / n;
}

/**
 * Minutes until a window able to serve the service is projected to call again: the hall's pace × operators at
 * work ÷ those who serve it. Undefined while the hall has no pace.
 */
export function nextAbleCallMin(
  state: EngineState,
  hallId: string,
  now: number,
): ((serviceId: string) => number) | undefined {
  const gap = callGapMin(state, hallId, now);
  if (gap === undefined) return undefined;
  const share = ableShare(state, hallId);
  return (serviceId) => gap * share(serviceId);
}

/** Operators at work in the hall ÷ those who serve the service: how much rarer than the hall's calls its calls are. */
export function ableShare(state: EngineState, hallId: string): (serviceId: string) => number {
  const ops = atWork(state, hallId);
  return (serviceId) => {
    const able = ops.filter((o) => o.skills.includes(serviceId)).length;
    return able > 0 ? ops.length / able : ops.length || 1;
  };
}

export function atWork(state: EngineState, hallId: string): OperatorSession[] {
  const windows = state.config?.windows ?? [];
  return Object.values(state.operators).filter(
    (o) =>
      o.windowId !== null &&
      (o.status === 'ready' || o.status === 'serving' || o.status === 'wrap-up') &&
      windows.find((w) => w.id === o.windowId)?.hallId === hallId,
  );
}
