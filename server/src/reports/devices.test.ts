import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { AuthService } from '../auth/index.js';
import { DeviceUptime } from '../monitor/uptime.js';
import { openStore } from '../store/index.js';
import { ReportService } from './index.js';
import { DAY, type FixtureStore, fixtureHarness, writeStore } from './test-fixture.js';

let fx: FixtureStore | undefined;
afterAll(() => fx?.cleanup());

const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00+03:00`);

describe('device uptime in working hours', () => {
  it('counts online and offline time within office hours from the monitor’s transitions', () => {
    fx = writeStore(fixtureHarness());
    const store = openStore(fx.dbPath);
    const auth = new AuthService(store, { now: () => at('07:00') });
    const paired = auth.pair(auth.createPairingCode('kiosk', 'Киоск у входа').code);
    store.close();
    if (!paired.ok) throw new Error('pairing failed');
    const id = paired.value.deviceId;

    // The monitor's own bookkeeping (server/src/monitor/uptime.ts) records what it observes.
    const db = new Database(fx.dbPath);
    const uptime = new DeviceUptime(db);
    const seen = (online: boolean, lastSeen: string, now: string) =>
      uptime.observe(
        [{ deviceId: id, name: 'Киоск у входа', role: 'kiosk', online, lastSeenAt: at(lastSeen), status: 'ok' }],
        at(now),
      );
    seen(true, '08:00', '08:00');
    seen(false, '10:00', '10:30'); // went silent at 10:00, noticed at 10:30
    seen(true, '11:30', '11:30');
    db.close();

    const reports = new ReportService({ dbPath: fx.dbPath, now: () => at('20:00') });
    try {
      const r = reports.report({ period: 'day', date: DAY });
      expect(r.devices.available).toBe(true);
      // Office hours 08:30–19:00 (630 min): online 08:30–10:00 and 11:30–19:00, offline 10:00–11:30.
      expect(r.devices.devices).toEqual([
        {
          deviceId: id,
          name: 'Киоск у входа',
          role: 'kiosk',
          onlineSec: 540 * 60,
          downtimeSec: 90 * 60,
          uptimeShare: 540 / 630,
          longestDownSec: 90 * 60,
        },
      ]);
      // Asked at noon, only the working time so far counts.
      const noon = new ReportService({ dbPath: fx.dbPath, now: () => at('12:00') });
      try {
        expect(noon.report({ period: 'day', date: DAY }).devices.devices?.[0]).toMatchObject({
          onlineSec: 120 * 60,
          downtimeSec: 90 * 60,
        });
      } finally {
        noon.close();
      }
    } finally {
      reports.close();
    }
  });
});
