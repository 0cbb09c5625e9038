import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { REPO_ROOT } from '../../support/process.js';
import { type CellRules, inspect, type Problem } from './inspect.js';

/** Where a person looks through every cell: `test-results/screens/index.html` (or `$TALON_SHOTS`). */
export const SHOTS_DIR = process.env.TALON_SHOTS ?? join(REPO_ROOT, 'test-results', 'screens');

export interface Size {
  width: number;
  height: number;
}

export const LANGS = ['ru', 'en'] as const;
export const CONTRASTS = ['normal', 'high'] as const;
export type Lang = (typeof LANGS)[number];
export type Contrast = (typeof CONTRASTS)[number];

/** One page of one screen in one language and contrast; the sizes are played on it by resizing. */
export interface Variant {
  lang: Lang;
  contrast: Contrast;
  ctx: BrowserContext;
  page: Page;
}

export interface Cell {
  screen: string;
  state: string;
  size: string;
  lang: Lang;
  contrast: Contrast;
  file: string;
  problems: Problem[];
}

export const sizeName = (s: Size) => `${s.width}x${s.height}`;

/**
 * Contexts for every language × contrast, each with the contrast set the way the screen's own toggle
 * leaves it (the `talon.highContrast` flag, read before the first render). The language is the screen's
 * own business (its toggle or its stored choice): `open` puts the page in `lang`.
 */
export async function variants(
  browser: Browser,
  size: Size,
  open: (page: Page, lang: Lang, contrast: Contrast) => Promise<void>,
  opts: { hasTouch?: boolean; initScripts?: string[] } = {},
): Promise<Variant[]> {
  const out: Variant[] = [];
  for (const lang of LANGS)
    for (const contrast of CONTRASTS) {
      const ctx = await browser.newContext({ viewport: size, locale: 'ru-RU', hasTouch: opts.hasTouch ?? false });
      await ctx.addInitScript(
        `try { localStorage.setItem('talon.highContrast', ${JSON.stringify(contrast === 'high' ? '1' : '0')}); } catch {}`,
      );
      for (const s of opts.initScripts ?? []) await ctx.addInitScript(s);
      const page = await ctx.newPage();
      out.push({ lang, contrast, ctx, page });
    }
  // one at a time: pairing and signing in are quick, and parallel first loads only compete for the CPU
  for (const v of out) await open(v.page, v.lang, v.contrast);
  return out;
}

/** A variant's opening for the admin screen: its sign-in page, in the variant's language (its own toggle). */
export const openAdmin =
  (url: () => string) =>
  async (page: Page, lang: Lang): Promise<void> => {
    await page.goto(`${url()}/admin/`);
    await page.getByTestId('login').waitFor({ timeout: 15_000 });
    if (lang === 'en') {
      await page.getByTestId('lang-toggle').click();
      await page.waitForFunction(() => document.documentElement.lang === 'en');
    }
  };

/** A variant's opening for the operator console: its sign-in page, the language as the console keeps it. */
export const openConsole =
  (url: () => string, timeout = 30_000) =>
  async (page: Page, lang: Lang): Promise<void> => {
    await page.goto(`${url()}/operator/`);
    await page.evaluate((l) => localStorage.setItem('talon.lang.operator', l), lang);
    await page.reload();
    await page.getByTestId('login').waitFor({ timeout });
  };

/** Signs in on a screen's sign-in form and waits for what the screen shows first. */
export async function signIn(page: Page, login: string, password: string, first = 'monitor'): Promise<void> {
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId(first).waitFor({ timeout: 15_000 });
}

/**
 * The state as a person sees it once it has settled: fonts loaded, transitions and finite animations
 * over (a colour half-way through its transition is no one's colour), two frames drawn.
 */
const painted = (page: Page) =>
  page.evaluate(async () => {
    await document.fonts.ready;
    const finite = document.getAnimations().filter((a) => a.effect?.getComputedTiming().endTime !== Infinity);
    await Promise.race([
      Promise.all(finite.map((a) => a.finished.catch(() => undefined))),
      new Promise((r) => setTimeout(r, 3000)),
    ]);
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
  });

/** A screen's matrix: records every cell and writes the index page as it goes. */
export class Matrix {
  readonly cells: Cell[] = [];

