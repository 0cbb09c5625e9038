import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResponse, LoginResponse } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { OFFICE_MORNING } from '../support/server.js';

/**
 * A real office commissioned from nothing, in real Chromium: a server on an empty data folder without the
 * demo prints its setup link; the wizard configures the office; its administrator signs in, adds an operator,
 * pairs a kiosk and a board; a visitor takes a ticket and the board shows its call.
 */

let browser: Browser;
const dirs: string[] = [];
const servers: RunningServer[] = [];

beforeAll(async () => {
  for (const dir of ['admin/dist', 'kiosk/dist', 'display-board/dist'])
    if (!existsSync(join(REPO_ROOT, dir, 'index.html')))
      throw new Error(`${dir} is not built: run "npm run build:ui" first`);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  for (const s of servers) await s.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A new office server as `talon serve` starts it on an empty folder: no demo, no configuration. */
async function freshServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'talon-e2e-setup-'));
  dirs.push(dataDir);
  const printed: string[] = [];
  const server = await startServer({
    dataDir,
    clock: new VirtualClock(OFFICE_MORNING),
    tickMs: 0,
    setup: { onLink: (url) => printed.push(url) },
  });
  servers.push(server);
  // the link as the person reads it: from the file the server wrote beside its database
  const link = readFileSync(join(dataDir, 'setup-link.txt'), 'utf8').trim();
  expect(printed).toEqual([link]);
  return { server, link, dataDir };
}

async function newPage(width = 1366, height = 768): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width, height }, locale: 'ru-RU' });
  return ctx.newPage();
}

