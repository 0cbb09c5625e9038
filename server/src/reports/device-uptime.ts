import { type DeviceUptimeFigures, type OfficeConfig, WEEKDAYS } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { IANAZone } from 'luxon';

type DB = Database.Database;

/**
 * Instants of wall-clock times on one local day. The zone's offset is taken once per day, at noon:
 * clocks change at night, so this is exact for office hours and costs one zone lookup per day.
 */
function localClockOf(day: string, zone: string) {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const noon = Date.UTC(y, m - 1, d, 12);
  const offsetMs = IANAZone.create(zone).offset(noon) * 60_000;
  return (hhmm: string) => {
    const [h = 0, mi = 0] = hhmm.split(':').map(Number);
    return Date.UTC(y, m - 1, d, h, mi) - offsetMs;
  };
}

/** The office's working intervals (office hours, not on holidays) of each day, up to `now`. */
function workingIntervals(days: readonly string[], config: OfficeConfig | undefined, now: number): [number, number][] {
  const zone = config?.timeZone ?? 'UTC';
  const out: [number, number][] = [];
  for (const day of days) {
    const ranges = config
      ? config.holidays.includes(day)
        ? []
        : (config.officeHours[WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7] ?? 'mon'] ?? [])
      : [['00:00', '24:00'] as const];
    if (ranges.length === 0) continue;
    const at = localClockOf(day, zone);
    for (const [a, b] of ranges) {
      const start = at(a);
      const end = at(b);
      if (start < now) out.push([start, Math.min(end, now)]);
    }
  }
  return out;
}

const overlap = (a: number, b: number, win: readonly [number, number][]) =>
  win.reduce((sum, [x, y]) => sum + Math.max(0, Math.min(b, y) - Math.max(a, x)), 0);

/**
 * Device uptime in the office's working hours (seed 001 §5.3: self-service may be down at most
 * 60 minutes of working time), from the online/offline transitions the monitor records. Time
 * before a device's first transition is not counted; an outage over the night counts only its
 * working minutes.
 */
export function deviceUptime(
  db: DB,
  days: readonly string[],
  now: number,
  config: OfficeConfig | undefined,
): DeviceUptimeFigures {
  const win = workingIntervals(days, config, now);
  const first = win[0]?.[0];
  const last = win.at(-1)?.[1];
  // unpaired devices too: one replaced by a new pairing counts up to its unpairing, then leaves the report
  const named = new Map(
    db
      .prepare<[], { id: string; name: string; role: string; revoked_at: number | null }>(
        'SELECT id, name, role, revoked_at FROM devices',
      )
      .all()
      .map((d) => [d.id, d]),
  );
  const ids = new Set([
    ...named.keys(),
    ...db
      .prepare<[], { id: string }>('SELECT DISTINCT device_id AS id FROM device_transitions')
      .all()
      .map((r) => r.id),
  ]);
  const before = db.prepare<[string, number], { at: number; online: number }>(
    'SELECT at, online FROM device_transitions WHERE device_id = ? AND at < ? ORDER BY at DESC LIMIT 1',
  );
  const within = db.prepare<[string, number, number], { at: number; online: number }>(
    'SELECT at, online FROM device_transitions WHERE device_id = ? AND at >= ? AND at < ? ORDER BY at',
  );
  const devices: NonNullable<DeviceUptimeFigures['devices']> = [];
  for (const id of ids) {
    const revokedAt = named.get(id)?.revoked_at ?? null;
    if (revokedAt !== null && (first === undefined || revokedAt <= first)) continue;
    let onlineMs = 0;
    let offlineMs = 0;
    let longest = 0;
    if (first !== undefined && last !== undefined) {
      const prev = before.get(id, first);
      let state: { at: number; online: boolean } | null = prev ? { at: first, online: prev.online === 1 } : null;
      const segment = (to: number) => {
        if (!state) return;
        const ms = overlap(state.at, to, win);
        if (state.online) onlineMs += ms;
        else {
          offlineMs += ms;
          longest = Math.max(longest, ms);
        }
      };
      const end = revokedAt === null ? last : Math.min(last, revokedAt);
      for (const r of within.all(id, first, end)) {
        segment(r.at);
        state = { at: r.at, online: r.online === 1 };
      }
      segment(end);
    }
    const d = named.get(id);
    devices.push({
      deviceId: id,
      name: d?.name ?? id,
      role: d?.role ?? 'printer',
      onlineSec: Math.round(onlineMs / 1000),
      downtimeSec: Math.round(offlineMs / 1000),
      uptimeShare: onlineMs + offlineMs === 0 ? null : onlineMs / (onlineMs + offlineMs),
      longestDownSec: Math.round(longest / 1000),
    });
  }
  devices.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'ru'));
  return { available: true, devices };
}
