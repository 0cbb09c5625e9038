import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestHeadOffice, TEST_ADMIN, type TestHeadOffice } from '@talon/head-office';
import type { OfficeStatus } from '@talon/protocol';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';

/**
 * Issue 13, the head-office screen in real Chromium against a real head office on embedded PostgreSQL.
 * Offices, their last reported figures and the report rollups are seeded with SQL (what the ingest
 * writes), so the screen is checked on figures known in advance. Screenshots go to
 * $TMPDIR/talon-shots/hq/.
 */
const SHOTS = join(process.env.TMPDIR ?? tmpdir(), 'talon-shots', 'hq');
const DAY1 = '2026-11-02';
const DAY2 = '2026-11-03';

let hq: TestHeadOffice;
let browser: Browser;
const ids: Record<'lenin' | 'sever' | 'yug', string> = { lenin: '', sever: '', yug: '' };
let yugKey = '';

const services = [
  { id: 'pay', name: { ru: 'Оплата', en: 'Payment' }, prefix: 'А' },
  { id: 'consult', name: { ru: 'Консультация', en: 'Consultation' }, prefix: 'К' },
];

function status(over: Partial<OfficeStatus>): OfficeStatus {
  return {
    at: Date.now(),
    dayKey: new Date().toISOString().slice(0, 10),
    waitingNow: 0,
    longestWaitSec: null,
    longestWaitNormSec: null,
    withinNormShareToday: null,
    servedToday: 0,
    operatorsAtWork: 0,
    devicesInAlarm: 0,
    alarms: [],
    services,
    queue: [],
    windows: [],
    profileVersion: null,
    softwareVersion: '0.1.0',
    ...over,
  };
}

const sql = (text: string, params: unknown[] = []) => hq.hq.pool.query(text, params);

