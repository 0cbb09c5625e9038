import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, openAdmin, signIn, type Variant, variants } from './cells.js';

/**
 * The administrator's screen at the desk PCs offices buy (1366×768 and 1920×1080), the wall screen on the
 * same two monitors, in both languages and contrasts (issue 14): a hall with a queue past its norms, windows
 * at work and on a break, served visits for today's report, a board gone silent.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const MIN = 60_000;

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('admin', SIZES);

const ok = async (token: string, command: Record<string, unknown>) => {
  const r = await s.command(token, command);
  if (!r.body.ok) throw new Error(`${String(command.type)}: ${JSON.stringify(r.body)}`);
};

const pairingCode = async (admin: string, role: string, name: string) => {
  const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
    body: JSON.stringify({ role, name }),
  });
  return ((await res.json()) as { code: string }).code;
};

/** The hall of a busy morning: visits served, a queue past its norms, windows busy and on a break. */
async function busyHall() {
  const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  const ops = await Promise.all([1, 2, 3].map(async (n) => (await s.login(`operator${n}`, `talon${n}`)).token));
  const [op1, op2, op3] = ops as [string, string, string];
  await ok(op1, { type: 'operatorLogin', windowId: 'w1' });
  await ok(op2, { type: 'operatorLogin', windowId: 'w2' });
  await ok(op3, { type: 'operatorLogin', windowId: 'w3' });
  // today's served visits, for the report
  for (const [op, topicId] of [
    [op1, 'billing'],
    [op2, 'payment'],
    [op1, 'meters'],
    [op3, 'new-contract'],
  ] as const) {
    await ok(kiosk, { type: 'issueTicket', topicId, segmentId: 'individual' });
    await ok(op, { type: 'callNext' });
    await ok(op, { type: 'startService' });
    s.clock.advance(5 * MIN);
    await ok(op, { type: 'finishService', outcomes: ['resolved'], digitalOnboarding: true });
  }
  // a board heard from and gone: its offline alarm is up after ten minutes of silence
  const board = await s.pair('board', 'Табло у входа');
  (await s.connect('board', board.token)).close();
  // the queue: consultations and payments, one of each waiting past its norm
  for (const topicId of ['billing', 'billing', 'payment', 'meters', 'new-contract', 'payment'])
    await ok(kiosk, { type: 'issueTicket', topicId, segmentId: 'individual' });
  // a visitor who typed an account and a phone: what a 152-ФЗ request finds
  await ok(kiosk, {
    type: 'issueTicket',
    topicId: 'billing',
    segmentId: 'individual',
    visitorData: { account: '1234567890', phone: '+7 900 123-45-67' },
  });
  await ok(kiosk, {
    type: 'issueTicket',
    topicId: 'billing',
    segmentId: 'individual',
    priorityCategoryId: 'disability',
  });
  await ok(op3, { type: 'startBreak', reasonId: 'lunch' });
  s.clock.advance(11 * MIN);
  await ok(op1, { type: 'callNext' });
  await ok(op1, { type: 'startService' });
  await ok(op2, { type: 'callNext' });
}

