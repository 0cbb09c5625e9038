import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

/** The screens a kiosk is sold with: 5:4 17–19" (the common one), 4:3, Full HD portrait and landscape. */
const SIZES = [
  { width: 1280, height: 1024 },
  { width: 1024, height: 768 },
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
] as const;
const LANGS = ['ru', 'en'] as const;

const SHOTS = join(process.env.TMPDIR || tmpdir(), 'talon-shots', 'kiosk');

let s: TestServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  requireKioskBuild();
  mkdirSync(SHOTS, { recursive: true });
  const config = rosatomDemoOffice();
  // the walk takes a while per size: no idle return in the middle of it
  config.kiosk = { idleReturnSec: 600, resultIdleSec: 600, ticketsPerMinuteBeforeConfirm: 50 };
  s = await startTestServer({
    server: { initialConfig: config, printing: { virtualPrinter: true, printerPollMs: 0 } },
  });
  admin = (await s.login('admin', 'admin-talon')).token;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const vp = () => {
  if (!s.virtualPrinter) throw new Error('the test server has no virtual printer');
  return s.virtualPrinter;
};

interface Problem {
  what: string;
  why: string;
}

/**
 * Every control a visitor can see must be wholly on the screen and be what a finger at its centre
 * touches. A control scrolled away inside a scrolling list is not "seen"; its visible part must be.
 */
function coveredControls(page: Page): Promise<Problem[]> {
  return page.evaluate(() => {
    const describe = (el: Element | null) =>
      el
        ? `${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''}.${el.className}`
        : 'nothing';
    const out: { what: string; why: string }[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    for (const el of document.querySelectorAll('button:not([disabled]), [role=button], input, select, textarea')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      let [left, top, right, bottom] = [r.left, r.top, r.right, r.bottom];
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        const style = getComputedStyle(a);
        const scrolls = /auto|scroll/.test(style.overflowY) || /auto|scroll/.test(style.overflowX);
        const clips = /hidden|clip/.test(style.overflowY) || /hidden|clip/.test(style.overflowX);
        if (!scrolls && !clips) continue;
        const ar = a.getBoundingClientRect();
        if (clips && (r.left < ar.left - 1 || r.top < ar.top - 1 || r.right > ar.right + 1 || r.bottom > ar.bottom + 1))
          out.push({ what: describe(el), why: `cut off by ${describe(a)}` });
        left = Math.max(left, ar.left);
        top = Math.max(top, ar.top);
        right = Math.min(right, ar.right);
        bottom = Math.min(bottom, ar.bottom);
      }
      if (right - left < 2 || bottom - top < 2) continue; // scrolled away inside its list
      if (left < -0.5 || top < -0.5 || right > vw + 0.5 || bottom > vh + 0.5) {
        out.push({ what: describe(el), why: `outside the ${vw}×${vh} viewport: ${[left, top, right, bottom]}` });
        continue;
      }
      const hit = document.elementFromPoint((left + right) / 2, (top + bottom) / 2);
      if (!hit || !(hit === el || el.contains(hit)))
        out.push({ what: describe(el), why: `covered by ${describe(hit)}` });
    }
    return out;
  });
}

/** Wholly on the screen without any scrolling, and what a finger at its centre touches. */
async function fullyShown(page: Page, testId: string) {
  const box = await page.getByTestId(testId).evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
      top: r.top,
      bottom: r.bottom,
      left: r.left,
      right: r.right,
      height: r.height,
      vw: window.innerWidth,
      vh: window.innerHeight,
      hit: !!hit && (hit === el || el.contains(hit)),
      scroller: [...document.querySelectorAll('.kiosk-main')].map((m) => {
        const mr = m.getBoundingClientRect();
        return { top: mr.top, bottom: mr.bottom };
      })[0],
    };
  });
  expect(box.top, `${testId} top`).toBeGreaterThanOrEqual(-0.5);
  expect(box.left, `${testId} left`).toBeGreaterThanOrEqual(-0.5);
  expect(box.bottom, `${testId} bottom`).toBeLessThanOrEqual(Math.min(box.vh, box.scroller?.bottom ?? box.vh) + 0.5);
  expect(box.right, `${testId} right`).toBeLessThanOrEqual(box.vw + 0.5);
  expect(box.hit, `${testId} is not covered`).toBe(true);
  return box;
}

