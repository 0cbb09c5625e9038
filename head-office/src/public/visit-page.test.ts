import { randomBytes } from 'node:crypto';
import { signVisitToken } from '@talon/server/links';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../../test/support/browser.js';
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

    // the office finished the visit: the page learns it on its next poll, without a reload
    await t.hq.pool.query(
      "UPDATE hq_tickets SET status = 'done', window_number = 4, closed_at = now() WHERE office_id = $1",
      [office.id],
    );
    await expect
      .poll(() => page.getByTestId('visit-status').textContent(), { timeout: 20_000, interval: 500 })
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
});