const signInHere = (page: Page) => signIn(page, 'config', 'config-talon');

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  s = await startTestServer();
  await busyHall();
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    openAdmin(() => s.url),
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('the administrator’s screen: every page × 2 sizes × ru/en × normal/high contrast', () => {
  it('the sign-in form, the monitor of a busy hall, its alarms', async () => {
    const problems = await m.state('login', vs);
    await each(async (v) => {
      await signInHere(v.page);
      await v.page.locator('[data-testid="win-card"][data-status="serving"]').first().waitFor({ timeout: 10_000 });
      await v.page.locator('[data-testid="alarm-bar-item"][data-kind="wait-norm-passed"]').first().waitFor();
      await v.page.locator('[data-testid="dev-row"][data-online="0"]').first().waitFor();
    });
    problems.push(...(await m.state('monitor', vs)));
    await each(async (v) => {
      await v.page.getByTestId('nav-alarms').click();
      await v.page.getByTestId('alarm-group-equipment').waitFor({ timeout: 10_000 });
      await v.page.getByTestId('alarm-history-row').first().waitFor({ timeout: 10_000 });
    });
    problems.push(...(await m.state('alarms', vs)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('the reports: today’s figures, the visit log', async () => {
    await each(async (v) => {
      await v.page.getByTestId('nav-reports').click();
      await v.page.getByTestId('report-figures').waitFor({ timeout: 15_000 });
      await v.page.locator('[data-testid="summary-visits"][data-value="4"]').waitFor({ timeout: 15_000 });
    });
    const problems = await m.state('reports-today', vs);
    // the screen fits the window and scrolls inside it; on paper the report flows over the pages
    const paper = (vs[0] as Variant).page;
    await paper.emulateMedia({ media: 'print' });
    const flow = await paper.evaluate(() => ({
      page: document.documentElement.scrollHeight,
      report: document.querySelector('[data-testid="report-figures"]')?.getBoundingClientRect().height ?? 0,
    }));
    await paper.emulateMedia({ media: 'screen' });
    expect(flow.page).toBeGreaterThanOrEqual(flow.report);
    expect(flow.report).toBeGreaterThan(768);
    await each(async (v) => {
      await v.page.getByTestId('reports-tab-log').click();
      await v.page.getByTestId('log-row').first().waitFor({ timeout: 15_000 });
    });
    problems.push(...(await m.state('reports-log', vs)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('the settings: the services list with one open, the users', async () => {
    await each(async (v) => {
      await v.page.getByTestId('nav-config').click();
      await v.page.getByTestId('cfg-section-services').click();
      await v.page.getByTestId('cfg-services').waitFor({ timeout: 15_000 });
      await v.page.getByTestId('cfg-services.0-toggle').click();
      await v.page.locator('[data-testid="cfg-services.0"].open').waitFor();
    });
    const problems = await m.state('config-services', vs);
    await each(async (v) => {
      await v.page.getByTestId('cfg-section-users').click();
      await v.page.getByTestId('user-row').first().waitFor({ timeout: 15_000 });
    });
    problems.push(...(await m.state('config-users', vs)));
    await each(async (v) => {
      await v.page.getByTestId('cfg-section-personal-data').click();
      await v.page.getByTestId('personal-phone').fill('8 (900) 123-45-67');
      await v.page.getByTestId('personal-find').click();
      await v.page.getByTestId('personal-record').first().waitFor({ timeout: 15_000 });
    });
    problems.push(...(await m.state('config-personal-data', vs)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('a 152-ФЗ request: the data found by any spelling of the number, erased after a confirmation', async () => {
    const page = (vs[0] as Variant).page;
    expect(await page.getByTestId('personal-found').getAttribute('data-count')).toBe('1');
    expect(await page.getByTestId('personal-record').textContent()).toContain('1234567890');
    await page.getByTestId('personal-erase').click();
    await page.getByTestId('personal-erase-confirm').click();
    await page.getByTestId('personal-erased').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('personal-erased').getAttribute('data-count')).toBe('1');
    await page.getByTestId('personal-find').click();
    await expect.poll(() => page.getByTestId('personal-found').getAttribute('data-count')).toBe('0');
    // the visit itself is still there: only its values went
    expect(Object.values(s.office.view().tickets).some((t) => t.number.startsWith('К'))).toBe(true);
  }, 60_000);

  it('the wall screen: an administrator’s, then a paired wall monitor’s', async () => {
    await each(async (v) => {
      await v.page.getByTestId('wall-toggle').click();
      await v.page.getByTestId('wall').waitFor();
      await v.page.getByTestId('win-card').first().waitFor({ timeout: 10_000 });
    });
    const problems = await m.state('wall', vs);
    const admin = (await s.login('admin', 'admin-talon')).token;
    await each(async (v) => {
      await v.page.getByTestId('wall-exit').click();
      await v.page.getByTestId('logout').click();
      await v.page.getByTestId('login').waitFor();
      await v.page.goto(
        `${s.url}/admin/?pair=${await pairingCode(admin, 'wall', `Экран ${v.lang} ${v.contrast}`)}#wall`,
      );
      await v.page.locator('[data-testid="wall"][data-device="wall"]').waitFor({ timeout: 15_000 });
      await v.page.getByTestId('win-card').first().waitFor({ timeout: 10_000 });
    });
    problems.push(...(await m.state('wall-device', vs)));
    expect(problems).toEqual([]);
  }, 120_000);
});
