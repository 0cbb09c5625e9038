import { type BoardPlace, type EngineState, type LocalText, placeShows, type RecentCall } from '@talon/protocol';

/** Newest first, one row per ticket (a recall or a second call moves it to the top), at most `max`. */
export function latestCalls(recent: readonly RecentCall[], max: number): RecentCall[] {
  const out: RecentCall[] = [];
  const seen = new Set<string>();
  for (let i = recent.length - 1; i >= 0 && out.length < max; i--) {
    const c = recent[i];
    if (!c || seen.has(c.ticketId)) continue;
    seen.add(c.ticketId);
    out.push(c);
  }
  return out;
}

/** The calls a board at this place shows (the server speaks the same ones: `boardAnnounces`). */
export function callsFor(recent: readonly RecentCall[], place: BoardPlace): RecentCall[] {
  return recent.filter((c) => placeShows(place, c));
}

export interface WaitingCount {
  serviceId: string;
  name: LocalText;
  count: number;
}

/** Tickets waiting per service, in the configuration's order. */
export function waitingCounts(state: EngineState): WaitingCount[] {
  const counts = new Map<string, number>();
  for (const t of Object.values(state.tickets))
    if (t.status === 'waiting') counts.set(t.serviceId, (counts.get(t.serviceId) ?? 0) + 1);
  return (state.config?.services ?? []).map((s) => ({ serviceId: s.id, name: s.name, count: counts.get(s.id) ?? 0 }));
}