async function titleShown(page: Page) {
  const title = await page
    .locator('.kiosk-title')
    .first()
    .evaluate((el) => {
      const r = el.getBoundingClientRect();
      const main = document.querySelector('.kiosk-main')?.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, minTop: main?.top ?? 0, vh: window.innerHeight };
    });
  expect(title.top, 'the title is not scrolled away').toBeGreaterThanOrEqual(title.minTop - 0.5);
  expect(title.bottom).toBeLessThanOrEqual(title.vh);
}

/** As a visitor leaves a screen: scrolled as far down as it goes. The next one must open at its top. */
async function scrollDown(page: Page) {
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('.kiosk-main, .kiosk-step')) el.scrollTop = el.scrollHeight;
    window.scrollTo(0, document.body.scrollHeight);
  });
}

/** Words of the choice cards that a line break splits (measured on the page, whatever the CSS). */
async function splitWords(page: Page): Promise<string[]> {
  // the grids are fitted a frame after a change
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  return page.evaluate(() => {
    const split: string[] = [];
    for (const text of document.querySelectorAll<HTMLElement>('.choice-text')) {
      const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        // each word, or each part of a hyphenated one (a line may end at its hyphen), on one line
        for (const m of (node.textContent ?? '').matchAll(/[^\s-]+/g)) {
          const range = document.createRange();
          range.setStart(node, m.index ?? 0);
          range.setEnd(node, (m.index ?? 0) + m[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) split.push(m[0]);
        }
      }
    }
    for (const text of document.querySelectorAll<HTMLElement>('.choice-text')) {
      const card = text.closest('.choice')?.getBoundingClientRect();
      const box = text.getBoundingClientRect();
      if (card && (box.top < card.top - 1 || box.bottom > card.bottom + 1)) split.push(`${text.textContent} (spills)`);
    }
    return split;
  });
}

async function state(page: Page, name: string, shot: string) {
  await page.evaluate(() => document.fonts.ready);
  expect(await coveredControls(page), `${shot}-${name}`).toEqual([]);
  expect(await splitWords(page), `${shot}-${name}`).toEqual([]);
  await page.screenshot({ path: join(SHOTS, `${shot}-${name}.png`) });
}

const lang = (page: Page) => page.evaluate(() => document.documentElement.lang);

async function toEnglish(page: Page) {
  await page.getByTestId('lang-toggle').click();
  await expect.poll(() => lang(page)).toBe('en');
}

