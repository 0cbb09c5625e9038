import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import jsQR from 'jsqr';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signVisitToken } from '../../server/src/links.js';
import { pairRatingTerminal, serveOne } from '../rating/support.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let browser: Browser;
let tablet: BrowserContext;
let phone: BrowserContext;

const T = 10_000;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'rating-terminal/dist/index.html')))
    throw new Error('rating-terminal/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  // «Спасибо» for 3 s instead of 8, so that the return to idle is seen quickly
  s.office.configure(rosatomDemoOffice({ rating: { thanksSec: 3 } }), { kind: 'system' });
  browser = await launchBrowser();
  tablet = await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'ru-RU' });
  phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'ru-RU',
    deviceScaleFactor: 2,
  });
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** Reads the QR code the way a phone camera would: from the pixels on the screen. */
async function decodeQr(el: Locator): Promise<string | null> {
  const png = PNG.sync.read(await el.screenshot());
  return jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data ?? null;
}

async function openTerminal(): Promise<Page> {
  const admin = await s.login('admin', 'admin-talon');
  const res = await fetch(`${s.url}/api/rating/pairing-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ windowId: 'w1' }),
  });
  const { code } = (await res.json()) as { code: string };
  const page = await tablet.newPage();
  await page.goto(`${s.url}/rating/?pair=${code}`);
  return page;
}

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);

describe('rating terminal and QR ratings in real Chromium', () => {
  it('prompts after the visit, records the rating, and the same visit is refused on the phone', async () => {
    const terminal = await openTerminal();
    await expect
      .poll(() => terminal.getByTestId('rating-operator').textContent(), { timeout: T })
      .toBe('Окно не работает');
    expect(await terminal.getByTestId('rating-window').textContent()).toBe('Окно 1');

    const op = await s.login('operator1', 'talon1');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w1' });
    await expect
      .poll(() => terminal.getByTestId('rating-operator').textContent(), { timeout: T })
      .toBe('Иванова Анна Сергеевна');

    const { ticketId } = await serveOne(s, 1, 'w1');
    await expect.poll(() => attr(terminal, 'rating-prompt', 'data-ticket-id'), { timeout: T }).toBe(ticketId);
    expect(await terminal.getByTestId('rating-prompt').textContent()).toContain(
      'Оцените, пожалуйста, качество обслуживания',
    );
    const qr = terminal.getByTestId('rating-qr');
    await qr.waitFor({ timeout: T });
    const url = await decodeQr(qr);
    expect(url).toBe(await qr.getAttribute('data-url'));
    expect(url).toMatch(new RegExp(`^${s.url}/v/`));

    // a low mark asks for reasons
    await terminal.getByTestId('rate-2').click();
    await terminal.getByTestId('reason-long-wait').click();
    await terminal.getByTestId('reason-unclear').click();
    await terminal.getByTestId('rating-send').click();
    await terminal.getByTestId('rating-thanks').waitFor({ timeout: T });
    expect(s.store.ratings({})).toEqual([
      expect.objectContaining({
        ticketId,
        score: 2,
        reasons: ['long-wait', 'unclear'],
        channel: 'terminal',
        operatorId: 'op1',
        windowId: 'w1',
        serviceId: 'consult',
      }),
    ]);

    // the visitor scans the QR afterwards: one rating per visit
    const mobile = await phone.newPage();
    await mobile.goto(url ?? '');
    expect(await attr(mobile, 'rating-page-error', 'data-code')).toBe('RATING_ALREADY_GIVEN');
    expect(await mobile.getByTestId('rating-page-error').textContent()).toContain('Этот визит уже оценён');
    expect(s.store.ratings({}).length).toBe(1);

    // «Спасибо» gives way to the idle screen by itself
    await expect.poll(() => terminal.getByTestId('rating-idle').count(), { timeout: T }).toBe(1);
    await terminal.close();
    await mobile.close();
  });

  it('rates on the phone instead; the terminal thanks too; a complaint without contact is flagged', async () => {
    const terminal = await openTerminal();
    const { ticketId } = await serveOne(s, 1, 'w1');
    const qr = terminal.getByTestId('rating-qr');
    await expect.poll(() => attr(terminal, 'rating-prompt', 'data-ticket-id'), { timeout: T }).toBe(ticketId);
    const url = await decodeQr(qr);

    const mobile = await phone.newPage();
    await mobile.goto(url ?? '');
    expect(await mobile.locator('h1').textContent()).toBe('Оцените, пожалуйста, качество обслуживания');
    // the page fits the phone's width
    expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await mobile.getByText('5', { exact: true }).first().tap();
    await mobile.getByTestId('rating-submit').tap();
    await mobile.getByTestId('rating-thanks').waitFor({ timeout: T });
    expect(s.store.ratings({}).find((r) => r.ticketId === ticketId)).toMatchObject({ score: 5, channel: 'qr' });
    await terminal.getByTestId('rating-thanks').waitFor({ timeout: T });

    // feedback from the terminal: an anonymous complaint is accepted but cannot be answered
    await terminal.getByTestId('feedback-open').click();
    await terminal.getByTestId('feedback-type-complaint').click();
    await terminal.getByTestId('feedback-text').fill('Долго искали документы');
    await terminal.getByTestId('feedback-submit').click();
    await terminal.getByTestId('feedback-anonymous').waitFor({ timeout: T });
    expect(s.store.feedback({}).at(-1)).toMatchObject({
      type: 'complaint',
      text: 'Долго искали документы',
      actionable: false,
      channel: 'terminal',
      windowId: 'w1',
      ticketId,
    });
    await terminal.close();
    await mobile.close();
  });

  it('refuses a forged and an expired link on the phone with a clear message', async () => {
    const terminal = await pairRatingTerminal(s, 'w1');
    const { ticketId } = await serveOne(s, 1, 'w1');
    const res = await fetch(`${s.url}/api/rating/terminal/link?ticketId=${encodeURIComponent(ticketId)}`, {
      headers: { authorization: `Bearer ${terminal.token}` },
    });
    const { url } = (await res.json()) as { url: string };
    const token = url.split('/v/')[1] ?? '';
    const [body, mac = ''] = token.split('.');
    const flipped = `${mac[0] === 'A' ? 'B' : 'A'}${mac.slice(1)}`;
    const mobile = await phone.newPage();

    await mobile.goto(`${s.url}/v/${body}.${flipped}`);
    expect(await attr(mobile, 'rating-page-error', 'data-code')).toBe('RATING_LINK_INVALID');
    expect(await mobile.getByTestId('rating-page-error').textContent()).toContain('Ссылка для оценки недействительна');
    await mobile.getByTestId('rating-lang').tap();
    await expect
      .poll(() => mobile.getByTestId('rating-page-error').textContent(), { timeout: T })
      .toContain('This rating link is not valid');

    const expired = signVisitToken(loadOrCreateSecret(s.dataDir), { ticketId, exp: s.clock.now() - 1000 });
    await mobile.goto(`${s.url}/v/${expired}`);
    expect(await attr(mobile, 'rating-page-error', 'data-code')).toBe('RATING_LINK_EXPIRED');
    expect(await mobile.getByTestId('rating-page-error').textContent()).toContain('Срок для оценки этого визита истёк');

    // the genuine link still works, so the refusals were about the links, not the visit
    await mobile.goto(url);
    await mobile.getByTestId('rating-form').waitFor({ timeout: T });
    expect(s.store.ratings({}).some((r) => r.ticketId === ticketId)).toBe(false);
    await mobile.close();
  });
});
