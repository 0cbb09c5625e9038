import { createHash, randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHeadOffice, type TestHeadOffice } from '../../../head-office/src/testing.js';
import { signVisitToken } from '../../../server/src/links.js';
import { launchBrowser } from '../../support/browser.js';
import { CONTRASTS, LANGS, Matrix, type Variant } from './cells.js';

/**
 * The visit page on head office's public address (issue 15), as the office's batches move it: waiting with
 * the place and the estimate, the call with the window in large type, the rating form — on the two common
 * phone screens, in both languages, in the phone's normal and «more contrast» settings (the page follows
 * `prefers-contrast`).
 */
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
];

let t: TestHeadOffice;
let browser: Browser;
const vs: Variant[] = [];
const m = new Matrix('visit-live-hq', SIZES);
const key = randomBytes(32);
let apiKey = '';
const now = Date.now();
const dayKey = new Date(now + 3 * 3600_000).toISOString().slice(0, 10);
const ticketId = `${dayKey}/П-007`;

const post = async (path: string, body: unknown) => {
  const r = await fetch(`${t.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  expect(r.status, await r.clone().text()).toBe(200);
};
const event = (seq: number, type: string, payload: Record<string, unknown>) => ({
  seq,
  at: now,
  type,
  digest: createHash('sha256').update(`matrix ${seq}`).digest('hex'),
  payload,
});
const status = (queue: unknown[]) => ({
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
  windows: [],
  profileVersion: null,
  softwareVersion: 'test',
});
const entry = { number: 'П-007', serviceId: 'pay', waitSec: 60, normSec: 900, priority: false };

beforeAll(async () => {
  t = await startTestHeadOffice();
  const office = await t.seedOffice({ code: 'matrix' });
  apiKey = office.apiKey;
  await t.hq.pool.query('UPDATE offices SET name = $2 WHERE id = $1', [
    office.id,
    { ru: 'ЦОК «Северный»', en: 'Severny office' },
  ]);
  await post('/api/sync/hello', { linkSecret: key.toString('hex'), timeZone: 'Europe/Moscow', softwareVersion: 't' });
  await post('/api/sync/events', {
    officeLastSeq: 1,
    events: [
      event(1, 'TicketIssued', {
        ticket: { id: ticketId, number: 'П-007', serviceId: 'pay', dayKey, issuedAt: now, status: 'waiting' },
      }),
    ],
    status: status([{ ...entry, ahead: 4, estimate: { lowMin: 12, highMin: 20 } }]),
  });
  browser = await launchBrowser();
  const token = signVisitToken(key, { ticketId, exp: now + 86_400_000 });
  for (const lang of LANGS)
    for (const contrast of CONTRASTS) {
      const ctx = await browser.newContext({
        viewport: SIZES[0],
        locale: 'ru-RU',
        hasTouch: true,
        contrast: contrast === 'high' ? 'more' : 'no-preference',
      });
      const page = await ctx.newPage();
      await page.goto(`${t.url}/o/matrix/v/${token}${lang === 'en' ? '?lang=en' : ''}`);
      vs.push({ lang, contrast, ctx, page });
    }
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('the head-office visit page: every state × 2 sizes × ru/en × normal/more contrast', () => {
  it('waiting with the place and the estimate, called, done with the rating form', async () => {
    await each((v) => v.page.getByTestId('visit-estimate').waitFor());
    const problems = await m.state('waiting', vs);

    await post('/api/sync/events', {
      officeLastSeq: 2,
      events: [event(2, 'TicketCalled', { ticketId, number: 'П-007', windowId: 'w3', windowNumber: 3 })],
      status: status([]),
    });
    await each((v) => v.page.getByTestId('visit-window').waitFor());
    problems.push(...(await m.state('called', vs)));

    await post('/api/sync/events', {
      officeLastSeq: 3,
      events: [event(3, 'ServiceFinished', { ticketId, visit: { closedAt: now } })],
      status: status([]),
    });
    await each((v) => v.page.getByTestId('rating-form').waitFor());
    problems.push(...(await m.state('rate', vs)));
    expect(problems).toEqual([]);
  }, 120_000);
});
