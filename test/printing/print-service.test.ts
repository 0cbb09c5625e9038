import { createServer } from 'node:net';
import type { PrintJobInfo } from '@talon/protocol';
import { loadOrCreateSecret, verifyVisitToken } from '@talon/server/links';
import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

let servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers) await s.stop();
  servers = [];
});

async function start(opts: Parameters<typeof startTestServer>[0] = {}) {
  const s = await startTestServer({
    ...opts,
    server: {
      printing: { virtualPrinter: true, printerPollMs: 0 },
      publicBaseUrl: 'https://talon.example.ru',
      ...opts.server,
    },
  });
  servers.push(s);
  return s;
}

async function get<T>(s: TestServer, path: string, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(s.url + path, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as T };
}

async function send(s: TestServer, method: string, path: string, body: unknown, token: string) {
  const res = await fetch(s.url + path, {
    method,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const job = (s: TestServer, ticketId: string, token: string) =>
  get<PrintJobInfo>(s, `/api/printing/job?ticketId=${encodeURIComponent(ticketId)}&wait=5000`, token);

async function issue(s: TestServer, token: string, topicId = 'billing', commandId?: string) {
  const r = await s.command(token, { type: 'issueTicket', topicId, segmentId: 'individual' }, commandId);
  expect(r.status).toBe(200);
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.result as {
    ticketId: string;
    number: string;
    peopleAhead: number | null;
    estimate?: { lowMin: number; highMin: number };
  };
}

describe('printing kiosk tickets', () => {
  it('prints each kiosk ticket on the virtual printer: Cyrillic text, the number, a signed visit link', async () => {
    const s = await start();
    const vp = s.virtualPrinter;
    if (!vp) throw new Error('no virtual printer');
    const kiosk = await s.pair('kiosk', 'Киоск 1');
    // An estimate needs someone at a window who serves the ticket; without one the ticket prints none.
    const op = await s.login('operator5', 'talon5');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w5' });
    await issue(s, kiosk.token); // someone ahead
    const r = await issue(s, kiosk.token, 'payment');
    expect(r.number).toBe('О-001');
    expect((await job(s, r.ticketId, kiosk.token)).body).toMatchObject({
      ticketId: r.ticketId,
      status: 'printed',
      printerId: 'virtual',
    });
    const t = await vp.waitForTicket((x) => x.lines.includes('О-001'));
    expect(t.lines).toContain('Оплата');
    expect(t.lines).toContain('ЦОК "Тверской", ул. Советская, 12');
    expect(t.lines).toContain('26.11.2026  10:00');
    // К-001 waits longer but payment's norm is tighter: the office's own rule calls О-001 first
    expect(r.peopleAhead).toBe(0);
    expect(t.lines).toContain('Перед вами никого нет');
    // Nobody ahead and a window open: the honest estimate is «about a minute» (the same rule as the kiosk's).
    expect(r.estimate?.highMin).toBeLessThanOrEqual(1);
    expect(t.lines).toContain('Ожидание: около минуты');
    expect(t.qr).toHaveLength(1);
    const link = t.qr[0] ?? '';
    expect(link.startsWith('https://talon.example.ru/v/')).toBe(true);
    const v = verifyVisitToken(loadOrCreateSecret(s.dataDir), link.split('/v/')[1] ?? '', s.clock.now());
    expect(v).toMatchObject({ ok: true, claim: { ticketId: r.ticketId } });
    // the preview of what came out of the printer is a PNG 80 mm wide (576 dots + margins)
    const png = PNG.sync.read(vp.png(t.index) ?? Buffer.alloc(0));
    expect(png.width).toBe(576 + 32);
  });

  it('«перед вами» counts whom the office calls first, of any service; nobody serving it is said plainly', async () => {
    const s = await start();
    const vp = s.virtualPrinter;
    if (!vp) throw new Error('no virtual printer');
    const kiosk = await s.pair('kiosk', 'Киоск 1');
    const lonely = await issue(s, kiosk.token, 'billing');
    // nobody at a window: no figure, no wait, and the ticket says whom to ask
    expect(lonely.peopleAhead).toBeNull();
    expect(lonely.estimate).toBeUndefined();
    const first = (await vp.waitForTicket((x) => x.lines.includes(lonely.number))).lines.join(' ');
    expect(first).toContain('обратитесь к администратору зала');
    expect(first).not.toMatch(/Перед вами|Ожидание/);
    // operator2 serves payment and «consultation and payment», not consultations
    const op = await s.login('operator2', 'talon2');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w2' });
    await issue(s, kiosk.token, 'payment');
    const r = await issue(s, kiosk.token, 'consult-and-pay');
    // the payment ticket is another service's, but the same operator calls it first
    expect(r.peopleAhead).toBe(1);
    expect(r.estimate).toBeDefined();
    const t = await vp.waitForTicket((x) => x.lines.includes(r.number));
    expect(t.lines).toContain('Перед вами: 1 человек');
    // still nobody for consultations
    expect((await issue(s, kiosk.token, 'billing')).peopleAhead).toBeNull();
  });

  it('a retried command does not print the ticket again', async () => {
    const s = await start();
    const vp = s.virtualPrinter;
    const kiosk = await s.pair('kiosk');
    const first = await issue(s, kiosk.token, 'billing', 'kiosk-retry-0001');
    await job(s, first.ticketId, kiosk.token);
    const again = await issue(s, kiosk.token, 'billing', 'kiosk-retry-0001');
    expect(again.ticketId).toBe(first.ticketId);
    const other = await issue(s, kiosk.token);
    await job(s, other.ticketId, kiosk.token);
    expect(vp?.tickets.map((t) => t.lines.find((l) => /^К-\d{3}$/.test(l)))).toEqual(['К-001', 'К-002']);
  });

  it('paper out: the ticket is issued anyway, the job fails without sending, the printer device is in error', async () => {
    const s = await start();
    const vp = s.virtualPrinter;
    if (!vp) throw new Error('no virtual printer');
    vp.setState({ paperOut: true });
    const kiosk = await s.pair('kiosk');
    const r = await issue(s, kiosk.token);
    expect(s.office.view().tickets[r.ticketId]?.status).toBe('waiting');
    expect((await job(s, r.ticketId, kiosk.token)).body).toMatchObject({ status: 'failed', reason: 'paper-out' });
    expect(vp.tickets).toHaveLength(0);
    expect(vp.discardedCommands).toBe(0);
    const admin = await s.login('admin', 'admin-talon');
    const devices = await get<
      { deviceId: string; status: string; online: boolean; details?: Record<string, unknown> }[]
    >(s, '/api/devices', admin.token);
    expect(devices.body.find((d) => d.deviceId === 'printer-virtual')).toMatchObject({
      status: 'error',
      online: true,
      details: { kind: 'printer', paper: 'out' },
    });
    expect((await get(s, '/api/printing/kiosk', kiosk.token)).body).toMatchObject({
      printer: { id: 'virtual', ready: false, reason: 'paper-out' },
    });
    // paper back: the next ticket prints, the lost one is not printed late for nobody
    vp.setState({ paperOut: false });
    const next = await issue(s, kiosk.token);
    expect((await job(s, next.ticketId, kiosk.token)).body.status).toBe('printed');
    expect(vp.tickets.flatMap((t) => t.lines).filter((l) => /^К-\d{3}$/.test(l))).toEqual([next.number]);
    expect((await get(s, '/api/printing/kiosk', kiosk.token)).body).toMatchObject({ printer: { ready: true } });
  });

  it('a hall administrator reprints a ticket that failed; the reprint is audited and refused when it makes no sense', async () => {
    const s = await start();
    const vp = s.virtualPrinter;
    if (!vp) throw new Error('no virtual printer');
    vp.setState({ paperOut: true });
    const kiosk = await s.pair('kiosk');
    const r = await issue(s, kiosk.token);
    expect((await job(s, r.ticketId, kiosk.token)).body).toMatchObject({ status: 'failed', reason: 'paper-out' });
    vp.setState({ paperOut: false });
    const admin = await s.login('admin', 'admin-talon');
    const path = `/api/printing/jobs/${encodeURIComponent(r.ticketId)}/reprint`;

    const operator = await s.login('operator1', 'talon1');
    expect((await send(s, 'POST', path, {}, operator.token)).status).toBe(403);
    const again = await send(s, 'POST', path, {}, admin.token);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ ticketId: r.ticketId, printerId: 'virtual' });
    expect((await job(s, r.ticketId, admin.token)).body).toMatchObject({ status: 'printed' });
    expect(vp.tickets.flatMap((t) => t.lines).filter((l) => /^К-\d{3}$/.test(l))).toEqual([r.number]);
    const jobs = await get<{ ticketId: string; number?: string; status: string }[]>(
      s,
      '/api/printing/jobs',
      admin.token,
    );
    expect(jobs.body.find((j) => j.ticketId === r.ticketId)).toMatchObject({ number: r.number, status: 'printed' });
    const audit = await get<{ action: string; target: string; actor: { name?: string } }[]>(
      s,
      '/api/config/audit',
      admin.token,
    );
    expect(audit.body.find((a) => a.action === 'print.reprint')).toMatchObject({ target: r.ticketId });

    // Nothing to reprint: an unknown ticket, and a visit that is over.
    expect((await send(s, 'POST', '/api/printing/jobs/nope/reprint', {}, admin.token)).body).toMatchObject({
      error: { code: 'NOT_FOUND' },
    });
    await s.command(operator.token, { type: 'operatorLogin', windowId: 'w1' });
    await s.command(operator.token, { type: 'callNext' });
    await s.command(operator.token, { type: 'startService' });
    await s.command(operator.token, { type: 'finishService' });
    const over = await send(s, 'POST', path, {}, admin.token);
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ error: { code: 'UNKNOWN_TICKET' } });
    expect(vp.tickets).toHaveLength(1);
  });

  it('a print job or an announcement that cannot be recorded refuses neither the ticket nor the call', async () => {
    const s = await start();
    const kiosk = await s.pair('kiosk');
    // Break both side tables: their rows are written inside the command's transaction.
    s.store.db.exec('DROP TABLE print_jobs; DROP TABLE announcement_plays; DROP TABLE announcements');
    const r = await issue(s, kiosk.token);
    expect(s.office.view().tickets[r.ticketId]?.status).toBe('waiting');
    const operator = await s.login('operator1', 'talon1');
    await s.command(operator.token, { type: 'operatorLogin', windowId: 'w1' });
    const call = await s.command(operator.token, { type: 'callNext' });
    expect(call.body).toMatchObject({ ok: true, result: { number: r.number } });
    expect(s.office.view().tickets[r.ticketId]?.status).toBe('called');
  });

  it('printer unreachable: the ticket is issued, the job fails, the status poll reports it', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const s = await start({
      server: {
        printing: {
          printerPollMs: 0,
          printers: [{ id: 'door', name: 'У входа', connection: `tcp://127.0.0.1:${port}` }],
        },
      },
    });
    const kiosk = await s.pair('kiosk');
    const r = await issue(s, kiosk.token);
    expect(r.number).toBe('К-001');
    expect((await job(s, r.ticketId, kiosk.token)).body).toMatchObject({ status: 'failed', reason: 'unreachable' });
    await s.printing.pollAll();
    expect(s.store.findDevice('printer-door')).toMatchObject({ status: 'error', details: { reachable: false } });
  });

  it('several kiosks at once: one connection at a time, every ticket printed once, in order', async () => {
    const s = await start();
    const vp = s.virtualPrinter;
    const kiosks = await Promise.all([s.pair('kiosk', 'A'), s.pair('kiosk', 'B'), s.pair('kiosk', 'C')]);
    const results = await Promise.all(Array.from({ length: 9 }, (_, i) => issue(s, kiosks[i % 3]?.token ?? '')));
    for (const [i, r] of results.entries())
      expect((await job(s, r.ticketId, kiosks[i % 3]?.token ?? '')).body.status).toBe('printed');
    const printed = vp?.tickets.flatMap((t) => t.lines).filter((l) => /^К-\d{3}$/.test(l)) ?? [];
    expect([...printed].sort()).toEqual(results.map((r) => r.number).sort());
    expect(vp?.refusedConnections).toBe(0);
  });

  it('kiosks see only their own jobs; tickets from the admin desk are not printed; no printer = none', async () => {
    const s = await start({ server: { printing: { printerPollMs: 0 } } });
    const a = await s.pair('kiosk', 'A');
    const b = await s.pair('kiosk', 'B');
    const r = await issue(s, a.token);
    expect((await job(s, r.ticketId, a.token)).body).toMatchObject({ status: 'none', reason: 'no-printer' });
    expect((await job(s, r.ticketId, b.token)).status).toBe(404);
    const admin = await s.login('admin', 'admin-talon');
    const desk = await s.command(admin.token, { type: 'issueTicket', topicId: 'billing' });
    expect(desk.body.ok).toBe(true);
    const deskId = desk.body.ok ? (desk.body.result?.ticketId ?? '') : '';
    expect((await job(s, deskId, admin.token)).status).toBe(404);
    expect((await get(s, '/api/printing/job?ticketId=x&wait=99999', a.token)).status).toBe(400);
  });

  it('a restart never resends: a job caught mid-print becomes uncertain', async () => {
    const s = await start();
    const kiosk = await s.pair('kiosk');
    const r = await issue(s, kiosk.token);
    await job(s, r.ticketId, kiosk.token);
    // as if the server died between "printing" and the printer's answer
    s.store.db
      .prepare(
        `INSERT INTO print_jobs (ticket_id, printer_id, kiosk_id, status, created_at, updated_at) VALUES (?, 'virtual', ?, 'printing', ?, ?)`,
      )
      .run('2026-11-26/К-999', kiosk.deviceId, s.clock.now(), s.clock.now());
    const dataDir = s.dataDir;
    await s.close();
    servers = [];
    const again = await start({ dataDir });
    expect(again.printing.job('2026-11-26/К-999')).toMatchObject({ status: 'uncertain', reason: 'restart' });
    expect(again.printing.job(r.ticketId)?.status).toBe('printed');
    expect(again.virtualPrinter?.tickets).toHaveLength(0);
  });
});

