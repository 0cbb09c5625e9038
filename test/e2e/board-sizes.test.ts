import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hall } from '../announce/support.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { type BoardPage, openBoard } from './board-support.js';
import { Matrix, writeIndex } from './matrix/cells.js';

/**
 * The hall board at every supported screen, in both languages and both contrasts, with no calls, one,
 * four, a burst of four within a second and twelve: checked from the live DOM (no two text boxes
 * overlap, no number or window overflows its box, every call being announced is large, older calls
 * sit in «Ранее»), and the screen matrix's general checks with a screenshot of each cell
 * (test/e2e/matrix/cells.ts: test-results/screens/).
 */

const SIZES = {
  '1920x1080': { width: 1920, height: 1080 },
  '1080x1920': { width: 1080, height: 1920 },
  '1366x768': { width: 1366, height: 768 },
} as const;
const LANGS = ['ru', 'en'] as const;
const CONTRASTS = ['normal', 'high'] as const;
const matrix = new Matrix('board', Object.values(SIZES), 7);

interface Screen {
  size: keyof typeof SIZES;
  lang: (typeof LANGS)[number];
  contrast: (typeof CONTRASTS)[number];
  board: BoardPage;
}

let s: TestServer;
let browser: Browser;
let h: Awaited<ReturnType<typeof hall>>;
const screens: Screen[] = [];

/** Twelve windows (10–12 are cabinets: «Cabinet 12» is the longest label) and an operator at each. */
function office() {
  const base = rosatomDemoOffice();
  const skills = base.services.map((x) => x.id);
  return rosatomDemoOffice({
    windows: Array.from({ length: 12 }, (_, i) => ({
      id: `w${i + 1}`,
      number: i + 1,
      hallId: 'main',
      kind: i >= 10 ? ('cabinet' as const) : ('window' as const),
    })),
    operators: Array.from({ length: 12 }, (_, i) => ({ id: `op${i + 1}`, name: `Оператор ${i + 1}`, skills })),
    board: { ...base.board, maxCalls: 12 },
  });
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'display-board/dist/index.html')))
    throw new Error('display-board/dist is not built: run "npm run build:ui" first');
  // sixteen tickets from one kiosk on a clock that stands still: the board, not the kiosk's pace, is tested here
  s = await startTestServer({ server: { initialConfig: office(), rateLimits: { limits: { tickets: null } } } });
  browser = await launchBrowser({ autoplay: true });
  const windows: Record<string, string> = {};
  for (let i = 1; i <= 12; i++) windows[`operator${i}`] = `w${i}`;
  h = await hall(s, windows);
  for (const size of Object.keys(SIZES) as Screen['size'][])
    for (const lang of LANGS)
      for (const contrast of CONTRASTS) {
        const init = `(() => { try {
          localStorage.setItem('talon.lang.board', ${JSON.stringify(lang)});
          localStorage.setItem('talon.highContrast', ${JSON.stringify(contrast === 'high' ? '1' : '0')});
        } catch {} })();`;
        const board = await openBoard(browser, s.url, h.admin, `${size} ${lang} ${contrast}`, SIZES[size], {
          initScripts: [init],
        });
        screens.push({ size, lang, contrast, board });
      }
  for (const x of screens) {
    await x.board.page.waitForFunction(
      () => document.querySelector('[data-testid="board"]')?.getAttribute('data-sound') === 'ready',
    );
    await x.board.page.evaluate(() => document.fonts.ready.then(() => undefined));
  }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

