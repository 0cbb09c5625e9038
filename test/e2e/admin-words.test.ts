import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActiveAlarms, Alarm, ConfigResponse, OfficeConfig } from '@talon/protocol';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 14, the administrator's screen in Russian: no raw ids among the words (device kinds, field names,
 * policy and style ids, «seed»), versions numbered 1, 2, 3, a re-paired device leaves no ghost, the wall
 * fits a 1920×1080 (and 1366×768) screen, the report shows priority, booking and onboarding counts.
 * Screenshots go to $TMPDIR/talon-shots/admin/.
 */
const SHOTS = join(process.env.TMPDIR ?? tmpdir(), 'talon-shots', 'admin');
const MIN = 60_000;
/** Raw ids that must never be a word of the Russian screen. */
const RAW = [
  'wall',
  'board',
  'kiosk',
  'rescueAfterNormTimes',
  'norm-deadline',
  'natural',
  'leading-zeros',
  'digits',
  'seed',
];
const RAW_WORD = new RegExp(`(^|[^A-Za-z-])(${RAW.join('|')})(?![A-Za-z-])`, 'i');

let s: TestServer;
let browser: Browser;
let admin: string;
let config: string;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  mkdirSync(SHOTS, { recursive: true });
  s = await startTestServer();
  browser = await launchBrowser();
  admin = (await s.login('admin', 'admin-talon')).token;
  config = (await s.login('config', 'config-talon')).token;
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function api<T>(method: string, path: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await res.json()) as T;
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

const pairingCode = async (role: string, name: string) =>
  (await api<{ code: string }>('POST', '/api/devices/pairing-codes', admin, { role, name })).code;

const activeAlarms = async (): Promise<Alarm[]> => (await api<ActiveAlarms>('GET', '/api/alarms', admin)).active;

async function moveClock(ms: number) {
  await api('POST', '/api/test/clock', admin, { advanceMs: ms });
}

async function signIn(ctx: BrowserContext, login = 'config', password = 'config-talon'): Promise<Page> {
  const page = await ctx.newPage();
  await page.goto(`${s.url}/admin/`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('monitor').waitFor({ timeout: 15_000 });
  return page;
}

/** Every visible text node of the page (option labels included), with the raw ids among them. */
async function rawWords(page: Page): Promise<string[]> {
  const texts = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = n.textContent?.trim() ?? '';
      if (!el || !text || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName)) continue;
      // an <option>'s box is its <select>'s; anything else must be rendered
      const shown = el.tagName === 'OPTION' || el.getClientRects().length > 0;
      if (shown) out.push(text);
    }
    return out;
  });
  return texts.filter((t) => RAW_WORD.test(t));
}

async function shot(page: Page, name: string) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: !name.startsWith('wall') });
}

