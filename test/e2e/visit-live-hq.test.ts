import { startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import type { OfficeConfig } from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import { loadOrCreateSecret, signVisitToken } from '@talon/server/links';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The ticket's page on head office's public address (issue 15), fed by the real office through its sync:
 * the office's status carries the place and the twin's estimate of its first waiting tickets, and each batch
 * head office stores is pushed to the open page — the call with its window, then the rating form.
 */

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
) as OfficeConfig['officeHours'];

let hq: TestHeadOffice;
let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  hq = await startTestHeadOffice();
  const office = await hq.seedOffice({ code: 'live' });
  s = await startTestServer({
    now: Date.now(),
    server: {
      initialConfig: rosatomDemoOffice({ officeHours: ALL_DAY, receptionHours: ALL_DAY }),
      hq: { url: hq.url, key: office.apiKey },
      hqTuning: { heartbeatMs: 200, backoffBaseMs: 50, backoffCapMs: 400 },
    },
  });
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  await hq?.close();
}, 60_000);

describe('the ticket page on head office, from the office’s sync', () => {
  it('shows the place and the estimate, then the call and the rating form, as batches arrive', async () => {
    const op = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    const kiosk = (await s.pair('kiosk')).token;
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
      ids.push(r.body.ok ? (r.body.result?.ticketId ?? '') : '');
    }
    const mine = ids[2] as string;
    const token = signVisitToken(loadOrCreateSecret(s.dataDir), { ticketId: mine, exp: Date.now() + 8 * 3600_000 });

    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, locale: 'ru-RU' });
    const page = await ctx.newPage();
    const open = async () => {
      const r = await page.goto(`${hq.url}/o/live/v/${token}`);
      return r?.status();
    };
    // head office knows the ticket once the office's batch with it is stored
    await expect.poll(open, { timeout: 20_000, interval: 300 }).toBe(200);
    await expect.poll(() => page.getByTestId('visit-ahead').textContent(), { timeout: 20_000 }).toBe('Перед вами: 2');
    expect(await page.getByTestId('visit-estimate').textContent()).toMatch(
      /^Примерное ожидание: (≈\s\d+(\u2060–\u2060\d+)?\sмин|около минуты)$/,
    );

    // the office works through its queue; the page follows without a reload
    const run = async (type: string, extra: object = {}) =>
      expect((await s.command(op, { type, ...extra })).body.ok).toBe(true);
    await run('callNext');
    await expect.poll(() => page.getByTestId('visit-ahead').textContent(), { timeout: 10_000 }).toBe('Перед вами: 1');
    for (let i = 0; i < 2; i++) {
      if (i > 0) await run('callNext');
      await run('startService');
      s.clock.advance(60_000);
      await run('finishService', { outcomes: ['consultation'] });
    }
    await expect.poll(() => page.getByTestId('visit-ahead').textContent(), { timeout: 10_000 }).toBe('Вы следующий');
    await run('callNext');
    await expect.poll(() => page.getByTestId('visit-window').textContent(), { timeout: 10_000 }).toBe('Окно\u00a01');
    await run('startService');
    s.clock.advance(60_000);
    await run('finishService', { outcomes: ['consultation'] });
    await page.getByTestId('rating-form').waitFor({ timeout: 10_000 });
    await ctx.close();
  }, 120_000);
});
