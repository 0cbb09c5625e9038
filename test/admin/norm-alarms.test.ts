import type { Alarm } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { advance, api } from './http.js';

let s: TestServer;
let admin: string;
let kiosk: string;
const MIN = 60_000;
const NORM_KINDS = ['service-norm-soon', 'service-norm-passed', 'total-norm-soon', 'total-norm-passed'];

beforeAll(async () => {
  s = await startTestServer({ server: { monitorMs: 0 } });
  admin = (await s.login('admin', 'admin-talon')).token;
  kiosk = (await s.pair('kiosk')).token;
});
afterAll(async () => {
  await s?.stop();
});

const normAlarms = async () =>
  (await api<{ active: Alarm[] }>(s, 'GET', '/api/alarms', admin)).body.active.filter((a) =>
    NORM_KINDS.includes(a.kind),
  );
const short = (a: Alarm[]) => a.map((x) => `${x.kind}:${x.subject.number}`).sort();

async function ok(token: string, command: Record<string, unknown>) {
  const r = await s.command(token, command);
  expect(r.body, JSON.stringify(command)).toMatchObject({ ok: true });
}

describe('service and total-visit norm alarms on the server clock (seed 001 §3.5)', () => {
  it('a visit in service: warned a minute before its service norm, alarmed past it, acknowledged, cleared when it ends', async () => {
    const anna = (await s.login('operator1', 'talon1')).token; // consult, window 1
    const dmitry = (await s.login('operator2', 'talon2')).token; // cash, window 2
    await ok(anna, { type: 'operatorLogin', windowId: 'w1' });
    await ok(dmitry, { type: 'operatorLogin', windowId: 'w2' });
    await ok(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }); // К: norm 8
    await ok(kiosk, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' }); // О: norm 4
    for (const op of [anna, dmitry]) {
      await ok(op, { type: 'callNext' });
      await ok(op, { type: 'startService' });
    }
    await advance(s, 2 * MIN);
    expect(await normAlarms()).toEqual([]);
    await advance(s, MIN); // cash: 1 min left
    expect(short(await normAlarms())).toEqual(['service-norm-soon:О-001']);
    await advance(s, MIN + 1000);
    const [cash] = await normAlarms();
    expect(cash).toMatchObject({ kind: 'service-norm-passed', severity: 'critical', subject: { windowId: 'w2' } });
    expect(cash?.message.ru).toBe('Талон О-001 обслуживается в окне 2 дольше норматива 4 мин');

    // acknowledged like any alarm: it stays up (the visit goes on) and the acknowledgement is kept
    const ack = await api<Alarm>(s, 'POST', `/api/alarms/${cash?.id}/ack`, admin, {});
    expect(ack.body).toMatchObject({ id: cash?.id, acknowledgedBy: 'Администратор зала' });

    await advance(s, 3 * MIN); // 7:01 of consultation's 8
    expect(short(await normAlarms())).toEqual(['service-norm-passed:О-001', 'service-norm-soon:К-001']);
    await advance(s, MIN);
    expect(short(await normAlarms())).toEqual(['service-norm-passed:К-001', 'service-norm-passed:О-001']);
    expect((await normAlarms()).find((a) => a.id === cash?.id)?.acknowledgedAt).not.toBeNull();

    await ok(dmitry, { type: 'finishService' });
    await ok(anna, { type: 'finishService' });
    await advance(s, 0);
    expect(await normAlarms()).toEqual([]);
    const history = (await api<Alarm[]>(s, 'GET', '/api/alarms/history', admin)).body;
    expect(history.find((a) => a.id === cash?.id)?.clearedAt).toBe(s.clock.now());
    await ok(dmitry, { type: 'operatorLogout' });
    await ok(anna, { type: 'operatorLogout' });
  });

  it('a visit marked for digital onboarding during service: 4 more minutes, said in the alarm', async () => {
    const anna = (await s.login('operator1', 'talon1')).token;
    await ok(anna, { type: 'operatorLogin', windowId: 'w1' });
    await ok(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    await ok(anna, { type: 'callNext' });
    await ok(anna, { type: 'startService' });
    await advance(s, 7 * MIN);
    const [soon] = await normAlarms();
    expect(soon).toMatchObject({ kind: 'service-norm-soon', subject: { windowId: 'w1' } });
    await ok(anna, { type: 'markDigitalOnboarding', on: true });
    await advance(s, 0);
    expect(await normAlarms()).toEqual([]); // 7 of 12
    await advance(s, 4 * MIN);
    expect((await normAlarms()).map((a) => [a.kind, a.message.ru])).toEqual([
      [
        'service-norm-soon',
        `Талон ${soon?.subject.number} в окне 1: норматив обслуживания 12 мин (с подключением к цифровым сервисам) истечёт через 1 мин`,
      ],
    ]);
    await advance(s, MIN + 1000);
    expect((await normAlarms()).map((a) => a.kind)).toEqual(['service-norm-passed']);
    await ok(anna, { type: 'finishService' });
    await advance(s, 0);
    expect(await normAlarms()).toEqual([]);
    // the visit keeps its onboarding for the reports
    const report = await api<{ summary: { digitalOnboarding: number } }>(
      s,
      'GET',
      `/api/reports?period=day&date=2026-11-26`,
      admin,
    );
    expect(report.body.summary.digitalOnboarding).toBe(1);
    await ok(anna, { type: 'operatorLogout' });
  });

  it('the total visit: from the ticket, 5 min before and past 33 min, only once the visit is in service', async () => {
    await ok(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    await advance(s, 27 * MIN);
    expect(await normAlarms()).toEqual([]); // waiting: the wait alarms speak for it
    const elena = (await s.login('operator3', 'talon3')).token; // consult, window 3
    await ok(elena, { type: 'operatorLogin', windowId: 'w3' });
    await ok(elena, { type: 'callNext' });
    await advance(s, MIN);
    expect(await normAlarms()).toEqual([]); // called, not yet served
    await ok(elena, { type: 'startService' });
    await advance(s, 0); // 28 min since the ticket
    const [soon] = await normAlarms();
    expect(soon).toMatchObject({ kind: 'total-norm-soon', severity: 'warning', subject: { windowId: 'w3' } });
    expect(soon?.message.ru).toBe('Талон К-003 в окне 3: общий норматив визита 33 мин истечёт через 5 мин');
    await advance(s, 5 * MIN + 1000);
    expect(short(await normAlarms())).toEqual(['total-norm-passed:К-003']);
    await ok(elena, { type: 'finishService' });
    await advance(s, 0);
    expect(await normAlarms()).toEqual([]);
  });
});
