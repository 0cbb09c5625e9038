import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../../support/server.js';
import { pairingCode, requireKioskBuild } from '../kiosk-support.js';
import { Matrix, type Variant, variants } from './cells.js';

/**
 * Check-in at the kiosk (issue 15) at the screens kiosks are sold with, both languages and contrasts: the
 * code screen with its way to the phone number, the phone keypad, a number refused as not a phone, a number
 * without a booking today, and the ticket a phone check-in gives.
 */
const SIZES = [
  { width: 1280, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
];

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('kiosk-bookings', SIZES);
/** One booking per variant, each with its own phone number. */
const PHONES = ['+79001110001', '+79001110002', '+79001110003', '+79001110004'];

const toEnglish = async (page: Page) => {
  await page.getByTestId('lang-toggle').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
};

beforeAll(async () => {
  requireKioskBuild();
  s = await startTestServer();
  const admin = (await s.login('admin', 'admin-talon')).token;
  for (const [i, phone] of PHONES.entries()) {
    const r = await s.command(admin, {
      type: 'createAppointment',
      code: `PHON0${i + 1}`,
      serviceId: 'consult',
      slotAt: OFFICE_MORNING + 15 * 60_000,
      visitorName: 'Тестов Тест',
      phone,
    });
    if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  }
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    async (page, lang, contrast) => {
      await page.goto(`${s.url}/kiosk/?pair=${await pairingCode(s, 'kiosk', `Киоск ${lang} ${contrast}`)}`);
      await page.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
      if (lang === 'en') await toEnglish(page);
    },
    { hasTouch: true },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));
const type = async (page: Page, keys: string) => {
  for (const k of keys) await page.getByTestId(`keypad-${k === '+' ? 'plus' : k}`).click();
};

describe('check-in at the kiosk × 4 sizes × ru/en × normal/high contrast', () => {
  it('by code (with the way to the phone), by phone, a wrong number, no booking, the ticket', async () => {
    await each((v) => v.page.getByTestId('appointment').click());
    await each((v) => v.page.getByTestId('checkin-by-phone').waitFor());
    const problems = await m.state('checkin-code', vs);

    await each(async (v) => {
      await v.page.getByTestId('checkin-by-phone').click();
      await type(v.page, '+7900');
    });
    problems.push(...(await m.state('checkin-phone', vs)));

    await each(async (v) => {
      await v.page.getByTestId('checkin-phone-submit').click();
      await v.page.getByTestId('checkin-phone-invalid').waitFor();
    });
    problems.push(...(await m.state('checkin-phone-invalid', vs)));

    await each(async (v) => {
      await type(v.page, '1234567');
      await v.page.getByTestId('checkin-phone-submit').click();
      await expect
        .poll(() => v.page.getByTestId('kiosk-message').getAttribute('data-code'), { timeout: 10_000 })
        .toBe('APPOINTMENT_NOT_FOUND');
    });
    problems.push(...(await m.state('checkin-phone-not-found', vs)));

    await each(async (v) => {
      const phone = PHONES[vs.indexOf(v)] ?? '';
      await v.page.getByTestId('back').click();
      await v.page.getByTestId('checkin-phone').waitFor();
      await type(v.page, phone);
      await v.page.getByTestId('checkin-phone-submit').click();
      await expect
        .poll(() => v.page.getByTestId('kiosk-ticket-number').textContent(), { timeout: 10_000 })
        .toMatch(/^К-\d{3}$/);
    });
    problems.push(...(await m.state('checkin-phone-ticket', vs)));
    expect(problems).toEqual([]);
  }, 180_000);
});
