import type { AnnounceConfig } from '@talon/protocol';
import { DateTime } from 'luxon';

/** Silence between two announcements of one hall. */
export const HALL_GAP_MS = 400;
/**
 * The first announcement of an idle hall starts this long after the call, so that every board of the
 * hall has fetched the audio and starts it at the same instant (no echo between boards).
 */
export const LEAD_MS = 150;

/**
 * One queue per hall: each announcement gets the first free slot after the previous one, so the
 * announcements of a hall never overlap on any board, however close together the calls come.
 */
export class HallSchedule {
  private readonly busyUntil = new Map<string, number>();

  constructor(
    private readonly leadMs = LEAD_MS,
    private readonly gapMs = HALL_GAP_MS,
  ) {}

  /** Reserves `durationMs` for the hall and returns when it starts. */
  reserve(hallId: string, now: number, durationMs: number): number {
    const free = this.busyUntil.get(hallId);
    const playAt = Math.max(now + this.leadMs, free === undefined ? 0 : free + this.gapMs);
    this.busyUntil.set(hallId, playAt + durationMs);
    return playAt;
  }

  /** When the hall's queue runs dry (0 = idle). */
  freeAt(hallId: string): number {
    return this.busyUntil.get(hallId) ?? 0;
  }
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** The volume at `now` in the office's time zone: the quiet range it falls into, else the office volume. */
export function volumeAt(announce: AnnounceConfig, timeZone: string, now: number): number {
  const local = DateTime.fromMillis(now, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  for (const q of announce.quietHours) {
    const from = minutesOf(q.from);
    const to = minutesOf(q.to);
    const inside = from < to ? minute >= from && minute < to : minute >= from || minute < to;
    if (inside) return q.volume;
  }
  return announce.volume;
}
