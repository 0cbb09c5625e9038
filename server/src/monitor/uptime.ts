import { dayKeyOf } from '@talon/engine';
import type { DeviceFigures, DeviceStatus, PaperState } from '@talon/protocol';
import { PAPER_STATES } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { type Hours, openIntervalsOfDay, startOfDay } from './hours.js';

interface Transition {
  at: number;
  online: boolean;
}

/** A device as observed now: a paired device, or a printer the server polls. */
export type ObservedDevice = Omit<DeviceStatus, 'role'> & { role: DeviceFigures['role'] };

/**
 * Online/offline bookkeeping: each change is one row, so "uptime today" and "offline since" are
 * answered from the log, and survive a restart. Going offline is dated at the last sign of life.
 */
export class DeviceUptime {
  private readonly s;
  private readonly last = new Map<string, Transition | null>();

  constructor(db: Database.Database) {
    this.s = {
      insert: db.prepare<[string, number, number]>(
        'INSERT OR REPLACE INTO device_transitions (device_id, at, online) VALUES (?, ?, ?)',
      ),
      last: db.prepare<[string], { at: number; online: number }>(
        'SELECT at, online FROM device_transitions WHERE device_id = ? ORDER BY at DESC LIMIT 1',
      ),
      before: db.prepare<[string, number], { at: number; online: number }>(
        'SELECT at, online FROM device_transitions WHERE device_id = ? AND at < ? ORDER BY at DESC LIMIT 1',
      ),
      between: db.prepare<[string, number, number], { at: number; online: number }>(
        'SELECT at, online FROM device_transitions WHERE device_id = ? AND at >= ? AND at <= ? ORDER BY at',
      ),
    };
  }

  private lastOf(deviceId: string): Transition | null {
    if (!this.last.has(deviceId)) {
      const r = this.s.last.get(deviceId);
      this.last.set(deviceId, r ? { at: r.at, online: r.online === 1 } : null);
    }
    return this.last.get(deviceId) ?? null;
  }

  private record(deviceId: string, at: number, online: boolean) {
    const prev = this.lastOf(deviceId);
    // never before the previous change; at the same instant the new state replaces a zero-length one
    const when = prev && at < prev.at ? prev.at : at;
    this.s.insert.run(deviceId, when, online ? 1 : 0);
    this.last.set(deviceId, { at: when, online });
  }

  /** Records the devices whose online state changed since the last observation. */
  observe(devices: readonly ObservedDevice[], now: number): void {
    for (const d of devices) {
      if (d.lastSeenAt === null) continue;
      const prev = this.lastOf(d.deviceId);
      if (d.online && !prev?.online) this.record(d.deviceId, Math.min(d.lastSeenAt, now), true);
      else if (!d.online && (!prev || prev.online)) this.record(d.deviceId, d.lastSeenAt, false);
      else if (!d.online && !prev?.online && prev && d.lastSeenAt > prev.at) {
        // back and gone again between two observations: it was alive at its last sign of life, so the
        // outage on record ended by then (a clock set back and forward can make such a gap hours long)
        this.record(d.deviceId, d.lastSeenAt, true);
        this.record(d.deviceId, d.lastSeenAt + 1, false);
      }
    }
  }

  offlineSince(deviceId: string): number | null {
    const prev = this.lastOf(deviceId);
    return prev && !prev.online ? prev.at : null;
  }

  /**
   * Online and offline time today within office hours up to `now` (the whole day so far when the
   * office has no hours today). Time before the device's first transition is not counted.
   */
  uptimeToday(deviceId: string, now: number, hours: Hours): DeviceFigures['uptimeToday'] {
    return this.uptimeIn(deviceId, todayWindows(now, hours), now);
  }

  /** The same with the day's windows computed once for every device (time-zone arithmetic is the slow part). */
  uptimeIn(deviceId: string, today: TodayWindows, now: number): DeviceFigures['uptimeToday'] {
    const { dayStart, windows } = today;
    const before = this.s.before.get(deviceId, dayStart);
    const rows = this.s.between.all(deviceId, dayStart, now);
    // segments [from, to) with a known state
    const segs: { from: number; to: number; online: boolean }[] = [];
    let state: Transition | null = before ? { at: dayStart, online: before.online === 1 } : null;
    for (const r of rows) {
      if (state) segs.push({ from: state.at, to: r.at, online: state.online });
      state = { at: r.at, online: r.online === 1 };
    }
    if (state) segs.push({ from: state.at, to: now, online: state.online });
    let onlineMs = 0;
    let offlineMs = 0;
    for (const seg of segs)
      for (const [a, b] of windows) {
        const ms = Math.max(0, Math.min(b, seg.to) - Math.max(a, seg.from));
        if (seg.online) onlineMs += ms;
        else offlineMs += ms;
      }
    const total = onlineMs + offlineMs;
    return { onlineMs, offlineMs, share: total > 0 ? onlineMs / total : null };
  }
}

export interface TodayWindows {
  dayStart: number;
  windows: [number, number][];
}

/** Today's office-hours intervals up to `now`, or the day so far when the office has none today. */
export function todayWindows(now: number, hours: Hours): TodayWindows {
  const day = dayKeyOf(now, hours.timeZone);
  const dayStart = startOfDay(day, hours.timeZone);
  const open = openIntervalsOfDay(hours, day);
  const windows = (open.length > 0 ? open : [[dayStart, now] as [number, number]])
    .map(([a, b]) => [a, Math.min(b, now)] as [number, number])
    .filter(([a, b]) => b > a);
  return { dayStart, windows };
}

/**
 * A paired device as the monitor sees it. Printers the server polls are device rows whose heartbeat
 * details say `kind: 'printer'` (server/src/printing): polled but unreachable or offline is down.
 */
export function observed(d: DeviceStatus): ObservedDevice {
  const x = d.details;
  if (x?.kind !== 'printer') return d;
  const printer =
    x.reachable === false ? 'unreachable' : x.cover === 'open' ? 'cover-open' : x.online === false ? 'offline' : 'ok';
  return {
    ...d,
    role: 'printer',
    online: d.online && x.reachable !== false && x.online !== false,
    details: { ...x, printer },
  };
}

function paperOf(details: DeviceStatus['details']): PaperState | undefined {
  const p = details?.paper;
  return typeof p === 'string' && (PAPER_STATES as readonly string[]).includes(p) ? (p as PaperState) : undefined;
}

/** The devices table of the admin screen. */
export function deviceFigures(
  devices: readonly ObservedDevice[],
  uptime: DeviceUptime,
  now: number,
  hours: Hours,
): DeviceFigures[] {
  const today = todayWindows(now, hours);
  return devices.map((d) => {
    const paper = paperOf(d.details);
    const printer = typeof d.details?.printer === 'string' ? d.details.printer : undefined;
    return {
      ...d,
      offlineSince: d.online ? null : (uptime.offlineSince(d.deviceId) ?? d.lastSeenAt),
      uptimeToday: uptime.uptimeIn(d.deviceId, today, now),
      ...(paper ? { paper } : {}),
      ...(printer ? { printer } : {}),
    };
  });
}