  constructor(
    readonly screen: string,
    readonly sizes: readonly Size[],
    readonly minContrast = 4.5,
  ) {
    mkdirSync(join(SHOTS_DIR, screen), { recursive: true });
  }

  /** One cell: the page as it is now, inspected from the live DOM and photographed. Problems one line each. */
  async cell(state: string, page: Page, lang: Lang, contrast: Contrast): Promise<string[]> {
    await painted(page);
    const size = page.viewportSize() ?? { width: 0, height: 0 };
    const problems = await inspect(page, { lang, minContrast: this.minContrast } satisfies CellRules);
    const file = join(this.screen, `${state}-${sizeName(size)}-${lang}-${contrast}.png`);
    await page.screenshot({ path: join(SHOTS_DIR, file) });
    this.cells.push({ screen: this.screen, state, size: sizeName(size), lang, contrast, file, problems });
    return problems.map((p) => `${state} ${sizeName(size)} ${lang} ${contrast}: [${p.kind}] ${p.what} — ${p.why}`);
  }

  /**
   * Every size of one state on every variant (variants in parallel, sizes one after another, by resizing
   * the page as a window is resized). Returns the problems found, one line each.
   */
  async state(state: string, vs: readonly Variant[], prepare?: (v: Variant) => Promise<void>): Promise<string[]> {
    const lines = await Promise.all(
      vs.map(async (v) => {
        const found: string[] = [];
        for (const size of this.sizes) {
          await v.page.setViewportSize(size);
          if (prepare) await prepare(v);
          found.push(...(await this.cell(state, v.page, v.lang, v.contrast)));
        }
        return found;
      }),
    );
    writeIndex(this);
    return lines.flat();
  }
}

/** The index page: every screen's cells as thumbnails, by state, the problems under each. */
export function writeIndex(m: Matrix): void {
  writeFileSync(join(SHOTS_DIR, m.screen, 'cells.json'), JSON.stringify(m.cells, null, 1));
  const all: Cell[] = [];
  for (const dir of readdirSync(SHOTS_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    try {
      all.push(...(JSON.parse(readFileSync(join(SHOTS_DIR, dir.name, 'cells.json'), 'utf8')) as Cell[]));
    } catch {
      // a folder of another run without cells
    }
  }
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const screens = [...new Set(all.map((c) => c.screen))].sort();
  const body = screens
    .map((screen) => {
      const cells = all.filter((c) => c.screen === screen);
      const states = [...new Set(cells.map((c) => c.state))];
      const rows = states
        .map((state) => {
          const figs = cells
            .filter((c) => c.state === state)
            .map(
              (c) =>
                `<figure class="${c.problems.length ? 'bad' : 'ok'}"><a href="${esc(c.file)}"><img loading="lazy" src="${esc(c.file)}" alt="${esc(`${c.state} ${c.size} ${c.lang} ${c.contrast}`)}"></a>` +
                `<figcaption>${c.size} · ${c.lang} · ${c.contrast}${c.problems.length ? `<ul>${c.problems.map((p) => `<li>[${p.kind}] ${esc(p.what)} — ${esc(p.why)}</li>`).join('')}</ul>` : ''}</figcaption></figure>`,
            )
            .join('');
          return `<h3>${esc(state)}</h3><div class="row">${figs}</div>`;
        })
        .join('');
      return `<section><h2>${esc(screen)}</h2>${rows}</section>`;
    })
    .join('');
  const bad = all.filter((c) => c.problems.length > 0).length;
  writeFileSync(
    join(SHOTS_DIR, 'index.html'),
    `<!doctype html><html lang="en"><meta charset="utf-8"><title>Talon screen matrix</title>
<style>body{font:14px system-ui;margin:16px}figure{display:inline-block;margin:4px;vertical-align:top;width:240px}
img{max-width:240px;max-height:240px;border:1px solid #999}figure.bad img{border:3px solid #c00}
figcaption{font-size:12px}ul{margin:2px 0;padding-left:16px;color:#a00}</style>
<h1>Talon screen matrix</h1><p>${all.length} cells, ${bad} with problems. Folder: ${esc(relative(REPO_ROOT, SHOTS_DIR) || SHOTS_DIR)}</p>${body}</html>`,
  );
}
