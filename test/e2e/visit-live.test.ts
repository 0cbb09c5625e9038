import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signVisitToken } from '../../server/src/links.js';
import { smsSettings } from '../notify/support.js';
import { launchBrowser } from '../support/browser.js';
import { FakeSmsGateway } from '../support/fake-gateways.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The ticket's page on a phone follows the queue live (issue 15): the place and the estimate, then the call
 * with the window in large type, a vibration, then the rating form — pushed, with no refresh — and it finds
 * the server again by itself after a restart.
 */

const dataDir = mkdtempSync(join(tmpdir(), 'talon-visit-live-'));
let port: number;
let s: TestServer;
let browser: Browser;
let ctx: BrowserContext;
let phone: Page;

const ok = async (r: Promise<{ status: number; body: { ok: boolean } }>) => {
  const x = await r;
  if (!x.body.ok) throw new Error(JSON.stringify(x.body));
  return x.body as { ok: true; result?: { ticketId?: string } };
};

beforeAll(async () => {
  port = await freePort();
  s = await startTestServer({ dataDir, server: { port } });
  browser = await launchBrowser();
  ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, locale: 'ru-RU' });
  // what the page asked the phone to do: the vibration is the phone's, so it is recorded here
  await ctx.addInitScript(() => {
    const w = window as unknown as { vibrations: unknown[] };
    w.vibrations = [];
    Object.defineProperty(navigator, 'vibrate', {
      value: (p: unknown) => w.vibrations.push(p) > 0,
      configurable: true,
    });
  });
  phone = await ctx.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await s?.close().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

const testId = (id: string) => phone.getByTestId(id);
const attr = (id: string, name: string) =>
  testId(id)
    .getAttribute(name, { timeout: 2000 })
    .catch(() => null);

