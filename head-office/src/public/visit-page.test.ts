import { createHash, randomBytes } from 'node:crypto';
import { signVisitToken } from '@talon/server/links';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../test/support/browser.js';
import { HQ_OFFICE_CHANNEL } from '../context.js';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';

describe('public visit page on a phone, in real Chromium', () => {
  let t: TestHeadOffice;
  let browser: Browser;
  let office: SeededOffice;
  const secret = randomBytes(32);

  beforeAll(async () => {
    t = await startTestHeadOffice();
    browser = await launchBrowser();
    office = await t.seedOffice();
    const pool = t.hq.pool;
    await pool.query('UPDATE offices SET link_secret = $2 WHERE id = $1', [office.id, secret]);
    const queue = ['В-001', 'В-002', 'В-003'].map((number) => ({
      number,
      serviceId: 'pay',
      waitSec: 30,
      normSec: null,
      priority: false,
    }));
    await pool.query('UPDATE office_sync SET status = $2, last_seen_at = now() WHERE office_id = $1', [
      office.id,
      { dayKey: '2026-11-16', queue },
    ]);
    await pool.query(
      `INSERT INTO hq_tickets (office_id, ticket_id, number, service_id, day_key, status, issued_at)
       VALUES ($1, 't1', 'В-003', 'pay', '2026-11-16', 'waiting', now())`,
      [office.id],
    );
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('follows the visit as it changes and sends a rating with feedback', async () => {
    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, locale: 'ru-RU' });
    const page = await ctx.newPage();
    const token = signVisitToken(secret, { ticketId: 't1', exp: Date.now() + 86_400_000 });
    await page.goto(`${t.url}/o/${office.code}/v/${token}`);
    await expect.poll(() => page.getByTestId('visit-status').textContent()).toBe('Ожидайте вызова');
    expect(await page.getByTestId('visit-ahead').textContent()).toBe('Перед вами: 2');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    expect(await page.getByTestId('rating-form').isVisible()).toBe(false);

    // the office finished the visit (its batch notifies the processes as the ingest does): pushed, no reload
    await t.hq.pool.query(
      "UPDATE hq_tickets SET status = 'done', window_number = 4, closed_at = now() WHERE office_id = $1",
      [office.id],
    );
    await t.hq.pool.query('SELECT pg_notify($1, $2)', [HQ_OFFICE_CHANNEL, office.id]);
    await expect
      .poll(() => page.getByTestId('visit-status').textContent(), { timeout: 5000, interval: 100 })
      .toBe('Обслуживание завершено');
    await expect.poll(() => page.getByTestId('rating-form').isVisible()).toBe(true);
    expect(await page.getByTestId('visit-ahead').isVisible()).toBe(false);

    await page.getByTestId('rating-submit').click();
    expect(await page.getByTestId('rating-error').textContent()).toBe('Выберите оценку от 1 до 5');
    await page.locator('label:has([data-testid=score-4]) span').tap();
    await page.locator('label:has([data-testid=feedback-type-proposal]) span').tap();
    await page.getByTestId('feedback-text').fill('Поставьте ещё один терминал');
    await page.getByTestId('rating-submit').click();
    await expect.poll(() => page.getByTestId('visit-rated').textContent()).toBe('Спасибо! Ваша оценка принята');
    expect(await page.getByTestId('rating-form').isVisible()).toBe(false);

    const { rows } = await t.hq.pool.query('SELECT score, feedback FROM returned_ratings WHERE office_id = $1', [
      office.id,
    ]);
    expect(rows).toEqual([{ score: 4, feedback: { type: 'proposal', text: 'Поставьте ещё один терминал' } }]);
    await ctx.close();
  });

  it('updates the page as soon as a new status batch arrives: place, estimate, the call in large type', async () => {
    const pushed = await t.seedOffice({ code: 'push' });
    const key = randomBytes(32);
    const post = (path: string, body: unknown) =>
      fetch(`${t.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${pushed.apiKey}` },
        body: JSON.stringify(body),
      });
    const hello = { linkSecret: key.toString('hex'), timeZone: 'Europe/Moscow', softwareVersion: 'test' };
    expect((await post('/api/sync/hello', hello)).status).toBe(200);
    const now = Date.now();
    const dayKey = new Date(now + 3 * 3600_000).toISOString().slice(0, 10);
    const ticket = (seq: number, status: string, windowId?: string) => ({
      seq,
      digest: createHash('sha256').update(`push ${seq}`).digest('hex'),
      type: seq === 1 ? 'TicketIssued' : 'TicketCalled',
      at: now,
      payload:
        seq === 1
          ? { ticket: { id: `${dayKey}/П-007`, number: 'П-007', serviceId: 'pay', dayKey, issuedAt: now, status } }
          : { ticketId: `${dayKey}/П-007`, number: 'П-007', windowId, windowNumber: 3 },
    });
    const status = (queue: unknown[], windows: unknown[] = []) => ({
      at: now,
      dayKey,
      waitingNow: queue.length,
      longestWaitSec: null,
      longestWaitNormSec: null,
      withinNormShareToday: null,
      servedToday: 0,
      operatorsAtWork: 1,
      devicesInAlarm: 0,
      alarms: [],
      services: [{ id: 'pay', name: { ru: 'Оплата', en: 'Payment' }, prefix: 'П' }],
      queue,
      windows,
      profileVersion: null,
      softwareVersion: 'test',
    });
    const entry = (number: string, ahead: number, lowMin: number, highMin: number) => ({
      number,
      serviceId: 'pay',
      waitSec: 60,
      normSec: 900,
      priority: false,
      ahead,
      estimate: { lowMin, highMin },
    });
    const first = await post('/api/sync/events', {
      officeLastSeq: 1,
      events: [ticket(1, 'waiting')],
      status: status([entry('П-005', 0, 0, 2), entry('П-006', 1, 3, 6), entry('П-007', 2, 8, 14)]),
    });
    expect(first.status, await first.clone().text()).toBe(200);

    const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, locale: 'ru-RU' });
    await ctx.addInitScript(() => {
      const w = window as unknown as { vibrations: number };
      w.vibrations = 0;
      Object.defineProperty(navigator, 'vibrate', { value: () => ++w.vibrations > 0, configurable: true });
    });
    const page = await ctx.newPage();
    const token = signVisitToken(key, { ticketId: `${dayKey}/П-007`, exp: now + 86_400_000 });
    await page.goto(`${t.url}/o/push/v/${token}`);
    expect(await page.getByTestId('visit-ahead').textContent()).toBe('Перед вами: 2');
    expect(await page.getByTestId('visit-estimate').textContent()).toBe(
      'Примерное ожидание: ≈\u00a08\u2060–\u206014\u00a0мин',
    );

    // the next batch (only a status, the queue moved on): pushed, no poll
    await post('/api/sync/events', { officeLastSeq: 1, events: [], status: status([entry('П-007', 0, 1, 3)]) });
    await expect.poll(() => page.getByTestId('visit-ahead').textContent(), { timeout: 5000 }).toBe('Вы следующий');
    expect(await page.getByTestId('visit-estimate').textContent()).toBe(
      'Примерное ожидание: ≈\u00a01\u2060–\u20603\u00a0мин',
    );

    // the call: the window in large type and a vibration
    const call = await post('/api/sync/events', {
      officeLastSeq: 2,
      events: [ticket(2, 'called', 'w3')],
      status: status(
        [],
        [{ windowNumber: 3, operatorName: null, state: 'calling', ticketNumber: 'П-007', sinceSec: 0 }],
      ),
    });
    expect(call.status).toBe(200);
    await expect.poll(() => page.getByTestId('visit-window').textContent(), { timeout: 5000 }).toBe('Окно\u00a03');
    expect(await page.getByTestId('visit-status').getAttribute('data-status')).toBe('called');
    expect(await page.getByTestId('visit-estimate').isVisible()).toBe(false);
    const size = await page
      .getByTestId('visit-window')
      .evaluate((e) => Number.parseFloat(getComputedStyle(e).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    await expect.poll(() => page.evaluate(() => (window as unknown as { vibrations: number }).vibrations)).toBe(1);
    await ctx.close();
  });
});
