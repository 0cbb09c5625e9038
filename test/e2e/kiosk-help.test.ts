import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { kioskDeviceId, openKiosk, requireKioskBuild } from './kiosk-support.js';

let s: TestServer;
let browser: Browser;
let admin: Page;
const MIN = 60_000;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html'))) throw new Error('admin/dist is not built');
  requireKioskBuild();
  const config = rosatomDemoOffice();
  // seed 001 §3.5: «одинокие люди с ограниченными возможностями передвижения … индивидуальный формат обслуживания»
  config.priorityCategories.push({
    id: 'lonely',
    name: { ru: 'Одинокие люди с ограниченной подвижностью', en: 'People living alone with limited mobility' },
    individual: true,
  });
  config.kiosk = { idleReturnSec: 600, resultIdleSec: 600, ticketsPerMinuteBeforeConfirm: 50 };
  s = await startTestServer({ server: { initialConfig: config } });
  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
  admin = await ctx.newPage();
  await admin.goto(`${s.url}/admin/`);
  await admin.getByTestId('login').fill('admin');
  await admin.getByTestId('password').fill('admin-talon');
  await admin.getByTestId('login-submit').click();
  await admin.getByTestId('monitor').waitFor({ timeout: 15_000 });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const helpAlarm = (deviceId: string) =>
  admin.locator(`[data-testid="alarm-bar-item"][data-kind="kiosk-help"]`).filter({ hasText: deviceId });

async function moveClock(ms: number) {
  const res = await fetch(`${s.url}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: ms }),
  });
  expect(res.status).toBe(200);
}

describe('«Позвать сотрудника» at the kiosk (Chromium)', () => {
  it('the button raises the alarm on the admin screen within 1 s; «Иду» reaches the kiosk; «Готово» ends it', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск у входа', 'segment-individual', { width: 1280, height: 1024 });
    const bar = helpAlarm('Киоск у входа');
    expect(await bar.count()).toBe(0);

    await kiosk.getByTestId('help-button').click();
    // within one second of the press, polled generously (no stopwatch)
    await expect.poll(() => bar.count(), { timeout: 1000, interval: 50 }).toBe(1);
    expect(await bar.textContent()).toContain('посетитель просит помощи сотрудника');
    // the wall monitor too (a paired wall screen), with the kiosk's name
    const adminToken = (await s.login('admin', 'admin-talon')).token;
    const code = await fetch(`${s.url}/api/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
      body: JSON.stringify({ role: 'wall', name: 'Большой экран' }),
    });
    const wallCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' });
    const wall = await wallCtx.newPage();
    await wall.goto(`${s.url}/admin/?pair=${((await code.json()) as { code: string }).code}#wall`);
    const onWall = wall.locator('[data-testid="alarm-bar-item"][data-kind="kiosk-help"]');
    await onWall.waitFor({ timeout: 10_000 });
    expect(await onWall.textContent()).toContain('Киоск у входа');
    await wallCtx.close();
    const screen = kiosk.getByTestId('help-screen');
    expect(await screen.getAttribute('data-state')).toBe('waiting');
    expect(await screen.textContent()).toContain('Сотрудник скоро подойдёт');

    // the administrator's «Иду»
    const call = admin.locator('[data-testid="help-call"]').filter({ hasText: 'Киоск у входа' });
    await call.waitFor({ timeout: 5000 });
    await call.getByTestId('help-coming').click();
    await expect.poll(() => screen.getAttribute('data-state'), { timeout: 5000 }).toBe('coming');
    expect(await screen.textContent()).toContain('Сотрудник идёт к вам');
    // the alarm is acknowledged by name (it leaves the bar and stays in the list)
    const alarm = s.monitor.alarms.active().find((a) => a.kind === 'kiosk-help');
    expect(alarm?.acknowledgedBy).toBe('Администратор зала');
    expect(alarm?.subject.deviceName).toBe('Киоск у входа');

    // the visitor carries on; the header says someone is coming
    await kiosk.getByTestId('help-continue').click();
    await kiosk.getByTestId('segment-individual').waitFor();
    expect(await kiosk.getByTestId('help-button').getAttribute('data-state')).toBe('coming');

    await call.getByTestId('help-resolve').click();
    await expect
      .poll(() => kiosk.getByTestId('help-button').getAttribute('data-state'), { timeout: 5000 })
      .toBe('none');
    await expect.poll(() => s.monitor.alarms.active().filter((a) => a.kind === 'kiosk-help').length).toBe(0);
    await kiosk.context().close();
  }, 60_000);

  it('choosing a category served individually calls staff by itself; «Принято» on the alarm is «Иду»', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск у окна', 'segment-individual', { width: 1024, height: 768 });
    await kiosk.getByTestId('priority').click();
    await kiosk.getByTestId('priority-lonely').click();
    const screen = kiosk.getByTestId('help-screen');
    await screen.waitFor({ timeout: 5000 });
    expect(await screen.getAttribute('data-state')).toBe('waiting');
    const bar = helpAlarm('Киоск у окна');
    await expect.poll(() => bar.count(), { timeout: 5000 }).toBe(1);
    // the wall and the bar name no category (health data): only that individual service is needed
    const text = (await bar.textContent()) ?? '';
    expect(text).toContain('индивидуальное обслуживание');
    expect(text).not.toContain('подвижност');

    await bar.getByTestId('alarm-bar-ack').click();
    await expect.poll(() => screen.getAttribute('data-state'), { timeout: 5000 }).toBe('coming');
    // the visitor goes on to take a ticket with the category chosen
    await kiosk.getByTestId('help-continue').click();
    await kiosk.getByTestId('priority-chosen').waitFor();
    await kiosk.context().close();
  }, 60_000);

  it('a call nobody answers ends after its timeout; one the visitor cancels ends at once', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск в углу', 'segment-individual', { width: 1080, height: 1920 });
    const deviceId = await kioskDeviceId(kiosk);
    await kiosk.getByTestId('help-button').click();
    await kiosk.getByTestId('help-screen').waitFor();
    await expect.poll(() => s.kioskHelp.status(deviceId)?.reason).toBe('button');
    await kiosk.getByTestId('help-cancel').click();
    await kiosk.getByTestId('segment-individual').waitFor();
    expect(s.kioskHelp.status(deviceId)).toBeNull();
    await expect.poll(() => helpAlarm('Киоск в углу').count(), { timeout: 5000 }).toBe(0);

    await kiosk.getByTestId('help-button').click();
    await expect.poll(() => helpAlarm('Киоск в углу').count(), { timeout: 5000 }).toBe(1);
    await moveClock(15 * MIN);
    await expect.poll(() => helpAlarm('Киоск в углу').count(), { timeout: 5000 }).toBe(0);
    // the kiosk learns the call is over: its screen closes and the button is offered again
    await kiosk.getByTestId('help-screen').waitFor({ state: 'detached', timeout: 5000 });
    expect(await kiosk.getByTestId('help-button').getAttribute('data-state')).toBe('none');
    await kiosk.context().close();
  }, 60_000);
});
