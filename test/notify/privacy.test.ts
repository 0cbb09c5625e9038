import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { columnsHolding } from '../../server/src/privacy/test-support.js';
import { FakeSmsGateway } from '../support/fake-gateways.js';
import type { TestServer } from '../support/server.js';
import { adminToken, issue, json, serveAndCallNext, smsSettings, startNotifyServer, until } from './support.js';

let s: TestServer;
let gw: FakeSmsGateway;
afterEach(async () => {
  await s?.stop();
  await gw?.close();
});

const PHONE = '+7 916 555-44-33';
/** Every way the number could have been written down. */
const NEEDLES = ['9165554433', '916 555-44-33', '555-44-33'];
const DAY = 24 * 3600_000;

describe('the notifications’ phone numbers (152-ФЗ)', () => {
  it('live only in personal data: not in the log, the log lines, the board or the outbox; purged after the retention', async () => {
    let logText = '';
    const stream = new PassThrough();
    stream.on('data', (c: Buffer) => {
      logText += c.toString('utf8');
    });
    gw = await FakeSmsGateway.start();
    s = await startNotifyServer({ logger: { level: 'info', destination: stream }, privacy: { retentionDays: 30 } });
    const admin = await adminToken(s);
    await json(s, 'PUT', '/api/notify/settings', admin, smsSettings(gw.url));
    const kiosk = (await s.pair('kiosk')).token;
    const board = await s.connect('board', (await s.pair('board')).token);
    const op = (await s.login('operator1', 'talon1')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    const mine = await issue(s, kiosk);
    expect((await json(s, 'POST', '/api/kiosk/notify', kiosk, { ticketId: mine.ticketId, phone: PHONE })).status).toBe(
      200,
    );
    await serveAndCallNext(s, op);
    await until(() => gw.delivered.length === 2, 'near and called');
    await serveAndCallNext(s, op).catch(() => undefined);
    await board.until(() => board.events.length > 0);

    // where the number is: personal data only, under the notification's reference
    expect(columnsHolding(s.store.db, NEEDLES).sort()).toEqual([
      'personal_data.phone: 9165554433',
      'personal_data.value: 555-44-33',
      'personal_data.value: 916 555-44-33',
    ]);
    expect(logText.length).toBeGreaterThan(0);
    for (const n of NEEDLES) {
      expect(logText).not.toContain(n);
      expect(JSON.stringify(board.snapshots)).not.toContain(n);
      expect(JSON.stringify(board.events)).not.toContain(n);
    }

    // the visitor's export by phone finds it as that visit's
    const exported = s.privacy.export(PHONE, { kind: 'system' });
    expect(exported?.records.map((r) => [r.ref, r.kind, r.values.phone])).toEqual([
      [`notify:${mine.ticketId}`, 'visit', PHONE],
    ]);

    // the retention: a day short keeps it, past it deletes it everywhere
    s.clock.advance(29 * DAY);
    expect(s.privacy.purge().records).toBe(0);
    s.clock.advance(2 * DAY);
    expect(s.privacy.purge().records).toBe(1);
    expect(columnsHolding(s.store.db, NEEDLES)).toEqual([]);
    expect(s.store.personal.valuesOf(`notify:${mine.ticketId}`)).toEqual({});
  });

  it('are erased with everything else kept for that phone number, and a message still waiting then goes nowhere', async () => {
    gw = await FakeSmsGateway.start();
    s = await startNotifyServer();
    const admin = await adminToken(s);
    await json(s, 'PUT', '/api/notify/settings', admin, smsSettings(gw.url));
    gw.mode = 'fail';
    const kiosk = (await s.pair('kiosk')).token;
    const op = (await s.login('operator1', 'talon1')).token;
    await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
    const mine = await issue(s, kiosk);
    await json(s, 'POST', '/api/kiosk/notify', kiosk, { ticketId: mine.ticketId, phone: PHONE });
    await until(() => gw.requests.length === 1, 'the first attempt');
    expect(s.privacy.erase('89165554433', { kind: 'system' })?.erased).toBe(1);
    expect(columnsHolding(s.store.db, NEEDLES)).toEqual([]);
    gw.mode = 'ok';
    s.clock.advance(60_000);
    s.notifier.evaluate();
    await until(
      async () =>
        (await json<{ messages: { status: string }[] }>(s, 'GET', '/api/notify/messages', admin)).body.messages[0]
          ?.status === 'dropped',
      'the message dropped',
    );
    expect(gw.delivered).toEqual([]);
  });
});
