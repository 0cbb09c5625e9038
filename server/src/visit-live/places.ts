import { peopleAhead } from '@talon/engine';
import { type EngineState, type Ticket, waitWords } from '@talon/protocol';

/** A waiting ticket's place: the engine's count of calls before it and the twin's range, whole minutes. */
export interface Place {
  ahead: number | null;
  estimate: { lowMin: number; highMin: number } | null;
}

export type Estimator = (ticketId: string) => { lowMin: number; highMin: number; pointMin?: number } | null;

/** An estimate is kept this long while the place stays the same: the figure a visitor reads does not flicker. */
const ESTIMATE_FOR_MS = 30_000;
const CACHE_MAX = 1000;

interface Entry extends Place {
  seq: number;
  at: number;
}

/**
 * The estimate as a visitor reads it: whole minutes, never narrower than the figures; one figure (low = high)
 * while the range is narrow, as the kiosk and the printed ticket say it (`waitWords`), the range once it is wide.
 */
function asRead(e: NonNullable<ReturnType<Estimator>>): Place['estimate'] {
  const range = { lowMin: Math.floor(e.lowMin), highMin: Math.ceil(e.highMin) };
  const said = waitWords({ ...range, pointMin: e.pointMin });
  return said.kind === 'about' ? { lowMin: said.min, highMin: said.min } : range;
}

/** Per office state (one object per office for its life): the places last computed. */
const caches = new WeakMap<object, Map<string, Entry>>();

/**
 * The place of a waiting ticket, as the visitor's page (office or head office) shows it. The count is the
 * engine's own (`peopleAhead`, the kiosk's «Перед вами»); the estimate is asked again when the place moves
 * or half a minute passed — the twin is budgeted, and the range should not jump between commits.
 */
export function placeOf(state: Readonly<EngineState>, now: number, ticket: Ticket, estimate: Estimator): Place {
  let cache = caches.get(state);
  if (!cache) {
    cache = new Map();
    caches.set(state, cache);
  }
  const last = cache.get(ticket.id);
  const fresh = last !== undefined && now - last.at < ESTIMATE_FOR_MS;
  if (fresh && last.seq === state.seq) return last;
  const ahead = peopleAhead(state as EngineState, ticket, now);
  if (fresh && last.ahead === ahead) {
    last.seq = state.seq;
    return last;
  }
  const e = ahead === null ? null : estimate(ticket.id);
  const entry: Entry = {
    ahead,
    estimate: e && e.highMin > 0 ? asRead(e) : null,
    seq: state.seq,
    at: now,
  };
  if (cache.size >= CACHE_MAX) for (const id of cache.keys()) if (!state.tickets[id]) cache.delete(id);
  cache.set(ticket.id, entry);
  return entry;
}
