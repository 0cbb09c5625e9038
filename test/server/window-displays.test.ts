import type { DeviceStatus } from '@talon/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A real server drives TWD-1 window displays on an in-memory line: every frame is encoded,
 * decoded by the virtual displays and answered, exactly as on an RS-485 bus.
 */
let s: TestServer | undefined;
afterEach(async () => {
  await s?.stop();
  s = undefined;
});

const issue = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;
// Virtual displays answer within a tick; a long timeout keeps a busy machine from causing a retry
// (which would repeat a frame in the displays' logs).
const VIRTUAL = { windowDisplays: { buses: [{ id: 'hall', port: 'virtual', replyTimeoutMs: 2000 }] } };

async function until(pred: () => boolean | Promise<boolean>, what: string, ms = 8000) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function devices(t: TestServer): Promise<DeviceStatus[]> {
  const admin = await t.login('admin', 'admin-talon');
  const res = await fetch(`${t.url}/api/devices`, { headers: { authorization: `Bearer ${admin.token}` } });
  return (await res.json()) as DeviceStatus[];
}

function bus(t: TestServer) {
  const b = t.displays?.bus('hall');
  if (!b?.virtual) throw new Error('no virtual display bus');
  return { runner: b, displays: b.virtual };
}

async function ok(t: TestServer, token: string, command: Record<string, unknown>) {
  const r = await t.command(token, command);
  if (!r.body.ok) throw new Error(`${String(command.type)}: ${JSON.stringify(r.body)}`);
  return r.body;
}

