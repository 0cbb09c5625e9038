import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let browser: Browser;
const MIN = 60_000;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  browser = await launchBrowser({ autoplay: true });
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function moveClock(ms: number) {
  const res = await fetch(`${s.url}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: ms }),
  });
  expect(res.status).toBe(200);
}

/**
 * Chromium's headless shell runs audio without a gesture whatever its flags say; this reproduces a desktop
 * Chromium without --autoplay-policy: an AudioContext stays suspended until a real input event.
 */
const AUDIO_NEEDS_GESTURE = `(() => {
  let gesture = false;
  for (const type of ['pointerdown', 'touchstart', 'keydown', 'mousedown'])
    window.addEventListener(type, (e) => { if (e.isTrusted) gesture = true; }, true);
  const Base = window.AudioContext;
  window.AudioContext = class extends Base {
    get state() { return gesture ? super.state : 'suspended'; }
    resume() { return gesture ? super.resume() : Promise.resolve(); }
  };
})();`;

/** A one-time code that pairs a wall screen. */
async function wallCode(adminToken: string, name = 'Большой экран') {
  const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify({ role: 'wall', name }),
  });
  return ((await res.json()) as { code: string }).code;
}

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${s.url}/admin/`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe('admin screen in real Chromium: alarms on the server clock', () => {
  it('a waiting ticket crosses its wait norm: the alarm appears with a tone, and «Принято» acknowledges it', async () => {
    const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
    const issued = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    expect(issued.body.ok).toBe(true);

    const ctx = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page, 'admin', 'admin-talon');
    const row = page.locator('[data-testid="svc-row"][data-service="consult"]');
    await expect.poll(() => row.getByTestId('svc-waiting').textContent(), { timeout: 10_000 }).toContain('1');
    const passed = page.locator('[data-testid="alarm-bar-item"][data-kind="wait-norm-passed"]');
    expect(await passed.count()).toBe(0);

    // 7 of the 8 minutes: a warning first
    await moveClock(7 * MIN);
    await page.locator('[data-testid="alarm-bar-item"][data-kind="wait-norm-soon"]').waitFor({ timeout: 10_000 });
    expect(await passed.count()).toBe(0);
    const tones = async () => Number(await page.getByTestId('alarm-bar').getAttribute('data-tones'));
    await expect.poll(tones, { timeout: 10_000 }).toBeGreaterThan(0); // the warning sounded
    const tonesBefore = await tones();

    await moveClock(MIN); // the norm: 8 minutes
    await passed.waitFor({ timeout: 10_000 });
    expect(await passed.textContent()).toContain('К-001');
    await expect.poll(tones, { timeout: 10_000 }).toBeGreaterThan(tonesBefore);
    await expect.poll(() => row.getByTestId('svc-longest').getAttribute('data-over'), { timeout: 10_000 }).toBe('1');
    expect(await row.getByTestId('svc-over').textContent()).toContain('К-001');

    const id = Number(await passed.getAttribute('data-alarm-id'));
    expect(s.monitor.alarms.get(id)).toMatchObject({ kind: 'wait-norm-passed', acknowledgedAt: null, clearedAt: null });
    await passed.getByTestId('alarm-bar-ack').click();
    await expect.poll(() => s.monitor.alarms.get(id)?.acknowledgedBy, { timeout: 10_000 }).toBe('Администратор зала');
    expect(s.monitor.alarms.get(id)?.acknowledgedAt).toBe(s.clock.now());
    await expect.poll(() => passed.count(), { timeout: 10_000 }).toBe(0);

    // the alarm stays in the list (acknowledged) until the ticket is called, and in the history after
    await page.getByTestId('nav-alarms').click();
    const item = page.locator(`[data-testid="alarm-item"][data-alarm-id="${id}"]`);
    await expect.poll(() => item.getAttribute('data-acked'), { timeout: 10_000 }).toBe('1');
    expect(await item.getAttribute('data-ticket')).toBe('К-001');

    const op = (await s.login('operator1', 'talon1')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    await s.command(op, { type: 'callNext' });
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(0);
    await expect
      .poll(() => page.locator('[data-testid="alarm-history-row"][data-kind="wait-norm-passed"]').count(), {
        timeout: 10_000,
      })
      .toBe(1);

    // the window shows who serves whom
    await page.getByTestId('nav-monitor').click();
    const w1 = page.locator('[data-testid="win-card"][data-window="w1"]');
    await expect.poll(() => w1.getAttribute('data-status'), { timeout: 10_000 }).toBe('serving');
    expect(await w1.getByTestId('win-ticket').getAttribute('data-number')).toBe('К-001');
    // called, not yet served: the card says «Вызывает», then «Обслуживает» once the service starts
    expect(await w1.locator('header .status').textContent()).toBe('Вызывает');
    await s.command(op, { type: 'startService' });
    await expect.poll(() => w1.locator('header .status').textContent(), { timeout: 10_000 }).toBe('Обслуживает');
    await ctx.close();
  });

  it('the wall screen shows the hall and the alarms in large type', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page, 'admin', 'admin-talon');
    await page.getByTestId('wall-toggle').click();
    await page.getByTestId('wall').waitFor();
    expect(page.url()).toContain('#wall');
    const fontSize = await page.getByTestId('wall').evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize));
    expect(fontSize).toBeGreaterThanOrEqual(24);
    await page.locator('[data-testid="svc-row"][data-service="consult"]').waitFor();
    // the nav is gone; a reload (a wall PC after a power cut) comes back to the wall screen
    expect(await page.getByTestId('nav-config').count()).toBe(0);
    await page.reload();
    await page.getByTestId('wall').waitFor({ timeout: 10_000 });
    await ctx.close();
  });

  it('a wall monitor paired as a device shows the hall with no one signed in, and cannot acknowledge', async () => {
    // A ticket past its norm, so that the wall has an alarm to show.
    const kiosk = (await s.pair('kiosk', 'Киоск 2')).token;
    expect((await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' })).body.ok).toBe(
      true,
    );
    await moveClock(9 * MIN);
    const admin = (await s.login('admin', 'admin-talon')).token;
    const code = await wallCode(admin, 'Экран в кабинете');

    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await page.goto(`${s.url}/admin/?pair=${code}#wall`);
    const wall = page.locator('[data-testid="wall"][data-device="wall"]');
    await wall.waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('login').count()).toBe(0);
    await page.locator('[data-testid="svc-row"][data-service="consult"]').waitFor({ timeout: 10_000 });
    await page
      .locator('[data-testid="alarm-bar-item"][data-kind="wait-norm-passed"]')
      .first()
      .waitFor({ timeout: 10_000 });
    // Showing only: no acknowledging, no leaving for the rest of the admin screen.
    expect(await page.getByTestId('alarm-bar-ack').count()).toBe(0);
    expect(await page.getByTestId('wall-exit').count()).toBe(0);
    // The code is gone from the address; a reload (power cut) comes back paired.
    expect(page.url()).not.toContain('pair=');
    await page.reload();
    await wall.waitFor({ timeout: 10_000 });
    const device = s.store.listDevices(s.clock.now()).find((d) => d.role === 'wall');
    expect(device).toMatchObject({ name: 'Экран в кабинете', online: true });
    // Chromium with the autoplay flag: alarms can sound without a touch.
    expect(await page.getByTestId('wall-sound-unlock').count()).toBe(0);
    await ctx.close();

    // Without the flag the wall asks for one touch to enable alarm sound.
    const strict = await browser.newContext({ locale: 'ru-RU' });
    await strict.addInitScript(AUDIO_NEEDS_GESTURE);
    const locked = await strict.newPage();
    await locked.goto(`${s.url}/admin/?pair=${await wallCode(admin)}#wall`);
    await locked.locator('[data-testid="wall"][data-device="wall"]').waitFor({ timeout: 10_000 });
    const unlock = locked.getByTestId('wall-sound-unlock');
    await unlock.waitFor({ timeout: 10_000 });
    await unlock.click();
    await unlock.waitFor({ state: 'detached', timeout: 5000 });
    await strict.close();
  });
});
