import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signVisitToken } from '../../../server/src/links.js';
import { deskLink, pairRatingTerminal, serveOne, terminalLink } from '../../rating/support.js';
import { launchBrowser } from '../../support/browser.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { type Contrast, type Lang, Matrix, type Variant, variants } from './cells.js';

/**
 * The pages a visitor opens on a phone from the ticket's QR code and the desk card (issue 14): where the
 * ticket stands, the rating form, a low mark with its reasons, the thanks, a second try, the desk card's
 * form — on the two common phone screens, in both languages and contrasts, switched by the page's own links.
 */
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
];

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('phone', SIZES);
/** Each variant rates its own visit: a visit is rated once. */
const visitUrl = new Map<Variant, string>();
let liveUrl: string;
let deskUrl: string;

/** The address in the variant's language and contrast, as the page's own links leave it. */
const as = (url: string, lang: Lang, contrast: Contrast) => {
  const u = new URL(url);
  if (lang === 'en') u.searchParams.set('lang', 'en');
  if (contrast === 'high') u.searchParams.set('contrast', 'high');
  return u.toString();
};

const pageIn = (page: Page, lang: Lang, contrast: Contrast) =>
  page.waitForFunction(
    ([l, c]) => document.documentElement.lang === l && document.documentElement.classList.contains('hc') === c,
    [lang, contrast === 'high'] as const,
  );

beforeAll(async () => {
  s = await startTestServer();
  // the ticket's own QR while it waits (for contracts: nobody at work serves them, so it stays waiting)
  const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  const issued = await s.command(kiosk, { type: 'issueTicket', topicId: 'new-contract', segmentId: 'individual' });
  const ticketId = issued.body.ok ? (issued.body.result?.ticketId ?? '') : '';
  expect(ticketId).not.toBe('');
  liveUrl = `${s.url}/v/${signVisitToken(loadOrCreateSecret(s.dataDir), { ticketId, exp: s.clock.now() + 3600_000 })}`;
  // four finished visits at window 1, their links as the rating terminal shows them
  const terminal = await pairRatingTerminal(s, 'w1');
  const urls: string[] = [];
  for (let i = 0; i < 4; i++) {
    const { ticketId: done } = await serveOne(s, 1, 'w1');
    const link = await terminalLink(s, terminal.token, done);
    expect(link.status).toBe(200);
    urls.push(link.body.url);
  }
  // the desk card of window 1 rates its latest visit: one more, rated by nobody
  const { token: op1 } = await serveOne(s, 1, 'w1');
  deskUrl = (await deskLink(s, op1)).url;

  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    async (page, lang, contrast) => {
      // the visitor switches with the page's own links, and every later page keeps the choice
      await page.goto(liveUrl);
      await page.getByTestId('ticket-status').waitFor();
      if (lang === 'en') await page.getByTestId('rating-lang').click();
      await pageIn(page, lang, 'normal');
      if (contrast === 'high') await page.getByTestId('rating-contrast').click();
      await pageIn(page, lang, contrast);
    },
    { hasTouch: true },
  );
  vs.forEach((v, i) => {
    visitUrl.set(v, urls[i] as string);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('the phone pages: every state × 2 sizes × ru/en × normal/high contrast', () => {
  it('the waiting ticket, the rating form, a low mark with its reasons', async () => {
    const problems = await m.state('ticket', vs);
    await each(async (v) => {
      await v.page.goto(as(visitUrl.get(v) as string, v.lang, v.contrast));
      await v.page.getByTestId('rating-form').waitFor();
      await pageIn(v.page, v.lang, v.contrast);
    });
    problems.push(...(await m.state('visit', vs)));
    await each(async (v) => {
      await v.page.locator('label', { has: v.page.getByTestId('score-2') }).click();
      await v.page.locator('#reasons:not([hidden])').waitFor();
      for (const r of ['long-wait', 'unclear'])
        await v.page.locator('label', { has: v.page.getByTestId(`reason-${r}`) }).click();
      await v.page.locator('label', { has: v.page.getByTestId('feedback-type-complaint') }).click();
      await v.page.getByTestId('feedback-text').fill('Долго ждал у окна');
    });
    problems.push(...(await m.state('low-mark', vs)));
    expect(problems).toEqual([]);
  }, 120_000);

  it('the thanks for an anonymous complaint, the same link again, the desk card’s form', async () => {
    await each(async (v) => {
      await v.page.getByTestId('rating-submit').click();
      await v.page.getByTestId('rating-anonymous').waitFor();
      await pageIn(v.page, v.lang, v.contrast);
    });
    const problems = await m.state('thanks', vs);
    await each(async (v) => {
      await v.page.goto(as(visitUrl.get(v) as string, v.lang, v.contrast));
      await v.page.locator('[data-testid="rating-page-error"][data-code="RATING_ALREADY_GIVEN"]').waitFor();
    });
    problems.push(...(await m.state('rated-already', vs)));
    await each(async (v) => {
      await v.page.goto(as(deskUrl, v.lang, v.contrast));
      await v.page.getByTestId('rating-form').waitFor();
      await pageIn(v.page, v.lang, v.contrast);
    });
    problems.push(...(await m.state('desk', vs)));
    expect(problems).toEqual([]);
    // the low marks came in with their reasons, one per variant
    const low = s.store.ratings({}).filter((r) => r.score === 2);
    expect(low).toHaveLength(4);
    for (const r of low) expect(r.reasons).toEqual(['long-wait', 'unclear']);
  }, 120_000);
});