describe('the administrator’s screen speaks Russian, numbers versions and keeps no ghosts', () => {
  it('walks every page of the Russian screen: no raw ids; versions 1, 2, 3; device alarms apart; a re-paired board is one device', async () => {
    // The hall: a priority ticket, a booking checked in, both served with digital onboarding.
    const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
    const op = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    const prio = await s.command(kiosk, {
      type: 'issueTicket',
      topicId: 'billing',
      segmentId: 'individual',
      priorityCategoryId: 'disability',
    });
    expect(prio.body.ok).toBe(true);
    const slotAt = s.clock.now() + 5 * MIN;
    expect(
      (await s.command(admin, { type: 'createAppointment', code: '4321', serviceId: 'consult', slotAt })).body.ok,
    ).toBe(true);
    expect((await s.command(kiosk, { type: 'checkIn', code: '4321' })).body.ok).toBe(true);
    for (let i = 0; i < 2; i++) {
      expect((await s.command(op, { type: 'callNext' })).body.ok).toBe(true);
      expect((await s.command(op, { type: 'startService' })).body.ok).toBe(true);
      const done = await s.command(op, { type: 'finishService', outcomes: ['resolved'], digitalOnboarding: true });
      expect(done.body.ok).toBe(true);
    }
    // one more waiting, so the monitor has a queue
    await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });

    // Two saves: versions 2 and 3 (the demo's first configuration is 1).
    const cur = await api<ConfigResponse>('GET', '/api/config', config);
    const next: OfficeConfig = structuredClone(cur.config);
    const ivanova = next.operators.find((o) => o.id === 'op1');
    if (!ivanova) throw new Error('op1');
    ivanova.skills = [...ivanova.skills, 'cash'];
    const v2 = await api<{ version: number; number: number }>('PUT', '/api/config', config, {
      config: next,
      baseVersion: cur.version,
    });
    expect(v2.number).toBe(2);
    next.rules.dispatchPolicy = 'oldest-with-priority';
    next.rules.rescueAfterNormTimes = 3;
    const v3 = await api<{ version: number; number: number }>('PUT', '/api/config', config, {
      config: next,
      baseVersion: v2.version,
    });
    expect(v3.number).toBe(3);

    // A board heard from and gone: after 11 minutes of silence its offline alarm is up.
    const board1 = await s.pair('board', 'Табло у входа');
    const live1 = await s.connect('board', board1.token);
    live1.close();
    const wall = await s.pair('wall', 'Экран над стойкой');
    (await s.connect('wall', wall.token)).close();
    await moveClock(11 * MIN);
    await expect
      .poll(
        async () =>
          (await activeAlarms()).filter((a) => a.kind === 'device-offline' && a.subject.deviceId === board1.deviceId)
            .length,
        { timeout: 10_000 },
      )
      .toBe(1);

    const ctx = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'ru-RU',
      acceptDownloads: true,
    });
    const page = await signIn(ctx);
    const found: Record<string, string[]> = {};
    const walk = async (name: string) => {
      await page.waitForTimeout(300);
      found[name] = await rawWords(page);
      await shot(page, name);
    };

    // the monitor: device kinds in words
    await page.locator('[data-testid="dev-row"]').first().waitFor({ timeout: 10_000 });
    const kinds = await page.locator('[data-testid="dev-row"] td:nth-child(2)').allTextContents();
    expect(kinds).toEqual(expect.arrayContaining(['Табло', 'Большой экран', 'Киоск']));
    await walk('monitor');

    // the alarms: the device's apart from the queue's, in words
    await page.getByTestId('nav-alarms').click();
    const equipment = page.getByTestId('alarm-group-equipment');
    await equipment.waitFor({ timeout: 10_000 });
    expect(await equipment.locator('[data-kind="device-offline"]').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('alarm-group-queue').locator('[data-kind="device-offline"]').count()).toBe(0);
    expect(await equipment.textContent()).toContain('Табло «Табло у входа» не на связи');
    await walk('alarms');
    await page.screenshot({ path: join(SHOTS, 'alarms-top.png') });

    // every section of the settings form, the versions, the audit, the presets, the devices
    await page.getByTestId('nav-config').click();
    await page.getByTestId('cfg-section-office').waitFor({ timeout: 10_000 });
    const sections = await page
      .locator('[data-testid^="cfg-section-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
    for (const id of sections) {
      if (id === 'cfg-section-users') continue;
      await page.getByTestId(id).click();
      await page.waitForTimeout(150);
      if (id === 'cfg-section-dispatch') {
        const policy = page.getByTestId('cfg-rules.dispatchPolicy');
        expect(await policy.evaluate((el) => el.tagName)).toBe('SELECT');
        expect(await policy.locator('option:checked').textContent()).toBe('Самый ранний талон с приоритетом');
        expect(await page.getByTestId('cfg-rules.dispatchPolicy-hint').textContent()).toMatch(/по порядку выдачи/i);
      }
      if (id === 'cfg-section-board') {
        const set = page.getByTestId('cfg-board-set');
        if (await set.count()) await set.click();
      }
      await walk(`settings-${id.replace('cfg-section-', '')}`);
    }

    // versions 1, 2, 3, with the change in words
    await page.getByTestId('cfg-section-versions').click();
    await page.getByTestId('version-row').first().waitFor();
    expect(await page.getByTestId('version-number').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^3/), expect.stringMatching(/^2/), expect.stringMatching(/^1/)]),
    );
    const numbers = await page
      .locator('[data-testid="version-row"]')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-number'))));
    expect(numbers).toEqual([3, 2, 1]);
    const changes = await page.locator('[data-testid="version-row"][data-number="2"] .changes').textContent();
    expect(changes).toContain('Оператор Иванова Анна Сергеевна: добавлена услуга «Оплата»');
    expect(changes).not.toMatch(/skills|\[|\]/);
    const third = await page.locator('[data-testid="version-row"][data-number="3"] .changes').textContent();
    expect(third).toContain('«Срок по нормативу со страховкой» → «Самый ранний талон с приоритетом»');
    await page.screenshot({ path: join(SHOTS, 'versions-table.png') });
    await page.getByTestId(`version-view-${v2.version}`).click();
    await page.getByTestId('version-view').waitFor();
    expect(await page.getByTestId('version-view').locator('h3').textContent()).toContain('Версия 2');
    await walk('versions');

    await page.getByTestId('cfg-section-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    await walk('audit');

    // the reports: today, with the priority, booking and onboarding counts
    await page.getByTestId('nav-reports').click();
    await page.getByTestId('reports').waitFor({ timeout: 15_000 });
    const value = (id: string) => page.getByTestId(id).first().getAttribute('data-value', { timeout: 15_000 });
    await expect.poll(() => value('summary-priority'), { timeout: 15_000 }).toBe('1');
    expect(await value('summary-appointments')).toBe('1');
    expect(await value('summary-digital-onboarding')).toBe('2');
    await walk('reports');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsx-summary').click(),
    ]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(await download.path());
    const sheet = wb.getWorksheet('Сводка');
    if (!sheet) throw new Error('no summary sheet');
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const total = (sheet.getRow(2).values as unknown[]).slice(1);
    const cell = (h: string) => total[header.indexOf(h)];
    expect(cell('Приоритетные')).toBe(1);
    expect(cell('По записи')).toBe(1);
    expect(cell('Подключены к цифровым сервисам')).toBe(2);

    // the wall screen of the signed-in administrator
    await page.getByTestId('wall-toggle').click();
    await page.getByTestId('wall').waitFor();
    await walk('wall-admin');

    for (const [name, words] of Object.entries(found)) expect({ name, words }).toEqual({ name, words: [] });

    // The board is paired again under the same name: the silent one is replaced, its alarm clears.
    const board2 = await s.pair('board', 'Табло у входа');
    expect(board2.replaced).toEqual([{ deviceId: board1.deviceId, name: 'Табло у входа' }]);
    const live2 = await s.connect('board', board2.token);
    await expect
      .poll(
        async () =>
          (await activeAlarms()).filter((a) => a.kind === 'device-offline' && a.subject.deviceId === board1.deviceId)
            .length,
        {
          timeout: 10_000,
        },
      )
      .toBe(0);
    await page.getByTestId('wall-exit').click();
    const boards = page.locator('[data-testid="dev-row"]', { hasText: 'Табло у входа' });
    await expect.poll(() => boards.count(), { timeout: 10_000 }).toBe(1);
    expect(await boards.getAttribute('data-device')).toBe(board2.deviceId);
    expect(s.store.listDevices(s.clock.now()).filter((d) => d.name === 'Табло у входа')).toHaveLength(1);
    await shot(page, 'monitor-after-repair');
    live2.close();
    await ctx.close();
  });

  it('a wall screen paired again from the same browser replaces itself, and fits 1920×1080 and 1366×768', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await page.goto(`${s.url}/admin/?pair=${await pairingCode('wall', 'Экран в зале')}#wall`);
    const wall = page.locator('[data-testid="wall"][data-device="wall"]');
    await wall.waitFor({ timeout: 10_000 });
    await expect
      .poll(() => s.store.listDevices(s.clock.now()).filter((d) => d.name === 'Экран в зале' && d.online).length)
      .toBe(1);
    const first = s.store.listDevices(s.clock.now()).find((d) => d.name === 'Экран в зале');
    // the same browser, a new code (a reinstall, a new link): the old record goes though it is still online
    await page.goto(`${s.url}/admin/?pair=${await pairingCode('wall', 'Экран в зале')}#wall`);
    await wall.waitFor({ timeout: 10_000 });
    await expect
      .poll(() =>
        s.store
          .listDevices(s.clock.now())
          .filter((d) => d.name === 'Экран в зале')
          .map((d) => d.deviceId),
      )
      .toEqual([expect.not.stringMatching(first?.deviceId ?? '')]);

    for (const [width, height] of [
      [1920, 1080],
      [1366, 768],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.getByTestId('win-card').first().waitFor({ timeout: 10_000 });
      await page.waitForTimeout(300);
      await shot(page, `wall-${width}x${height}`);
      const fit = await page.evaluate(() => ({
        scroll: document.scrollingElement?.scrollHeight ?? 0,
        inner: window.innerHeight,
        bottoms: [...document.querySelectorAll('[data-testid="win-card"], [data-testid="svc-row"]')].map(
          (e) => e.getBoundingClientRect().bottom,
        ),
      }));
      expect(fit.bottoms.length).toBeGreaterThan(0);
      for (const b of fit.bottoms) expect(b).toBeLessThanOrEqual(height);
      expect(fit.scroll).toBeLessThanOrEqual(fit.inner);
      expect(await rawWords(page)).toEqual([]);
    }
    await ctx.close();
  });
});
