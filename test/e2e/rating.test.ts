import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
let phone: BrowserContext;

const T = 10_000;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'rating-terminal/dist/index.html')))
    throw new Error('rating-terminal/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  // «Спасибо» for 3 s instead of 8, so that the return to idle is seen quickly
  s.office.configure(rosatomDemoOffice({ rating: { thanksSec: 3 } }), { kind: 'system' });
  browser = await launchBrowser();
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

const SHOTS = join(process.env.TMPDIR ?? tmpdir(), 'talon-shots', 'rating');

/** WCAG contrast of an element's computed text colour on its computed background (opaque colours). */
async function contrastOf(el: Locator): Promise<number> {
  const [fg, bg] = await el.evaluate((e) => {
    const cs = getComputedStyle(e);
    return [cs.color, cs.backgroundColor];
  });
  const lum = (css: string) => {
    const [r = 0, g = 0, b = 0] = (css.match(/[\d.]+/g) ?? []).map(Number);
    const ch = (v: number) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * ch(r) + 0.7152 * ch(g) + 0.0722 * ch(b);
  };
  const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * What a touch leaves on a real tablet: the tapped element keeps `:hover` (headless Chromium does not do
 * that by itself, so the state is forced the way DevTools does it).
 */
async function stickyHover(page: Page, testId: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument');
  const { nodeId } = await cdp.send('DOM.querySelector', {
    nodeId: root.nodeId,
    selector: `[data-testid="${testId}"]`,
  });
  await cdp.send('CSS.forcePseudoState', { nodeId, forcedPseudoClasses: ['hover'] });
}

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
  // a tablet of its own per terminal, as in an office (re-pairing in one browser: re-pairing.test.ts)
  const page = await (
    await browser.newContext({ viewport: { width: 1280, height: 800 }, hasTouch: true, locale: 'ru-RU' })
  ).newPage();
  // a step that cannot happen fails on its own line instead of holding the test until its timeout
  page.setDefaultTimeout(20_000);
  await page.goto(`${s.url}/rating/?pair=${code}`);
  // up and showing its window's state, as a terminal is before the visit at its window ends
  await page
    .locator('[data-testid="rating-idle"], [data-testid="rating-thanks"], [data-testid="rating-prompt"]')
    .first()
    .waitFor();
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

  it('after a low mark invites the reasons: a tapped chip reads well in both themes, «Отправить» is the big button', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const terminal = await openTerminal();
    const { ticketId } = await serveOne(s, 1, 'w1');
    await expect.poll(() => attr(terminal, 'rating-prompt', 'data-ticket-id'), { timeout: T }).toBe(ticketId);
    await terminal.getByTestId('rate-2').tap();
    await terminal.getByTestId('rating-reasons').waitFor({ timeout: T });

    // the primary, bigger button is «Отправить», waiting for a reason or a comment; «Без причин» is secondary
    const send = terminal.getByTestId('rating-send');
    const skip = terminal.getByTestId('rating-skip');
    expect(await send.textContent()).toBe('Отправить');
    expect(await send.getAttribute('class')).toContain('btn-primary');
    expect(await send.isEnabled()).toBe(false);
    expect(await skip.textContent()).toBe('Без причин');
    expect(await skip.getAttribute('class')).not.toContain('btn-primary');
    expect(await skip.isEnabled()).toBe(true);
    const [sendBox, skipBox] = [await send.boundingBox(), await skip.boundingBox()];
    // both in view on the 1280×800 tablet, with no scrolling
    expect((sendBox?.y ?? 1e9) + (sendBox?.height ?? 0)).toBeLessThanOrEqual(800);
    expect((sendBox?.width ?? 0) * (sendBox?.height ?? 0)).toBeGreaterThan(
      (skipBox?.width ?? 0) * (skipBox?.height ?? 0),
    );
    await terminal.screenshot({ path: join(SHOTS, 'low-mark.png') });

    // the chip just tapped (a touch keeps :hover on it) reads well, in the normal and the high-contrast theme
    const chip = terminal.getByTestId('reason-long-wait');
    await chip.tap();
    await stickyHover(terminal, 'reason-long-wait');
    await expect.poll(() => chip.getAttribute('aria-pressed'), { timeout: T }).toBe('true');
    expect(await chip.evaluate((e) => e.matches(':hover'))).toBe(true);
    // polled: the colours fade in (0.12 s); a hover style over the chosen one would stay unreadable
    await expect.poll(() => contrastOf(chip), { timeout: 3000 }).toBeGreaterThanOrEqual(4.5);
    expect(await send.isEnabled()).toBe(true);
    await terminal.screenshot({ path: join(SHOTS, 'chip-tapped.png') });
    await terminal.getByTestId('contrast-toggle').tap();
    await expect
      .poll(() => terminal.evaluate(() => document.documentElement.classList.contains('high-contrast')))
      .toBe(true);
    const other = terminal.getByTestId('reason-unclear');
    await other.tap();
    await stickyHover(terminal, 'reason-unclear');
    await expect.poll(() => other.getAttribute('aria-pressed'), { timeout: T }).toBe('true');
    for (const c of [chip, other])
      await expect.poll(() => contrastOf(c), { timeout: 3000 }).toBeGreaterThanOrEqual(4.5);
    // an unchosen chip under the finger reads well too
    await terminal.getByTestId('reason-impolite').tap();
    await terminal.getByTestId('reason-impolite').tap();
    await stickyHover(terminal, 'reason-impolite');
    expect(await terminal.getByTestId('reason-impolite').getAttribute('aria-pressed')).toBe('false');
    await expect
      .poll(() => contrastOf(terminal.getByTestId('reason-impolite')), { timeout: 3000 })
      .toBeGreaterThanOrEqual(4.5);
    await terminal.screenshot({ path: join(SHOTS, 'chip-tapped-high-contrast.png') });
    await terminal.getByTestId('contrast-toggle').tap();

    // a comment alone also makes «Отправить» usable; it is kept with the visit as a review
    await chip.tap();
    await other.tap();
    await expect.poll(() => send.isEnabled(), { timeout: T }).toBe(false);
    await terminal.getByTestId('rating-comment').fill('Долго ждал у окна');
    expect(await send.isEnabled()).toBe(true);
    await send.tap();
    await terminal.getByTestId('rating-thanks').waitFor({ timeout: T });
    expect(s.store.ratings({}).find((r) => r.ticketId === ticketId)).toMatchObject({ score: 2, reasons: [] });
    expect(s.store.feedback({}).at(-1)).toMatchObject({ type: 'review', text: 'Долго ждал у окна', ticketId });
    await terminal.close();
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
