import { isCallable } from '@talon/engine';
import type { EngineState, OperatorSession, Ticket } from '@talon/protocol';

/**
 * Minutes until each waiting ticket is likely to be called; null when nobody at work can call it.
 * A pluggable function so that a better predictor (engine/src/predict*) can replace the simple one.
 */
export type CallProjection = (state: Readonly<EngineState>, now: number) => Map<string, number | null>;

const AT_WORK: ReadonlySet<OperatorSession['status']> = new Set(['ready', 'serving', 'wrap-up']);

export function atWork(op: OperatorSession): boolean {
  return op.windowId !== null && AT_WORK.has(op.status);
}

const byQueue = (a: Ticket, b: Ticket) => a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The simple projection: per service, tickets in queue order; the operators at work who serve it
 * take one ticket each per service norm, free operators at once. Deliberately plain (a vendor's
 * baseline): it only has to tell "about to be called" from "will still be waiting".
 */
export const simpleProjection: CallProjection = (state, now) => {
  const out = new Map<string, number | null>();
  const config = state.config;
  if (!config) return out;
  const ops = Object.values(state.operators).filter(atWork);
  const byService = new Map<string, Ticket[]>();
  for (const t of Object.values(state.tickets)) {
    if (!isCallable(t, now)) continue;
    const list = byService.get(t.serviceId) ?? [];
    list.push(t);
    byService.set(t.serviceId, list);
  }
  for (const [serviceId, tickets] of byService) {
    tickets.sort(byQueue);
    const serving = ops.filter((o) => o.skills.includes(serviceId));
    const free = serving.filter((o) => o.status === 'ready').length;
    const norm = config.services.find((s) => s.id === serviceId)?.serviceNormMin ?? 10;
    tickets.forEach((t, position) => {
      // A ticket sent to one operator waits for that operator only.
      const n = t.targetOperatorId ? serving.filter((o) => o.operatorId === t.targetOperatorId).length : serving.length;
      if (n === 0) out.set(t.id, null);
      else if (position < free) out.set(t.id, 0);
      else out.set(t.id, ((position - free + 1) * norm) / n);
    });
  }
  return out;
};