interface Box {
  what: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Row {
  number: string;
  section: string | null;
  isNew: boolean;
  announcing: boolean;
  font: number;
  family: string;
  /** Cells whose text is wider (or taller) than their box. */
  overflow: string[];
  /** The row lies inside its section's box (nothing clipped). */
  inside: boolean;
}

interface Seen {
  boxes: Box[];
  rows: Row[];
  earlierTitle: string | null;
  lang: string;
  highContrast: boolean;
  monoLoaded: boolean;
  width: number;
  height: number;
}

/** One look at the page: everything measured in the same frame, once the board's font has arrived. */
async function look(b: BoardPage): Promise<Seen> {
  // A web font loads after the first paint; under load that can be later than the first look.
  await b.page.evaluate(() => document.fonts.load('700 40px "Talon Board Mono"', 'О-001'));
  return b.page.evaluate(() => {
    const box = (what: string, el: Element) => {
      const r = el.getBoundingClientRect();
      return { what, x: r.x, y: r.y, w: r.width, h: r.height };
    };
    const q = (id: string) => Array.from(document.querySelectorAll(`[data-testid="${id}"]`));
    const boxes = [
      ...q('board-header').map((e) => box('header', e)),
      ...q('board-waiting').map((e) => box('waiting', e)),
      ...q('board-info-line').map((e) => box('info line', e)),
      ...q('board-now-title').map((e) => box('now title', e)),
      ...q('board-earlier-title').map((e) => box('earlier title', e)),
      ...q('board-empty').map((e) => box('empty', e)),
      ...q('board-call').map((e) => box(`call ${e.getAttribute('data-number')}`, e)),
    ];
    const over = (el: Element) => el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight + 1;
    const rows = q('board-call').map((el) => {
      const cells = [el, ...el.querySelectorAll('[data-testid="board-number"], [data-testid="board-window"]')];
      const body = el.closest('.board-section-body')?.getBoundingClientRect();
      const r = el.getBoundingClientRect();
      const num = el.querySelector('[data-testid="board-number"]') ?? el;
      return {
        number: el.getAttribute('data-number') ?? '',
        section: el.getAttribute('data-section'),
        isNew: el.hasAttribute('data-new'),
        announcing: el.hasAttribute('data-announcing'),
        font: Number.parseFloat(getComputedStyle(num).fontSize),
        family: getComputedStyle(num).fontFamily,
        overflow: cells.filter(over).map((c) => `${c.getAttribute('data-testid')}: ${c.textContent}`),
        inside:
          !!body &&
          r.left >= body.left - 1 &&
          r.right <= body.right + 1 &&
          r.top >= body.top - 1 &&
          r.bottom <= body.bottom + 1,
      };
    });
    return {
      boxes,
      rows,
      earlierTitle: document.querySelector('[data-testid="board-earlier-title"]')?.textContent ?? null,
      lang: document.querySelector('[data-testid="board-office"]')?.textContent ?? '',
      highContrast: document.documentElement.classList.contains('high-contrast'),
      monoLoaded: document.fonts.check('700 40px "Talon Board Mono"', 'О-001'),
      width: window.innerWidth,
      height: window.innerHeight,
    };
  });
}

/** The layout rules every state must keep. */
function checkLayout(x: Screen, seen: Seen) {
  const where = `${x.size} ${x.lang} ${x.contrast}`;
  expect(seen.highContrast, where).toBe(x.contrast === 'high');
  expect(seen.lang, where).toContain(x.lang === 'en' ? 'Tver customer office' : 'ЦОК «Тверской»');
  expect(seen.monoLoaded, where).toBe(true);
  for (const b of seen.boxes) {
    expect(b.w * b.h, `${where}: ${b.what} is drawn`).toBeGreaterThan(0);
    expect(b.x >= -1 && b.y >= -1, `${where}: ${b.what} starts on the screen`).toBe(true);
    expect(b.x + b.w <= seen.width + 1 && b.y + b.h <= seen.height + 1, `${where}: ${b.what} ends on the screen`).toBe(
      true,
    );
  }
  for (let i = 0; i < seen.boxes.length; i++)
    for (let j = i + 1; j < seen.boxes.length; j++) {
      const [a, b] = [seen.boxes[i], seen.boxes[j]] as [Box, Box];
      const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
      const hgt = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
      expect(w > 0.5 && hgt > 0.5, `${where}: ${a.what} overlaps ${b.what}`).toBe(false);
    }
  for (const r of seen.rows) {
    expect(r.overflow, `${where}: ${r.number} overflows`).toEqual([]);
    expect(r.inside, `${where}: ${r.number} is clipped by its section`).toBe(true);
    expect(r.family, where).toContain('Talon Board Mono');
    // every call being announced is shown large
    if (r.announcing) expect(r.section, `${where}: ${r.number} is announced`).toBe('now');
    expect(r.section === 'now', `${where}: ${r.number}`).toBe(r.isNew);
  }
  const now = seen.rows.filter((r) => r.section === 'now');
  const earlier = seen.rows.filter((r) => r.section === 'earlier');
  if (earlier.length > 0) expect(seen.earlierTitle, where).toBe(x.lang === 'en' ? 'Earlier' : 'Ранее');
  // new calls are larger than earlier ones
  if (now.length > 0 && earlier.length > 0)
    expect(Math.min(...now.map((r) => r.font)), where).toBeGreaterThan(Math.max(...earlier.map((r) => r.font)));
}

/** The screen matrix's cells of this state: its general checks (7:1 contrast on a board) and a screenshot each. */
async function shoot(state: string) {
  const problems = await Promise.all(screens.map((x) => matrix.cell(state, x.board.page, x.lang, x.contrast)));
  writeIndex(matrix);
  expect(problems.flat()).toEqual([]);
}

const first = () => screens[0]?.board as BoardPage;
const numbers = async (b: BoardPage, section: 'now' | 'earlier') =>
  (await look(b)).rows
    .filter((r) => r.section === section)
    .map((r) => r.number)
    .sort();

/** Until no call on any board is new (every announcement played, its minimum time over). */
async function settled() {
  for (const x of screens)
    await expect
      .poll(async () => (await look(x.board)).rows.filter((r) => r.isNew).length, { timeout: 40_000, interval: 250 })
      .toBe(0);
}

/** Until every board shows these numbers as new calls; then checks and shoots them. */
async function showsNew(state: string, called: string[], earlier: string[]) {
  for (const x of screens)
    await expect.poll(() => numbers(x.board, 'now'), { timeout: 10_000, interval: 100 }).toEqual([...called].sort());
  const looks = await Promise.all(screens.map((x) => look(x.board)));
  screens.forEach((x, i) => {
    const seen = looks[i] as Seen;
    checkLayout(x, seen);
    expect(
      seen.rows
        .filter((r) => r.section === 'now')
        .map((r) => r.number)
        .sort(),
    ).toEqual([...called].sort());
    expect(
      seen.rows
        .filter((r) => r.section === 'earlier')
        .map((r) => r.number)
        .sort(),
    ).toEqual([...earlier].sort());
  });
  await shoot(state);
  // a call whose announcement has not played yet is still large after the screenshots (they take seconds)
  const after = await Promise.all(screens.map((x) => look(x.board)));
  screens.forEach((x, i) => {
    checkLayout(x, after[i] as Seen);
  });
}

/** Calls by these operators (each takes the next waiting ticket); returns the numbers called. */
async function callBy(ops: number[], together: boolean): Promise<string[]> {
  const call = async (n: number) => {
    const r = await h.call(`operator${n}`);
    return (r.result as { number?: string } | undefined)?.number ?? '';
  };
  if (together) return Promise.all(ops.map(call));
  const out: string[] = [];
  for (const n of ops) out.push(await call(n));
  return out;
}

describe('the hall board at 1920×1080, 1080×1920 and 1366×768', () => {
  const all: string[] = [];

  it('no calls: the invitation to wait, nothing overlaps', async () => {
    const looks = await Promise.all(screens.map((x) => look(x.board)));
    screens.forEach((x, i) => {
      const seen = looks[i] as Seen;
      expect(seen.rows).toEqual([]);
      expect(seen.boxes.some((b) => b.what === 'empty')).toBe(true);
      checkLayout(x, seen);
    });
    await shoot('0-calls');
  });

  it('one call: shown large', async () => {
    await h.issue('payment');
    const called = await callBy([1], false);
    expect(called[0]).toMatch(/^О-\d{3}$/);
    all.push(...called);
    await showsNew('1-call', called, []);
    await settled();
    expect(await numbers(first(), 'earlier')).toEqual(called);
  }, 120_000);

  it('four calls: three new ones large, the earlier one in «Ранее»', async () => {
    for (const topic of ['billing', 'payment', 'billing']) await h.issue(topic);
    const called = await callBy([2, 3, 4], false);
    await showsNew('4-calls', called, [...all]);
    all.push(...called);
    await settled();
  }, 120_000);

  it('a burst of four calls at once: all four large at the same time while they are announced', async () => {
    for (const topic of ['billing', 'payment', 'billing', 'payment']) await h.issue(topic);
    // Sent together (no timing asserted: a loaded machine may take longer, the board's rule is the same).
    const called = await callBy([5, 6, 7, 8], true);
    await showsNew('burst', called, [...all]);
    // while the hall hears them one after another, every one stays large until its own announcement has played
    const b = first();
    await expect
      .poll(async () => (await b.log()).filter((e) => called.includes(e.number)).length, { timeout: 10_000 })
      .toBe(4);
    for (;;) {
      const [seen, log] = [await look(b), await b.log()];
      const pending = log.filter((e) => called.includes(e.number) && e.status === undefined).map((e) => e.number);
      if (pending.length === 0) break;
      for (const n of pending) expect(seen.rows.find((r) => r.number === n)?.section, n).toBe('now');
      await new Promise((r) => setTimeout(r, 300));
    }
    all.push(...called);
    await settled();
    expect(await numbers(b, 'earlier')).toEqual([...all].sort());
    // nothing new: every call in «Ранее», the invitation to wait above
    const looks = await Promise.all(screens.map((x) => look(x.board)));
    screens.forEach((x, i) => {
      checkLayout(x, looks[i] as Seen);
    });
    await shoot('8-earlier');
  }, 120_000);

  it('twelve calls: the newest large, eight earlier ones, nothing clipped', async () => {
    for (const topic of ['billing', 'payment', 'billing', 'payment']) await h.issue(topic);
    const called = await callBy([9, 10, 11, 12], false);
    await showsNew('12-calls', called, [...all]);
    all.push(...called);
    expect(all).toHaveLength(12);
  }, 120_000);
});
