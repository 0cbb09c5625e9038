import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StaffingReport } from '@talon/protocol';
import react from '@vitejs/plugin-react';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';
import { writeHistory } from './history.js';

const DAY = 24 * 3_600_000;
const HERE = dirname(fileURLToPath(import.meta.url));

/**
 * The admin staffing view (admin/src/staffing) in real Chromium against the real server. The admin shell is
 * another module's, so the view is built alone into a fixture page (the way the shell mounts it: a token in,
 * GET /api/staffing out), served from an origin that forwards /api to the office server.
 */
let s: TestServer;
let browser: Browser;
let page: Server;
let pageUrl = '';
let admin = '';
const out = mkdtempSync(join(tmpdir(), 'talon-staffing-page-'));

beforeAll(async () => {
  s = await startTestServer({ now: OFFICE_MORNING - 14 * DAY });
  // 30 consultations an hour at 10:00, 4 minutes each: two erlangs, so more than one window is needed.
  writeHistory(s, OFFICE_MORNING - 14 * DAY, 14, { perDay: 30, gapMin: 2, serviceMin: 4 });
  s.clock.set(OFFICE_MORNING + 10 * 60_000);
  admin = (await s.login('admin', 'admin-talon')).token;
  await build({
    configFile: false,
    root: join(HERE, 'fixtures/staffing-page'),
    base: '/',
    logLevel: 'silent',
    plugins: [react()],
    build: { outDir: out, emptyOutDir: true },
  });
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  page = createServer(async (req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/')) {
      const r = await fetch(s.url + url, { headers: { authorization: req.headers.authorization ?? '' } });
      res.writeHead(r.status, { 'content-type': 'application/json' });
      res.end(await r.text());
      return;
    }
    const file = join(out, url === '/' || url.startsWith('/#') ? 'index.html' : (url.split('?')[0] ?? ''));
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => page.listen(0, '127.0.0.1', r));
  pageUrl = `http://127.0.0.1:${(page.address() as AddressInfo).port}/`;
  browser = await launchBrowser();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => (page ? page.close(() => r()) : r()));
  await s?.stop();
  rmSync(out, { recursive: true, force: true });
});

async function report(target = 0.8): Promise<StaffingReport> {
  const r = await fetch(`${s.url}/api/staffing?target=${target}`, { headers: { authorization: `Bearer ${admin}` } });
  return (await r.json()) as StaffingReport;
}

describe('staffing view in real Chromium', () => {
  it('shows open windows against the recommendation, today by hour and a week plan, in Russian and English', async () => {
    const expected = await report();
    const ten = expected.today.hours.find((h) => h.hour === 10);
    expect(ten?.recommended).toBeGreaterThanOrEqual(2);

    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ru-RU' });
    const tab = await ctx.newPage();
    await tab.goto(`${pageUrl}#${encodeURIComponent(admin)}`);
    await tab.getByTestId('staffing-now').waitFor({ timeout: 15_000 });
    expect(await tab.getByTestId('staffing-open').textContent()).toBe('0');
    expect(await tab.getByTestId('staffing-recommended').textContent()).toBe(String(ten?.recommended));
    const status = tab.getByTestId('staffing-status');
    expect(await status.getAttribute('data-state')).toBe('short');
    expect(await status.textContent()).toBe(`Не хватает окон: откройте ещё ${ten?.recommended}`);
    // what the figure rests on: here the forecast (nobody waits, nobody came in the last hour)
    expect(expected.now).toMatchObject({ basis: 'forecast', waiting: 0, overdue: 0 });
    expect(await tab.getByTestId('staffing-basis').textContent()).toBe('по прогнозу на этот час');

    // Today: one row per reception hour; the current one is marked and shows what came and what is open.
    const rows = tab.locator('[data-testid="staffing-today"] tbody tr');
    expect(await rows.count()).toBe(expected.today.hours.length);
    const now = tab.locator('[data-testid="staffing-today"] tr[data-now="true"]');
    expect(await now.getAttribute('data-hour')).toBe('10');
    expect(await now.locator('td').nth(3).textContent()).toBe(String(ten?.recommended));
    // Week: seven day columns; Sunday is closed in the demo office.
    expect(await tab.locator('[data-testid="staffing-week"] thead th').count()).toBe(8);
    expect(await tab.getByTestId('staffing-week').textContent()).toContain('выходной');

    await tab.getByTestId('lang-toggle').click();
    expect(await status.textContent()).toBe(`Short of windows: open ${ten?.recommended} more`);
    expect(await tab.getByTestId('staffing-basis').textContent()).toBe("from this hour's forecast");
    expect(await tab.getByTestId('staffing-about').textContent()).toContain('Model: Erlang A');
    await ctx.close();
  });

  it('asks the server again for another target and follows the hall', async () => {
    const strict = await report(0.9);
    const ctx = await browser.newContext({ locale: 'ru-RU' });
    const tab = await ctx.newPage();
    await tab.goto(`${pageUrl}#${encodeURIComponent(admin)}`);
    await tab.getByTestId('staffing-now').waitFor({ timeout: 15_000 });
    const asked = tab.waitForRequest((r) => r.url().includes('/api/staffing?target=0.9'));
    await tab.getByTestId('staffing-target').selectOption('0.9');
    await asked;
    await tab.waitForFunction(
      (n) => document.querySelector('[data-testid="staffing-recommended"]')?.textContent === String(n),
      strict.now.recommended,
      { timeout: 10_000 },
    );
    // Two operators start work: «open now» follows on the next refresh.
    const op1 = (await s.login('operator1', 'talon1')).token;
    const op3 = (await s.login('operator3', 'talon3')).token;
    await s.command(op1, { type: 'operatorLogin', windowId: 'w1' });
    await s.command(op3, { type: 'operatorLogin', windowId: 'w3' });
    await tab.getByRole('button', { name: 'Обновить' }).click();
    await tab.waitForFunction(
      () => document.querySelector('[data-testid="staffing-open"]')?.textContent === '2',
      null,
      {
        timeout: 10_000,
      },
    );
    await ctx.close();
  });

  it('says plainly when the server refuses', async () => {
    const ctx = await browser.newContext({ locale: 'ru-RU' });
    const tab = await ctx.newPage();
    await tab.goto(`${pageUrl}#not-a-token`);
    const err = tab.getByTestId('staffing-error');
    await err.waitFor({ timeout: 15_000 });
    expect((await err.textContent())?.length).toBeGreaterThan(5);
    await ctx.close();
  });
});
