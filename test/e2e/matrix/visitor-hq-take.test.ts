import { createHeadOffice, type HeadOffice, startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { freePort } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, type Variant, variants } from './cells.js';

/**
 * The entrance QR's page on head office (`/o/<code>/take`, issue 15): the office's menu and phone form as
 * synced, «Получаем талон…» while the office has not taken the request, the refusal when it never does, and
 * the page closed when the office has not been in touch — on two phones, ru/en × normal/high contrast.
 */
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
];

let clock: () => number = Date.now;
let hq: TestHeadOffice;
let linked: HeadOffice | null = null;
let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('visitor-hq-take', SIZES);
const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));
const go = (v: Variant) => v.page.goto(`${hq.url}/o/HQM1/take${v.lang === 'en' ? '?lang=en' : ''}`);

beforeAll(async () => {
  const port = await freePort();
  hq = await startTestHeadOffice({ now: () => clock() });
  const office = await hq.seedOffice({ code: 'HQM1' });
  linked = await createHeadOffice({ databaseUrl: hq.databaseUrl, now: () => clock(), publicBase: null });
  await linked.listen(port, '127.0.0.1');
  s = await startTestServer({
    server: { hq: { url: `http://127.0.0.1:${port}`, key: office.apiKey }, hqTuning: { heartbeatMs: 200 } },
  });
  clock = () => s.clock.now();
  for (let i = 0; i < 200 && (await fetch(`${hq.url}/api/public/HQM1/menu`)).status !== 200; i++)
    await new Promise((r) => setTimeout(r, 100));
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    async (page, lang) => {
      await page.goto(`${hq.url}/o/HQM1/take${lang === 'en' ? '?lang=en' : ''}`);
      await page.getByTestId('take-segment').waitFor({ timeout: 15_000 });
    },
    { hasTouch: true },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await linked?.close();
  await hq?.close();
});

describe('head office’s take page', () => {
  it('menu, waiting for the office, its absence', async () => {
    const problems: string[] = [];
    problems.push(...(await m.state('take-segment', vs)));
    await each(async (v) => {
      await v.page.getByTestId('segment-individual').click();
      await v.page.getByTestId('topic-new-contract').click();
      await v.page.getByTestId('take-phone').waitFor();
    });
    problems.push(...(await m.state('take-phone', vs)));

    // the office goes offline: the request waits in head office's database
    await linked?.close();
    linked = null;
    await each(async (v) => {
      await v.page.getByTestId('phone').fill('+7 913 600-70-80');
      await v.page.getByTestId('consent').check();
      await v.page.getByTestId('take').click();
      await v.page.locator('[data-testid="take"]:disabled').waitFor();
    });
    problems.push(...(await m.state('take-waiting', vs, (v) => v.page.getByTestId('take').scrollIntoViewIfNeeded())));

    // a minute later head office refuses it: the office never took it
    s.clock.advance(61_000);
    await each((v) => v.page.locator('[data-code="OFFICE_NOT_REACHABLE"]').waitFor({ timeout: 10_000 }));
    problems.push(...(await m.state('take-refused', vs, (v) => v.page.getByTestId('error').scrollIntoViewIfNeeded())));

    // and the page opened now says the office is not in touch
    await each(async (v) => {
      await go(v);
      await v.page.getByTestId('take-closed').waitFor();
      await v.page.locator('[data-code="OFFICE_NOT_REACHABLE"]').waitFor();
    });
    problems.push(...(await m.state('take-closed', vs)));

    expect(problems).toEqual([]);
  }, 300_000);
});
