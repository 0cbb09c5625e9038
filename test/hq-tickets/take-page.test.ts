import { createHeadOffice, type HeadOffice, startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import type { PublicMenu } from '@talon/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The entrance QR's page on head office (`/o/<code>/take`, issue 15) on a 360×640 phone in Chromium: the
 * office's menu, the phone, «Получаем талон…» while the office takes the request, then head office's live
 * ticket page; a refusal of the office (the per-phone limit) is shown as on the office's own page.
 */

// the office asks every 2 s, as in production: the page's waiting state is visible
const TUNING = { heartbeatMs: 200, backoffBaseMs: 50, backoffCapMs: 300 };

let clock: () => number = Date.now;
let hq: TestHeadOffice;
let s: TestServer;
let browser: Browser;
let menu: PublicMenu;
let linked: HeadOffice | null = null;

beforeAll(async () => {
  const port = await freePort();
  hq = await startTestHeadOffice({ now: () => clock() });
  const office = await hq.seedOffice({ code: 'HQP1' });
  // the office's link talks to a second head-office process on the same database (the page uses `hq`)
  linked = await createHeadOffice({ databaseUrl: hq.databaseUrl, now: () => clock(), publicBase: null });
  await linked.listen(port, '127.0.0.1');
  s = await startTestServer({
    server: { hq: { url: `http://127.0.0.1:${port}`, key: office.apiKey }, hqTuning: TUNING },
  });
  clock = () => s.clock.now();
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${hq.url}/api/public/HQP1/menu`);
    if (r.status === 200) {
      menu = (await r.json()) as PublicMenu;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await linked?.close();
  await hq?.close();
}, 60_000);

async function takeOnPhone(page: Page, phone: string) {
  const topic = menu.topics[0];
  const segmentId = topic?.segmentIds[0];
  if (!topic || !segmentId) throw new Error('the demo office has no topic');
  await page.goto(`${hq.url}/o/HQP1/take`);
  if (menu.segments.length > 1) await page.getByTestId(`segment-${segmentId}`).click();
  await page.getByTestId(`topic-${topic.id}`).click();
  await page.getByTestId('phone').fill(phone);
  await page.getByTestId('consent').check();
  await page.getByTestId('take').click();
}

describe('head office’s take page on a phone', () => {
  it('takes a ticket through the office and opens head office’s ticket page', async () => {
    expect(menu).toBeDefined();
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true });
    const page = await ctx.newPage();
    await takeOnPhone(page, '+7 913 100-20-30');
    await page.getByText('Получаем талон…').waitFor({ timeout: 5000 });
    await page.screenshot({ path: 'test-results/screens/hq-take/waiting-360x640.png' });
    await page.waitForURL(/\/o\/HQP1\/v\/[^/?]+/, { timeout: 15_000 });
    const ticket = Object.values(s.office.view().tickets).find((t) => t.channel === 'phone');
    expect(ticket).toBeDefined();
    await page
      .getByText(ticket?.number ?? '?')
      .first()
      .waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/screens/hq-take/ticket-360x640.png' });
    await ctx.close();
  });

  it('shows the office’s refusal: the per-phone limit', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true });
    const page = await ctx.newPage();
    // the demo allows two phone tickets a day
    await takeOnPhone(page, '+7 913 100-20-31');
    await page.waitForURL(/\/o\/HQP1\/v\//, { timeout: 15_000 });
    await takeOnPhone(page, '+7 913 100-20-31');
    await page.waitForURL(/\/o\/HQP1\/v\//, { timeout: 15_000 });
    await takeOnPhone(page, '+7 913 100-20-31');
    const error = page.locator('[data-code="PHONE_TICKET_LIMIT"]');
    await error.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: 'test-results/screens/hq-take/limit-360x640.png' });
    expect(page.url()).toMatch(/\/o\/HQP1\/take/);
    await ctx.close();
  });
});
