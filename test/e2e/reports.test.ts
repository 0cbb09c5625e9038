import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../server/src/clock.js';
import { type RunningServer, startServer } from '../../server/src/index.js';
import { DAY, type FixtureStore, fixtureHarness, writeStore } from '../../server/src/reports/test-fixture.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';

let fx: FixtureStore;
let s: RunningServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build:ui" first');
  // The fixture day (nine visits with hand-checked figures), served on the evening of that day.
  fx = writeStore(fixtureHarness());
  s = await startServer({ dataDir: fx.dir, clock: new VirtualClock(Date.parse(`${DAY}T17:00:00Z`)), tickMs: 0 });
  s.auth.ensureUser({ login: 'boss', name: 'Начальник ЦОК', password: 'boss-pass', roles: ['hall_admin'] });
  s.auth.ensureUser({ login: 'anna', name: 'Анна', password: 'anna-pass', roles: ['operator'], operatorId: 'anna' });
  browser = await launchBrowser();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.close();
  fx?.cleanup();
}, 60_000);

async function signIn(page: Page) {
  await page.goto(`${s.url}/admin/`);
  await page.getByTestId('login').fill('boss');
  await page.getByTestId('password').fill('boss-pass');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('nav-reports').click();
  await page.getByTestId('reports').waitFor({ timeout: 15_000 });
}

const value = (page: Page, id: string, attr = 'data-value') =>
  page.getByTestId(id).first().getAttribute(attr, { timeout: 15_000 });

