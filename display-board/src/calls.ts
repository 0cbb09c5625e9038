import type { BoardDeviceSettings, EngineState, LocalText, OfficeConfig, RecentCall } from '@talon/protocol';
import { boardConfigOf } from '@talon/protocol';

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

export interface BoardPlace {
  hallId: string | undefined;
  /** Windows of the board's zone; null = every window of the hall. */
  zoneWindows: Set<string> | null;
  zoneName: LocalText | null;
}

/** The hall (and zone) whose calls this board shows; the server uses the same rule for sound. */
export function boardPlace(settings: BoardDeviceSettings | null, config: OfficeConfig | null): BoardPlace {
  if (!config) return { hallId: undefined, zoneWindows: null, zoneName: null };
  const zone = settings?.zoneId ? boardConfigOf(config).zones.find((z) => z.id === settings.zoneId) : undefined;
  return {
    hallId: settings?.hallId ?? zone?.hallId ?? config.halls[0]?.id,
    zoneWindows: zone ? new Set(zone.windowIds) : null,
    zoneName: zone?.name ?? null,
  };
}

export function callsFor(recent: readonly RecentCall[], place: BoardPlace): RecentCall[] {
  return recent.filter(
    (c) => c.hallId === place.hallId && (place.zoneWindows === null || place.zoneWindows.has(c.windowId)),
  );
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