describe('ticket layout on the server', () => {
  it('the configuration admin changes the header; the next ticket carries it; the preview is a PNG', async () => {
    const s = await start();
    const config = await s.login('config', 'config-talon');
    const admin = await s.login('admin', 'admin-talon');
    expect((await send(s, 'PUT', '/api/printing/layout', { header: 'Здравствуйте!' }, admin.token)).status).toBe(403);
    const bad = await send(s, 'PUT', '/api/printing/layout', { numberSize: 12 }, config.token);
    expect(bad.status).toBe(400);
    const put = await send(
      s,
      'PUT',
      '/api/printing/layout',
      { header: 'Здравствуйте!', footer: 'Хорошего дня' },
      config.token,
    );
    expect(put.body).toMatchObject({ header: 'Здравствуйте!', footer: 'Хорошего дня', showQr: true });
    expect(s.office.config?.ticketLayout?.header).toBe('Здравствуйте!');
    const kiosk = await s.pair('kiosk');
    const r = await issue(s, kiosk.token);
    await job(s, r.ticketId, kiosk.token);
    const t = await s.virtualPrinter?.waitForTicket();
    expect(t?.lines[0]).toBe('Здравствуйте!');
    expect(t?.lines.at(-1)).toBe('Хорошего дня');

    for (const [paper, width] of [
      [80, 576],
      [58, 384],
    ] as const) {
      const res = await fetch(`${s.url}/api/printing/layout/preview.png?paper=${paper}&qr=raster`);
      expect(res.headers.get('content-type')).toBe('image/png');
      expect(PNG.sync.read(Buffer.from(await res.arrayBuffer())).width).toBe(width + 32);
    }
    const draft = await fetch(`${s.url}/api/printing/layout/preview.png`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ layout: { showQr: false }, paper: 58 }),
    });
    expect(draft.status).toBe(200);
  });

  it('printers are managed over HTTP by the configuration admin and a test page prints', async () => {
    const s = await start({ server: { printing: { printerPollMs: 0 } } });
    const config = await s.login('config', 'config-talon');
    const bad = await send(s, 'PUT', '/api/printers/p1', { name: 'X', connection: 'ftp://nope' }, config.token);
    expect(bad.status).toBe(400);
    // a device file over the API would let a caller make the server write anywhere
    const file = await send(s, 'PUT', '/api/printers/p1', { name: 'X', connection: 'usb:/etc/passwd' }, config.token);
    expect(file.status).toBe(400);
    expect(s.printing.printers()).toEqual([]);
    const vp = await new (await import('@talon/hardware')).VirtualPrinter({ paperWidth: 58 }).start();
    try {
      const ok = await send(
        s,
        'PUT',
        '/api/printers/p1',
        { name: 'Киоск 1', connection: vp.url, paperWidth: 58 },
        config.token,
      );
      expect(ok.body).toMatchObject({
        config: { id: 'p1', paperWidth: 58, codePage: 'cp866' },
        deviceId: 'printer-p1',
      });
      const test = await send(s, 'POST', '/api/printers/p1/test-page', {}, config.token);
      expect(test.body).toMatchObject({ ok: true });
      const page = await vp.waitForTicket();
      expect(page.lines.join(' ')).toContain('АБВГДЕЁЖЗИЙКЛМНОП РСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмноп рстуфхцчшщъыьэюя');
      const list = await get<{ config: { id: string } }[]>(s, '/api/printers', config.token);
      expect(list.body.map((p) => p.config.id)).toEqual(['p1']);
      expect((await send(s, 'DELETE', '/api/printers/p1', {}, config.token)).body).toEqual({ ok: true });
    } finally {
      await vp.stop();
    }
  });
});
