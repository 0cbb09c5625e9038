import { connect, createServer, type Server, type Socket } from 'node:net';
import { VirtualPrinter } from '@talon/hardware';
import type { Alarm, AlarmKind, DeviceStatus, PrintJobInfo } from '@talon/protocol';
import type { ServerOptions } from '@talon/server';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Devices failing while the hall works: a ticket printer that loses its paper or its line in the middle
 * of a ticket, a board offline, the window displays unplugged. Each time the tickets and calls go on, the
 * kiosk or the admin is told, an alarm is raised (after its threshold, on the office's clock moved by the
 * test clock route) and cleared when the device is back. Real server, real TCP printer, real sockets.
 */
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const ISSUE = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;
const MIN = 60_000;

async function office(server: Partial<ServerOptions> = {}) {
  const s = await startTestServer({ server: { printing: { printerPollMs: 0 }, ...server } });
  cleanup.push(() => s.stop());
  const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  const op = (await s.login('operator1', 'talon1')).token;
  await ok(s, op, { type: 'operatorLogin', windowId: 'w1' });
  const admin = (await s.login('admin', 'admin-talon')).token;
  const get = async <T>(path: string, token = admin): Promise<T> => {
    const r = await fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  };
  /** The office's clock moves on (the test clock route ticks and evaluates the alarms). */
  const advance = async (ms: number) => {
    const r = await fetch(`${s.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: ms }),
    });
    expect(r.status).toBe(200);
  };
  const alarms = async (kind: AlarmKind, deviceId: string) =>
    (await get<{ active: Alarm[] }>('/api/alarms')).active.filter(
      (a) => a.kind === kind && a.subject.deviceId === deviceId,
    );
  const device = async (deviceId: string) =>
    (await get<DeviceStatus[]>('/api/devices')).find((d) => d.deviceId === deviceId);
  return { s, kiosk, op, admin, get, advance, alarms, device };
}

async function ok(s: TestServer, token: string, command: Record<string, unknown>) {
  const r = await s.command(token, command);
  if (!r.body.ok) throw new Error(`${String(command.type)}: ${JSON.stringify(r.body)}`);
  expect(r.status).toBe(200);
  return r.body.result ?? {};
}

async function until(pred: () => boolean | Promise<boolean>, what: string, ms = 10_000) {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function printer(): Promise<VirtualPrinter> {
  const vp = await new VirtualPrinter().start();
  cleanup.push(() => vp.stop());
  return vp;
}

/** Tickets the printer finished with this number on them. */
const printedCopies = (vp: VirtualPrinter, number: string) => vp.tickets.filter((t) => t.lines.includes(number)).length;

/**
 * The cable between the office server and the printer, which a test can break: the paper runs out once
 * the printer has taken `bytes` of a connection (the status query is a few bytes, a ticket hundreds), the
 * line is cut there, or it is unplugged (nothing answers on the port) and plugged back in.
 */
async function printerLine(vp: VirtualPrinter) {
  const target = Number(new URL(vp.url.replace('tcp:', 'http:')).port);
  const sockets = new Set<Socket>();
  let fault: { at: number; kind: 'paper-out' | 'cut' } | null = null;
  const onConnection = (client: Socket) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    let carried = 0;
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk: Buffer) => {
      const room = fault ? fault.at - carried : -1;
      carried += chunk.length;
      if (!fault || room < 0 || room >= chunk.length) return void upstream.write(chunk);
      const { kind } = fault;
      fault = null;
      upstream.write(chunk.subarray(0, room));
      if (kind === 'cut') return drop();
      vp.setState({ paperOut: true });
      upstream.write(chunk.subarray(room));
    });
    upstream.on('data', (d: Buffer) => client.write(d));
    for (const x of [client, upstream]) {
      x.on('close', drop);
      x.on('error', drop);
    }
  };
  let server: Server | null = null;
  const listen = (port: number) =>
    new Promise<number>((resolve) => {
      const srv = createServer(onConnection);
      server = srv;
      srv.listen(port, '127.0.0.1', () => resolve((srv.address() as { port: number }).port));
    });
  const unplug = () =>
    new Promise<void>((resolve) => {
      for (const x of sockets) x.destroy();
      sockets.clear();
      const srv = server;
      server = null;
      if (!srv) return resolve();
      srv.close(() => resolve());
    });
  const port = await listen(0);
  cleanup.push(unplug);
  return {
    url: `tcp://127.0.0.1:${port}`,
    paperOutAfter: (bytes: number) => {
      fault = { at: bytes, kind: 'paper-out' };
    },
    cutAfter: (bytes: number) => {
      fault = { at: bytes, kind: 'cut' };
    },
    /** True once the planned fault has happened. */
    struck: () => fault === null,
    unplug,
    plugIn: () => listen(port),
  };
}

describe('a ticket printer that stops mid-ticket', () => {
  it('paper runs out during a ticket: issued and acknowledged, the kiosk told, the alarm raised and cleared, reprinted', async () => {
    const vp = await printer();
    const line = await printerLine(vp);
    line.paperOutAfter(64);
    const o = await office({
      printing: { printerPollMs: 0, printers: [{ id: 'door', name: 'У входа', connection: line.url }] },
    });
    const { s, kiosk, op, get, advance, alarms } = o;
    const job = (ticketId: string) =>
      get<PrintJobInfo>(`/api/printing/job?ticketId=${encodeURIComponent(ticketId)}&wait=5000`, kiosk);

    const first = (await ok(s, kiosk, ISSUE)) as { ticketId: string; number: string };
    expect(first.number).toBe('К-001');
    // bytes went out and the paper ended under them: the job is «uncertain», never resent by itself
    expect(await job(first.ticketId)).toMatchObject({ status: 'uncertain', reason: 'paper-out' });
    expect(line.struck()).toBe(true);
    expect(printedCopies(vp, first.number)).toBe(0);
    // the kiosk's start screen hears that its printer cannot print
    expect(await get('/api/printing/kiosk', kiosk)).toMatchObject({
      printer: { id: 'door', ready: false, reason: 'paper-out' },
    });
    await advance(1000);
    expect(await alarms('printer-paper', 'printer-door')).toMatchObject([
      { severity: 'critical', message: { ru: '«Принтер: У входа»: закончилась бумага в принтере' } },
    ]);

    // The hall works on: the next visitor gets a number (not sent to the empty printer), the call goes out.
    const second = (await ok(s, kiosk, ISSUE)) as { ticketId: string; number: string };
    expect(await job(second.ticketId)).toMatchObject({ status: 'failed', reason: 'paper-out' });
    expect(await ok(s, op, { type: 'callNext' })).toMatchObject({ number: first.number });

    // New roll: the status poll sees it, the alarm clears, the kiosk is ready.
    vp.setState({ paperOut: false });
    await s.printing.pollAll();
    await advance(1000);
    expect(await alarms('printer-paper', 'printer-door')).toEqual([]);
    expect(await get('/api/printing/kiosk', kiosk)).toMatchObject({ printer: { ready: true } });

    // The hall administrator reprints both; each comes out once.
    for (const t of [first, second]) {
      const r = await fetch(`${s.url}/api/printing/jobs/${encodeURIComponent(t.ticketId)}/reprint`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${o.admin}` },
        body: '{}',
      });
      expect(r.status).toBe(200);
      expect(await job(t.ticketId)).toMatchObject({ status: 'printed' });
      await vp.waitForTicket((x) => x.lines.includes(t.number));
    }
    expect([printedCopies(vp, first.number), printedCopies(vp, second.number)]).toEqual([1, 1]);
  });

  it('the printer goes off the line during a ticket: issued, the kiosk told, offline alarm past its threshold, cleared, reprinted', async () => {
    const vp = await printer();
    const line = await printerLine(vp);
    const o = await office({
      printing: { printerPollMs: 0, printers: [{ id: 'door', name: 'У входа', connection: line.url }] },
    });
    const { s, kiosk, op, get, advance, alarms, device } = o;
    const job = (ticketId: string) =>
      get<PrintJobInfo>(`/api/printing/job?ticketId=${encodeURIComponent(ticketId)}&wait=5000`, kiosk);

    // The cable is pulled after the status query and a part of the ticket, and stays out.
    line.cutAfter(64);
    const first = (await ok(s, kiosk, ISSUE)) as { ticketId: string; number: string };
    const cut = await job(first.ticketId);
    await line.unplug();
    expect(line.struck()).toBe(true);
    // part of the ticket went out: the server cannot know what came out of the printer
    expect(cut.status).toBe('uncertain');
    expect(printedCopies(vp, first.number)).toBe(0);

    await s.printing.pollAll();
    expect(await device('printer-door')).toMatchObject({
      online: true,
      status: 'error',
      details: { reachable: false },
    });
    expect(await get('/api/printing/kiosk', kiosk)).toMatchObject({ printer: { ready: false } });
    const second = (await ok(s, kiosk, ISSUE)) as { ticketId: string; number: string };
    expect(await job(second.ticketId)).toMatchObject({ status: 'failed', reason: 'unreachable' });
    expect(await ok(s, op, { type: 'callNext' })).toMatchObject({ number: first.number });

    // Offline under the threshold (10 min of working time): no alarm yet; past it: one.
    await advance(9 * MIN);
    expect(await alarms('device-offline', 'printer-door')).toEqual([]);
    await advance(2 * MIN);
    expect(await alarms('device-offline', 'printer-door')).toMatchObject([{ severity: 'warning' }]);
    expect(await ok(s, kiosk, ISSUE)).toMatchObject({ number: 'К-003' });

    // Back on the line: the poll finds it, the alarm clears; the administrator reprints the lost ticket.
    await line.plugIn();
    await s.printing.pollAll();
    await advance(1000);
    expect(await alarms('device-offline', 'printer-door')).toEqual([]);
    expect(await get('/api/printing/kiosk', kiosk)).toMatchObject({ printer: { ready: true } });
    const r = await fetch(`${s.url}/api/printing/jobs/${encodeURIComponent(second.ticketId)}/reprint`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${o.admin}` },
      body: '{}',
    });
    expect(r.status).toBe(200);
    expect(await job(second.ticketId)).toMatchObject({ status: 'printed' });
    expect(printedCopies(vp, second.number)).toBe(1);
  });
});

