import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, type Variant, variants } from './cells.js';

/** The rating terminal at a window, portrait and landscape tablets, ru/en, both contrasts (issue 14). */
const SIZES = [
  { width: 800, height: 1280 },
  { width: 1280, height: 800 },
];
const T = 10_000;

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('rating', SIZES);
/** Each variant is the terminal of its own window (w1…w4), where operator n works. */
const who = new Map<Variant, number>();

async function inLang(page: Page, lang: 'ru' | 'en') {
  if ((await page.evaluate(() => document.documentElement.lang)) !== lang) {
    await page.getByTestId('lang-toggle').click();
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'rating-terminal/dist/index.html')))
    throw new Error('rating-terminal/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  // «Спасибо» stays until the cell is looked at
  s.office.configure(rosatomDemoOffice({ rating: { thanksSec: 120 } }), { kind: 'system' });
  browser = await launchBrowser();
  const admin = await s.login('admin', 'admin-talon');
  let n = 0;
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    async (page, lang) => {
      n += 1;
      const op = await s.login(`operator${n}`, `talon${n}`);
      await s.command(op.token, { type: 'operatorLogin', windowId: `w${n}` });
      const res = await fetch(`${s.url}/api/rating/pairing-codes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
        body: JSON.stringify({ windowId: `w${n}` }),
      });
      const { code } = (await res.json()) as { code: string };
      await page.goto(`${s.url}/rating/?pair=${code}`);
      await page.getByTestId('rating-idle').waitFor({ timeout: T });
      await inLang(page, lang);
    },
    { hasTouch: true },
  );
  vs.forEach((v, i) => {
    who.set(v, i + 1);
  });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** Operator n serves one visit of a service of their own, start to finish. */
async function serve(n: number): Promise<{ ticketId: string }> {
  const op = await s.login(`operator${n}`, `talon${n}`);
  const serviceId = s.office.view().config?.operators.find((o) => o.id === `op${n}`)?.skills[0] ?? '';
  const kiosk = await s.pair('kiosk');
  const issued = await s.command(kiosk.token, { type: 'issueTicket', serviceId });
  if (!issued.body.ok) throw new Error(JSON.stringify(issued.body));
  for (const type of ['callNext', 'startService'] as const) {
    const r = await s.command(op.token, { type });
    if (!r.body.ok) throw new Error(`${type}: ${JSON.stringify(r.body)}`);
  }
  s.clock.advance(3 * 60_000);
  const fin = await s.command(op.token, { type: 'finishService', outcomes: ['consultation'] });
  if (!fin.body.ok) throw new Error(JSON.stringify(fin.body));
  return { ticketId: issued.body.result?.ticketId ?? '' };
}

const each = (f: (v: Variant, n: number) => Promise<unknown>) => Promise.all(vs.map((v) => f(v, who.get(v) ?? 0)));

describe('the rating terminal: every state × 2 sizes × ru/en × normal/high contrast', () => {
  it('idle, the prompt with its QR code, reasons after a low mark, thanks, the feedback form', async () => {
    await each((v) => v.page.getByTestId('rating-operator').waitFor());
    const problems = await m.state('idle', vs);
    for (const [v, n] of who) {
      const { ticketId } = await serve(n);
      await expect
        .poll(() => v.page.getByTestId('rating-prompt').getAttribute('data-ticket-id'), { timeout: T })
        .toBe(ticketId);
    }
    await each(async (v) => {
      await inLang(v.page, v.lang);
      await v.page.getByTestId('rating-qr').waitFor({ timeout: T });
    });
    problems.push(...(await m.state('prompt', vs)));
    await each(async (v) => {
      await v.page.getByTestId('rate-2').click();
      await v.page.locator('[data-testid^="reason-"]').first().click();
    });
    problems.push(...(await m.state('low-mark-reasons', vs)));
    await each(async (v) => {
      await v.page.getByTestId('rating-send').click();
      await v.page.getByTestId('rating-thanks').waitFor({ timeout: T });
      await inLang(v.page, v.lang);
    });
    problems.push(...(await m.state('thanks', vs)));
    await each(async (v) => {
      await v.page.getByTestId('feedback-open').click();
      await v.page.getByTestId('feedback-form').waitFor({ timeout: T });
      await inLang(v.page, v.lang);
    });
    problems.push(...(await m.state('feedback', vs)));
    expect(problems).toEqual([]);
  }, 180_000);
});
