import type { EngineState, OfficeConfig, Ticket } from '@talon/protocol';

export function initialState(): EngineState {
  return {
    seq: 0,
    config: null,
    liveQueue: false,
    tickets: {},
    counters: {},
    issuedToday: {},
    operators: {},
    appointments: {},
    priorityStreak: {},
    recentCalls: [],
  };
}

/** A deep copy, for what-if runs (prediction) and for clients that keep immutable state. */
export function cloneState(state: EngineState): EngineState {
  return structuredClone(state);
}

export function serviceOf(config: OfficeConfig, serviceId: string) {
  return config.services.find((s) => s.id === serviceId);
}

export function windowOf(config: OfficeConfig, windowId: string) {
  return config.windows.find((w) => w.id === windowId);
}

/** A ticket is callable when it waits, or when its postponement is over. */
export function isCallable(t: Ticket, now: number): boolean {
  return t.status === 'waiting' || (t.status === 'postponed' && t.eligibleAt <= now);
}

/** Bookings become priority at their slot time; before it they wait like anyone else. */
export function isPriority(t: Ticket, now: number): boolean {
  return t.priorityCategoryId !== undefined || (t.appointmentId !== undefined && now >= t.queuedAt);
}

/** Queue order: position first, then id so that equal instants order the same everywhere. */
export function byQueueOrder(a: Ticket, b: Ticket): number {
  return a.queuedAt - b.queuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
