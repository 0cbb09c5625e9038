import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openKiosk, pairingCode, requireKioskBuild } from '../e2e/kiosk-support.js';
import { Matrix, type Variant, variants } from '../e2e/matrix/cells.js';
import { launchBrowser } from '../support/browser.js';
import { FakeSmsGateway } from '../support/fake-gateways.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { adminToken, json, smsSettings, until } from './support.js';

/** The kiosk's «Сообщить, когда подойдёт очередь?» in Chromium, and its states at the kiosk sizes. */
const SIZES = [
  { width: 1280, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
];

let s: TestServer;
let gw: FakeSmsGateway;
let browser: Browser;

beforeAll(async () => {
  requireKioskBuild();
  gw = await FakeSmsGateway.start();
  const config = rosatomDemoOffice();
  config.kiosk = { idleReturnSec: 600, resultIdleSec: 600, ticketsPerMinuteBeforeConfirm: 50 };
  s = await startTestServer({ server: { initialConfig: config, notify: { pollMs: 50 } } });
  await json(s, 'PUT', '/api/notify/settings', await adminToken(s), smsSettings(gw.url));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await gw?.close();
});

async function takeTicket(page: Page): Promise<string> {
  await page.getByTestId('segment-individual').click();
  await page.getByTestId('topic-personal-account').click();
  await page.getByTestId('kiosk-ticket-number').waitFor({ timeout: 10_000 });
  return (await page.getByTestId('kiosk-ticket-number').textContent()) ?? '';
}

const typeOn = async (page: Page, digits: string) => {
  for (const k of digits) await page.getByTestId(k === '+' ? 'keypad-plus' : `keypad-${k}`).click();
};

describe('the kiosk’s opt-in', () => {
  it('takes the number on the keypad after the ticket and the office sends the SMS to it', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск у входа');
    const number = await takeTicket(kiosk);
    await kiosk.getByTestId('notify-offer').click();
    await kiosk.getByTestId('notify-optin').waitFor();
    // a number too short is said on the screen, and nothing is kept
    await typeOn(kiosk, '123');
    await kiosk.getByTestId('notify-submit').click();
    await kiosk.getByTestId('notify-problem').waitFor();
    expect(await kiosk.getByTestId('notify-problem').textContent()).toContain('Проверьте номер');
    for (let i = 0; i < 3; i++) await kiosk.getByTestId('keypad-erase').click();
    await typeOn(kiosk, '+79005556677');
    expect(await kiosk.getByTestId('notify-phone').textContent()).toBe('+79005556677');
    await kiosk.getByTestId('notify-submit').click();
    // back on the ticket, with the confirmation instead of the offer
    await kiosk.getByTestId('notify-done').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('notify-done').textContent()).toContain('77');
    expect(await kiosk.getByTestId('kiosk-ticket-number').textContent()).toBe(number);
    const ticket = Object.values(s.office.view().tickets).find((t) => t.number === number);
    expect(s.store.personal.valuesOf(`notify:${ticket?.id}`)).toEqual({ phone: '+79005556677' });
    // an operator at a window: nobody ahead of this ticket, the SMS goes out
    const op = (await s.login('operator1', 'talon1')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    await until(() => gw.delivered.some((r) => r.phone === '79005556677'), 'the SMS');
    expect(gw.delivered.find((r) => r.phone === '79005556677')?.text).toContain(`талон ${number}`);
    await s.command(op, { type: 'operatorLogout' }).catch(() => undefined);
    await kiosk.context().close();
  }, 120_000);

  it('passes the screen matrix: the offer, the keypad (empty, typed, refused), the confirmation', async () => {
    const m = new Matrix('kiosk-notify', SIZES);
    const vs: Variant[] = await variants(
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
    const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));
    try {
      await each((v) => takeTicket(v.page));
      await each((v) => v.page.getByTestId('notify-offer').waitFor({ timeout: 10_000 }));
      const problems = await m.state('result-offer', vs);
      await each(async (v) => {
        await v.page.getByTestId('notify-offer').click();
        await v.page.getByTestId('notify-optin').waitFor();
      });
      problems.push(...(await m.state('optin-empty', vs)));
      await each(async (v) => {
        await typeOn(v.page, '12');
        await v.page.getByTestId('notify-submit').click();
        await v.page.getByTestId('notify-problem').waitFor();
      });
      problems.push(...(await m.state('optin-refused', vs)));
      await each(async (v) => {
        for (let i = 0; i < 2; i++) await v.page.getByTestId('keypad-erase').click();
        await typeOn(v.page, '+79001234567');
      });
      problems.push(...(await m.state('optin-typed', vs)));
      await each(async (v) => {
        await v.page.getByTestId('notify-submit').click();
        await v.page.getByTestId('notify-done').waitFor({ timeout: 10_000 });
      });
      problems.push(...(await m.state('result-notified', vs)));
      expect(problems).toEqual([]);
    } finally {
      await Promise.all(vs.map((v) => v.ctx.close()));
    }
  }, 300_000);
});
