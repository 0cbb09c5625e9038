import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, issue, json, messages, smsSettings, startNotifyServer, until } from '../../notify/support.js';
import { launchBrowser } from '../../support/browser.js';
import { FakeSmsGateway } from '../../support/fake-gateways.js';
import { REPO_ROOT } from '../../support/process.js';
import type { TestServer } from '../../support/server.js';
import { Matrix, openAdmin, signIn, type Variant, variants } from './cells.js';

/**
 * The configuration administrator's page of visitor notifications (issue 15): the SMS gateway's template, the
 * Telegram bot and the latest messages with their status, at the desk sizes, both languages and contrasts;
 * and a change made on the page is what the server keeps, the secret never shown in full.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

let s: TestServer;
let gw: FakeSmsGateway;
let browser: Browser;
let vs: Variant[];
let admin: string;
const m = new Matrix('admin-notify', SIZES);

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html'))) throw new Error('admin/dist is not built');
  gw = await FakeSmsGateway.start();
  s = await startNotifyServer();
  admin = await adminToken(s);
  expect((await json(s, 'PUT', '/api/notify/settings', admin, smsSettings(gw.url))).status).toBe(200);
  // one visitor asked at the kiosk and was called: two messages on record
  const kiosk = (await s.pair('kiosk')).token;
  const op = (await s.login('operator1', 'talon1')).token;
  await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
  const t = await issue(s, kiosk);
  expect(
    (await json(s, 'POST', '/api/kiosk/notify', kiosk, { ticketId: t.ticketId, phone: '+79001234567' })).status,
  ).toBe(200);
  await s.command(op, { type: 'callNext' });
  await until(async () => (await messages(s, admin)).some((x) => x.status === 'sent'), 'a sent message');
  browser = await launchBrowser();
  vs = await variants(browser, SIZES[0] as (typeof SIZES)[number], async (page, lang) => {
    await openAdmin(() => s.url)(page, lang);
    await signIn(page, 'config', 'config-talon');
    await page.evaluate(() => {
      location.hash = 'config/notifications';
    });
    await page.getByTestId('notify-settings').waitFor({ timeout: 15_000 });
    await page.getByTestId('notify-message').first().waitFor({ timeout: 15_000 });
  });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await gw?.close();
});

describe('visitor notifications in the settings × 2 sizes × ru/en × normal/high contrast', () => {
  it('shows the gateway, the bot and the messages; the secret masked', async () => {
    const problems = await m.state('notify-settings', vs);
    expect(problems).toEqual([]);
    const first = vs[0] as Variant;
    expect(await first.page.getByTestId('notify-sms-auth-value').inputValue()).toBe('…1234');
    const statuses = await first.page
      .getByTestId('notify-message')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    expect(statuses).toContain('sent');
  }, 180_000);

  it('a change saved on the page is what the server keeps; the masked secret stays the saved one', async () => {
    const first = vs[0] as Variant;
    await first.page.getByTestId('notify-sms-sender').fill('ENERGO');
    await first.page.getByTestId('notify-save').click();
    await first.page.getByTestId('notify-note').waitFor();
    const view = await json<{ sms: { sender: string; authHeader: { value: string } } }>(
      s,
      'GET',
      '/api/notify/settings',
      admin,
    );
    expect(view.body.sms.sender).toBe('ENERGO');
    expect(view.body.sms.authHeader.value).toBe('…1234');
    // the next message goes out with the new sender and the old key
    const kiosk = (await s.pair('kiosk', 'second')).token;
    const t = await issue(s, kiosk);
    await json(s, 'POST', '/api/kiosk/notify', kiosk, { ticketId: t.ticketId, phone: '+79007654321' });
    const op = (await s.login('operator2', 'talon2')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w2' });
    await s.command(op, { type: 'callNext' });
    await until(() => gw.requests.some((r) => r.body.includes('ENERGO')), 'a message from ENERGO');
    expect(gw.requests.at(-1)?.headers.authorization).toBe('Bearer gateway-key-1234');
  }, 60_000);
});
