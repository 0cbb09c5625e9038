import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { pairingCode, requireKioskBuild } from '../kiosk-support.js';
import { Matrix, type Variant, variants } from './cells.js';

/** The kiosk's flows at the screens kiosks are sold with, in both languages and contrasts (issue 14). */
const SIZES = [
  { width: 1280, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
];

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('kiosk', SIZES);

const toEnglish = async (page: Page) => {
  await page.getByTestId('lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
};

beforeAll(async () => {
  requireKioskBuild();
  const config = rosatomDemoOffice();
  config.kiosk = { idleReturnSec: 600, resultIdleSec: 600, ticketsPerMinuteBeforeConfirm: 50 };
  s = await startTestServer({
    server: { initialConfig: config, printing: { virtualPrinter: true, printerPollMs: 0 } },
  });
  // the printer is out of paper: the start screen warns and the result says so — the longest texts
  s.virtualPrinter?.setState({ paperOut: true });
  await s.printing.pollAll();
  browser = await launchBrowser();
  const first = SIZES[0] as (typeof SIZES)[number];
  vs = await variants(
    browser,
    first,
    async (page, lang, contrast) => {
      await page.goto(`${s.url}/kiosk/?pair=${await pairingCode(s, 'kiosk', `Киоск ${lang} ${contrast}`)}`);
      await page.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
      if (lang === 'en') await toEnglish(page);
      await page.getByTestId('kiosk-printer-down').waitFor({ timeout: 10_000 });
    },
    { hasTouch: true },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('the kiosk: every screen × 4 sizes × ru/en × normal/high contrast', () => {
  it('start, priority reasons, a reason chosen', async () => {
    const problems = await m.state('start', vs);
    await each((v) => v.page.getByTestId('priority').click());
    problems.push(...(await m.state('priority-reasons', vs)));
    await each((v) => v.page.getByTestId('priority-disability').click());
    await each((v) => v.page.getByTestId('priority-chosen').waitFor());
    problems.push(...(await m.state('start-priority', vs)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('the topic list, the account keypad, the result with the printer down', async () => {
    await each((v) => v.page.getByTestId('segment-individual').click());
    await each((v) => v.page.getByTestId('topics-list').waitFor());
    const problems = await m.state('topics', vs);
    await each(async (v) => {
      await v.page.getByTestId('topic-billing').click();
      for (const d of '1234567') await v.page.getByTestId(`keypad-${d}`).click();
    });
    problems.push(...(await m.state('account', vs)));
    await each(async (v) => {
      await v.page.getByTestId('visitor-data-continue').click();
      await expect
        .poll(() => v.page.getByTestId('kiosk-print-status').getAttribute('data-status'), { timeout: 10_000 })
        .toBe('failed');
    });
    problems.push(...(await m.state('result', vs)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('check-in with the letter keypad', async () => {
    await each(async (v) => {
      await v.page.getByTestId('done').click();
      await v.page.getByTestId('segment-individual').waitFor();
      if (v.lang === 'en') await toEnglish(v.page);
      await v.page.getByTestId('appointment').click();
      for (const k of 'AB12') await v.page.getByTestId(`keypad-${k}`).click();
    });
    expect(await m.state('checkin', vs)).toEqual([]);
  }, 120_000);
});
