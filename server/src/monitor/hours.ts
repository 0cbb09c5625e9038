import { dayKeyOf, localClock, localTimeToEpoch } from '@talon/engine';
import type { WeekSchedule } from '@talon/protocol';

export interface Hours {
  schedule: WeekSchedule;
  holidays: readonly string[];
  timeZone: string;
}

const DAY_MS = 24 * 3600_000;

// Time-zone arithmetic is the slow part of an evaluation; one schedule object asks about few days.
const memo = new WeakMap<Hours, Map<string, [number, number][]>>();

/** The open intervals [from, to) of one office-local day, as epoch ms (DST-aware). */
export function openIntervalsOfDay(h: Hours, dayKey: string): [number, number][] {
  let days = memo.get(h);
  if (!days) {
    days = new Map();
    memo.set(h, days);
  }
  const known = days.get(dayKey);
  if (known) return known;
  const computed = computeIntervals(h, dayKey);
  days.set(dayKey, computed);
  return computed;
}

function computeIntervals(h: Hours, dayKey: string): [number, number][] {
  if (h.holidays.includes(dayKey)) return [];
  const noon = localTimeToEpoch(dayKey, '12:00', h.timeZone);
  const { weekday } = localClock(noon, h.timeZone);
  return (h.schedule[weekday] ?? []).map(([a, b]) => [
    localTimeToEpoch(dayKey, a, h.timeZone),
    b === '24:00' ? startOfDay(nextDayKey(dayKey, h.timeZone), h.timeZone) : localTimeToEpoch(dayKey, b, h.timeZone),
  ]);
}

export function startOfDay(dayKey: string, timeZone: string): number {
  return localTimeToEpoch(dayKey, '00:00', timeZone);
}

function nextDayKey(dayKey: string, timeZone: string): string {
  // Noon plus a day lands on the next local day whatever DST does overnight.
  return dayKeyOf(localTimeToEpoch(dayKey, '12:00', timeZone) + DAY_MS, timeZone);
}

/** How much of [from, to) falls inside the schedule: working-time downtime (seed 001 §5.3). */
export function openMsBetween(h: Hours, from: number, to: number): number {
  if (to <= from) return 0;
  let total = 0;
  let day = dayKeyOf(from, h.timeZone);
  const lastDay = dayKeyOf(to, h.timeZone);
  // A device offline for months should not loop forever: cap at a year of days.
  for (let i = 0; i < 400; i++) {
    for (const [a, b] of openIntervalsOfDay(h, day)) total += Math.max(0, Math.min(b, to) - Math.max(a, from));
    if (day === lastDay) break;
    day = nextDayKey(day, h.timeZone);
  }
  return total;
}

/** Start of the open interval containing `now`, or null when closed. */
export function openSince(h: Hours, now: number): number | null {
  const today = openIntervalsOfDay(h, dayKeyOf(now, h.timeZone));
  const current = today.find(([a, b]) => now >= a && now < b);
  return current ? current[0] : null;
}
