import { afterEach, describe, expect, it } from 'vitest';
import { FakeSmsGateway, FakeTelegram } from '../support/fake-gateways.js';
import type { TestServer } from '../support/server.js';
import {
  adminToken,
  issue,
  json,
  messages,
  serveAndCallNext,
  smsSettings,
  startNotifyServer,
  until,
  visitToken,
} from './support.js';

let s: TestServer;
let tg: FakeTelegram | undefined;
let gw: FakeSmsGateway | undefined;
afterEach(async () => {
  await s?.stop();
  await tg?.close();
  await gw?.close();
});

const BOT_TOKEN = '123456:test-bot-token-abcd';

/** What the ticket page's form or link gets: the redirect, not followed. */
async function visit(path: string, init: RequestInit = {}) {
  const res = await fetch(s.url + path, { ...init, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') ?? '' };
}
const form = (phone: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ phone }).toString(),
});

describe('the ticket page’s opt-in and the Telegram bot', () => {
  it('links a chat by the deep link’s /start and tells it when the turn is near and at the call', async () => {
    tg = await FakeTelegram.start(BOT_TOKEN);
    s = await startNotifyServer();
    const admin = await adminToken(s);
    const kiosk = (await s.pair('kiosk')).token;
    const op = (await s.login('operator1', 'talon1')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    for (let i = 0; i < 3; i++) await issue(s, kiosk);
    const mine = await issue(s, kiosk);
    const token = visitToken(s, mine.ticketId);

    // no bot yet: back to the page with the flag
    expect(await visit(`/v/${token}/telegram?lang=en`)).toEqual({
      status: 303,
      location: `/v/${token}?lang=en&notify=unavailable`,
    });
    const saved = await json<{ telegram: { botToken: string } }>(s, 'PUT', '/api/notify/settings', admin, {
      telegram: { enabled: true, botToken: BOT_TOKEN, botName: 'talon_office_bot', apiBase: tg.url },
    });
    expect(saved.body.telegram.botToken).toBe('…abcd');

    const r = await visit(`/v/${token}/telegram`);
    expect(r.status).toBe(302);
    const deep = new URL(r.location);
    expect(`${deep.origin}${deep.pathname}`).toBe('https://t.me/talon_office_bot');
    const start = deep.searchParams.get('start') ?? '';
    expect(start).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    // the same link on a second visit of the page; a forged token opens nothing
    expect((await visit(`/v/${token}/telegram`)).location).toBe(r.location);
    expect((await visit('/v/forged/telegram')).location).toBe('/v/forged');

    tg.pushStart(4242, 'no-such-link');
    tg.pushStart(777, start);
    await until(() => tg?.sent.length === 1, 'the bot’s answer to /start');
    expect(tg.sent[0]?.chatId).toBe('777');
    expect(tg.sent[0]?.text).toContain(mine.number);
    expect(s.notifier.pageOptions(mine.ticketId).subscribed).toEqual({ sms: false, telegram: true });

    // three ahead, then two (K = 2)
    await serveAndCallNext(s, op);
    await until(() => tg?.sent.length === 2, '«near» in Telegram');
    expect(tg.sent[1]).toMatchObject({ chatId: '777' });
    expect(tg.sent[1]?.text).toContain('Ваша очередь подходит');
    for (let i = 0; i < 3; i++) await serveAndCallNext(s, op);
    await until(() => tg?.sent.length === 3, 'the call in Telegram');
    expect(tg.sent[2]?.text).toContain(`Талон ${mine.number}: пройдите к окну 1`);
    expect(tg.sent.every((m) => m.chatId === '777')).toBe(true);
    const rows = await messages(s, admin);
    expect(rows.map((m) => [m.channel, m.kind, m.status])).toEqual([
      ['telegram', 'called', 'sent'],
      ['telegram', 'near', 'sent'],
      ['telegram', 'subscribed', 'sent'],
    ]);
  });

  it('takes the phone number from the ticket page’s form and answers with a redirect and a flag', async () => {
    gw = await FakeSmsGateway.start();
    s = await startNotifyServer();
    const admin = await adminToken(s);
    const kiosk = (await s.pair('kiosk')).token;
    const mine = await issue(s, kiosk);
    const token = visitToken(s, mine.ticketId);
    expect(await visit(`/v/${token}/notify?contrast=high`, form('+79001112233'))).toEqual({
      status: 303,
      location: `/v/${token}?contrast=high&notify=unavailable`,
    });
    await json(s, 'PUT', '/api/notify/settings', admin, smsSettings(gw.url));
    expect((await visit(`/v/${token}/notify`, form('not a phone'))).location).toBe(`/v/${token}?notify=invalid-phone`);
    expect((await visit(`/v/${token}/notify`, form('8 900 111-22-33'))).location).toBe(`/v/${token}?notify=sms`);
    expect((await visit('/v/forged/notify', form('+79001112233'))).location).toBe('/v/forged');
    expect(s.store.personal.valuesOf(`notify:${mine.ticketId}`)).toEqual({ phone: '8 900 111-22-33' });
    expect(s.notifier.pageOptions(mine.ticketId)).toEqual({
      sms: true,
      telegram: false,
      subscribed: { sms: true, telegram: false },
    });
    // an operator logs in: nobody ahead, «near» at once to that number
    const op = (await s.login('operator1', 'talon1')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    await until(() => gw?.delivered.length === 1, 'the SMS');
    expect(gw.delivered[0]?.phone).toBe('79001112233');
  });
});