/** One day's rollup of one office and service (what the ingest keeps): the figures the report sums. */
async function rollup(
  officeId: string,
  day: string,
  serviceId: string,
  topicId: string,
  f: { visits: number; served: number; waitSum: number; waitWithin: number; serviceSum: number; serviceWithin: number },
) {
  await sql(
    `INSERT INTO rollup_service (office_id, day, service_id, topic_id, visits, served, wait_n, wait_sum, wait_max,
       wait_within, wait_normed, service_n, service_sum, service_within, service_normed, total_within, total_normed,
       b1, ratings, rating_sum)
     VALUES ($1, $2, $3, $4, $5, $6, $6, $7, 1200, $8, $6, $6, $9, $10, $6, $8, $6, $8, 2, 9)`,
    [officeId, day, serviceId, topicId, f.visits, f.served, f.waitSum, f.waitWithin, f.serviceSum, f.serviceWithin],
  );
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'hq-screen/dist/index.html')))
    throw new Error('hq-screen/dist is not built: run "npm run build -w @talon/hq-screen" first');
  mkdirSync(SHOTS, { recursive: true });
  hq = await startTestHeadOffice();
  browser = await launchBrowser();

  const lenin = await hq.seedOffice({ code: 'MSK-LEN', branchCode: 'CENTER' });
  const sever = await hq.seedOffice({ code: 'MSK-SEV', branchCode: 'CENTER' });
  const yug = await hq.seedOffice({ code: 'KRD-YUG', branchCode: 'SOUTH' });
  Object.assign(ids, { lenin: lenin.id, sever: sever.id, yug: yug.id });
  yugKey = yug.apiKey;
  await sql(`UPDATE branches SET name = '{"ru":"Центральный филиал","en":"Central branch"}' WHERE code = 'CENTER'`);
  await sql(`UPDATE branches SET name = '{"ru":"Южный филиал","en":"Southern branch"}' WHERE code = 'SOUTH'`);
  const name = (id: string, ru: string, en: string) =>
    sql('UPDATE offices SET name = $2, time_zone = $3 WHERE id = $1', [id, { ru, en }, 'Europe/Moscow']);
  await name(lenin.id, 'ЦОК Ленинский', 'Leninsky office');
  await name(sever.id, 'ЦОК Северный', 'Severny office');
  await name(yug.id, 'ЦОК Южный', 'Yuzhny office');

  const setSync = (id: string, s: OfficeStatus, extra: { lastSeenMinAgo: number; backlog?: number; lag?: number }) =>
    sql(
      `UPDATE office_sync SET status = $2, last_seen_at = now() - make_interval(mins => $3), backlog = $4,
         lag_sec = $5, ack_seq = 1520, epoch = 1 WHERE office_id = $1`,
      [id, s, extra.lastSeenMinAgo, extra.backlog ?? 0, extra.lag ?? null],
    );
  // Ленинский: 7 waiting, the longest 14 min against a 10-min norm (red), one device in alarm.
  await setSync(
    lenin.id,
    status({
      waitingNow: 7,
      longestWaitSec: 14 * 60,
      longestWaitNormSec: 10 * 60,
      withinNormShareToday: 0.87,
      servedToday: 52,
      operatorsAtWork: 4,
      devicesInAlarm: 1,
      alarms: [{ kind: 'printer-paper', text: { ru: 'Киоск у входа: мало бумаги', en: 'Entrance kiosk: paper low' } }],
      queue: [
        { number: 'А-014', serviceId: 'pay', waitSec: 14 * 60, normSec: 10 * 60, priority: false },
        { number: 'К-007', serviceId: 'consult', waitSec: 5 * 60, normSec: 15 * 60, priority: true },
      ],
      windows: [
        { windowNumber: 1, operatorName: 'Иванова А. П.', state: 'serving', ticketNumber: 'А-011', sinceSec: 300 },
        { windowNumber: 2, operatorName: 'Петров С. И.', state: 'break', ticketNumber: null, sinceSec: 720 },
        { windowNumber: 3, operatorName: null, state: 'closed', ticketNumber: null, sinceSec: 3600 },
      ],
    }),
    { lastSeenMinAgo: 0, backlog: 3 },
  );
  // Северный: 2 waiting, within the norm.
  await setSync(
    sever.id,
    status({
      waitingNow: 2,
      longestWaitSec: 4 * 60,
      longestWaitNormSec: 10 * 60,
      withinNormShareToday: 0.95,
      servedToday: 40,
      operatorsAtWork: 3,
    }),
    { lastSeenMinAgo: 0 },
  );
  // Южный: last heard from 12 minutes ago, with a gap in its log waiting for the administrator.
  await setSync(
    yug.id,
    status({ waitingNow: 12, longestWaitSec: 25 * 60, longestWaitNormSec: 15 * 60, servedToday: 10 }),
    { lastSeenMinAgo: 12, backlog: 240, lag: 720 },
  );
  await sql(`INSERT INTO office_incidents (office_id, kind, details) VALUES ($1, 'gap', $2)`, [
    yug.id,
    { expectSeq: 1521, receivedSeq: 1600 },
  ]);

  // Reports: three offices over two days; wait within norm 94 %, 60 %, 90 %.
  await rollup(lenin.id, DAY1, 'pay', '', {
    visits: 20,
    served: 18,
    waitSum: 18 * 300,
    waitWithin: 17,
    serviceSum: 18 * 420,
    serviceWithin: 16,
  });
  await rollup(lenin.id, DAY2, 'pay', 'meter', {
    visits: 20,
    served: 18,
    waitSum: 18 * 360,
    waitWithin: 17,
    serviceSum: 18 * 480,
    serviceWithin: 15,
  });
  await rollup(sever.id, DAY1, 'consult', '', {
    visits: 30,
    served: 25,
    waitSum: 25 * 700,
    waitWithin: 15,
    serviceSum: 25 * 600,
    serviceWithin: 20,
  });
  await rollup(yug.id, DAY2, 'pay', '', {
    visits: 20,
    served: 20,
    waitSum: 20 * 400,
    waitWithin: 18,
    serviceSum: 20 * 500,
    serviceWithin: 19,
  });
  await sql(
    `INSERT INTO rollup_operator (office_id, day, operator_id, visits, served, service_n, service_sum, service_within, service_normed)
     VALUES ($1, $2, 'op1', 18, 18, 18, 7560, 16, 18)`,
    [lenin.id, DAY1],
  );
  for (const [kind, item, ru, en] of [
    ['service', 'pay', 'Оплата', 'Payment'],
    ['service', 'consult', 'Консультация', 'Consultation'],
    ['topic', 'meter', 'Показания счётчика', 'Meter readings'],
    ['operator', 'op1', 'Иванова А. П.', 'Иванова А. П.'],
  ] as const)
    await sql('INSERT INTO office_catalogue (office_id, kind, item_id, name) VALUES ($1, $2, $3, $4)', [
      lenin.id,
      kind,
      item,
      { ru, en },
    ]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await hq?.close();
});

