import { DateTime } from 'luxon';

/** The machine's zone, for an office not configured yet. */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

/**
 * The first instant strictly after `after` whose local time in `timeZone` is `hhmm`. A time that a DST
 * change skips falls on the first valid minute after it (Luxon's rule).
 */
export function nextSlot(after: number, hhmm: string, timeZone: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  const local = DateTime.fromMillis(after, { zone: timeZone });
  for (let d = 0; d < 3; d++) {
    const t = local
      .plus({ days: d })
      .set({ hour: h ?? 0, minute: m ?? 0, second: 0, millisecond: 0 })
      .toMillis();
    if (t > after) return t;
  }
  // unreachable for a valid zone: a day always has the time or the minute after a gap
  return after + 24 * 3600_000;
}

export const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