describe('reports in real Chromium', () => {
  it('opens on the office’s today, widens to the month, narrows to a day, draws the charts and lists the visitor log', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'ru-RU',
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    await signIn(page);
    // The office's clock says 3 March 2025, whatever the browser's date: today is that day, the month March 2025.
    await expect.poll(() => value(page, 'period-range', 'data-from'), { timeout: 15_000 }).toBe(DAY);
    expect(await value(page, 'period-range', 'data-to')).toBe(DAY);
    // said as people read a date, not as a key
    expect(await page.getByTestId('period-range').textContent()).toBe('3 марта 2025 г. (1 день)');
    await page.getByTestId('period-month').click();
    await expect.poll(() => value(page, 'period-range', 'data-from'), { timeout: 15_000 }).toBe('2025-03-01');
    expect(await page.getByTestId('period-range').textContent()).toBe('1 марта 2025 г. — 31 марта 2025 г. (31 день)');
    await expect.poll(() => value(page, 'summary-visits'), { timeout: 15_000 }).toBe('9');

    await page.getByTestId('period-day').click();
    await page.getByTestId('period-date').fill(DAY);
    await expect.poll(() => value(page, 'period-range', 'data-to')).toBe(DAY);
    expect(await value(page, 'summary-served')).toBe('7');
    expect(Number(await value(page, 'wait-share', 'data-share'))).toBeCloseTo(3 / 7, 12);
    expect(Number(await value(page, 'wait-mean', 'data-sec'))).toBeCloseTo(2880 / 7, 9);
    expect(await page.getByTestId('wait-mean').textContent()).toContain('6,9');
    expect(JSON.parse((await value(page, 'chart-buckets', 'data-values')) ?? '[]')).toEqual([2, 1, 1, 2, 0, 1]);
    expect(await page.locator('[data-testid="chart-hourly"] canvas').count()).toBe(1);
    expect(await page.locator('[data-testid="row-service"]').count()).toBe(3);
    const staffTotal = page.getByTestId('staff-total');
    await staffTotal.waitFor();
    expect(await value(page, 'ratings-count')).toBe('2');
    for (const id of ['summary-priority', 'summary-appointments', 'summary-digital-onboarding'])
      expect(await value(page, id)).toBe('0');

    // A filter narrows every figure.
    await page.getByTestId('filter-operatorId').selectOption('vera');
    await expect.poll(() => value(page, 'summary-visits')).toBe('3');
    await page.getByTestId('filter-operatorId').selectOption('');
    await expect.poll(() => value(page, 'summary-visits')).toBe('9');

    await page.getByTestId('reports-tab-log').click();
    await expect.poll(() => value(page, 'log-total')).toBe('9');
    expect(await page.getByTestId('log-row').count()).toBe(9);
    expect(await page.getByTestId('log-row').first().getAttribute('data-number')).toBe('К-001');
    await ctx.close();
  });

  it('an XLSX export downloads, opens with exceljs and holds the expected rows', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 1440, height: 1000 },
      locale: 'ru-RU',
      acceptDownloads: true,
    });
    const page = await ctx.newPage();
    await signIn(page);
    await page.getByTestId('period-day').click();
    await page.getByTestId('period-date').fill(DAY);
    await expect.poll(() => value(page, 'period-range', 'data-to')).toBe(DAY);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx-log').click()]);
    expect(download.suggestedFilename()).toBe(`talon-journal-${DAY}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const ws = wb.getWorksheet('Журнал');
    if (!ws) throw new Error('no log sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const rows = Array.from({ length: ws.rowCount - 1 }, (_, i) => {
      const values = (ws.getRow(i + 2).values as unknown[]).slice(1);
      return Object.fromEntries(header.map((h, j) => [h, values[j]]));
    });
    expect(rows.map((r) => r.Талон)).toEqual([
      'К-001',
      'К-002',
      'О-001',
      'О-002',
      'Д-001',
      'К-003',
      'К-004',
      'О-003',
      'БТ-001',
    ]);
    expect(rows.map((r) => r.Итог)).toEqual([
      'Обслужен',
      'Обслужен',
      'Обслужен',
      'Неявка',
      'Обслужен',
      'Отменён',
      'Обслужен',
      'Обслужен',
      'Обслужен',
    ]);
    expect(rows[0]).toMatchObject({ Окно: 'Окно 1', Оператор: 'Анна', 'Ожидание, мин': 2, 'Обслуживание, мин': 4 });
    expect(rows[4]?.['Ожидание, мин']).toBe(16);

    const [summary] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx-summary').click(),
    ]);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(await summary.path());
    const sheet = wb2.getWorksheet('Сводка');
    if (!sheet) throw new Error('no summary sheet');
    expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['Итого', 'Офис', 9, 7]);
    // the counts the report collects are in the summary too (the fixture day has none of them)
    const heads = (sheet.getRow(1).values as unknown[]).slice(1);
    for (const h of ['Приоритетные', 'По записи', 'Подключены к цифровым сервисам']) {
      expect(heads).toContain(h);
      expect((sheet.getRow(2).values as unknown[]).slice(1)[heads.indexOf(h)]).toBe(0);
    }
    await ctx.close();
  });

  it('the print view keeps the report and drops the controls', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page);
    await expect.poll(() => value(page, 'summary-visits')).toBe('9');
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('period-bar').isVisible()).toBe(false);
    expect(await page.getByTestId('export-xlsx-log').isVisible()).toBe(false);
    expect(await page.getByTestId('nav-reports').isVisible()).toBe(false);
    expect(await page.getByTestId('report-figures').isVisible()).toBe(true);
    expect(await page.locator('.reports .print-only').isVisible()).toBe(true);
    const pdf = await page.pdf({ format: 'A4', landscape: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await ctx.close();
  });

  it('a non-administrator gets 403 from every report endpoint', async () => {
    const r = await s.auth.login('anna', 'anna-pass');
    if (!r.ok) throw new Error('operator login failed');
    for (const path of ['/api/reports', '/api/reports/visits', '/api/reports/export']) {
      const res = await fetch(`${s.url}${path}?period=day&date=${DAY}&format=csv`, {
        headers: { authorization: `Bearer ${r.value.token}` },
      });
      expect(res.status, path).toBe(403);
    }
  });
});
