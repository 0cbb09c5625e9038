import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { AlarmStore } from './alarm-store.js';
import type { AlarmCondition } from './evaluate.js';
import { type Hours, openMsBetween } from './hours.js';
import { DeviceUptime } from './uptime.js';

let dir: string;
let store: Store;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'talon-monitor-'));
  store = openStore(join(dir, 'office.sqlite'));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const cond = (key: string, severity: 'warning' | 'critical' = 'warning'): AlarmCondition => ({
  key,
  kind: 'device-offline',
  severity,
  subject: { deviceId: key },
  message: { ru: key, en: key },
});

const H = 3600_000;
// Moscow, Mon–Fri 09:00–18:00; Monday 2025-03-03 00:00 MSK = 2025-03-02T21:00Z
const MON = Date.parse('2025-03-02T21:00:00Z');
const hours: Hours = {
  timeZone: 'Europe/Moscow',
  holidays: ['2025-03-04'],
  schedule: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]])),
};

describe('alarm store', () => {
  it('raises once per key, escalates (clearing the acknowledgement), clears into the history, survives reopening', () => {
    const alarms = new AlarmStore(store.db);
    const r1 = alarms.reconcile([cond('a'), cond('b')], 1000);
    expect(r1.raised.map((a) => a.key)).toEqual(['a', 'b']);
    expect(alarms.reconcile([cond('a'), cond('b')], 2000).changed).toBe(false);

    const a = alarms.active().find((x) => x.key === 'a');
    expect(alarms.acknowledge(a?.id ?? -1, 'Администратор', 2500)).toBe(true);
    expect(alarms.acknowledge(a?.id ?? -1, 'Другой', 2600)).toBe(false);
    expect(alarms.get(a?.id ?? -1)).toMatchObject({ acknowledgedAt: 2500, acknowledgedBy: 'Администратор' });

    const r3 = alarms.reconcile([cond('a', 'critical')], 3000);
    expect(r3.escalated.map((x) => [x.key, x.severity, x.acknowledgedAt])).toEqual([['a', 'critical', null]]);
    expect(r3.cleared.map((x) => [x.key, x.clearedAt])).toEqual([['b', 3000]]);

    store.close();
    store = openStore(join(dir, 'office.sqlite'));
    const again = new AlarmStore(store.db);
    expect(again.active().map((x) => x.key)).toEqual(['a']);
    expect(again.history(0, 10_000, 10).map((x) => [x.key, x.clearedAt])).toEqual([
      ['b', 3000],
      ['a', null],
    ]);
    // a cleared key raised again is a new alarm
    expect(again.reconcile([cond('a', 'critical'), cond('b')], 4000).raised.map((x) => x.key)).toEqual(['b']);
    expect(again.history(0, 10_000, 10)).toHaveLength(3);
  });
});

describe('working hours and device uptime', () => {
  it('counts only open time between two instants, skipping nights, weekends and holidays', () => {
    // Monday 17:00 → Wednesday 10:00: 1 h Monday, Tuesday is a holiday, 1 h Wednesday
    expect(openMsBetween(hours, MON + 17 * H, MON + 2 * 24 * H + 10 * H)).toBe(2 * H);
    expect(openMsBetween(hours, MON + 19 * H, MON + 22 * H)).toBe(0);
  });

  it('records online/offline transitions and computes uptime today within office hours', () => {
    const up = new DeviceUptime(store.db);
    const dev = (online: boolean, lastSeenAt: number) => ({
      deviceId: 'k1',
      name: 'Киоск',
      role: 'kiosk' as const,
      online,
      lastSeenAt,
      status: 'ok' as const,
    });
    up.observe([dev(true, MON + 8 * H)], MON + 8 * H); // online before opening
    up.observe([dev(true, MON + 10 * H)], MON + 10 * H); // no change, no row
    up.observe([dev(false, MON + 10 * H)], MON + 10.5 * H); // offline, dated at the last sign of life
    expect(up.offlineSince('k1')).toBe(MON + 10 * H);
    up.observe([dev(true, MON + 11 * H)], MON + 11 * H);
    expect(up.offlineSince('k1')).toBeNull();
    // 09:00–12:00 open so far: online 09–10 and 11–12, offline 10–11
    expect(up.uptimeToday('k1', MON + 12 * H, hours)).toEqual({ onlineMs: 2 * H, offlineMs: H, share: 2 / 3 });
    // a new instance reads the same log (after a restart)
    const again = new DeviceUptime(store.db);
    expect(again.uptimeToday('k1', MON + 12 * H, hours).share).toBeCloseTo(2 / 3);
    // next day: the state carried over from yesterday counts from the opening
    expect(again.uptimeToday('k1', MON + 2 * 24 * H + 10 * H, hours)).toEqual({ onlineMs: H, offlineMs: 0, share: 1 });
  });

  it('a device back and gone again between two observations is offline since its last sign of life', () => {
    const up = new DeviceUptime(store.db);
    const dev = (online: boolean, lastSeenAt: number) => ({
      deviceId: 'b1',
      name: 'Табло',
      role: 'board' as const,
      online,
      lastSeenAt,
      status: 'ok' as const,
    });
    up.observe([dev(true, MON + 9 * H)], MON + 9 * H);
    up.observe([dev(false, MON + 10 * H)], MON + 10.5 * H);
    expect(up.offlineSince('b1')).toBe(MON + 10 * H);
    // it reported at 11:00 and was silent again before anyone looked
    up.observe([dev(false, MON + 11 * H)], MON + 11.1 * H);
    expect(up.offlineSince('b1')).toBe(MON + 11 * H + 1);
    // 09:00–12:00: online 09–10 and at 11:00, offline 10–11 and 11–12
    const day = up.uptimeToday('b1', MON + 12 * H, hours);
    expect(day.onlineMs).toBe(H + 1);
    expect(day.offlineMs).toBe(2 * H - 1);
    // nothing new heard: nothing new written
    up.observe([dev(false, MON + 11 * H)], MON + 11.5 * H);
    expect(up.offlineSince('b1')).toBe(MON + 11 * H + 1);
  });
});

describe('printers polled by the server', () => {
  it('count as down while unreachable even though their status keeps arriving', async () => {
    const { observed } = await import('./uptime.js');
    const base = {
      deviceId: 'printer-p1',
      name: 'Принтер: у входа',
      role: 'device' as const,
      online: true,
      lastSeenAt: 1,
    };
    const ok = observed({
      ...base,
      status: 'ok',
      details: { kind: 'printer', reachable: true, online: true, paper: 'ok' },
    });
    expect(ok).toMatchObject({ role: 'printer', online: true, details: { printer: 'ok' } });
    const gone = observed({ ...base, status: 'error', details: { kind: 'printer', reachable: false, online: false } });
    expect(gone).toMatchObject({ role: 'printer', online: false, details: { printer: 'unreachable' } });
    const cover = observed({
      ...base,
      status: 'error',
      details: { kind: 'printer', reachable: true, online: true, cover: 'open' },
    });
    expect(cover.details?.printer).toBe('cover-open');
    // a kiosk stays a kiosk
    expect(observed({ ...base, role: 'kiosk', status: 'ok' }).role).toBe('kiosk');
  });
});
