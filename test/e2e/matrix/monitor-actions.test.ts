import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, openAdmin, openConsole, type Variant, variants } from './cells.js';

/**
 * Issue 16's new states, ru/en × normal/high contrast: the console asking the hall administrator, waiting, refused
 * and allowed (1366×768, the desk PC), and the administrator's screen with the requests in the alarm bar and the
 * «send to a window» dialog (1366×768 and 1920×1080). Each console is its operator alone in a two-window hall,
 * so the hall rule refuses every one of their breaks.
 */
const ADMIN_SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const CONSOLE_SIZES = [{ width: 1366, height: 768 }];
const T = 10_000;
const MIN = 60_000;

let s: TestServer;
let browser: Browser;
let consoles: Variant[];
let admins: Variant[];
const consoleMatrix = new Matrix('monitor-actions-console', CONSOLE_SIZES);
const adminMatrix = new Matrix('monitor-actions-admin', ADMIN_SIZES);
const who = new Map<Variant, number>();
/** Operator n sits at the first window of hall n. */
const windowOf = (n: number) => `w${2 * n - 1}`;

beforeAll(async () => {
  for (const app of ['admin', 'operator-console'])
    if (!existsSync(join(REPO_ROOT, `${app}/dist/index.html`)))
      throw new Error(`${app}/dist is not built: run "npm run build -w ${app}" first`);
  s = await startTestServer();
  const base = rosatomDemoOffice();
  const halls = [1, 2, 3, 4].map((n) => ({ id: `h${n}`, name: { ru: `Зал ${n}`, en: `Hall ${n}` } }));
  const windows = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => ({
    id: `w${n}`,
    number: n,
    hallId: `h${Math.ceil(n / 2)}`,
    kind: 'window' as const,
  }));
  s.office.configure(rosatomDemoOffice({ halls, windows, board: { ...base.board, zones: [] } }), { kind: 'system' });
  browser = await launchBrowser();
  consoles = await variants(
    browser,
    CONSOLE_SIZES[0] as (typeof CONSOLE_SIZES)[number],
    openConsole(() => s.url, T),
  );
  consoles.forEach((v, i) => {
    who.set(v, i + 1);
  });
  admins = await variants(
    browser,
    ADMIN_SIZES[0] as (typeof ADMIN_SIZES)[number],
    openAdmin(() => s.url),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const eachConsole = (f: (v: Variant, n: number) => Promise<unknown>) =>
  Promise.all(consoles.map((v) => f(v, who.get(v) ?? 0)));
const eachAdmin = (f: (v: Variant) => Promise<unknown>) => Promise.all(admins.map(f));
const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);
const status = (v: Variant) => attr(v.page, 'leave-request', 'data-status');

async function askForBreak(v: Variant) {
  await expect.poll(() => v.page.getByTestId('break').isEnabled(), { timeout: T }).toBe(true);
  await v.page.getByTestId('break').click();
  await v.page.getByTestId('break-reason-lunch').click();
  await expect.poll(() => status(v), { timeout: T }).toBe('ask');
}

/** The administrator answers every pending request through the API (the buttons are the e2e test's). */
async function answerAll(grant: boolean) {
  const admin = (await s.login('admin', 'admin-talon')).token;
  for (const req of Object.values(s.office.view().requests ?? {}))
    if (req.status === 'pending') {
      const r = await s.command(admin, {
        type: 'answerRequest',
        operatorId: req.operatorId,
        requestId: req.id,
        grant,
        ...(grant ? {} : { comment: 'Очередь большая, через 20 минут' }),
      });
      if (!r.body.ok) throw new Error(JSON.stringify(r.body));
    }
}

describe('acting from the monitor: the new states × sizes × ru/en × normal/high contrast', () => {
  it('the console asks, waits, is refused, then allowed', async () => {
    const kiosk = (await s.pair('kiosk')).token;
    for (let i = 0; i < 6; i++)
      await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    await eachConsole(async (v, n) => {
      await v.page.getByTestId('login').fill(`operator${n}`);
      await v.page.getByTestId('password').fill(`talon${n}`);
      await v.page.getByTestId('login-submit').click();
      await v.page.getByTestId(`window-${windowOf(n)}`).click();
      await expect.poll(() => attr(v.page, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
      await askForBreak(v);
      await v.page.getByTestId('leave-comment').fill('Нужно к врачу');
    });
    const problems = await consoleMatrix.state('leave-ask', consoles);
    await eachConsole(async (v) => {
      await v.page.getByTestId('leave-ask').click();
      await expect.poll(() => status(v), { timeout: T }).toBe('pending');
    });
    problems.push(...(await consoleMatrix.state('leave-pending', consoles)));

    // meanwhile on the administrator's screen: four requests in the bar, first
    await eachAdmin(async (v) => {
      await v.page.getByTestId('login').fill('admin');
      await v.page.getByTestId('password').fill('admin-talon');
      await v.page.getByTestId('login-submit').click();
      await v.page.getByTestId('monitor').waitFor({ timeout: 15_000 });
      await expect
        .poll(() => v.page.locator('[data-testid="alarm-bar-item"][data-kind="leave-request"]').count(), { timeout: T })
        .toBe(3);
    });
    problems.push(...(await adminMatrix.state('monitor-leave-requests', admins)));
    await eachAdmin(async (v) => {
      await v.page.getByTestId('nav-alarms').click();
      await v.page.locator('[data-testid="alarm-item"][data-kind="leave-request"]').first().waitFor({ timeout: T });
    });
    problems.push(...(await adminMatrix.state('alarms-leave-requests', admins)));

    await answerAll(false);
    await eachConsole(async (v) => {
      await expect.poll(() => status(v), { timeout: T }).toBe('refused');
    });
    problems.push(...(await consoleMatrix.state('leave-refused', consoles)));

    await eachConsole(async (v) => {
      await v.page.getByTestId('leave-understood').click();
      await expect.poll(() => v.page.getByTestId('leave-request').count(), { timeout: T }).toBe(0);
      await askForBreak(v);
      await v.page.getByTestId('leave-ask').click();
      await expect.poll(() => status(v), { timeout: T }).toBe('pending');
    });
    await answerAll(true);
    await eachConsole(async (v) => {
      await expect.poll(() => attr(v.page, 'console-status', 'data-status'), { timeout: T }).toBe('break');
      await expect.poll(() => status(v), { timeout: T }).toBe('granted');
    });
    problems.push(...(await consoleMatrix.state('leave-granted', consoles)));
    expect(problems).toEqual([]);
  }, 240_000);

  it('the administrator sends a late ticket to a window: the dialog', async () => {
    await eachConsole(async (v) => {
      await v.page.getByTestId('end-break').click();
      await expect.poll(() => attr(v.page, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    });
    s.clock.advance(20 * MIN);
    await fetch(`${s.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 0 }),
    });
    await eachAdmin(async (v) => {
      await v.page.getByTestId('nav-monitor').click();
      const late = v.page.locator('[data-testid="alarm-bar-item"][data-kind="wait-norm-passed"]').first();
      await late.waitFor({ timeout: T });
      await late.getByTestId('alarm-send').click();
      await v.page.locator('[data-testid="send-window"]').first().waitFor({ timeout: T });
    });
    const problems = await adminMatrix.state('send-dialog', admins);
    expect(problems).toEqual([]);
  }, 120_000);
});
