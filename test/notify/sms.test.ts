import { afterEach, describe, expect, it } from 'vitest';
import { FakeSmsGateway } from '../support/fake-gateways.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  adminToken,
  issue,
  json,
  messages,
  officeWith,
  serveAndCallNext,
  smsSettings,
  startNotifyServer,
  until,
} from './support.js';

let s: TestServer;
let gw: FakeSmsGateway;
afterEach(async () => {
  await s?.stop();
  await gw?.close();
});

const PHONE = '+7 (900) 123-45-67';
const NEAR = 'Ваша очередь подходит';

async function setup() {
  gw = await FakeSmsGateway.start();
  s = await startNotifyServer();
  const admin = await adminToken(s);
  const saved = await json(s, 'PUT', '/api/notify/settings', admin, smsSettings(gw.url));
  expect(saved.status).toBe(200);
  const kiosk = (await s.pair('kiosk')).token;
  const op = (await s.login('operator1', 'talon1')).token;
  return { admin, kiosk, op };
}

const subscribe = (kiosk: string, ticketId: string, phone = PHONE) =>
  json<{ ok: boolean; error?: { code: string } }>(s, 'POST', '/api/kiosk/notify', kiosk, { ticketId, phone });

describe('SMS notifications', () => {
  it('sends «Ваша очередь подходит» once when the threshold is crossed and once at the call, through the provider template', async () => {
    const { admin, kiosk, op } = await setup();
    expect((await json<{ sms: boolean }>(s, 'GET', '/api/kiosk/notify', kiosk)).body).toEqual({ sms: true });
    // the secret is never sent back in full
    const view = await json<{ sms: { authHeader: { value: string } } }>(s, 'GET', '/api/notify/settings', admin);
    expect(view.body.sms.authHeader.value).toBe('…1234');
    expect(JSON.stringify(view.body)).not.toContain('gateway-key');

    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await issue(s, kiosk));
    const mine = tickets[4] as { ticketId: string; number: string };
    expect((await subscribe(kiosk, mine.ticketId)).body).toEqual({ ok: true });

    // four ahead, then three (K = 2): nothing yet
    s.notifier.evaluate();
    await serveAndCallNext(s, op);
    s.notifier.evaluate();
    expect(await messages(s, admin)).toEqual([]);

    // two ahead: the threshold is crossed
    await serveAndCallNext(s, op);
    await until(() => gw.delivered.length === 1, 'the first SMS');
    const near = gw.delivered[0];
    expect(near?.text).toContain(NEAR);
    expect(near?.text).toContain(mine.number);
    expect(near?.text).toContain('ЦОК');
    expect(near?.phone).toBe('79001234567');
    expect(near?.headers.authorization).toBe('Bearer gateway-key-1234');

    // one ahead, none ahead: no second «near»
    await serveAndCallNext(s, op);
    await serveAndCallNext(s, op);
    s.notifier.evaluate();
    // the call
    await serveAndCallNext(s, op);
    expect(s.office.view().tickets[mine.ticketId]?.status).toBe('called');
    await until(() => gw.delivered.length === 2, 'the call SMS');
    expect(gw.delivered[1]?.text).toContain(`Талон ${mine.number}: пройдите к окну 1`);
    // served: nothing more, however often the office looks
    await serveAndCallNext(s, op).catch(() => undefined);
    s.notifier.evaluate();
    await new Promise((r) => setTimeout(r, 200));
    expect(gw.requests.map((r) => r.text.includes(NEAR))).toEqual([true, false]);
    const rows = await messages(s, admin);
    expect(rows.map((m) => [m.kind, m.status, m.attempts])).toEqual([
      ['called', 'sent', 1],
      ['near', 'sent', 1],
    ]);
    expect(JSON.stringify(rows)).not.toContain('9001234567');
  });

  it('retries a gateway answering 500 with a doubling back-off on the office clock', async () => {
    const { admin, kiosk, op } = await setup();
    gw.mode = 'fail';
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    await issue(s, kiosk);
    const mine = await issue(s, kiosk);
    await subscribe(kiosk, mine.ticketId);
    // one ahead: «near» at once, and the gateway refuses it
    await until(async () => (await messages(s, admin))[0]?.attempts === 1, 'the first attempt');
    const t0 = s.clock.now();
    let [row] = await messages(s, admin);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, nextAt: t0 + 60_000, lastError: 'HTTP 500' });
    // not before its time
    s.clock.advance(59_000);
    s.notifier.evaluate();
    await new Promise((r) => setTimeout(r, 150));
    expect(gw.requests).toHaveLength(1);
    s.clock.advance(1000);
    await until(async () => (await messages(s, admin))[0]?.attempts === 2, 'the second attempt');
    [row] = await messages(s, admin);
    expect(row?.nextAt).toBe(s.clock.now() + 120_000);
    gw.mode = 'ok';
    s.clock.advance(120_000);
    await until(async () => (await messages(s, admin))[0]?.status === 'sent', 'the message sent');
    expect(gw.requests).toHaveLength(3);
    expect(gw.delivered).toHaveLength(1);
  });

  it('times out a gateway that does not answer, and a command issued meanwhile answers at once', async () => {
    const { admin, kiosk, op } = await setup();
    gw.mode = 'hang';
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    const mine = await issue(s, kiosk);
    await subscribe(kiosk, mine.ticketId);
    await until(() => gw.open === 1, 'the request held by the gateway');
    // the queue goes on while the gateway holds the request
    const next = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    expect(next.body.ok).toBe(true);
    const call = await s.command(op, { type: 'callNext' });
    expect(call.body.ok).toBe(true);
    expect(gw.open).toBe(1);
    await until(async () => (await messages(s, admin)).some((m) => m.attempts === 1), 'the timeout');
    const near = (await messages(s, admin)).find((m) => m.kind === 'near');
    // the call came while «near» was waiting for its retry: it is dropped, the call goes instead
    expect(near).toMatchObject({ status: 'dropped', attempts: 1, lastError: 'the ticket was called' });
    const called = (await messages(s, admin)).find((m) => m.kind === 'called');
    expect(called?.status).toBe('pending');
  });

  it('drops the messages of a ticket that left the queue, and refuses an opt-in that cannot be kept', async () => {
    const { admin, kiosk, op } = await setup();
    gw.mode = 'fail';
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    const mine = await issue(s, kiosk);
    await subscribe(kiosk, mine.ticketId);
    await until(async () => (await messages(s, admin))[0]?.attempts === 1, 'the first attempt');
    await s.command(op, { type: 'callNext' });
    await s.command(op, { type: 'startService' });
    await s.command(op, { type: 'finishService', outcomes: ['consultation'] });
    await until(async () => (await messages(s, admin)).every((m) => m.status === 'dropped'), 'the drop');
    expect((await messages(s, admin)).map((m) => m.kind).sort()).toEqual(['called', 'near']);

    expect((await subscribe(kiosk, mine.ticketId)).body.error?.code).toBe('UNKNOWN_TICKET');
    const other = await issue(s, kiosk);
    const bad = await subscribe(kiosk, other.ticketId, 'DROP TABLE');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION_FAILED');
    await json(s, 'PUT', '/api/notify/settings', admin, { sms: { ...smsSettings(gw.url).sms, enabled: false } });
    expect((await subscribe(kiosk, other.ticketId)).body.error?.code).toBe('NOTIFY_UNAVAILABLE');
    // the masked secret sent back kept the saved one
    const file = await json<{ sms: { authHeader: { value: string } } }>(s, 'GET', '/api/notify/settings', admin);
    expect(file.body.sms.authHeader.value).toBe('…1234');
  });

  it('keeps the settings, the subscriptions and the outbox across a restart of the server', async () => {
    const { admin, kiosk, op } = await setup();
    gw.mode = 'fail';
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    const mine = await issue(s, kiosk);
    await subscribe(kiosk, mine.ticketId);
    await until(async () => (await messages(s, admin))[0]?.attempts === 1, 'the first attempt');
    const { dataDir } = s;
    const now = s.clock.now();
    await s.close();
    gw.mode = 'ok';
    s = await startTestServer({
      dataDir,
      now,
      server: { initialConfig: officeWith(), notify: { pollMs: 40, timeoutMs: 400, backoffMs: 60_000 } },
    });
    s.clock.advance(60_000);
    await until(() => gw.delivered.length === 1, 'the retry after the restart');
    expect(gw.delivered[0]?.text).toContain('Ваша очередь подходит');
    // the call after the restart still goes to the number given before it
    const op2 = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op2, { type: 'callNext' })).body.ok).toBe(true);
    await until(() => gw.delivered.length === 2, 'the call');
    expect(gw.delivered[1]?.phone).toBe('79001234567');
  });
});
