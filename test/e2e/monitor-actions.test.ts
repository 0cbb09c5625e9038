import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 16, acting from the monitor in real Chromium: the operator last at work asks for a break the hall rule
 * refuses, the administrator allows it from the alarm bar, the console shows the break; the end of work
 * asked for and refused; a ticket past its wait norm sent from its alarm to a chosen window.
 */
let s: TestServer;
let browser: Browser;
const T = 10_000;
const MIN = 60_000;

beforeAll(async () => {
  for (const app of ['admin', 'operator-console'])
    if (!existsSync(join(REPO_ROOT, `${app}/dist/index.html`)))
      throw new Error(`${app}/dist is not built: run "npm run build -w ${app}" first`);
  s = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);

async function issue(n: number) {
  const kiosk = await s.pair('kiosk');
  for (let i = 0; i < n; i++) {
    const r = await s.command(kiosk.token, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  }
}

async function open(path: string, login: string, password: string, width = 1366, height = 768) {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'ru-RU' });
  const page = await ctx.newPage();
  await page.goto(`${s.url}${path}`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  return page;
}

describe('acting from the monitor (issue 16)', () => {
  let op: Page;
  let admin: Page;

  it('a break that would empty the hall: asked from the console, allowed from the alarm bar, the console shows the break', async () => {
    await issue(3);
    op = await open('/operator/', 'operator4', 'talon4');
    await op.getByTestId('window-w4').click();
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    admin = await open('/admin/', 'admin', 'admin-talon');
    await admin.getByTestId('monitor').waitFor({ timeout: 15_000 });

    await op.getByTestId('break').click();
    await op.getByTestId('break-reason-lunch').click();
    await expect.poll(() => attr(op, 'console-error', 'data-code'), { timeout: T }).toBe('BREAK_WOULD_EMPTY_HALL');
    await expect.poll(() => attr(op, 'leave-request', 'data-status'), { timeout: T }).toBe('ask');
    await op.getByTestId('leave-comment').fill('к врачу');
    await op.getByTestId('leave-ask').click();
    await expect.poll(() => attr(op, 'leave-request', 'data-status'), { timeout: T }).toBe('pending');
    expect(await op.getByTestId('leave-request').textContent()).toContain('«Обед»');
    expect(await attr(op, 'console-status', 'data-status')).toBe('ready');

    // the administrator's screen: the request first in the alarm bar, with the operator and the comment
    const request = admin.locator('[data-testid="alarm-bar-item"][data-kind="leave-request"]');
    await request.waitFor({ timeout: T });
    expect(await request.textContent()).toMatch(/Кузнецов Игорь Павлович.*окно 4.*перерыв «Обед».*к врачу/);
    expect(await admin.getByTestId('alarm-bar-item').first().getAttribute('data-kind')).toBe('leave-request');
    await request.getByTestId('alarm-grant').click();

    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('break');
    await expect.poll(() => attr(op, 'leave-request', 'data-status'), { timeout: T }).toBe('granted');
    expect(s.office.view().operators.op4).toMatchObject({ status: 'break', breakReasonId: 'lunch' });
    await expect.poll(() => request.count(), { timeout: T }).toBe(0);
    const started = s.store.readEvents(0, 100_000).findLast((e) => e.type === 'BreakStarted');
    expect(started).toMatchObject({ operatorId: 'op4', overriddenBy: expect.any(String) });
  }, 90_000);

  it('the end of work with visitors waiting: refused with the warning, asked, refused by the administrator', async () => {
    await op.getByTestId('end-break').click();
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    await op.getByTestId('logout').click();
    await expect.poll(() => attr(op, 'console-error', 'data-code'), { timeout: T }).toBe('LOGOUT_WOULD_EMPTY_HALL');
    expect(await op.getByTestId('console-error').textContent()).toContain('посетители ждут');
    expect(s.office.view().operators.op4?.status).toBe('ready');
    await op.getByTestId('leave-ask').click();
    await expect.poll(() => attr(op, 'leave-request', 'data-status'), { timeout: T }).toBe('pending');

    const request = admin.locator('[data-testid="alarm-bar-item"][data-kind="leave-request"]');
    await request.waitFor({ timeout: T });
    expect(await request.textContent()).toContain('завершить работу');
    await request.getByTestId('alarm-refuse').click();
    await expect.poll(() => attr(op, 'leave-request', 'data-status'), { timeout: T }).toBe('refused');
    expect(await op.getByTestId('leave-request').textContent()).toContain('не разрешил завершить работу');
    expect(s.office.view().operators.op4?.status).toBe('ready');
    await op.getByTestId('leave-understood').click();
    await expect.poll(() => op.getByTestId('leave-request').count(), { timeout: T }).toBe(0);
  }, 60_000);

  it('a ticket past its wait norm is sent from its alarm to the chosen window, and called there first', async () => {
    await issue(1); // К-004, the newest
    const late = Object.values(s.office.view().tickets).find((t) => t.number === 'К-004');
    await fetch(`${s.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 20 * MIN }),
    });
    const alarm = admin.locator('[data-testid="alarm-bar-item"][data-kind="wait-norm-passed"]', { hasText: 'К-004' });
    // the bar shows the first few; the alarms page lists them all
    await admin.getByTestId('nav-alarms').click();
    const item = admin.locator('[data-testid="alarm-item"][data-kind="wait-norm-passed"][data-ticket="К-004"]');
    await item.waitFor({ timeout: T });
    await item.getByTestId('alarm-send').click();
    const dialog = admin.getByTestId('send-dialog');
    await dialog.waitFor({ timeout: T });
    expect(await dialog.textContent()).toContain('К-004');
    await dialog.locator('[data-testid="send-window"][data-window="w4"]').click();
    await expect.poll(() => dialog.count(), { timeout: T }).toBe(0);
    await expect.poll(() => s.office.view().tickets[late?.id ?? '']?.targetOperatorId, { timeout: T }).toBe('op4');
    // the administrator has acted on it: acknowledged, so it leaves the bar
    await expect.poll(() => item.getAttribute('data-acked'), { timeout: T }).toBe('1');
    expect(await alarm.count()).toBe(0);

    // the console calls it first, before the older К-001
    await op.getByTestId('call-next').click();
    await expect.poll(() => attr(op, 'current-ticket', 'data-number'), { timeout: T }).toBe('К-004');
  }, 60_000);
});