async function post<T>(s: RunningServer, path: string, body: unknown, token?: string) {
  const res = await fetch(s.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

describe('commissioning a real office in Chromium', () => {
  it('setup link → wizard → sign in → operator, kiosk and board → a ticket issued, called and shown', async () => {
    const { server: s, link, dataDir } = await freshServer();

    // the setup page refuses without the token and with a wrong one, and says so
    const refused = await newPage();
    for (const bad of [`${s.url}/admin/?setup=`, `${s.url}/admin/?setup=not-the-right-token`]) {
      await refused.goto(bad);
      await refused.getByTestId('setup-invalid').waitFor({ timeout: 10_000 });
      expect(await refused.getByTestId('setup-invalid').textContent()).toContain('неверна или уже использована');
    }
    expect(await refused.getByTestId('setup-wizard').count()).toBe(0);

    // the wizard, in Russian: office → norms → windows and hours → administrator → done
    const page = await newPage();
    await page.goto(link);
    const wizard = page.getByTestId('setup-wizard');
    await wizard.waitFor({ timeout: 10_000 });
    expect(await wizard.getAttribute('data-step')).toBe('office');
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-issue-nameRu').waitFor(); // the name is required
    await page.getByTestId('setup-office-name').fill('ЦОК «Заречный»');
    await page.getByTestId('setup-office-name-en').fill('Zarechny office');
    await page.getByTestId('setup-office-address').fill('г. Самара, ул. Заречная, 3');
    await page.getByTestId('setup-office-tz').fill('Europe/Samara');
    await page.getByTestId('setup-next').click();

    await expect.poll(() => wizard.getAttribute('data-step')).toBe('norms');
    await page.getByTestId('setup-preset-kostroma').check();
    await page.getByTestId('setup-preset-norms').waitFor();
    expect(await page.getByTestId('setup-preset-norms').textContent()).toContain('15');
    await page.getByTestId('setup-next').click();

    await expect.poll(() => wizard.getAttribute('data-step')).toBe('hall');
    await page.getByTestId('setup-windows-count').fill('3');
    await page.getByTestId('setup-windows-2').fill('5');
    await page.getByTestId('setup-cabinets-count').fill('1');
    expect(await page.getByTestId('setup-cabinets-0').inputValue()).toBe('6');
    await page.getByTestId('setup-day-sat-office-open').uncheck();
    await page.getByTestId('setup-day-mon-reception-from').fill('09:00');
    await page.getByTestId('setup-day-mon-reception-to').fill('17:00');
    // reception outside office hours is refused on the page, before anything is sent
    await page.getByTestId('setup-day-tue-reception-to').fill('19:00');
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-issue-day.tue.reception').waitFor();
    await page.getByTestId('setup-day-tue-reception-to').fill('17:30');
    await page.getByTestId('setup-next').click();

    await expect.poll(() => wizard.getAttribute('data-step')).toBe('admin');
    expect(await page.getByTestId('setup-password-rule').textContent()).toContain('Не короче 10 знаков');
    await page.getByTestId('setup-admin-login').fill('zav');
    await page.getByTestId('setup-admin-name').fill('Ольга Заведующая');
    await page.getByTestId('setup-admin-password').fill('korotkiy');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-issue-password').waitFor(); // the rule, enforced on the page too
    expect(s.office.config).toBeNull();
    await page.getByTestId('setup-admin-password').fill('Zarechny2026');
    await page.getByTestId('setup-admin-password2').fill('Zarechny2026');
    expect(await page.getByTestId('setup-summary').textContent()).toContain('5');
    await page.getByTestId('setup-submit').click();

    const done = page.getByTestId('setup-done');
    await done.waitFor({ timeout: 10_000 });
    expect(await done.textContent()).toContain('ЦОК «Заречный»');
    for (const id of ['signin', 'devices', 'users'])
      expect(await page.getByTestId(`setup-done-${id}`).getAttribute('href')).toMatch(/^\/admin\//);
    const cfg = s.office.config;
    expect(cfg).toMatchObject({
      name: { ru: 'ЦОК «Заречный»', en: 'Zarechny office' },
      address: 'г. Самара, ул. Заречная, 3',
      timeZone: 'Europe/Samara',
      normPreset: 'kostroma',
    });
    expect(cfg?.windows.map((w) => `${w.kind} ${w.number}`)).toEqual(['window 1', 'window 2', 'window 5', 'cabinet 6']);
    expect(cfg?.officeHours.sat).toBeUndefined();
    expect(cfg?.receptionHours.mon).toEqual([['09:00', '17:00']]);
    expect(existsSync(join(dataDir, 'setup-link.txt'))).toBe(false);

    // the link, opened again, says the office is set up and leads to the sign-in
    const again = await newPage();
    await again.goto(link);
    await again.getByTestId('setup-already').waitFor({ timeout: 10_000 });
    expect(await again.getByTestId('setup-already').textContent()).toContain('Офис уже настроен');
    expect(await again.getByTestId('setup-signin-link').getAttribute('href')).toBe('/admin/');

    // sign in as the new configuration administrator from the done page
    await page.getByTestId('setup-done-signin').click();
    await page.getByTestId('login').fill('zav');
    await page.getByTestId('password').fill('Zarechny2026');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('admin-user').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('admin-user').textContent()).toBe('Ольга Заведующая');

    // Settings → Logins: an operator for the first operator place
    await page.getByTestId('nav-config').click();
    await page.getByTestId('cfg-section-users').click();
    await page.getByTestId('user-new').waitFor({ timeout: 10_000 });
    await page.getByTestId('user-new-login').fill('ivanova');
    await page.getByTestId('user-new-name').fill('Иванова Анна');
    await page.getByTestId('user-new-role').selectOption('operator');
    await page.getByTestId('user-new-operator').selectOption('op1');
    await page.getByTestId('user-new-password').fill('ivanova-2026');
    await page.getByTestId('user-new-submit').click();
    await page.locator('[data-testid="user-row"][data-login="ivanova"]').waitFor({ timeout: 10_000 });

    // Settings → Devices: pairing codes for a kiosk and a board, each opened on its own device
    await page.getByTestId('cfg-section-devices').click();
    const pairingLink = async (role: 'kiosk' | 'board', name: string) => {
      await page.getByTestId('pairing-role').selectOption(role);
      await page.getByTestId('pairing-name').fill(name);
      await page.getByTestId('pairing-create').click();
      const a = page.getByTestId('pairing-code-shown').locator(`a[href^="/${role}/?pair="]`);
      await a.waitFor({ timeout: 10_000 });
      return (await a.getAttribute('href')) ?? '';
    };
    const kioskHref = await pairingLink('kiosk', 'Киоск у входа');
    const boardHref = await pairingLink('board', 'Табло в зале');

    const kioskCtx = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
      locale: 'ru-RU',
    });
    const kiosk = await kioskCtx.newPage();
    await kiosk.goto(s.url + kioskHref);
    const boardCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' });
    const board = await boardCtx.newPage();
    await board.goto(s.url + boardHref);

    // a visitor takes a ticket at the kiosk (no printer yet: the number is on the screen)
    await kiosk.getByTestId('segment-individual').click({ timeout: 15_000 });
    await kiosk.getByTestId('topic-cash-payment').click();
    const number = kiosk.getByTestId('kiosk-ticket-number');
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).toContain('О-001');

    // the operator signs in and calls it at window 5
    const op = await post<LoginResponse>(s, '/api/auth/login', { login: 'ivanova', password: 'ivanova-2026' });
    expect(op.status).toBe(200);
    const atWindow = await post<CommandResponse>(
      s,
      '/api/commands',
      { command: { type: 'operatorLogin', windowId: 'w5' } },
      op.body.token,
    );
    expect(atWindow.body.ok).toBe(true);
    const called = await post<CommandResponse>(s, '/api/commands', { command: { type: 'callNext' } }, op.body.token);
    expect(called.body.ok).toBe(true);

    // the board shows the number and the window
    const call = board.locator('[data-testid="board-call"][data-number="О-001"]');
    await call.first().waitFor({ timeout: 15_000 });
    expect(await call.first().getAttribute('data-window')).toBe('5');
    await kioskCtx.close();
    await boardCtx.close();
  });

  it('imports a configuration file in the wizard; a file that is not a configuration is refused on the page', async () => {
    const { server: s, link } = await freshServer();
    const page = await newPage(1920, 1080);
    await page.goto(link);
    await page.getByTestId('setup-wizard').waitFor({ timeout: 10_000 });
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByTestId('setup-office-name').fill('ЦОК «Импорт»');
    await page.getByTestId('setup-next').click();

    const file = page.getByTestId('setup-file-input');
    await file.setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"officeId":1}'),
    });
    await page.getByTestId('setup-file-error').waitFor();
    expect(await page.getByTestId('setup-file-error').textContent()).toContain('not a valid office configuration');
    await file.setInputFiles({
      name: 'tver.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(rosatomDemoOffice())),
    });
    await page.getByTestId('setup-file-summary').waitFor();
    expect(await page.getByTestId('setup-file-summary').textContent()).toContain('6 windows');
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-hall-from-file').waitFor();
    await page.getByTestId('setup-next').click();
    await page.getByTestId('setup-admin-login').fill('boss');
    await page.getByTestId('setup-admin-name').fill('Boss');
    await page.getByTestId('setup-admin-password').fill('Import-2026');
    await page.getByTestId('setup-admin-password2').fill('Import-2026');
    await page.getByTestId('setup-submit').click();
    await page.getByTestId('setup-done').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('setup-done').textContent()).toContain('The office is set up');
    expect(s.office.config).toMatchObject({
      officeId: 'demo-tver',
      name: { ru: 'ЦОК «Импорт»' },
      normPreset: 'rosatom',
    });
    expect(s.office.config?.windows).toHaveLength(6);
    expect((await post(s, '/api/auth/login', { login: 'boss', password: 'Import-2026' })).status).toBe(200);
  });
});