describe.each(SIZES)('the kiosk at $width×$height', (size) => {
  it.each(LANGS)('in %s: every screen fits, nothing is covered, each opens at its top', async (language) => {
    const shot = `${size.width}x${size.height}-${language}`;
    // the printer is down (paper out): the start screen warns, the result says so — the longest texts
    vp().setState({ paperOut: true });
    await s.printing.pollAll();
    const kiosk = await openKiosk(browser, s, `Киоск ${shot}`, 'segment-individual', size);
    const en = language === 'en';
    if (en) await toEnglish(kiosk);
    await kiosk.getByTestId('kiosk-printer-down').waitFor({ timeout: 10_000 });

    // start, then the priority reasons, then start again with the reason chosen and the printer warning
    await titleShown(kiosk);
    await fullyShown(kiosk, 'segment-business');
    await fullyShown(kiosk, 'priority');
    await fullyShown(kiosk, 'appointment');
    await fullyShown(kiosk, 'kiosk-printer-down');
    await state(kiosk, 'start', shot);
    await scrollDown(kiosk);
    await kiosk.getByTestId('priority').click();
    await titleShown(kiosk);
    await state(kiosk, 'priority-reasons', shot);
    await kiosk.getByTestId('priority-disability').click();
    await titleShown(kiosk);
    await fullyShown(kiosk, 'priority-chosen');
    await fullyShown(kiosk, 'priority-cancel');
    await fullyShown(kiosk, 'appointment');
    await fullyShown(kiosk, 'kiosk-printer-down');
    for (const seg of ['individual', 'business', 'hoa']) await fullyShown(kiosk, `segment-${seg}`);
    await state(kiosk, 'start-priority', shot);

    // topics: a list longer than the screen says that it scrolls and how much is below; its last topic is reachable
    await kiosk.getByTestId('segment-individual').click();
    await titleShown(kiosk);
    const more = kiosk.getByTestId('topics-more');
    const last = kiosk.locator('[data-testid^="topic-"]').last();
    const lastId = (await last.getAttribute('data-testid')) ?? '';
    await kiosk.waitForTimeout(100);
    const fits = await kiosk.getByTestId('topics-list').evaluate((el) => el.scrollHeight <= el.clientHeight + 1);
    if (fits) {
      expect(await more.isVisible()).toBe(false);
      await fullyShown(kiosk, lastId);
    } else {
      await more.waitFor({ timeout: 5000 });
      expect(Number(await more.getAttribute('data-count'))).toBeGreaterThan(0);
      expect(await more.textContent()).toMatch(en ? /\d+ more topics? below/ : /Ещё \d+ тем[аы]? ниже/);
      expect(await kiosk.getByTestId('topics-scrollbar').isVisible()).toBe(true);
    }
    await state(kiosk, 'topics', shot);
    // the «more» bar scrolls the list page by page down to its end
    for (let i = 0; i < 20 && (await more.isVisible()); i++) {
      await more.click();
      await kiosk.waitForTimeout(600);
    }
    expect(await more.isVisible()).toBe(false);
    await fullyShown(kiosk, lastId);
    await state(kiosk, 'topics-end', shot);

    // «Назад» keeps the visitor's language and reason; the next screen opens at its top
    await kiosk.getByTestId('back').click();
    expect(await lang(kiosk)).toBe(language);
    await fullyShown(kiosk, 'priority-chosen');
    await titleShown(kiosk);
    await kiosk.getByTestId('segment-individual').click();
    await scrollDown(kiosk);
    await kiosk.getByTestId('topic-billing').click();

    // the account keypad: skip and continue on the screen with the keys
    await titleShown(kiosk);
    for (const id of ['visitor-data-skip', 'visitor-data-continue', 'keypad-1', 'keypad-0', 'keypad-erase'])
      await fullyShown(kiosk, id);
    for (const d of '1234567') await kiosk.getByTestId(`keypad-${d}`).click();
    await state(kiosk, 'account', shot);
    await scrollDown(kiosk);
    await kiosk.getByTestId('visitor-data-continue').click();

    // the result: the number, «вне очереди», the printer's trouble and «Готово», all at once
    const number = kiosk.getByTestId('kiosk-ticket-number');
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).toMatch(/^К-\d{3}$/);
    await expect
      .poll(() => kiosk.getByTestId('kiosk-print-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('failed');
    await titleShown(kiosk);
    expect(await kiosk.getByTestId('kiosk-priority').textContent()).toMatch(en ? /Priority/ : /вне очереди/);
    for (const id of ['kiosk-ticket-number', 'kiosk-priority', 'kiosk-print-status', 'done'])
      await fullyShown(kiosk, id);
    const done = await fullyShown(kiosk, 'done');
    expect(done.height).toBeGreaterThanOrEqual(64);
    await state(kiosk, 'result', shot);
    await kiosk.getByTestId('done').click();
    // «Готово» ends the visit: back in Russian, no reason
    await kiosk.getByTestId('segment-individual').waitFor();
    expect(await lang(kiosk)).toBe('ru');
    expect(await kiosk.getByTestId('priority-chosen').count()).toBe(0);
    if (en) await toEnglish(kiosk);

    // check-in: letters and digits, «Зарегистрироваться» on the screen
    await scrollDown(kiosk);
    await kiosk.getByTestId('appointment').click();
    await titleShown(kiosk);
    for (const id of ['checkin-code', 'checkin-submit', 'keypad-A', 'keypad-Z', 'keypad-0', 'keypad-erase'])
      await fullyShown(kiosk, id);
    const key = await fullyShown(kiosk, 'keypad-Q');
    expect(key.height).toBeGreaterThanOrEqual(64);
    for (const k of 'AB12') await kiosk.getByTestId(`keypad-${k}`).click();
    expect(await kiosk.getByTestId('checkin-code').inputValue()).toBe('AB12');
    await state(kiosk, 'checkin', shot);
    await kiosk.getByTestId('back').click();
    expect(await lang(kiosk)).toBe(language);
    await kiosk.context().close();
  });
});

describe.each(SIZES)('the kiosk in large text at $width×$height', (size) => {
  it('keeps every word of its choices whole: start, priority reasons, each category’s topics', async () => {
    const shot = `${size.width}x${size.height}-ru-large`;
    const kiosk = await openKiosk(browser, s, `Киоск ${shot}`, 'segment-individual', size);
    await kiosk.getByTestId('large-text-toggle').click();
    await expect.poll(() => kiosk.evaluate(() => document.documentElement.className)).toMatch(/large/);
    await state(kiosk, 'start', shot);
    await scrollDown(kiosk);
    await kiosk.getByTestId('priority').click();
    await state(kiosk, 'priority-reasons', shot);
    await kiosk.getByTestId('back').click();
    for (const seg of ['individual', 'business', 'hoa']) {
      await kiosk.getByTestId(`segment-${seg}`).click();
      await state(kiosk, `topics-${seg}`, shot);
      await kiosk.getByTestId('back').click();
    }
    await kiosk.context().close();
  });
});

describe('a priority ticket', () => {
  it('checks in a booking code with letters from the keypad and from a scanner typing in a Russian layout', async () => {
    vp().setState({ paperOut: false });
    await s.printing.pollAll();
    const slotAt = OFFICE_MORNING + 5 * 60_000;
    for (const code of ['QZ7K2', 'WX9A1'])
      expect((await s.command(admin, { type: 'createAppointment', code, serviceId: 'contract', slotAt })).body.ok).toBe(
        true,
      );
    const kiosk = await openKiosk(browser, s, 'Киоск записи 5:4', 'segment-individual', SIZES[0]);
    await kiosk.getByTestId('appointment').click();
    for (const k of 'QZ7K2') await kiosk.getByTestId(`keypad-${k}`).click();
    await kiosk.getByTestId('checkin-submit').click();
    await expect.poll(() => kiosk.getByTestId('kiosk-ticket-number').textContent(), { timeout: 10_000 }).toMatch(/^Д-/);
    await kiosk.getByTestId('done').click();

    // a scanner is a keyboard: with the Russian layout on, its W X 9 A 1 arrive as «ц ч 9 ф 1»
    await kiosk.getByTestId('appointment').click();
    const field = kiosk.getByTestId('checkin-code');
    for (const [code, key] of [
      ['KeyW', 'ц'],
      ['KeyX', 'ч'],
      ['Digit9', '9'],
      ['KeyA', 'ф'],
      ['Digit1', '1'],
    ] as const)
      await field.evaluate(
        (el, [c, k]) => {
          const e = new KeyboardEvent('keydown', { key: k, code: c, bubbles: true, cancelable: true });
          if (el.dispatchEvent(e)) {
            // what the browser would do for a key nobody handled: type the layout's letter
            const input = el as HTMLInputElement;
            const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
            setter?.call(input, input.value + k);
            input.dispatchEvent(new Event('input', { bubbles: true }));
          }
        },
        [code, key],
      );
    expect(await field.inputValue()).toBe('WX9A1');
    await field.press('Enter');
    await expect.poll(() => kiosk.getByTestId('kiosk-ticket-number').textContent(), { timeout: 10_000 }).toMatch(/^Д-/);
    await kiosk.context().close();
  });

  it('says «Вне очереди» on the screen and on the paper', async () => {
    vp().setState({ paperOut: false });
    await s.printing.pollAll();
    const kiosk = await openKiosk(browser, s, 'Киоск приоритет', 'segment-individual', SIZES[0]);
    await kiosk.getByTestId('priority').click();
    await kiosk.getByTestId('priority-veteran').click();
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-payment').click();
    const number = kiosk.getByTestId('kiosk-ticket-number');
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).toMatch(/^О-\d{3}$/);
    const n = (await number.textContent()) ?? '';
    expect(await kiosk.getByTestId('kiosk-priority').textContent()).toContain('Обслуживание вне очереди');
    const printed = await vp().waitForTicket((t) => t.lines.includes(n));
    expect(printed.lines).toContain('Вне очереди');
    await state(kiosk, 'result-printed', '1280x1024-ru');

    // an ordinary ticket says nothing of the kind
    await kiosk.getByTestId('done').click();
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-payment').click();
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).not.toBe(n);
    const plain = (await number.textContent()) ?? '';
    expect(await kiosk.getByTestId('kiosk-priority').count()).toBe(0);
    const printedPlain = await vp().waitForTicket((t) => t.lines.includes(plain));
    expect(printedPlain.lines).not.toContain('Вне очереди');
    await kiosk.context().close();
  });
});