async function signIn(ctx: BrowserContext, login: string = TEST_ADMIN.login, password: string = TEST_ADMIN.password) {
  const page = await ctx.newPage();
  await page.goto(`${hq.url}/`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('overview').waitFor({ timeout: 15_000 });
  await page.locator('[data-testid="offices-table"][data-loaded="true"]').waitFor({ timeout: 15_000 });
  return page;
}

const row = (page: Page, code: string) => page.locator(`[data-testid="office-row"][data-office="${code}"]`);
const cell = (page: Page, code: string, name: string) => row(page, code).getByTestId(`cell-${name}`);
/** Text as read: Russian digit groups are joined by no-break spaces, read here as plain ones. */
const text = async (page: Page, testId: string) =>
  ((await page.getByTestId(testId).first().textContent()) ?? '').replace(/\u00a0/g, ' ').trim();
const codes = (page: Page) =>
  page.getByTestId('office-row').evaluateAll((rs) => rs.map((r) => r.getAttribute('data-office')));

/** An office introducing itself with a key, as `talon serve --hq … --hq-key …` does. */
const hello = (key: string) =>
  fetch(`${hq.url}/api/sync/hello`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ linkSecret: 'ab'.repeat(32), timeZone: 'Europe/Moscow', softwareVersion: '0.1.0' }),
  });

async function noOverflow(page: Page) {
  const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
  expect(scroll, 'the page scrolls sideways').toBeLessThanOrEqual(inner);
}

