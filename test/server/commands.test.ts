import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s.stop();
});

const issue = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;

describe('HTTP commands: validation and identity', () => {
  it('refuses malformed bodies with a stable code and Russian and English messages, changing nothing', async () => {
    const kiosk = await s.pair('kiosk');
    const seq = s.office.seq;
    for (const bad of [
      { type: 'issueTicket' },
      { type: 'issueTicket', topicId: 'billing', extra: 1 },
      { type: 'issueTicket', topicId: 'billing', visitorData: { phone: 'DROP TABLE' } },
      { type: 'noSuchCommand' },
      'string',
    ]) {
      const r = await s.command(kiosk.token, bad as never);
      expect(r.status).toBe(400);
      expect(r.body.ok).toBe(false);
      if (!r.body.ok) {
        expect(r.body.error.code).toBe('VALIDATION_FAILED');
        expect(r.body.error.message.ru.length).toBeGreaterThan(5);
        expect(r.body.error.message.en.length).toBeGreaterThan(5);
      }
    }
    const raw = await fetch(`${s.url}/api/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${kiosk.token}` },
      body: '{"command": ',
    });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    expect(s.office.seq).toBe(seq);
  });

  it('refuses a domain rule with 422 and its code', async () => {
    const kiosk = await s.pair('kiosk');
    const r = await s.command(kiosk.token, { type: 'issueTicket', topicId: 'no-such-topic' });
    expect(r.status).toBe(422);
    expect(r.body.ok || r.body.error.code).toBe('UNKNOWN_TOPIC');
  });

  it('refuses commands without identity or with the wrong role, changing nothing', async () => {
    const seq = s.office.seq;
    const none = await s.command(undefined, issue);
    expect(none.status).toBe(401);
    const forged = await s.command('forged-token', issue);
    expect(forged.status).toBe(401);
    const kiosk = await s.pair('kiosk');
    const kioskCalls = await s.command(kiosk.token, { type: 'callNext' });
    expect(kioskCalls.status).toBe(403);
    const op = await s.login('operator1', 'talon1');
    const opConfigures = await s.command(op.token, { type: 'setLiveQueueMode', on: true });
    expect(opConfigures.status).toBe(403);
    expect(s.office.seq).toBe(seq);
  });

  it('an operator cannot act for another window; a hall administrator can', async () => {
    const op1 = await s.login('operator1', 'talon1');
    const op2 = await s.login('operator2', 'talon2');
    expect((await s.command(op1.token, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
    expect((await s.command(op2.token, { type: 'operatorLogin', windowId: 'w2' })).body.ok).toBe(true);
    const seq = s.office.seq;
    const hijack = await s.command(op2.token, { type: 'startBreak', reasonId: 'lunch', operatorId: 'op1' });
    expect(hijack.status).toBe(403);
    expect(s.office.seq).toBe(seq);
    const admin = await s.login('admin', 'admin-talon');
    const r = await s.command(admin.token, { type: 'startBreak', reasonId: 'lunch', operatorId: 'op1' });
    expect(r.body.ok).toBe(true);
    expect(s.office.view().operators.op1?.status).toBe('break');
  });

  it('refuses the break that leaves the hall empty, and logs an administrator override', async () => {
    const op1 = await s.login('operator1', 'talon1');
    await s.command(op1.token, { type: 'operatorLogin', windowId: 'w1' });
    const refused = await s.command(op1.token, { type: 'startBreak', reasonId: 'lunch' });
    expect(refused.body.ok || refused.body.error.code).toBe('BREAK_WOULD_EMPTY_HALL');
    const selfOverride = await s.command(op1.token, { type: 'startBreak', reasonId: 'lunch', override: true });
    expect(selfOverride.body.ok || selfOverride.body.error.code).toBe('OVERRIDE_REQUIRES_ADMIN');
    const admin = await s.login('admin', 'admin-talon');
    const ok = await s.command(admin.token, {
      type: 'startBreak',
      reasonId: 'lunch',
      operatorId: 'op1',
      override: true,
    });
    expect(ok.body.ok).toBe(true);
    const ev = s.store.readEvents(0).at(-1);
    expect(ev).toMatchObject({ type: 'BreakStarted', operatorId: 'op1' });
    expect(ev && 'overriddenBy' in ev && ev.overriddenBy).toBeTruthy();
  });

  it('refuses expired sessions and wrong passwords', async () => {
    const bad = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'operator1', password: 'wrong' }),
    });
    expect(bad.status).toBe(401);
    const op = await s.login('operator1', 'talon1');
    s.clock.advance(13 * 3600_000);
    const r = await s.command(op.token, { type: 'operatorLogin', windowId: 'w1' });
    expect(r.status).toBe(401);
    expect(r.body.ok || r.body.error.code).toBe('SESSION_EXPIRED');
  });

  it('a pairing code works once', async () => {
    const admin = await s.login('admin', 'admin-talon');
    const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ role: 'kiosk', name: 'Киоск 1' }),
    });
    const { code } = (await res.json()) as { code: string };
    const pair = (c: string) =>
      fetch(`${s.url}/api/devices/pair`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: c }),
      });
    expect((await pair(code)).status).toBe(200);
    expect((await pair(code)).status).toBe(401);
  });

  it('two operators calling at the same instant never get the same ticket', async () => {
    const kiosk = await s.pair('kiosk');
    for (let i = 0; i < 10; i++) await s.command(kiosk.token, issue);
    const ops = await Promise.all([1, 3, 4, 5, 6].map((n) => s.login(`operator${n}`, `talon${n}`)));
    await Promise.all(ops.map((o, i) => s.command(o.token, { type: 'operatorLogin', windowId: `w${i + 1}` })));
    const called: string[] = [];
    for (let round = 0; round < 2; round++) {
      const rs = await Promise.all(ops.map((o) => s.command(o.token, { type: 'callNext' })));
      for (const r of rs) if (r.body.ok && r.body.result?.ticketId) called.push(r.body.result.ticketId);
      await Promise.all(ops.map((o) => s.command(o.token, { type: 'markNoShow' })));
    }
    expect(called).toHaveLength(10);
    expect(new Set(called).size).toBe(10);
  });

  it('runs one whole visit over HTTP and closes it into the visits table', async () => {
    const kiosk = await s.pair('kiosk');
    const op = await s.login('operator1', 'talon1');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w1' });
    const issued = await s.command(kiosk.token, issue);
    s.clock.advance(5 * 60_000);
    const call = await s.command(op.token, { type: 'callNext' });
    expect(call.body.ok && call.body.result?.number).toBe('К-001');
    s.clock.advance(30_000);
    await s.command(op.token, { type: 'startService' });
    s.clock.advance(6 * 60_000);
    const fin = await s.command(op.token, { type: 'finishService', outcomes: ['resolved'], digitalOnboarding: true });
    expect(fin.body.ok).toBe(true);
    const visits = s.store.visits({});
    expect(visits).toHaveLength(1);
    expect(visits[0]).toMatchObject({
      ticketId: issued.body.ok ? issued.body.result?.ticketId : '',
      outcome: 'served',
      firstWaitSec: 300,
      walkSec: 30,
      serviceSec: 360,
      totalSec: 690,
      digitalOnboarding: true,
      operatorId: 'op1',
      windowId: 'w1',
    });
  });

  it('imports a day of bookings all or nothing, then checks a visitor in at the kiosk', async () => {
    const admin = await s.login('admin', 'admin-talon');
    const slot = s.clock.now() + 10 * 60_000;
    const seq = s.office.seq;
    const bad = await s.command(admin.token, {
      type: 'importAppointments',
      items: [
        { code: 'ZP-1001', serviceId: 'consult', slotAt: slot },
        { code: 'ZP-1002', serviceId: 'no-such-service', slotAt: slot },
      ],
    });
    expect(bad.body.ok || bad.body.error.code).toBe('UNKNOWN_SERVICE');
    expect(s.office.seq).toBe(seq);
    const ok = await s.command(admin.token, {
      type: 'importAppointments',
      items: [
        { code: 'ZP-1001', serviceId: 'consult', slotAt: slot, visitorName: 'Сидоров П.' },
        { code: 'ZP-1002', serviceId: 'contract', slotAt: slot + 20 * 60_000 },
      ],
    });
    expect(ok.body.ok).toBe(true);
    expect(s.office.seq).toBe(seq + 2);
    const kiosk = await s.pair('kiosk');
    const checkIn = await s.command(kiosk.token, { type: 'checkIn', code: 'zp-1001' });
    expect(checkIn.body.ok && checkIn.body.result?.number).toBe('К-001');
    const again = await s.command(kiosk.token, { type: 'checkIn', code: 'ZP-1001' });
    expect(again.body.ok || again.body.error.code).toBe('APPOINTMENT_ALREADY_USED');
  });
});
