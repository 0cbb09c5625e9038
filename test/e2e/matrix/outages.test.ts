import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, type Variant, variants } from './cells.js';

/**
 * The hall administrator's outage controls (issue 16) at the desk sizes, both languages and contrasts:
 * a kiosk's call for help, the live-queue switch and its dialog, the mode on, the outage log.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('admin-outages', SIZES);

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html'))) throw new Error('admin/dist is not built');
  s = await startTestServer();
  const admin = (await s.login('admin', 'admin-talon')).token;
  // an earlier live-queue period of today and a kiosk that calls for help now
  expect((await s.command(admin, { type: 'setLiveQueueMode', on: true, reason: 'Нет бумаги в киоске' })).body.ok).toBe(
    true,
  );
  s.clock.advance(12 * 60_000);
  expect((await s.command(admin, { type: 'setLiveQueueMode', on: false })).body.ok).toBe(true);
  const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  const call = await fetch(`${s.url}/api/kiosk/help`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk}` },
    body: JSON.stringify({ reason: 'individual' }),
  });
  expect(call.status).toBe(200);
  browser = await launchBrowser();
  vs = await variants(browser, SIZES[0] as (typeof SIZES)[number], async (page, lang) => {
    await page.goto(`${s.url}/admin/`);
    await page.getByTestId('login').waitFor({ timeout: 15_000 });
    if (lang === 'en') {
      await page.getByTestId('lang-toggle').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    }
    await page.getByTestId('login').fill('admin');
    await page.getByTestId('password').fill('admin-talon');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('monitor').waitFor({ timeout: 15_000 });
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('outages and calls for help on the admin screen × 2 sizes × ru/en × normal/high contrast', () => {
  it('a call for help and the switch; the dialog asking for a reason', async () => {
    await each((v) => v.page.getByTestId('help-call').waitFor({ timeout: 10_000 }));
    const problems = await m.state('monitor-help-call', vs);
    await each(async (v) => {
      await v.page.getByTestId('live-queue-toggle').click();
      await v.page.getByTestId('live-queue-dialog-confirm').click();
      await v.page.getByTestId('live-queue-reason-required').waitFor();
    });
    problems.push(...(await m.state('live-queue-dialog', vs)));
    expect(problems).toEqual([]);
  }, 180_000);

  it('the mode on, who switched it and why', async () => {
    const first = vs[0] as Variant;
    await first.page.getByTestId('live-queue-reason-input').fill('Сервер печати не отвечает');
    await first.page.getByTestId('live-queue-dialog-confirm').click();
    await each(async (v) => {
      if (v !== first) await v.page.getByTestId('live-queue-dialog-cancel').click();
      await v.page.locator('[data-testid="live-queue"][data-on="1"]').waitFor({ timeout: 10_000 });
      await v.page.getByTestId('live-queue-reason').waitFor({ timeout: 10_000 });
    });
    const problems = await m.state('monitor-live-queue-on', vs);
    expect(problems).toEqual([]);
  }, 180_000);

  it('the outage log of today', async () => {
    s.clock.advance(3 * 60_000);
    await each(async (v) => {
      await v.page.getByTestId('nav-outages').click();
      await v.page.locator('[data-testid="out-row"][data-kind="live-queue"]').nth(1).waitFor({ timeout: 10_000 });
    });
    const problems = await m.state('outages-today', vs);
    expect(problems).toEqual([]);
  }, 180_000);
});