describe('a board offline', () => {
  it('for a minute: the hall works, the board shows offline without an alarm; past the threshold the alarm; back: cleared and caught up', async () => {
    const o = await office();
    const { s, kiosk, op, advance, alarms, device } = o;
    const boardToken = (await s.pair('board', 'Табло в зале')).token;
    let board = await s.connect('board', boardToken);
    const id = (await o.get<DeviceStatus[]>('/api/devices')).find((d) => d.name === 'Табло в зале')?.deviceId ?? '';
    expect(await device(id)).toMatchObject({ online: true });

    board.close();
    await advance(MIN);
    // the hall's commands do not wait for the board
    const t = (await ok(s, kiosk, ISSUE)) as { ticketId: string; number: string };
    expect(await ok(s, op, { type: 'callNext' })).toMatchObject({ number: t.number });
    expect(await device(id)).toMatchObject({ online: false });
    expect(await alarms('device-offline', id)).toEqual([]);

    await advance(10 * MIN);
    const [raised] = await alarms('device-offline', id);
    expect(raised).toMatchObject({ severity: 'warning', subject: { deviceName: 'Табло в зале' } });
    expect(raised?.message.ru).toMatch(/^Табло «Табло в зале» не на связи \d+ мин$/);

    // Back: it gets the state with the call it missed, and the alarm clears.
    board = await s.connect('board', boardToken);
    expect(board.snapshots.at(-1)?.state.tickets[t.ticketId]?.status).toBe('called');
    await advance(1000);
    expect(await alarms('device-offline', id)).toEqual([]);
    expect(await device(id)).toMatchObject({ online: true });
  });
});

