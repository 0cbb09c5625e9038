import { type BoardDeviceSettings, boardConfigOf } from './board.js';
import type { OfficeConfig } from './config.js';
import type { LocalText } from './text.js';

/** Where a board stands: the hall whose calls it shows and speaks and, for a zone board, the zone's windows. */
export interface BoardPlace {
  hallId: string | undefined;
  /** Windows of the board's zone; null = every window of the hall. */
  zoneWindows: ReadonlySet<string> | null;
  zoneName: LocalText | null;
}

const NOWHERE: BoardPlace = { hallId: undefined, zoneWindows: null, zoneName: null };

/**
 * The one rule of where a board belongs, used by the board (what it shows) and by the server (what it
 * speaks): the hall set for it, else its zone's hall, else the office's first hall; a zone narrows it
 * to the zone's windows. A zone the configuration no longer has is ignored.
 */
export function boardPlace(
  settings: BoardDeviceSettings | null | undefined,
  config: OfficeConfig | null | undefined,
): BoardPlace {
  if (!config) return NOWHERE;
  const zone = settings?.zoneId ? boardConfigOf(config).zones.find((z) => z.id === settings.zoneId) : undefined;
  return {
    hallId: settings?.hallId ?? zone?.hallId ?? config.halls[0]?.id,
    zoneWindows: zone ? new Set(zone.windowIds) : null,
    zoneName: zone?.name ?? null,
  };
}

/** Does a board at this place show a call at this window? */
export function placeShows(place: BoardPlace, call: { hallId: string; windowId: string }): boolean {
  return (
    place.hallId !== undefined &&
    call.hallId === place.hallId &&
    (place.zoneWindows === null || place.zoneWindows.has(call.windowId))
  );
}

/** Does a board with these settings speak this call? It shows it and its sound is on. */
export function boardAnnounces(
  settings: BoardDeviceSettings,
  config: OfficeConfig | null | undefined,
  call: { hallId: string; windowId: string },
): boolean {
  return settings.sound && placeShows(boardPlace(settings, config), call);
}
