/**
 * Admin monitor bench: the cost of one alarm evaluation (figures + alarm conditions + SQLite
 * reconcile + device uptime) in a busy hall, and of the configuration version list, in process
 * on a temporary SQLite file. The server runs an evaluation every 2 s and after each burst of events.
 *
 *   npx tsx bench/src/admin-monitor-bench.ts            readable table
 *   npx tsx bench/src/admin-monitor-bench.ts --json     one JSON object on stdout
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '@talon/protocol';
import { AuthService } from '../../server/src/auth/index.js';
import { VirtualClock } from '../../server/src/clock.js';
import { rosatomDemoOffice } from '../../server/src/demo/rosatom-office.js';
import { Monitor } from '../../server/src/monitor/monitor.js';
import { Office } from '../../server/src/office.js';
import { Settings } from '../../server/src/settings/settings.js';
import { openStore } from '../../server/src/store/index.js';

const json = process.argv.includes('--json');
const WAITING = 300;
const DEVICES = 40;
const VERSIONS = 200;
const RUNS = 200;

const dir = mkdtempSync(join(tmpdir(), 'talon-admin-bench-'));
try {
  const store = openStore(join(dir, 'office.sqlite'));
  const clock = new VirtualClock(Date.parse('2026-11-26T07:00:00Z'));
  const office = new Office({ store, clock });
  const system = { kind: 'system' } as const;
  office.configure(rosatomDemoOffice(), system);
  const auth = new AuthService(store, { now: () => clock.now() });
  const settings = new Settings({ office, store, auth });
  const monitor = new Monitor({ office, store, settings, log: () => {} });

  const topics = ['billing', 'payment', 'new-contract', 'consult-and-pay', 'personal-account'];
  for (let i = 0; i < WAITING; i++) {
    office.execute(
      { type: 'issueTicket', topicId: topics[i % topics.length] ?? 'billing', segmentId: 'individual' },
      {
        kind: 'device',
        deviceId: 'k1',
        role: 'kiosk',
      },
    );
    clock.advance(2000);
  }
  for (const [i, op] of (office.config?.operators ?? []).entries()) {
    const actor: Actor = { kind: 'user', userId: `u${i}`, operatorId: op.id, roles: ['operator'] };
    office.execute({ type: 'operatorLogin', windowId: `w${i + 1}` }, actor);
    office.execute({ type: 'callNext' }, actor);
  }
  for (let i = 0; i < DEVICES; i++) {
    const d = store.createDevice({
      id: `d${i}`,
      name: `Киоск ${i}`,
      role: 'kiosk',
      tokenHash: `h${i}`,
      createdAt: clock.now(),
    });
    store.recordHeartbeat(
      d.id,
      { status: 'ok', details: { paper: i % 5 === 0 ? 'near-end' : 'ok' } },
      clock.now() - (i % 3) * 60_000,
    );
  }
  clock.advance(10 * 60_000); // everyone has waited long: many wait-norm alarms
  const config = office.config;
  if (!config) throw new Error('no config');
  for (let v = 0; v < VERSIONS; v++)
    office.configure({ ...config, name: { ru: `ЦОК ${v}`, en: `Office ${v}` } }, system);

  const time = (fn: () => void, runs: number) => {
    const ms: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t = performance.now();
      fn();
      ms.push(performance.now() - t);
    }
    ms.sort((a, b) => a - b);
    const q = (p: number) => Math.round((ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? 0) * 100) / 100;
    return { p50: q(0.5), p95: q(0.95), max: q(1) };
  };
  monitor.evaluate(); // the first one raises every alarm
  const alarms = monitor.alarms.active().length;
  const evaluate = time(() => {
    clock.advance(2000);
    monitor.evaluate();
  }, RUNS);
  const versions = time(() => settings.configs.versions(50), 50);
  const save = time(() => {
    settings.configs.save(office.config, system, { dryRun: true });
  }, 50);
  monitor.stop();
  store.close();

  const result = {
    waitingTickets: WAITING,
    devices: DEVICES,
    activeAlarms: alarms,
    configVersions: VERSIONS + 1,
    evaluateMs: evaluate,
    versionList50Ms: versions,
    configCheckMs: save,
  };
  if (json) console.log(JSON.stringify(result));
  else {
    console.log(`admin monitor bench: ${WAITING} waiting tickets, ${DEVICES} devices, ${alarms} active alarms`);
    console.log('what                                   p50 ms   p95 ms   max ms');
    for (const [name, r] of [
      ['one evaluation (figures+alarms+uptime)', evaluate],
      [`version list (50 of ${VERSIONS + 1})`, versions],
      ['config check (validate + diff)', save],
    ] as const)
      console.log(
        `${name.padEnd(38)} ${String(r.p50).padStart(7)} ${String(r.p95).padStart(8)} ${String(r.max).padStart(8)}`,
      );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
