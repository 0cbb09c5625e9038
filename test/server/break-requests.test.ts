import type { Alarm, CommandResponse, EngineState } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { advance, api } from '../admin/http.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let admin: string;
let kiosk: string;

beforeAll(async () => {
  s = await startTestServer({ server: { monitorMs: 0 } });
  admin = (await s.login('admin', 'admin-talon')).token;
  kiosk = (await s.pair('kiosk')).token;
});
afterAll(async () => {
  await s?.stop();
});

const state = () => s.office.view() as EngineState;
const active = async () => (await api<{ active: Alarm[] }>(s, 'GET', '/api/alarms', admin)).body.active;
const requests = async () => (await active()).filter((a) => a.kind === 'leave-request');
const refusal = (r: { body: unknown }) => (r.body as Extract<CommandResponse, { ok: false }>).error;

describe('the hall is never left empty (issue 16)', () => {
  it('the last operator at work cannot sign off while visitors wait; asked, the administrator decides from the monitor', async () => {
    const op = (await s.login('operator1', 'talon1')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++)
      expect(
        (await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' })).body,
      ).toMatchObject({ ok: true });

    const seq = state().seq;
    const out = await s.command(op, { type: 'operatorLogout' });
    expect(out.status).toBe(422);
    expect(refusal(out)).toMatchObject({ code: 'LOGOUT_WOULD_EMPTY_HALL', details: { waiting: 3 } });
    expect(refusal(out).message.ru).toMatch(/Нужно разрешение администратора зала/);
    // nor may the operator allow it themself
    expect(refusal(await s.command(op, { type: 'operatorLogout', override: true })).code).toBe(
      'OVERRIDE_REQUIRES_ADMIN',
    );
    expect(state().seq).toBe(seq);
    expect(state().operators.op1?.status).toBe('ready');

    // the refused break, asked for: the request is an alarm on the administrator's screen
    expect(refusal(await s.command(op, { type: 'startBreak', reasonId: 'lunch' })).code).toBe('BREAK_WOULD_EMPTY_HALL');
    const asked = await s.command(op, {
      type: 'requestPermission',
      action: 'break',
      reasonId: 'lunch',
      comment: 'врач',
    });
    expect(asked.body).toMatchObject({ ok: true });
    await advance(s, 0);
    const [alarm] = await requests();
    const requestId = state().requests?.op1?.id;
    expect(alarm).toMatchObject({
      severity: 'critical',
      subject: { requestId, operatorId: 'op1', windowId: 'w1', action: 'break' },
    });
    expect(alarm?.message.ru).toMatch(/просит разрешить перерыв «Обед».*врач/);

    // only the administrator answers
    const byOperator = await s.command(op, {
      type: 'answerRequest',
      operatorId: 'op1',
      requestId: requestId ?? '',
      grant: true,
    });
    expect(byOperator.status).toBe(403);
    expect(
      (
        await s.command(admin, {
          type: 'answerRequest',
          operatorId: 'op1',
          requestId: requestId ?? '',
          grant: false,
          comment: 'после очереди',
        })
      ).body,
    ).toMatchObject({ ok: true });
    expect(state().operators.op1?.status).toBe('ready');
    expect(state().requests?.op1).toMatchObject({ status: 'refused', answerComment: 'после очереди' });
    await advance(s, 0);
    expect(await requests()).toEqual([]);
    expect((await s.command(op, { type: 'withdrawRequest' })).body).toMatchObject({ ok: true });

    // the end of work, asked for and granted: the operator is signed off by the administrator's decision
    expect((await s.command(op, { type: 'requestPermission', action: 'logout' })).body).toMatchObject({ ok: true });
    await advance(s, 0);
    const [logout] = await requests();
    expect(logout?.subject).toMatchObject({ action: 'logout' });
    expect(logout?.message.ru).toMatch(/ожидают 3/);
    const grant = await s.command(admin, {
      type: 'answerRequest',
      operatorId: 'op1',
      requestId: logout?.subject.requestId ?? '',
      grant: true,
    });
    expect(grant.body).toMatchObject({ ok: true });
    expect(state().operators.op1?.status).toBe('logged-out');
    await advance(s, 0);
    expect(await requests()).toEqual([]);
  });

  it('the administrator may also sign the last operator off directly, and sends a late ticket to a window', async () => {
    const op = (await s.login('operator3', 'talon3')).token;
    expect((await s.command(op, { type: 'operatorLogin', windowId: 'w3' })).body).toMatchObject({ ok: true });
    const late = Object.values(state().tickets).find((t) => t.number === 'К-002');
    expect(late?.status).toBe('waiting');
    expect(
      (await s.command(admin, { type: 'assignTicket', ticketId: late?.id ?? '', toOperatorId: 'op3' })).body,
    ).toMatchObject({ ok: true });
    // К-002 comes before К-001 now: it was sent to this operator
    const called = await s.command(op, { type: 'callNext' });
    expect(called.body).toMatchObject({ ok: true, result: { number: 'К-002' } });
    await s.command(op, { type: 'startService' });
    await s.command(op, { type: 'finishService', outcomes: ['resolved'] });
    expect(refusal(await s.command(admin, { type: 'operatorLogout', operatorId: 'op3' })).code).toBe(
      'LOGOUT_WOULD_EMPTY_HALL',
    );
    expect((await s.command(admin, { type: 'operatorLogout', operatorId: 'op3', override: true })).body).toMatchObject({
      ok: true,
    });
    expect(state().operators.op3?.status).toBe('logged-out');
  });
});
