import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { OutageReport } from '@talon/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openBoard } from './board-support.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html'))) throw new Error('admin/dist is not built');
  requireKioskBuild();
  s = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${s.url}/admin/`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
}

describe('live-queue mode from the admin screen (Chromium)', () => {
  it('switched on with a reason → kiosk and board say so → back → the outage report shows the period', async () => {
    const adminToken = (await s.login('admin', 'admin-talon')).token;
    const kiosk = await openKiosk(browser, s, 'Киоск у входа', 'segment-individual', { width: 1280, height: 1024 });
    const board = await openBoard(browser, s.url, adminToken, 'Табло в зале', { width: 1920, height: 1080 });
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const admin = await ctx.newPage();
    await signIn(admin, 'admin', 'admin-talon');
    const panel = admin.getByTestId('live-queue');
    await panel.waitFor({ timeout: 15_000 });
    expect(await panel.getAttribute('data-on')).toBe('0');

    // a reason is required: without one the dialog says so and nothing is switched
    await admin.getByTestId('live-queue-toggle').click();
    await admin.getByTestId('live-queue-dialog-confirm').click();
    await admin.getByTestId('live-queue-reason-required').waitFor();
    expect(s.office.view().liveQueue).toBe(false);
    // cancelling switches nothing either
    await admin.getByTestId('live-queue-dialog-cancel').click();
    await admin.getByTestId('live-queue-dialog').waitFor({ state: 'detached' });
    expect(s.office.view().liveQueue).toBe(false);

    const switchedAt = s.clock.now();
    await admin.getByTestId('live-queue-toggle').click();
    await admin.getByTestId('live-queue-reason-input').fill('Сервер печати не отвечает');
    await admin.getByTestId('live-queue-dialog-confirm').click();
    await expect.poll(() => panel.getAttribute('data-on'), { timeout: 10_000 }).toBe('1');
    await expect
      .poll(() => admin.getByTestId('live-queue-reason').textContent(), { timeout: 10_000 })
      .toContain('Сервер печати не отвечает');
    expect(await admin.getByTestId('live-queue-since').textContent()).toContain('Администратор зала');

    // the kiosk and the board say so
    const kioskMessage = kiosk.locator('[data-testid="kiosk-message"][data-code="LIVE_QUEUE_MODE"]');
    await kioskMessage.waitFor({ timeout: 10_000 });
    expect(await kioskMessage.textContent()).toContain('живой очереди');
    const notice = board.page.locator('.board-notice');
    await notice.waitFor({ timeout: 10_000 });
    expect(await notice.textContent()).toMatch(/живой очеред/i);

    // seven minutes later on the office clock the administrator switches back
    s.clock.advance(7 * 60_000);
    await admin.getByTestId('live-queue-toggle').click();
    await admin.getByTestId('live-queue-dialog-confirm').click();
    await expect.poll(() => panel.getAttribute('data-on'), { timeout: 10_000 }).toBe('0');
    await kiosk.getByTestId('segment-individual').waitFor({ timeout: 10_000 });
    await notice.waitFor({ state: 'detached', timeout: 10_000 });

    // the outage log: one live-queue period of seven minutes, with the reason and who
    await admin.getByTestId('nav-outages').click();
    const row = admin.locator('[data-testid="out-row"][data-kind="live-queue"]');
    await row.waitFor({ timeout: 10_000 });
    expect(await row.count()).toBe(1);
    expect(await row.getAttribute('data-duration')).toBe('420');
    expect(await row.getByTestId('out-details').textContent()).toContain('Сервер печати не отвечает');
    expect(await admin.locator('[data-testid="out-kind"][data-kind="live-queue"]').getAttribute('data-count')).toBe(
      '1',
    );
    const api = await fetch(`${s.url}/api/outages?period=day&date=2026-11-26`, {
      headers: { authorization: `Bearer ${adminToken}` },
    });
    const report = (await api.json()) as OutageReport;
    expect(report.periods.find((p) => p.kind === 'live-queue')).toMatchObject({
      startedAt: switchedAt,
      durationSec: 420,
      startedBy: 'Администратор зала',
    });

    // the XLSX export downloads
    const [file] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('out-export').click()]);
    expect(file.suggestedFilename()).toBe('talon-outages-2026-11-26.xlsx');
    await ctx.close();
    await board.ctx.close();
    await kiosk.context().close();
  }, 120_000);
});
