import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configErrorSearch, offlineQuery } from '../../desktop/src/status-page.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';

/** The desktop shell's own page (offline / not configured), in real Chromium like every UI. */
const STATUS = pathToFileURL(join(REPO_ROOT, 'desktop/static/status.html')).toString();
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function open(search: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1080, height: 1920 }, locale: 'ru-RU', hasTouch: true });
  const page = await ctx.newPage();
  await page.goto(`${STATUS}?${search}`);
  return page;
}

describe('desktop shell status page', () => {
  it('offline: a polite Russian message first, English below, and a live countdown', async () => {
    const q = offlineQuery({ retryInMs: 4000, attempt: 3, serverUrl: 'http://192.168.1.10:8080/kiosk/' });
    const page = await open(new URLSearchParams(q).toString());
    const main = page.locator('#offline');
    await expect.poll(() => main.isVisible()).toBe(true);
    expect(await page.locator('#config').isVisible()).toBe(false);
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('Извините, нет связи с сервером очереди');
    expect(text).toContain('Следующая попытка через 4');
    expect(text).toContain('Sorry, the queue server cannot be reached');
    expect(text).toContain('http://192.168.1.10:8080  #3');
    expect(text).not.toMatch(/обязаны|явиться|предъявить/i);
    expect(text.indexOf('Извините')).toBeLessThan(text.indexOf('Sorry'));
    await expect.poll(() => page.locator('[data-countdown]').first().textContent(), { timeout: 4000 }).toBe('2');
    await page.context().close();
  });

  it('not configured: lists the problems and the files looked for, as text only', async () => {
    const page = await open(
      configErrorSearch({
        ok: false,
        path: '/etc/talon/desktop.json',
        problems: ['role: Invalid option', '<img src=x onerror="document.title=\'pwned\'">'],
        searched: ['/home/kiosk/.config/talon/desktop.json', '/etc/talon/desktop.json'],
      }),
    );
    const tech = page.locator('#config [data-problems]');
    await expect.poll(() => tech.isVisible()).toBe(true);
    const text = (await tech.textContent()) ?? '';
    expect(text.split('\n')).toEqual([
      '/etc/talon/desktop.json:',
      'role: Invalid option',
      '<img src=x onerror="document.title=\'pwned\'">',
      '',
      'Файлы / files:',
      '/home/kiosk/.config/talon/desktop.json',
      '/etc/talon/desktop.json',
    ]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.title()).toBe('Талон');
    expect(await page.locator('#config h1').textContent()).toBe('Терминал не настроен');
    await page.context().close();
  });
});
