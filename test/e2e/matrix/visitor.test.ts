import type { PublicBooking } from '@talon/protocol';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, type Variant, variants } from './cells.js';

/**
 * The visitor's booking pages (issue 15, `visitor/`): choosing a service, a day's times with full ones, the
 * form with the consent, the confirmation with the code and its QR, the manage page and its cancel question,
 * the entrance QR's menu and phone form, the entrance poster — on two phones and a laptop, ru/en ×
 * normal/high contrast.
 */
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
  { width: 1366, height: 768 },
];
const TOMORROW = '2026-11-27';
const at = (hhmm: string) => Date.parse(`${TOMORROW}T${hhmm}:00+03:00`);

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('visitor', SIZES);

const each = (f: (v: Variant, i: number) => Promise<unknown>) => Promise.all(vs.map(f));
const go = (v: Variant, path: string) => v.page.goto(`${s.url}${path}${v.lang === 'en' ? '?lang=en' : ''}`);

async function book(slotAt: number, phone: string): Promise<PublicBooking> {
  const r = await fetch(`${s.url}/api/public/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'contract', slotAt, name: 'Занято', phone, consent: true }),
  });
  expect(r.status).toBe(200);
  return (await r.json()) as PublicBooking;
}

beforeAll(async () => {
  s = await startTestServer();
  // two times of the morning are taken: the day shows them, disabled
  await book(at('08:00'), '+7 900 000-00-01');
  await book(at('08:30'), '+7 900 000-00-02');
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    async (page, lang) => {
      await page.goto(`${s.url}/book${lang === 'en' ? '?lang=en' : ''}`);
      await page.getByTestId('step-service').waitFor({ timeout: 15_000 });
    },
    { hasTouch: true },
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

describe('the visitor’s pages: every state × 3 sizes × ru/en × normal/high contrast', () => {
  it('booking, confirmation, managing, the entrance QR and its poster', async () => {
    const problems = await m.state('book-service', vs);

    await each(async (v) => {
      await v.page.getByTestId('service-contract').click();
      await v.page.getByTestId(`day-${TOMORROW}`).click();
      await v.page.getByTestId(`slot-${at('08:15')}`).waitFor();
    });
    expect(await vs[0]?.page.getByTestId(`slot-${at('08:00')}`).isDisabled()).toBe(true);
    problems.push(...(await m.state('book-slots', vs)));

    // each variant its own time and phone (one contract a slot, one booking a phone a day)
    await each(async (v, i) => {
      await v.page.getByTestId(`slot-${at(`1${i}:00`)}`).click();
      await v.page.getByTestId('name').fill('Иванов Иван');
      await v.page.getByTestId('phone').fill(`+7 900 111-22-3${i}`);
    });
    problems.push(...(await m.state('book-details', vs)));
    await each(async (v) => {
      await v.page.getByTestId('book').click();
      await v.page.getByTestId('problem').waitFor();
    });
    problems.push(...(await m.state('book-no-consent', vs)));

    await each(async (v) => {
      await v.page.getByTestId('consent').check();
      await v.page.getByTestId('book').click();
      await v.page.locator('[data-testid="booking-qr"] svg').waitFor({ timeout: 10_000 });
    });
    problems.push(
      ...(await m.state('book-confirmation', vs, (v) =>
        v.page.evaluate(() => document.querySelector('.visitor-scroll')?.scrollTo(0, 0)),
      )),
    );

    // the manage link, as the confirmation gives it
    await each(async (v) => {
      const href = (await v.page.getByTestId('manage-link').getAttribute('href')) ?? '';
      await go(v, new URL(href).pathname);
      await v.page.getByTestId('cancel').waitFor();
    });
    problems.push(...(await m.state('manage', vs, (v) => v.page.getByTestId('cancel').scrollIntoViewIfNeeded())));
    await each((v) => v.page.getByTestId('cancel').click());
    problems.push(
      ...(await m.state('manage-cancel-ask', vs, (v) => v.page.getByTestId('cancel-yes').scrollIntoViewIfNeeded())),
    );
    await each(async (v) => {
      await v.page.getByTestId('cancel-yes').click();
      await v.page.locator('[data-testid="manage"][data-status="cancelled"]').waitFor();
    });
    problems.push(...(await m.state('manage-cancelled', vs)));

    await each(async (v) => {
      await go(v, '/take');
      await v.page.getByTestId('take-segment').waitFor();
    });
    problems.push(...(await m.state('take-segment', vs)));
    await each(async (v) => {
      await v.page.getByTestId('segment-individual').click();
      await v.page.getByTestId('take-topic').waitFor();
    });
    problems.push(...(await m.state('take-topic', vs)));
    await each(async (v) => {
      await v.page.getByTestId('topic-new-contract').click();
      await v.page.getByTestId('take-phone').waitFor();
    });
    problems.push(...(await m.state('take-phone', vs)));

    await each(async (v) => {
      await go(v, '/take/poster');
      await v.page.locator('[data-testid="poster-qr"] svg').waitFor();
    });
    problems.push(...(await m.state('take-poster', vs)));

    // after hours the entrance QR says why there is no ticket
    s.clock.set(Date.parse('2026-11-26T18:00:00Z'));
    await each(async (v) => {
      await go(v, '/take');
      await v.page.getByTestId('take-closed').waitFor();
    });
    problems.push(...(await m.state('take-closed', vs)));

    expect(problems).toEqual([]);
  }, 600_000);
});
