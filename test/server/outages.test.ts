import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OutageReport } from '@talon/protocol';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { postJson, type ServerProcess, spawnServer, waitExit } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

const get = async <T>(url: string, token: string) => {
  const r = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: r.status, body: (await r.json()) as T };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('outage log: live-queue periods', () => {
  let s: TestServer;
  afterAll(async () => s?.stop());

  it('records who switched, when and why, and the walk-ins served meanwhile; the report and XLSX show it', async () => {
    s = await startTestServer();
    const admin = (await s.login('admin', 'admin-talon')).token;
    const op = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    const switchedOn = s.clock.now();
    const on = await s.command(admin, { type: 'setLiveQueueMode', on: true, reason: 'не печатает киоск' });
    expect(on.body.ok).toBe(true);
    const status = await get<OutageReport['liveQueue']>(`${s.url}/api/outages/live-queue`, admin);
    expect(status.body).toEqual({ on: true, since: switchedOn, by: 'Администратор зала', reason: 'не печатает киоск' });

    s.clock.advance(4 * 60_000);
    const walkIn = await s.command(op, { type: 'serveWalkIn', serviceId: 'consult' });
    expect(walkIn.body, JSON.stringify(walkIn.body)).toMatchObject({ ok: true });
    s.clock.advance(3 * 60_000);
    expect((await s.command(op, { type: 'finishService', outcomes: ['resolved'] })).body.ok).toBe(true);
    s.clock.advance(3 * 60_000);
    expect((await s.command(admin, { type: 'setLiveQueueMode', on: false })).body.ok).toBe(true);
    // a walk-in after the period is not counted in it
    expect((await s.command(op, { type: 'serveWalkIn', serviceId: 'consult' })).body.ok).toBe(true);
    expect((await s.command(op, { type: 'finishService', outcomes: ['resolved'] })).body.ok).toBe(true);

    const r = await get<OutageReport>(`${s.url}/api/outages?period=day&date=2026-11-26`, admin);
    expect(r.status).toBe(200);
    const lq = r.body.periods.filter((p) => p.kind === 'live-queue');
    expect(lq).toHaveLength(1);
    expect(lq[0]).toMatchObject({
      startedAt: switchedOn,
      endedAt: switchedOn + 10 * 60_000,
      durationSec: 600,
      reason: 'не печатает киоск',
      startedBy: 'Администратор зала',
      endedBy: 'Администратор зала',
      walkIns: 1,
    });
    expect(r.body.kinds.find((k) => k.kind === 'live-queue')).toEqual({
      kind: 'live-queue',
      count: 1,
      totalSec: 600,
      longestSec: 600,
      walkIns: 1,
    });
    expect(r.body.liveQueue).toMatchObject({ on: false, since: switchedOn + 10 * 60_000, reason: null });
    // another day has none
    const other = await get<OutageReport>(`${s.url}/api/outages?period=day&date=2026-11-25`, admin);
    expect(other.body.periods.filter((p) => p.kind === 'live-queue')).toEqual([]);

    const x = await fetch(`${s.url}/api/outages/export?period=day&date=2026-11-26&format=xlsx`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(x.status).toBe(200);
    expect(x.headers.get('content-disposition')).toContain('talon-outages-2026-11-26.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await x.arrayBuffer()) as never);
    const sheet = wb.getWorksheet('Периоды');
    const rows = (sheet?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    const row = rows.find((v) => v.includes('Режим живой очереди'));
    expect(row).toBeDefined();
    expect(row).toContain('не печатает киоск');
    expect(row).toContain(10);
  });

  it('a device offline is a period from its last sign of life to its return', async () => {
    const admin = (await s.login('admin', 'admin-talon')).token;
    const board = await s.pair('board', 'Табло у окон');
    const lastSeen = s.clock.now();
    (await s.connect('board', board.token)).close();
    s.monitor.evaluate();
    s.clock.advance(20 * 60_000);
    s.monitor.evaluate(); // the monitor notices the silence: offline since the last sign of life
    const back = await s.connect('board', board.token);
    const returnedAt = s.clock.now();
    s.monitor.evaluate();
    back.close();
    const r = await get<OutageReport>(`${s.url}/api/outages?period=day&date=2026-11-26`, admin);
    const dev = r.body.periods.filter((p) => p.kind === 'device' && p.deviceName === 'Табло у окон');
    expect(dev).toHaveLength(1);
    expect(dev[0]).toMatchObject({ startedAt: lastSeen, endedAt: returnedAt, durationSec: 1200, deviceRole: 'board' });
    expect(r.body.kinds.find((k) => k.kind === 'device')?.longestSec).toBeGreaterThanOrEqual(1200);
  });

  it('refuses a bad period and an operator, and changes nothing', async () => {
    const admin = (await s.login('admin', 'admin-talon')).token;
    const bad = await get<{ error: { code: string } }>(`${s.url}/api/outages?period=day&date=2026-02-30`, admin);
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    const op = (await s.login('operator2', 'talon2')).token;
    expect((await get(`${s.url}/api/outages?period=day&date=2026-11-26`, op)).status).toBe(403);
  });
});

describe('outage log: the office server itself', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'talon-outage-'));
  let server: ServerProcess | undefined;
  afterAll(() => {
    server?.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  const serverOutages = async (url: string) => {
    const admin = (
      await postJson<{ token: string }>(`${url}/api/auth/login`, { login: 'admin', password: 'admin-talon' })
    ).body.token;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const r = await get<OutageReport>(
      `${url}/api/outages?period=custom&from=${day(Date.now() - 86_400_000)}&to=${day(Date.now() + 86_400_000)}`,
      admin,
    );
    expect(r.status).toBe(200);
    return r.body.periods.filter((p) => p.kind === 'server');
  };

  it('kill -9 for a measured time: the next start records an outage of that length; a graceful stop records none', async () => {
    server = await spawnServer(dataDir);
    expect(await serverOutages(server.url)).toEqual([]);
    await sleep(2500); // at least one heartbeat after the start
    const killedAt = Date.now();
    server.child.kill('SIGKILL');
    await waitExit(server.child);
    await sleep(6000);
    const restartAt = Date.now();
    server = await spawnServer(dataDir);
    const upAt = Date.now();

    const found = await serverOutages(server.url);
    expect(found).toHaveLength(1);
    const [o] = found;
    // from the last sign of life (a heartbeat every 2 s) to the start, which is between spawn and ready
    expect(o?.startedAt).toBeGreaterThanOrEqual(killedAt - 2000 - 500);
    expect(o?.startedAt).toBeLessThanOrEqual(killedAt);
    expect(o?.endedAt).toBeGreaterThanOrEqual(restartAt);
    expect(o?.endedAt).toBeLessThanOrEqual(upAt);
    expect(Math.abs((o?.durationSec ?? 0) - (upAt - killedAt) / 1000)).toBeLessThan(5);
    expect(server.output()).toContain('записано в журнал сбоев');

    // SIGTERM: the server closes and leaves its clean-stop marker
    server.child.kill('SIGTERM');
    await waitExit(server.child);
    expect(server.child.exitCode).toBe(0);
    await sleep(3000);
    server = await spawnServer(dataDir);
    expect(await serverOutages(server.url)).toHaveLength(1);
    expect(server.output()).not.toContain('записано в журнал сбоев');
  }, 90_000);
});