describe('the head-office screen', () => {
  it('signs in, shows every office with its figures, and updates a row live when the office reports', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    expect(await page.getByTestId('office-row').count()).toBe(3);

    // Ленинский: figures right where a supervisor looks, the longest wait red against its norm.
    expect(await cell(page, 'MSK-LEN', 'waiting').textContent()).toBe('7');
    expect(await cell(page, 'MSK-LEN', 'longest').textContent()).toBe('14 мин / норм. 10');
    expect(await row(page, 'MSK-LEN').getAttribute('data-over')).toBe('true');
    expect(await cell(page, 'MSK-LEN', 'longest').evaluate((el) => getComputedStyle(el).color)).toBe(
      await page.evaluate(() => {
        const probe = document.createElement('span');
        probe.style.color = 'var(--danger)';
        document.body.append(probe);
        const c = getComputedStyle(probe).color;
        probe.remove();
        return c;
      }),
    );
    expect(await row(page, 'MSK-SEV').getAttribute('data-over')).toBe('false');
    expect(await cell(page, 'MSK-LEN', 'within').textContent()).toBe('87 %');
    expect(await cell(page, 'MSK-LEN', 'served').textContent()).toBe('52');
    expect(await cell(page, 'MSK-LEN', 'operators').textContent()).toBe('4');
    expect(await cell(page, 'MSK-LEN', 'alarms').textContent()).toBe('1');
    expect(await cell(page, 'MSK-LEN', 'waiting').evaluate((el) => getComputedStyle(el).textAlign)).toBe('right');
    expect(await row(page, 'MSK-LEN').getByTestId('sync').getAttribute('data-state')).toBe('ok');
    // Южный: no link for 12 minutes, and an incident waiting for the administrator.
    const yugSync = row(page, 'KRD-YUG').getByTestId('sync');
    expect(await yugSync.getAttribute('data-state')).toBe('lost');
    expect(await yugSync.textContent()).toContain('нет связи 12 мин');
    expect(await yugSync.getByTestId('attention').textContent()).toBe('внимание: 1');
    expect(await row(page, 'MSK-LEN').getByTestId('attention').count()).toBe(0);

    // The strip: 3 offices, 1 without link, 21 waiting, within-norm share weighted by served visits.
    expect(await text(page, 'sum-offices')).toContain('3');
    expect(await page.getByTestId('sum-no-link').locator('dd').textContent()).toBe('1');
    expect(await page.getByTestId('sum-waiting').locator('dd').textContent()).toBe('21');
    const within = Math.round(((0.87 * 52 + 0.95 * 40) / 92) * 100);
    expect(await page.getByTestId('sum-within').locator('dd').textContent()).toBe(`${within} %`);

    // The office reports: its row changes in place, no reload.
    await page.locator('[data-testid="live"][data-connected="true"]').waitFor({ timeout: 15_000 });
    await sql(`UPDATE office_sync SET status = jsonb_set(status, '{waitingNow}', '11') WHERE office_id = $1`, [
      ids.sever,
    ]);
    await sql('SELECT pg_notify($1, $2)', ['hq_office', ids.sever]);
    await expect.poll(() => cell(page, 'MSK-SEV', 'waiting').textContent(), { timeout: 10_000 }).toBe('11');
    expect(await page.getByTestId('sum-waiting').locator('dd').textContent()).toBe('30');
    await ctx.close();
  });

  it('sorts by any column and filters by branch and by text', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    // By name (the default): Ленинский, Северный, Южный.
    expect(await codes(page)).toEqual(['MSK-LEN', 'MSK-SEV', 'KRD-YUG']);
    await page.getByTestId('sort-waiting').click();
    expect(await codes(page)).toEqual(['KRD-YUG', 'MSK-SEV', 'MSK-LEN']); // 12, 11, 7
    expect(await page.locator('th[aria-sort="descending"]').count()).toBe(1);
    await page.getByTestId('sort-waiting').click();
    expect(await codes(page)).toEqual(['MSK-LEN', 'MSK-SEV', 'KRD-YUG']);
    await page.getByTestId('sort-within').click(); // Южный has no share yet: last either way
    expect(await codes(page)).toEqual(['MSK-LEN', 'MSK-SEV', 'KRD-YUG']);
    await page.getByTestId('sort-within').click();
    expect(await codes(page)).toEqual(['MSK-SEV', 'MSK-LEN', 'KRD-YUG']);
    await page.getByTestId('sort-sync').click(); // worst link first
    expect((await codes(page))[0]).toBe('KRD-YUG');

    await page.getByTestId('branch-filter').selectOption({ label: 'Южный филиал' });
    expect(await codes(page)).toEqual(['KRD-YUG']);
    expect(await page.getByTestId('sum-offices').locator('dd').textContent()).toBe('1');
    await page.getByTestId('branch-filter').selectOption({ label: 'Центральный филиал' });
    expect((await codes(page)).sort()).toEqual(['MSK-LEN', 'MSK-SEV']);
    await page.getByTestId('office-search').fill('север');
    expect(await codes(page)).toEqual(['MSK-SEV']);
    await page.getByTestId('office-search').fill('нет такого');
    expect(await page.getByTestId('no-offices').isVisible()).toBe(true);
    await ctx.close();
  });

  it('drills into an office: the hall read-only, the link, incidents acknowledged by the administrator', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    await row(page, 'MSK-LEN').getByTestId('office-link').click();
    await page.getByTestId('office-page').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/offices/${ids.lenin}`);
    expect(await text(page, 'office-name')).toBe('ЦОК Ленинский');
    const queue = page.getByTestId('queue-row');
    expect(await queue.count()).toBe(2);
    expect(await queue.nth(0).textContent()).toContain('А-014');
    expect(await queue.nth(0).textContent()).toContain('Оплата');
    expect(await queue.nth(0).textContent()).toContain('14 мин / норм. 10');
    expect(await queue.nth(0).getAttribute('data-over')).toBe('true');
    expect(await queue.nth(1).getAttribute('data-over')).toBe('false');
    const windows = page.getByTestId('window-row');
    expect(await windows.count()).toBe(3);
    expect(await windows.nth(0).textContent()).toContain('Иванова А. П.');
    expect(await windows.nth(0).textContent()).toContain('обслуживает');
    expect(await windows.nth(0).textContent()).toContain('А-011');
    expect(await windows.nth(1).textContent()).toContain('перерыв');
    expect(await windows.nth(1).textContent()).toContain('12 мин');
    expect(await text(page, 'ack-seq')).toBe('1 520');
    expect(await text(page, 'backlog')).toBe('3');
    expect(await text(page, 'office-alarms')).toContain('Киоск у входа: мало бумаги');
    // Read-only hall: nothing in it can be pressed.
    expect(await page.locator('[data-testid="hall-queue"] button, [data-testid="hall-windows"] button').count()).toBe(
      0,
    );
    await noOverflow(page);

    // A reload keeps the office (the path is the page).
    await page.reload();
    await page.getByTestId('office-page').waitFor();
    expect(await text(page, 'office-name')).toBe('ЦОК Ленинский');

    // Южный: the gap in plain words, acknowledged by the company administrator.
    await page.goto(`${hq.url}/offices/${ids.yug}`);
    const incident = page.getByTestId('incident');
    await incident.waitFor();
    expect(await incident.getAttribute('data-kind')).toBe('gap');
    expect(await incident.textContent()).toContain('Пропуск в журнале');
    await page.screenshot({ path: join(SHOTS, 'office-incident-1366.png'), fullPage: true });
    await incident.getByTestId('ack-incident').click();
    await page.getByText('Открытых происшествий нет').waitFor();
    const open = await sql(
      'SELECT count(*)::int AS n FROM office_incidents WHERE office_id = $1 AND acked_at IS NULL',
      [ids.yug],
    );
    expect(open.rows[0].n).toBe(0);

    // A new key: shown once with its warning; the old one stops working at once.
    expect((await hello(yugKey)).status).toBe(200);
    await page.getByTestId('rotate-key').click();
    await page.getByTestId('rotate-key-yes').click();
    await page.getByTestId('key-once').waitFor();
    const fresh = await text(page, 'api-key');
    expect(fresh).not.toBe(yugKey);
    expect((await hello(yugKey)).status).toBe(401);
    expect((await hello(fresh)).status).toBe(200);
    await page.getByTestId('key-done').click();
    expect(await page.content()).not.toContain(fresh);

    await page.getByTestId('back').click();
    await page.getByTestId('overview').waitFor();
    await expect.poll(() => row(page, 'KRD-YUG').getByTestId('attention').count(), { timeout: 10_000 }).toBe(0);
    await ctx.close();
  });

  it('reports the seeded period: offices ranked, services, topics, operators, days; the XLSX arrives', async () => {
    const ctx = await browser.newContext({
      viewport: { width: 1366, height: 768 },
      locale: 'ru-RU',
      acceptDownloads: true,
    });
    const page = await signIn(ctx);
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('period-from').fill(DAY1);
    await page.getByTestId('period-to').fill(DAY2);
    await expect.poll(() => page.getByTestId('rep-offices-row').count(), { timeout: 15_000 }).toBe(3);
    await page.locator('[data-testid="reports"][data-loading="false"]').waitFor();
    const ranked = await page
      .getByTestId('rep-offices-row')
      .evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent?.trim())));
    // Ленинский 34/36 = 94,4 %, Южный 18/20 = 90 %, Северный 15/25 = 60 %.
    expect(ranked.map((r) => [r[0], r[1]?.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['1', 'ЦОК Ленинский'],
      ['2', 'ЦОК Южный'],
      ['3', 'ЦОК Северный'],
    ]);
    expect(ranked[0]?.[2]).toBe('40'); // visits
    expect(ranked[0]?.[3]).toBe('36'); // served
    expect(ranked[0]?.[4]).toBe('5,5 мин'); // (18·300 + 18·360) / 36 s
    expect(ranked[0]?.[5]).toBe('94,4 %');
    expect(ranked[2]?.[5]).toBe('60,0 %');
    expect(await page.getByTestId('total-visits').locator('dd').textContent()).toBe('90');
    expect(await page.getByTestId('rep-services-row').count()).toBe(2);
    expect(await page.getByTestId('rep-services').textContent()).toContain('Консультация');
    expect(await page.getByTestId('rep-topics').textContent()).toContain('Показания счётчика');
    expect(await page.getByTestId('rep-operators').textContent()).toContain('Иванова А. П.');
    expect(await page.getByTestId('rep-days-row').count()).toBe(2);

    // The branch narrows the report.
    await page.getByTestId('report-branch').selectOption({ label: 'Южный филиал' });
    await expect.poll(() => page.getByTestId('rep-offices-row').count(), { timeout: 10_000 }).toBe(1);
    await page.getByTestId('report-branch').selectOption('');
    await expect.poll(() => page.getByTestId('rep-offices-row').count(), { timeout: 10_000 }).toBe(3);
    await noOverflow(page);
    await page.screenshot({ path: join(SHOTS, 'reports-1366.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-xlsx').click()]);
    expect(download.suggestedFilename()).toBe(`talon-hq-${DAY1}_${DAY2}.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const cells: string[] = [];
    wb.eachSheet((sheet) => sheet.eachRow((r) => r.eachCell((c) => cells.push(String(c.value)))));
    expect(cells).toContain('MSK-LEN');
    expect(cells.some((c) => c.includes('Ленинский'))).toBe(true);

    // A quick period puts both dates.
    await page.getByTestId('quick-lastMonth').click();
    expect(await page.getByTestId('quick-lastMonth').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('period-from').inputValue()).toMatch(/^\d{4}-\d{2}-01$/);
    await ctx.close();
  });

  it('registers an office and shows its key once, with the command that connects it; the key works', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    await page.getByTestId('nav-structure').click();
    await page.getByTestId('office-code').fill('SPB-NEV');
    await page.getByTestId('office-name-ru').fill('ЦОК Невский');
    await page.getByTestId('office-name-en').fill('Nevsky office');
    await page.getByTestId('office-branch').selectOption({ label: 'Центральный филиал' });
    await page.getByTestId('office-submit').click();
    await page.getByTestId('key-once').waitFor();
    const key = await text(page, 'api-key');
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(await text(page, 'connect-command')).toBe(`talon serve --hq ${hq.url} --hq-key ${key}`);
    expect(await text(page, 'key-warning')).toContain('один раз');
    await page.screenshot({ path: join(SHOTS, 'office-registered-1366.png'), fullPage: true });
    await noOverflow(page);

    // The key shown is the one head office accepts.
    const welcome = await hello(key);
    expect(welcome.status).toBe(200);
    expect(((await welcome.json()) as { code: string }).code).toBe('SPB-NEV');

    // Once: gone from the page after «Готово», and nowhere to get it again.
    await page.getByTestId('key-done').click();
    expect(await page.getByTestId('key-once').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
    await page.locator('[data-testid="structure-office"][data-code="SPB-NEV"]').waitFor();
    // A taken code is refused in words, and nothing is shown as a key.
    await page.getByTestId('office-code').fill('SPB-NEV');
    await page.getByTestId('office-name-ru').fill('Ещё один');
    await page.getByTestId('office-branch').selectOption({ label: 'Центральный филиал' });
    await page.getByTestId('office-submit').click();
    await page.locator('[data-testid="office-error"][data-code="OFFICE_CODE_TAKEN"]').waitFor();
    expect(await page.getByTestId('key-once').count()).toBe(0);
    await page.getByTestId('nav-overview').click();
    await row(page, 'SPB-NEV').waitFor();
    await ctx.close();
  });

  it('publishes a profile: bad JSON is caught on the form, the server’s issues shown beside it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    await page.getByTestId('nav-profiles').click();
    await page.getByTestId('profile-title').fill('Нормативы 2027');
    await page.getByTestId('key-normPreset').check();
    expect(await page.getByTestId('key-normPreset').locator('xpath=..').textContent()).toContain('Профиль нормативов');
    await page.getByTestId('json-normPreset').fill('"rosatom');
    expect(await text(page, 'json-normPreset-error')).toContain('Это не JSON');
    await page.getByTestId('publish').click();
    expect(await text(page, 'publish-form-error')).toBe('Исправьте значения, отмеченные красным');
    // Valid JSON, but not a norm preset: the server's PROFILE_INVALID with its issues.
    await page.getByTestId('json-normPreset').fill('"nowhere"');
    await page.getByTestId('publish').click();
    const problem = page.getByTestId('publish-error');
    await problem.waitFor();
    expect(await problem.getAttribute('data-code')).toBe('PROFILE_INVALID');
    expect(await page.getByTestId('publish-error-issues').textContent()).toContain('normPreset');
    expect(await text(page, 'json-normPreset-issue')).toContain('normPreset');
    await noOverflow(page);
    await page.screenshot({ path: join(SHOTS, 'profile-invalid-1366.png'), fullPage: true });

    await page.getByTestId('json-normPreset').fill('"rosatom"');
    await page.getByTestId('key-holidays').check();
    await page.getByTestId('json-holidays').fill('["2027-01-01", "2027-01-02"]');
    await page.getByTestId('local-holidays').check();
    await page.getByTestId('publish').click();
    await page.getByTestId('published').waitFor();
    const profile = page.locator('[data-testid="profile-row"]').first();
    expect(await profile.textContent()).toContain('Нормативы 2027');
    expect(await profile.textContent()).toContain('вся компания');
    const stored = await sql('SELECT config, local FROM profiles ORDER BY version DESC LIMIT 1');
    expect(stored.rows[0].config).toEqual({ normPreset: 'rosatom', holidays: ['2027-01-01', '2027-01-02'] });
    expect(stored.rows[0].local).toEqual(['holidays']);
    await ctx.close();
  });

  it('an analyst added on the screen sees read-only screens: no admin buttons', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-login').fill('analyst.olga');
    await page.getByTestId('user-name').fill('Ольга Аналитик');
    await page.getByTestId('user-password').fill('analyst-password-1');
    await page.getByTestId('user-role').selectOption('analyst');
    await page.getByTestId('user-submit').click();
    await page.locator('[data-testid="user-row"][data-login="analyst.olga"]').waitFor();
    await noOverflow(page);
    await ctx.close();

    const actx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const analyst = await signIn(actx, 'analyst.olga', 'analyst-password-1');
    expect(await text(analyst, 'hq-user')).toContain('Аналитик');
    expect(await analyst.getByTestId('nav-structure').count()).toBe(0);
    expect(await analyst.getByTestId('nav-users').count()).toBe(0);
    await row(analyst, 'KRD-YUG').getByTestId('office-link').click();
    await analyst.getByTestId('office-page').waitFor();
    expect(await analyst.getByTestId('office-key').count()).toBe(0);
    expect(await analyst.getByTestId('rotate-key').count()).toBe(0);
    expect(await analyst.getByTestId('ack-incident').count()).toBe(0);
    await analyst.getByTestId('nav-profiles').click();
    await analyst.getByTestId('profiles-table').waitFor();
    expect(await analyst.getByTestId('publish-form').count()).toBe(0);
    // An administrator's link does not open an administrator's page.
    await analyst.goto(`${hq.url}/users`);
    await analyst.getByTestId('overview').waitFor();
    // The session outlives a reload (localStorage, expiry on this browser's clock).
    await analyst.reload();
    await analyst.getByTestId('overview').waitFor();
    // A session head office no longer holds ends on the next request: back to the sign-in form.
    await sql(
      "UPDATE hq_sessions SET expires_at = now() - interval '1 second' WHERE user_id = (SELECT id FROM hq_users WHERE login = 'analyst.olga')",
    );
    await analyst.getByTestId('nav-reports').click();
    await analyst.getByTestId('login-submit').waitFor({ timeout: 15_000 });
    expect(await analyst.evaluate(() => localStorage.getItem('talon.hq.session'))).toBeNull();
    await actx.close();
  });

  it('speaks English on the toggle, and fits 1366×768, 1920×1080 and 1280×1024 in both contrasts', async () => {
    // Южный said hello with its new key above: silent again for 12 minutes.
    await sql("UPDATE office_sync SET last_seen_at = now() - interval '12 minutes' WHERE office_id = $1", [ids.yug]);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const page = await signIn(ctx);
    await page.getByTestId('lang-toggle').click();
    expect(await text(page, 'nav-overview')).toBe('Company');
    expect(await text(page, 'sort-waiting')).toBe('Waiting');
    expect(await row(page, 'KRD-YUG').getByTestId('sync').textContent()).toMatch(/no link 1\d min/);
    expect(await cell(page, 'MSK-LEN', 'longest').textContent()).toBe('14 min / norm 10');
    expect(await row(page, 'MSK-LEN').textContent()).toContain('Leninsky office');
    await page.screenshot({ path: join(SHOTS, 'overview-en-1366.png'), fullPage: true });
    await page.getByTestId('lang-toggle').click();
    expect(await text(page, 'nav-overview')).toBe('Компания');

    const sizes = [
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
      { width: 1280, height: 1024 },
    ];
    for (const contrast of ['normal', 'high'] as const) {
      if (contrast === 'high') await page.getByTestId('contrast-toggle').click();
      expect(await page.evaluate(() => document.documentElement.classList.contains('high-contrast'))).toBe(
        contrast === 'high',
      );
      for (const size of sizes) {
        await page.setViewportSize(size);
        for (const [name, go] of [
          ['overview', () => page.getByTestId('nav-overview').click()],
          ['office', () => row(page, 'MSK-LEN').getByTestId('office-link').click()],
          ['reports', () => page.getByTestId('nav-reports').click()],
          ['profiles', () => page.getByTestId('nav-profiles').click()],
          ['structure', () => page.getByTestId('nav-structure').click()],
          ['users', () => page.getByTestId('nav-users').click()],
        ] as const) {
          if (name === 'office') await page.getByTestId('nav-overview').click();
          await go();
          await page.locator('main .page').first().waitFor();
          await page.waitForLoadState('networkidle');
          await noOverflow(page);
          if (size.width !== 1280 && ['overview', 'office', 'reports'].includes(name))
            await page.screenshot({ path: join(SHOTS, `${name}-${size.width}-${contrast}.png`) });
        }
      }
    }
    // Every button and tab is a large target.
    const small = await page.evaluate(() =>
      [...document.querySelectorAll('button, a.nav-tab, select, input')]
        .filter((el) => (el as HTMLElement).offsetParent !== null)
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.height < 40 && !(el instanceof HTMLInputElement && el.type === 'checkbox');
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(small).toEqual([]);
    await ctx.close();
  });
});
