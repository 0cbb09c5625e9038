import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  for (const dir of ['admin/dist', 'kiosk/dist', 'rating-terminal/dist'])
    if (!existsSync(join(REPO_ROOT, dir, 'index.html')))
      throw new Error(`${dir} is not built: run "npm run build:ui" first`);
  s = await startTestServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function signIn(page: Page, login: string, password: string, hash = '') {
  await page.goto(`${s.url}/admin/${hash}`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
}

async function kioskCode() {
  const admin = await s.login('admin', 'admin-talon');
  const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ role: 'kiosk', name: 'Киоск у входа' }),
  });
  return ((await res.json()) as { code: string }).code;
}

describe('configuration in real Chromium', () => {
  it('a topic added on the admin screen appears on an open kiosk without a restart; restoring the old version removes it', async () => {
    const kioskCtx = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
      locale: 'ru-RU',
    });
    const kiosk = await kioskCtx.newPage();
    await kiosk.goto(`${s.url}/kiosk/?pair=${await kioskCode()}`);
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-billing').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('topic-heating').count()).toBe(0);

    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page, 'config', 'config-talon', '#config/topics');
    const list = page.getByTestId('cfg-topics');
    await list.waitFor({ timeout: 10_000 });
    const n = Number(await list.getAttribute('data-count'));
    const versionBefore = Number(await page.getByTestId('config').getAttribute('data-version'));
    await page.getByTestId('cfg-topics-add').click();
    // an empty topic is not valid: saving is blocked until it is filled in
    expect(await page.getByTestId('config-save').isDisabled()).toBe(true);
    await page.getByTestId(`cfg-topics.${n}.id`).fill('heating');
    await page.getByTestId(`cfg-topics.${n}.name.ru`).fill('Теплоснабжение и горячая вода');
    await page.getByTestId(`cfg-topics.${n}.name.en`).fill('Heating and hot water');
    await page.getByTestId(`cfg-topics.${n}.segmentIds-individual`).check();
    await page.getByTestId(`cfg-topics.${n}.serviceId`).selectOption('consult');
    await expect.poll(() => page.getByTestId('config-save').isDisabled()).toBe(false);
    await page.getByTestId('config-save').click();
    const change = page.getByTestId('config-change');
    await change.first().waitFor({ timeout: 10_000 });
    expect(await change.allTextContents()).toEqual(['Темы обращений: добавлено «Теплоснабжение и горячая вода»']);
    expect(s.office.config?.topics.some((t) => t.id === 'heating')).toBe(false); // the review changed nothing
    await page.getByTestId('config-confirm').click();
    const saved = page.getByTestId('config-saved');
    await saved.waitFor({ timeout: 10_000 });
    expect(Number(await saved.getAttribute('data-version'))).toBeGreaterThan(versionBefore);
    expect(s.office.config?.topics.find((t) => t.id === 'heating')).toMatchObject({
      serviceId: 'consult',
      segmentIds: ['individual'],
    });

    // the kiosk, still on its topics screen, shows the new topic: no reload, no restart
    await kiosk.getByTestId('topic-heating').waitFor({ timeout: 10_000 });
    expect(await kiosk.getByTestId('topic-heating').textContent()).toContain('Теплоснабжение');

    // the version list says who changed what; restoring the previous version takes the topic away again
    await page.getByTestId('cfg-section-versions').click();
    const top = page.getByTestId('version-row').first();
    await expect.poll(() => top.getAttribute('data-current'), { timeout: 10_000 }).toBe('1');
    expect(await top.textContent()).toContain('Администратор настроек');
    expect(await top.textContent()).toContain('добавлено «Теплоснабжение и горячая вода»');
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId(`version-restore-${versionBefore}`).click();
    await expect.poll(() => s.office.config?.topics.some((t) => t.id === 'heating'), { timeout: 10_000 }).toBe(false);
    await expect.poll(() => kiosk.getByTestId('topic-heating').count(), { timeout: 10_000 }).toBe(0);

    await page.getByTestId('cfg-section-audit').click();
    await page.locator('[data-testid="audit-row"][data-action="config.restored"]').waitFor({ timeout: 10_000 });
    await ctx.close();
    await kioskCtx.close();
  });

  it('shows a validation error where it is and refuses to save it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page, 'config', 'config-talon', '#config/services');
    await page.getByTestId('cfg-services.0-toggle').click();
    await page.getByTestId('cfg-services.0.waitNormMin').fill('0');
    await page.locator('.cfg-field.invalid').first().waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('config-save').isDisabled()).toBe(true);
    expect(Number(await page.getByTestId('config-issues').getAttribute('data-count'))).toBeGreaterThan(0);
    expect(s.office.config?.services[0]?.waitNormMin).toBe(8);
    await ctx.close();
  });

  it('sets the address of a ticket printer from the devices section', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page, 'config', 'config-talon', '#config/devices');
    await page.getByTestId('printers').waitFor({ timeout: 10_000 });
    await page.getByTestId('printer-new-id').fill('entrance');
    await page.getByTestId('printer-new-name').fill('У входа');
    await page.getByTestId('printer-new-address').fill('tcp://127.0.0.1:9');
    await page.getByRole('button', { name: 'Добавить принтер' }).click();
    await page.locator('[data-testid="printer-row"][data-printer="entrance"]').waitFor({ timeout: 10_000 });
    const token = (await s.login('config', 'config-talon')).token;
    const res = await fetch(`${s.url}/api/printers`, { headers: { authorization: `Bearer ${token}` } });
    const printers = (await res.json()) as { config: { id: string; connection: string } }[];
    expect(printers.find((p) => p.config.id === 'entrance')?.config.connection).toBe('tcp://127.0.0.1:9');
    await ctx.close();
  });

  it('pairs a rating terminal for a chosen window: the terminal opened with that code is bound to it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const page = await ctx.newPage();
    await signIn(page, 'config', 'config-talon', '#config/devices');
    await page.getByTestId('pairing-role').selectOption('rating');
    // A rating terminal is paired for a window, not named by hand.
    expect(await page.getByTestId('pairing-name').count()).toBe(0);
    await page.getByTestId('pairing-window').selectOption('w2');
    await page.getByTestId('pairing-create').click();
    const link = page.getByTestId('pairing-code-shown').locator('a');
    await link.waitFor({ timeout: 10_000 });
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^\/rating\/\?pair=/);

    const terminal = await (
      await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'ru-RU' })
    ).newPage();
    await terminal.goto(`${s.url}${href}`);
    await terminal.getByTestId('rating-idle').waitFor({ timeout: 10_000 });
    expect(await terminal.getByTestId('rating-window').textContent()).toMatch(/2/);
    const device = s.store.listDevices(s.clock.now()).find((d) => d.role === 'rating');
    expect(device?.name).toMatch(/@w2$/);
    await terminal.context().close();
    await ctx.close();
  });

  it('an operator cannot open the admin screen; a hall administrator sees the settings read-only', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const op = await ctx.newPage();
    await signIn(op, 'operator1', 'talon1', '#config/topics');
    await op.getByTestId('no-access').waitFor({ timeout: 10_000 });
    expect(await op.getByTestId('nav-config').count()).toBe(0);
    expect(await op.getByTestId('cfg-topics').count()).toBe(0);

    const hallCtx = await browser.newContext({ viewport: { width: 1440, height: 1000 }, locale: 'ru-RU' });
    const hall = await hallCtx.newPage();
    await signIn(hall, 'admin', 'admin-talon', '#config/topics');
    await hall.getByTestId('config-readonly').waitFor({ timeout: 10_000 });
    await hall.getByTestId('cfg-topics').waitFor();
    expect(await hall.getByTestId('cfg-topics-add').count()).toBe(0);
    await hall.getByTestId('cfg-topics.0-toggle').click();
    expect(await hall.getByTestId('cfg-topics.0.name.ru').isDisabled()).toBe(true);
    expect(await hall.getByTestId('save-bar').count()).toBe(0);
    await ctx.close();
    await hallCtx.close();
  });
});