describe('window displays unplugged', () => {
  it('the bus stops answering: calls go on, the alarm after its threshold, plugged back: numbers return and the alarm clears', async () => {
    const o = await office({
      windowDisplays: { buses: [{ id: 'hall', port: 'virtual', pollSec: 2, replyTimeoutMs: 100, retries: 0 }] },
    });
    const { s, kiosk, op, advance, alarms, device } = o;
    const bus = s.displays?.bus('hall').virtual;
    if (!bus) throw new Error('no virtual display bus');
    const first = (await ok(s, kiosk, ISSUE)) as { number: string };
    const second = (await ok(s, kiosk, ISSUE)) as { number: string };
    await ok(s, op, { type: 'callNext' });
    await s.displays?.settled();
    expect(bus.display(1).text).toBe(first.number);

    // The bus cable is pulled: no display answers any more.
    for (const d of bus.displays.values()) d.powered = false;
    await until(async () => (await device('display-bus-hall'))?.status === 'error', 'the bus to report no display');
    expect((await device('display-bus-hall'))?.details).toMatchObject({ answering: 0, silent: '1,2,3,4,5,6' });

    // The hall works on without them.
    await ok(s, op, { type: 'startService' });
    await ok(s, op, { type: 'finishService' });
    expect(await ok(s, op, { type: 'callNext' })).toMatchObject({ number: second.number });
    expect(bus.display(1).text).toBe(first.number); // what it showed when it went dark

    // Silent since it said so once: offline after the device timeout, the alarm past the threshold.
    await advance(5 * MIN);
    expect(await device('display-bus-hall')).toMatchObject({ online: false });
    expect(await alarms('device-offline', 'display-bus-hall')).toEqual([]);
    await advance(6 * MIN);
    expect(await alarms('device-offline', 'display-bus-hall')).toMatchObject([{ severity: 'warning' }]);

    // Plugged back: the next poll finds them, each gets its number back, the alarm clears.
    for (const d of bus.displays.values()) d.powered = true;
    await until(() => bus.display(1).text === second.number, 'display 1 to show the current call');
    await until(async () => (await device('display-bus-hall'))?.status === 'ok', 'the bus to be ok again');
    await advance(1000);
    expect(await alarms('device-offline', 'display-bus-hall')).toEqual([]);
    expect(await device('display-bus-hall')).toMatchObject({ online: true });
  });
});