describe('window displays driven by the office server', () => {
  it('call shows «К-001» above the window, recall blinks it, finish clears it', async () => {
    s = await startTestServer({ server: VIRTUAL });
    const { runner, displays } = bus(s);
    await s.displays?.settled();
    // Demo office: six windows, display address = window number; all blanked at start.
    expect([...displays.displays.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...displays.displays.values()].map((d) => d.log)).toEqual(Array(6).fill(['C']));

    const kiosk = await s.pair('kiosk');
    const op = (await s.login('operator1', 'talon1')).token;
    await ok(s, op, { type: 'operatorLogin', windowId: 'w1' });
    await ok(s, kiosk.token, issue);
    const called = await ok(s, op, { type: 'callNext' });
    expect(called.result?.number).toBe('К-001');
    await s.displays?.settled();
    const d1 = displays.display(1);
    expect(d1.text).toBe('К-001');
    expect(d1.blinking).toBe(false);

    // The admin's view of the displays; operators and anonymous callers are refused.
    const admin = await s.login('admin', 'admin-talon');
    const get = (token?: string) =>
      fetch(`${s?.url}/api/displays`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const view = (await (await get(admin.token)).json()) as { busId: string; displays: unknown[] }[];
    expect(view[0]?.busId).toBe('hall');
    expect(view[0]?.displays[0]).toEqual({
      address: 1,
      windowId: 'w1',
      text: 'К-001',
      answering: true,
      virtual: { text: 'К-001', blinking: false, brightness: 7 },
    });
    expect((await get(op)).status).toBe(403);
    expect((await get()).status).toBe(401);

    s.clock.advance(20_000);
    await ok(s, op, { type: 'recall' });
    await s.displays?.settled();
    expect(d1.text).toBe('К-001');
    expect(d1.blinking).toBe(true);

    await ok(s, op, { type: 'startService' });
    await ok(s, op, { type: 'finishService' });
    await s.displays?.settled();
    expect(d1.text).toBe('');
    expect(d1.blinking).toBe(false);
    // Exactly the frames needed: no resend of the number on recall, nothing to other windows.
    expect(d1.log).toEqual(['C', 'T:К-001', 'B:10', 'C']);
    expect(displays.display(2).log).toEqual(['C']);
    expect(runner.view().find((v) => v.address === 1)).toEqual({
      address: 1,
      windowId: 'w1',
      text: '',
      answering: true,
    });

    const bus1 = (await devices(s)).find((d) => d.deviceId === 'display-bus-hall');
    expect(bus1).toMatchObject({
      role: 'device',
      online: true,
      status: 'ok',
      details: { port: 'virtual', displays: 6, answering: 6 },
    });
  });

  it('no-show and transfer clear the display; only the window concerned changes', async () => {
    s = await startTestServer({ server: VIRTUAL });
    const { displays } = bus(s);
    const kiosk = await s.pair('kiosk');
    const op1 = (await s.login('operator1', 'talon1')).token;
    const op2 = (await s.login('operator3', 'talon3')).token;
    await ok(s, op1, { type: 'operatorLogin', windowId: 'w1' });
    await ok(s, op2, { type: 'operatorLogin', windowId: 'w2' });
    for (let i = 0; i < 3; i++) await ok(s, kiosk.token, issue);
    await ok(s, op1, { type: 'callNext' });
    await ok(s, op2, { type: 'callNext' });
    await s.displays?.settled();
    expect([displays.display(1).text, displays.display(2).text]).toEqual(['К-001', 'К-002']);

    await ok(s, op1, { type: 'markNoShow' });
    await s.displays?.settled();
    expect([displays.display(1).text, displays.display(2).text]).toEqual(['', 'К-002']);

    await ok(s, op2, { type: 'transfer', toServiceId: 'cash' });
    await s.displays?.settled();
    expect(displays.display(2).text).toBe('');
  });

  it('a display that drops off the bus is reported, and gets its number back when it returns', async () => {
    s = await startTestServer({
      server: { windowDisplays: { buses: [{ id: 'hall', port: 'virtual', pollSec: 2, replyTimeoutMs: 100 }] } },
    });
    const t = s;
    const { displays } = bus(t);
    const kiosk = await t.pair('kiosk');
    const op2 = (await t.login('operator3', 'talon3')).token;
    await ok(t, op2, { type: 'operatorLogin', windowId: 'w2' });
    await ok(t, kiosk.token, issue);
    const d2 = displays.display(2);
    d2.powered = false;
    await ok(t, op2, { type: 'callNext' });
    await t.displays?.settled();
    expect(d2.text).toBe('');
    await until(async () => {
      const b = (await devices(t)).find((d) => d.deviceId === 'display-bus-hall');
      return b?.status === 'warning' && b.details?.silent === '2';
    }, 'the bus to report display 2 silent');

    d2.powered = true;
    await until(() => d2.text === 'К-001', 'display 2 to get its number back');
    await until(
      async () => (await devices(t)).find((d) => d.deviceId === 'display-bus-hall')?.status === 'ok',
      'the bus status to be ok again',
    );
  });

  it('after a server restart the displays show the calls in progress', async () => {
    const settings = VIRTUAL;
    const first = await startTestServer({ server: settings });
    const kiosk = await first.pair('kiosk');
    const op = (await first.login('operator1', 'talon1')).token;
    await ok(first, op, { type: 'operatorLogin', windowId: 'w1' });
    await ok(first, kiosk.token, issue);
    await ok(first, op, { type: 'callNext' });
    await first.close();

    s = await startTestServer({ dataDir: first.dataDir, server: settings });
    await s.displays?.settled();
    const { displays } = bus(s);
    expect(displays.display(1).log).toEqual(['T:К-001']);
    expect(displays.display(3).log).toEqual(['C']);
  });

  it('a serial port that cannot be opened: the bus device reports the error, the office works on', async () => {
    s = await startTestServer({
      server: { windowDisplays: { buses: [{ id: 'hall', port: '/dev/ttyTALON-MISSING' }] } },
    });
    const t = s;
    await until(
      async () => (await devices(t)).find((d) => d.deviceId === 'display-bus-hall')?.status === 'error',
      'the bus to report an error',
    );
    const b = (await devices(t)).find((d) => d.deviceId === 'display-bus-hall');
    expect(b?.details).toMatchObject({ port: '/dev/ttyTALON-MISSING', open: false });
    expect(String(b?.details?.lastError)).toMatch(/no such file|not exist|ENOENT/i);
    const kiosk = await t.pair('kiosk');
    expect((await t.command(kiosk.token, issue)).body.ok).toBe(true);
  });
});
