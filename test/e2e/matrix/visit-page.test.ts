import { rmSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateSecret, signVisitToken } from '../../../server/src/links.js';
import { smsSettings } from '../../notify/support.js';
import { launchBrowser } from '../../support/browser.js';
import { FakeSmsGateway } from '../../support/fake-gateways.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, type Variant, variants } from './cells.js';

/**
 * The live ticket page (issue 15) in each of its states — waiting with the place and the estimate, the call
 * in large type, at the window, a missed call, a cancelled ticket, the lost connection — on the two common
 * phone screens, in both languages and contrasts. Every state reaches the page by the push, not a reload.
 */
const SIZES = [
  { width: 360, height: 640 },
  { width: 390, height: 844 },
];

let s: TestServer;
let browser: Browser;
let vs: Variant[];
let op: string;
let kiosk: string;
let gw: FakeSmsGateway;
const m = new Matrix('visit-live', SIZES);

async function ok(r: Promise<{ body: { ok: boolean; result?: { ticketId?: string } } }>) {
  const x = await r;
  if (!x.body.ok) throw new Error(JSON.stringify(x.body));
  return x.body.result?.ticketId ?? '';
}

const issue = () => ok(s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }));
const link = (ticketId: string) =>
  `${s.url}/v/${signVisitToken(loadOrCreateSecret(s.dataDir), { ticketId, exp: s.clock.now() + 8 * 3600_000 })}`;
const as = (url: string, v: Variant) => `${url}?lang=${v.lang}${v.contrast === 'high' ? '&contrast=high' : ''}`;
const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));
const status = (v: Variant, st: string) =>
  v.page.locator(`[data-testid="ticket-status"][data-status="${st}"]`).waitFor({ timeout: 10_000 });

beforeAll(async () => {
  gw = await FakeSmsGateway.start();
  s = await startTestServer();
  op = (await s.login('operator1', 'talon1')).token;
  await ok(s.command(op, { type: 'operatorLogin', windowId: 'w1' }));
  kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  browser = await launchBrowser();
  vs = await variants(browser, SIZES[0] as (typeof SIZES)[number], async () => {}, { hasTouch: true });
}, 120_000);

let closed = false;
afterAll(async () => {
  await browser?.close();
  await gw?.close();
  if (closed) rmSync(s.dataDir, { recursive: true, force: true });
  else await s?.stop();
});

describe('the live ticket page: every state × 2 sizes × ru/en × normal/high contrast', () => {
  it('waiting, the opt-in, called, at the window, postponed, a missed call, cancelled, nobody serving, offline', async () => {
    await issue();
    await issue();
    const mine = await issue();
    await each(async (v) => {
      await v.page.goto(as(link(mine), v));
      await v.page.getByTestId('ticket-estimate').waitFor();
    });
    const problems = await m.state('waiting', vs);

    // the notification opt-in once SMS is set up: the offer, then what became of it
    const config = (await s.login('config', 'config-talon')).token;
    const saved = await fetch(`${s.url}/api/notify/settings`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config}` },
      body: JSON.stringify(smsSettings(gw.url)),
    });
    expect(saved.status).toBe(200);
    await each(async (v) => {
      await v.page.goto(as(link(mine), v));
      await v.page.getByTestId('notify-phone').waitFor();
    });
    problems.push(...(await m.state('notify-offer', vs)));
    await each(async (v) => {
      await v.page.getByTestId('notify-phone').fill('+7 900 123-45-67');
      // Enter in the field sends the form as the button does, without aiming at a point: a tap's point can
      // miss when the page shifts under load (the connection line shown for a moment above the form)
      await Promise.all([v.page.waitForURL(/notify=sms/), v.page.getByTestId('notify-phone').press('Enter')]);
      await v.page.getByTestId('notify-result').waitFor();
    });
    problems.push(...(await m.state('notify-on', vs)));

    for (let i = 0; i < 2; i++) {
      await ok(s.command(op, { type: 'callNext' }));
      await ok(s.command(op, { type: 'startService' }));
      s.clock.advance(3 * 60_000);
      await ok(s.command(op, { type: 'finishService', outcomes: ['consultation'] }));
    }
    await ok(s.command(op, { type: 'callNext' }));
    await each((v) => status(v, 'called'));
    problems.push(...(await m.state('called', vs)));
    await ok(s.command(op, { type: 'startService' }));
    await each((v) => status(v, 'serving'));
    problems.push(...(await m.state('serving', vs)));
    s.clock.advance(3 * 60_000);
    await ok(s.command(op, { type: 'finishService', outcomes: ['consultation'] }));
    // served: the page turns into the rating form by itself (its cells are the phone matrix's)
    await each((v) => v.page.getByTestId('rating-form').waitFor({ timeout: 10_000 }));

    const missed = await issue();
    await each((v) => v.page.goto(as(link(missed), v)));
    await ok(s.command(op, { type: 'callNext' }));
    await each((v) => status(v, 'called'));
    await ok(s.command(op, { type: 'postpone', reason: 'Ушёл за документами', returnInMin: 10 }));
    await each((v) => status(v, 'postponed'));
    problems.push(...(await m.state('postponed', vs)));
    s.clock.advance(11 * 60_000);
    await ok(s.command(op, { type: 'callNext' }));
    await each((v) => status(v, 'called'));
    s.clock.advance(5 * 60_000);
    await ok(s.command(op, { type: 'markNoShow' }));
    await each((v) => status(v, 'no-show'));
    problems.push(...(await m.state('no-show', vs)));

    const admin = (await s.login('admin', 'admin-talon')).token;
    const gone = await issue();
    await each((v) => v.page.goto(as(link(gone), v)));
    await ok(s.command(admin, { type: 'cancelTicket', ticketId: gone }));
    await each((v) => status(v, 'cancelled'));
    problems.push(...(await m.state('cancelled', vs)));

    // nobody serves contracts now: no place and no estimate, said so
    const contract = await ok(
      s.command(kiosk, { type: 'issueTicket', topicId: 'new-contract', segmentId: 'individual' }),
    );
    await each((v) => v.page.goto(as(link(contract), v)));
    await each((v) => status(v, 'waiting'));
    problems.push(...(await m.state('nobody-serves', vs)));

    const waiting = await issue();
    await each((v) => v.page.goto(as(link(waiting), v)));
    await each((v) => v.page.getByTestId('ticket-ahead').waitFor());
    await s.close();
    closed = true;
    await each((v) => v.page.getByTestId('ticket-connection').waitFor({ timeout: 10_000 }));
    problems.push(...(await m.state('offline', vs)));
    expect(problems).toEqual([]);
  }, 180_000);
});
