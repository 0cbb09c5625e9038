import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { pairingCode, requireKioskBuild } from '../kiosk-support.js';
import { Matrix, type Variant, variants } from './cells.js';

/** «Позвать сотрудника» (issue 16) at the kiosk sizes, in both languages and contrasts. */
const SIZES = [
  { width: 1280, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
];

let s: TestServer;
let browser: Browser;
let vs: Variant[];
let admin: string;
const m = new Matrix('kiosk-help', SIZES);

beforeAll(async () => {
  requireKioskBuild();
  const config = rosatomDemoOffice();
  config.kiosk = { idleReturnSec: 600, resultIdleSec: 600, ticketsPerMinuteBeforeConfirm: 50 };
  s = await startTestServer({ server: { initialConfig: config } });
  admin = (await s.login('admin', 'admin-talon')).token;
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    async (page, lang, contrast) => {
      await page.goto(`${s.url}/kiosk/?pair=${await pairingCode(s, 'kiosk', `Киоск ${lang} ${contrast}`)}`);
      await page.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
      if (lang === 'en') {
        await page.getByTestId('lang-toggle').click();
        await page.waitForFunction(() => document.documentElement.lang === 'en');
      }
    },
    { hasTouch: true },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('the kiosk calls staff: every state × 4 sizes × ru/en × normal/high contrast', () => {
  it('the button on the start screen, the call waiting, someone coming, the header after «Продолжить»', async () => {
    const problems = await m.state('start-with-help', vs);
    await each(async (v) => {
      await v.page.getByTestId('help-button').click();
      await v.page.locator('[data-testid="help-screen"][data-state="waiting"]').waitFor({ timeout: 10_000 });
    });
    problems.push(...(await m.state('help-waiting', vs)));
    expect(s.kioskHelp.list()).toHaveLength(4);
    for (const r of s.kioskHelp.list()) {
      const res = await fetch(`${s.url}/api/admin/kiosk-help/${r.id}/coming`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      });
      expect(res.status).toBe(200);
    }
    await each((v) => v.page.locator('[data-testid="help-screen"][data-state="coming"]').waitFor({ timeout: 10_000 }));
    problems.push(...(await m.state('help-coming', vs)));
    await each(async (v) => {
      await v.page.getByTestId('help-continue').click();
      await v.page.getByTestId('segment-individual').click();
      await v.page.getByTestId('topics-list').waitFor();
    });
    problems.push(...(await m.state('topics-help-coming', vs)));
    // the documents checklist (topic.documents) with the header's «Сотрудник идёт»
    await each(async (v) => {
      await v.page.getByTestId('topic-re-register').click();
      await v.page.getByTestId('kiosk-documents').waitFor();
    });
    problems.push(...(await m.state('documents', vs)));
    expect(problems).toEqual([]);
  }, 240_000);

  it('in live-queue mode the message and the button', async () => {
    for (const r of s.kioskHelp.list())
      await fetch(`${s.url}/api/admin/kiosk-help/${r.id}/resolve`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}` },
      });
    expect((await s.command(admin, { type: 'setLiveQueueMode', on: true, reason: 'сбой' })).body.ok).toBe(true);
    await each(async (v) => {
      await v.page.getByTestId('back').click();
      await v.page.getByTestId('back').click();
      await v.page.locator('[data-testid="kiosk-message"][data-code="LIVE_QUEUE_MODE"]').waitFor({ timeout: 10_000 });
      await v.page.locator('[data-testid="help-button"][data-state="none"]').waitFor({ timeout: 10_000 });
    });
    const problems = await m.state('live-queue', vs);
    expect(problems).toEqual([]);
  }, 240_000);
});