describe('the live ticket page on a 360×640 phone', () => {
  it('shows the place and the estimate, the call within a second, reconnects after a restart, then the rating', async () => {
    const op = (await s.login('operator1', 'talon1')).token;
    await ok(s.command(op, { type: 'operatorLogin', windowId: 'w1' }));
    const kiosk = (await s.pair('kiosk')).token;
    const issue = () => ok(s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }));
    await issue();
    await issue();
    const mine = (await issue()).result?.ticketId ?? '';
    const token = signVisitToken(loadOrCreateSecret(dataDir), { ticketId: mine, exp: s.clock.now() + 8 * 3600_000 });

    await phone.goto(`http://127.0.0.1:${port}/v/${token}`);
    expect(await testId('ticket-number').textContent()).toBe('К-003');
    expect(await attr('ticket-status', 'data-status')).toBe('waiting');
    expect(await attr('ticket-ahead', 'data-ahead')).toBe('2');
    expect(await testId('ticket-ahead').textContent()).toBe('Перед вами: 2 человека');
    expect(await testId('ticket-estimate').textContent()).toMatch(
      /^Примерное ожидание: (≈\s\d+(\u2060–\u2060\d+)?\sмин|около минуты)$/,
    );
    // no refresh timer for a page with script (the refresh is for phones without it): the place is pushed
    expect(await phone.evaluate(() => document.querySelector('noscript')?.innerHTML ?? '')).toContain('refresh');

    // К-001 is called and served: the place moves on the page by itself
    await ok(s.command(op, { type: 'callNext' }));
    await expect.poll(() => attr('ticket-ahead', 'data-ahead'), { timeout: 5000 }).toBe('1');
    for (const type of ['startService', 'finishService'] as const)
      await ok(s.command(op, type === 'finishService' ? { type, outcomes: ['consultation'] } : { type }));
    await ok(s.command(op, { type: 'callNext' }));
    await expect.poll(() => attr('ticket-ahead', 'data-ahead'), { timeout: 5000 }).toBe('0');
    expect(await testId('ticket-ahead').textContent()).toBe('Вы следующий');
    await ok(s.command(op, { type: 'startService' }));
    await ok(s.command(op, { type: 'finishService', outcomes: ['consultation'] }));
    expect(await phone.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length)).toBe(0);

    // the call: the window in large type within a second of the operator's command
    await ok(s.command(op, { type: 'callNext' }));
    await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 1000, interval: 50 }).toBe('called');
    expect(await testId('ticket-window').textContent()).toBe('Окно 1');
    const size = await testId('ticket-window').evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    await expect
      .poll(() => phone.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length))
      .toBe(1);
    expect(await phone.evaluate(() => document.documentElement.getAttribute('data-alerts'))).toBe('1');
    await expect.poll(() => testId('ticket-connection').isHidden()).toBe(true);

    // the server restarts: the page says it lost the server, then finds it again by itself
    const now = s.clock.now();
    await s.close();
    await expect.poll(() => testId('ticket-connection').isVisible(), { timeout: 10_000 }).toBe(true);
    s = await startTestServer({ dataDir, now, server: { port } });
    await expect.poll(() => testId('ticket-connection').isHidden(), { timeout: 15_000 }).toBe(true);
    expect(await attr('ticket-status', 'data-status')).toBe('called');
    // the same call is not rung again after the reconnect
    expect(await phone.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length)).toBe(1);

    // a recall rings again; then the visit is served and the page becomes the rating form
    const op2 = (await s.login('operator1', 'talon1')).token;
    s.clock.advance(20_000);
    await ok(s.command(op2, { type: 'recall' }));
    await expect
      .poll(() => phone.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations.length))
      .toBe(2);
    await ok(s.command(op2, { type: 'startService' }));
    await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 5000 }).toBe('serving');
    await ok(s.command(op2, { type: 'finishService', outcomes: ['consultation'] }));
    await testId('rating-form').waitFor({ timeout: 10_000 });
    await phone.locator('label', { has: testId('score-5') }).click();
    await testId('rating-submit').click();
    await testId('rating-thanks').waitFor();
    expect(s.store.ratings({}).find((r) => r.ticketId === mine)).toMatchObject({ score: 5, channel: 'qr' });
  }, 120_000);

  it('says a missed call and a cancelled ticket in plain words, and refuses a forged stream', async () => {
    const admin = (await s.login('admin', 'admin-talon')).token;
    const kiosk = (await s.pair('kiosk')).token;
    const issued = await ok(s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }));
    const id = issued.result?.ticketId ?? '';
    const token = signVisitToken(loadOrCreateSecret(dataDir), { ticketId: id, exp: s.clock.now() + 8 * 3600_000 });
    await phone.goto(`http://127.0.0.1:${port}/v/${token}?lang=en`);
    await expect.poll(() => attr('ticket-status', 'data-status')).toBe('waiting');
    await ok(s.command(admin, { type: 'cancelTicket', ticketId: id }));
    await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 5000 }).toBe('cancelled');
    expect(await testId('ticket-state-text').textContent()).toBe('The ticket was cancelled');

    // a missed call: called, not come, marked a no-show by the operator
    const op = (await s.login('operator1', 'talon1')).token;
    const next = await ok(s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }));
    const other = next.result?.ticketId ?? '';
    const link = signVisitToken(loadOrCreateSecret(dataDir), { ticketId: other, exp: s.clock.now() + 8 * 3600_000 });
    await phone.goto(`http://127.0.0.1:${port}/v/${link}`);
    await ok(s.command(op, { type: 'callNext' }));
    await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 5000 }).toBe('called');
    s.clock.advance(5 * 60_000);
    await ok(s.command(op, { type: 'markNoShow' }));
    await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 5000 }).toBe('no-show');
    expect(await testId('ticket-state-text').textContent()).toContain('Вы не подошли по вызову');

    const forged = await fetch(`http://127.0.0.1:${port}/v/${token.slice(0, -2)}xx/live`);
    expect(forged.status).toBe(403);
    expect(forged.headers.get('content-type')).toContain('text/html');
  }, 60_000);

  it('offers the notification opt-in while waiting once SMS is set up, and says what became of it', async () => {
    const kiosk = (await s.pair('kiosk')).token;
    const issued = await ok(s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }));
    const id = issued.result?.ticketId ?? '';
    const url = `http://127.0.0.1:${port}/v/${signVisitToken(loadOrCreateSecret(dataDir), { ticketId: id, exp: s.clock.now() + 8 * 3600_000 })}`;
    // no channel set up: no offer
    await phone.goto(url);
    await testId('ticket-ahead').waitFor();
    expect(await testId('notify-optin').count()).toBe(0);

    const gw = await FakeSmsGateway.start();
    try {
      const config = (await s.login('config', 'config-talon')).token;
      const saved = await fetch(`http://127.0.0.1:${port}/api/notify/settings`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${config}` },
        body: JSON.stringify(smsSettings(gw.url)),
      });
      expect(saved.status).toBe(200);
      await phone.goto(`${url}?lang=en`);
      await testId('notify-phone').fill('12');
      await testId('notify-submit').click();
      await expect.poll(() => attr('notify-result', 'data-result')).toBe('invalid-phone');
      expect(new URL(phone.url()).searchParams.get('lang')).toBe('en');
      await testId('notify-phone').fill('+7 900 123-45-67');
      await testId('notify-submit').click();
      await expect.poll(() => attr('notify-result', 'data-result')).toBe('sms');
      expect(await testId('notify-phone').count()).toBe(0);
      await phone.goto(`${url}?lang=en`);
      expect(await testId('notify-sms-on').textContent()).toBe('A text will come when your turn is near');
      expect(await testId('notify-phone').count()).toBe(0);
      // the page stays live after the form: the call arrives by the push, and the offer steps aside
      const op = (await s.login('operator1', 'talon1')).token;
      s.clock.advance(60_000);
      await ok(s.command(op, { type: 'callNext' }));
      await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 5000 }).toBe('called');
      await expect.poll(() => testId('notify-optin').isHidden()).toBe(true);
    } finally {
      await gw.close();
    }
  }, 60_000);
});
