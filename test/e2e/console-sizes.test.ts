import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Issue 14: the operator console at the office's screen sizes, in Russian and English. */

let s: TestServer;
let browser: Browser;
const T = 10_000;
const SHOTS = join(process.env.TMPDIR ?? tmpdir(), 'talon-shots', 'console');

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'operator-console/dist/index.html')))
    throw new Error('operator-console/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  // the office requires an outcome for every served visit (as offices made from a preset do)
  s.office.configure(rosatomDemoOffice({ rules: { totalNormMin: 33, outcomeRequired: true } }), { kind: 'system' });
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const moveClock = (advanceMs: number) =>
  fetch(`${s.url}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  });

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);

async function issue(): Promise<string> {
  const kiosk = await s.pair('kiosk');
  const r = await s.command(kiosk.token, {
    type: 'issueTicket',
    serviceId: 'consult',
    priorityCategoryId: 'veteran',
    visitorData: { account: '1234567890', phone: '+7 900 123-45-67' },
  });
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.result?.ticketId ?? '';
}

/** The console of an operator already at a window, in a browser of this size and language. */
async function openConsole(n: number, size: { width: number; height: number }, lang: 'ru' | 'en') {
  const ctx = await browser.newContext({ viewport: size, locale: lang === 'ru' ? 'ru-RU' : 'en-GB' });
  const page = await ctx.newPage();
  await page.goto(`${s.url}/operator/`);
  await page.evaluate((l) => localStorage.setItem('talon.lang.operator', l), lang);
  await page.reload();
  await page.getByTestId('login').fill(`operator${n}`);
  await page.getByTestId('password').fill(`talon${n}`);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('console-status').waitFor({ timeout: T });
  return { ctx, page };
}

/** Every box inside the viewport and the topmost element at its own centre, without scrolling anything. */
async function hitAtCentre(page: Page, testId: string) {
  return page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const x = r.left + r.width / 2;
    const y = r.top + r.height / 2;
    const inside = r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
    return { inside, hit: document.elementFromPoint(x, y) === el, bottom: Math.round(r.bottom) };
  });
}

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;
const CASES = SIZES.flatMap((size) => (['ru', 'en'] as const).map((lang) => ({ size, lang })));
const OPERATORS = [1, 3, 5, 6];

describe('operator console: the serving card at 1366×768 and 1920×1080', () => {
  it.each(CASES.map((c, i) => ({ ...c, n: OPERATORS[i] ?? 1, w: `w${OPERATORS[i]}` })))(
    '$size.width×$size.height $lang: outcomes and both flags in view; F4 asks for an outcome, then finishes',
    async ({ size, lang, n, w }) => {
      const op = await s.login(`operator${n}`, `talon${n}`);
      expect((await s.command(op.token, { type: 'operatorLogin', windowId: w })).body.ok).toBe(true);
      const ticketId = await issue();
      for (const type of ['callNext', 'startService'] as const)
        expect((await s.command(op.token, { type })).body).toMatchObject({ ok: true });
      expect(s.office.view().tickets[ticketId]?.status).toBe('serving');

      const { ctx, page } = await openConsole(n, size, lang);
      await expect.poll(() => attr(page, 'current-ticket', 'data-status'), { timeout: T }).toBe('serving');
      const name = `${size.width}x${size.height}-${lang}`;
      await page.screenshot({ path: join(SHOTS, `serving-${name}.png`) });

      // the page itself does not scroll, and every outcome and both seed-001 flags are there to click
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(size.height);
      const ids = [
        ...(s.office.view().config?.outcomeCodes.map((o) => `outcome-${o.id}`) ?? []),
        'digital-onboarding',
        'extra-sale',
      ];
      expect(ids.length).toBe(8);
      for (const id of ids)
        expect(await hitAtCentre(page, id), `${name} ${id}`).toMatchObject({ inside: true, hit: true });
      for (const id of ['finish-service', 'current-ticket-number', 'visitor-account'])
        expect((await hitAtCentre(page, id)).inside, `${name} ${id}`).toBe(true);

      // F4 without an outcome does not finish: it says so and puts the focus on the choice
      const visits = s.store.visits({}).length;
      await page.keyboard.press('F4');
      await page.getByTestId('outcome-required').waitFor({ timeout: T });
      expect(await page.getByTestId('outcome-required').textContent()).toContain(
        lang === 'ru' ? 'Отметьте результат обращения' : 'Mark the outcome of the visit',
      );
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('outcome-resolved');
      expect((await hitAtCentre(page, 'outcome-required')).inside).toBe(true);
      await page.screenshot({ path: join(SHOTS, `outcome-required-${name}.png`) });
      expect(await attr(page, 'current-ticket', 'data-status')).toBe('serving');
      expect(s.office.view().tickets[ticketId]?.status).toBe('serving');
      expect(s.store.visits({}).length).toBe(visits);
      // «Завершить» by the mouse does the same
      await page.getByTestId('finish-service').click();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('outcome-resolved');
      expect(s.office.view().tickets[ticketId]?.status).toBe('serving');

      // with an outcome (the focused box ticked by Space) and a flag, F4 finishes and the visit has them
      await page.keyboard.press('Space');
      expect(await page.getByTestId('outcome-required').count()).toBe(0);
      await page.getByTestId('extra-sale').click();
      await page.keyboard.press('F4');
      await expect.poll(() => s.store.visits({}).length, { timeout: T }).toBe(visits + 1);
      expect(s.store.visits({}).find((v) => v.ticketId === ticketId)).toMatchObject({
        outcome: 'served',
        outcomes: ['resolved'],
        digitalOnboarding: false,
        extraSale: true,
      });
      await expect.poll(() => attr(page, 'current-ticket', 'data-status'), { timeout: T }).toBe('none');
      await ctx.close();
    },
  );

  it('the server refuses a finish without an outcome when the office requires one', async () => {
    const op = await s.login('operator1', 'talon1');
    await issue();
    for (const type of ['callNext', 'startService'] as const)
      expect((await s.command(op.token, { type })).body).toMatchObject({ ok: true });
    const r = await s.command(op.token, { type: 'finishService', extraSale: true });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({
      ok: false,
      error: { code: 'OUTCOME_REQUIRED', message: { ru: expect.stringContaining('результат') } },
    });
    expect((await s.command(op.token, { type: 'finishService', outcomes: ['consultation'] })).body.ok).toBe(true);
  });
});

describe('operator console: a recall waits for the office’s interval, counted on the server clock', () => {
  it.each(['ru', 'en'] as const)(
    '%s: «Повторный вызов» says how long until it may be pressed, then works',
    async (lang) => {
      const n = lang === 'ru' ? 1 : 3;
      const { ctx, page } = await openConsole(n, { width: 1366, height: 768 }, lang);
      await issue();
      await expect.poll(() => page.getByTestId('call-next').isEnabled(), { timeout: T }).toBe(true);
      await page.keyboard.press('F1');
      await expect.poll(() => attr(page, 'current-ticket', 'data-status'), { timeout: T }).toBe('called');
      // the button waits for the time, instead of offering a press the server would refuse
      const recall = page.getByTestId('recall');
      const left = async () => Number(/(\d+)/.exec((await recall.locator('.action-note').textContent()) ?? '')?.[1]);
      await expect.poll(() => recall.locator('.action-note').count(), { timeout: T }).toBe(1);
      const first = await left();
      expect(first).toBeGreaterThan(10);
      expect(first).toBeLessThanOrEqual(15);
      expect(await recall.textContent()).toContain(lang === 'ru' ? `через ${first} с` : `in ${first} s`);
      expect(await recall.isEnabled()).toBe(false);
      // F2 is the same button: nothing is sent, nothing is refused
      await page.keyboard.press('F2');
      expect(await page.getByTestId('console-error').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, `recall-wait-${lang}.png`) });

      // half the wait on the server's clock: the countdown follows it
      await moveClock(8_000);
      await expect.poll(left, { timeout: T }).toBeLessThanOrEqual(first - 8);
      expect(await recall.isEnabled()).toBe(false);
      // the rest: «Повторный вызов» is usable and says nothing more
      await moveClock(8_000);
      await expect.poll(() => recall.isEnabled(), { timeout: T }).toBe(true);
      expect(await recall.locator('.action-note').count()).toBe(0);
      await page.screenshot({ path: join(SHOTS, `recall-ready-${lang}.png`) });
      await page.keyboard.press('F2');
      await expect.poll(() => attr(page, 'current-calls', 'data-count'), { timeout: T }).toBe('2');
      expect(await page.getByTestId('console-error').count()).toBe(0);
      await page.keyboard.press('F5'); // no-show: the next case starts free
      await expect.poll(() => attr(page, 'current-ticket', 'data-status'), { timeout: T }).toBe('none');
      await ctx.close();
    },
  );
});
