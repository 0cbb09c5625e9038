import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decodeTickets,
  EscPosParser,
  encodeTicket,
  Printer,
  parseEscPos,
  parseStatus,
  type SerialLike,
  SerialTransport,
  statusBytes,
  TcpTransport,
  transportFor,
  UsbFileTransport,
  VirtualPrinter,
} from '@talon/hardware';
import { TicketLayout } from '@talon/protocol';
import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';

const LAYOUT = TicketLayout.parse({});
const ticket = (number: string) =>
  encodeTicket(
    LAYOUT,
    {
      officeName: 'ЦОК «Тверской»',
      serviceName: 'Оплата',
      number,
      issuedAt: Date.parse('2026-11-26T07:00:00Z'),
      timeZone: 'Europe/Moscow',
      peopleAhead: 0,
      qrUrl: `http://office.local:8080/v/${number}`,
    },
    { paperWidth: 80, qr: 'native', codePage: 'cp866' },
  );

const printers: VirtualPrinter[] = [];
afterEach(async () => {
  for (const p of printers.splice(0)) await p.stop();
});
async function virtual() {
  const vp = await new VirtualPrinter().start();
  printers.push(vp);
  return vp;
}

describe('DLE EOT status', () => {
  it('reads online / paper out / near end / cover open from the three reply bytes', () => {
    const ok = statusBytes({ paperOut: false, paperNearEnd: false, coverOpen: false });
    expect([ok[1], ok[2], ok[4]]).toEqual([0x12, 0x12, 0x12]);
    expect(parseStatus([0x12, 0x12, 0x12])).toEqual({
      reachable: true,
      online: true,
      paperOut: false,
      paperNearEnd: false,
      coverOpen: false,
    });
    expect(parseStatus([0x1a, 0x32, 0x72])).toMatchObject({ online: false, paperOut: true, paperNearEnd: false });
    expect(parseStatus([0x12, 0x12, 0x1e])).toMatchObject({ online: true, paperNearEnd: true, paperOut: false });
    expect(parseStatus([0x1a, 0x16, 0x12])).toMatchObject({ online: false, coverOpen: true });
    expect(parseStatus([0xff, 0x00])).toMatchObject({ unknown: true });
  });
});

describe('ESC/POS decoder', () => {
  it('gives the same commands whether the bytes come at once or one by one', async () => {
    const bytes = await ticket('О-001');
    const whole = parseEscPos(bytes);
    const p = new EscPosParser();
    const split = [...bytes].flatMap((b) => p.push(Buffer.from([b])));
    expect(p.pending).toBe(0);
    const text = (ops: typeof whole) =>
      decodeTickets(ops)
        .flatMap((t) => t.lines)
        .join('\n');
    expect(text(split)).toBe(text(whole));
    expect(split.filter((o) => o.op !== 'text').length).toBe(whole.filter((o) => o.op !== 'text').length);
  });
});

describe('TCP 9100 to the virtual printer', () => {
  it('prints: the printer decodes the Cyrillic text, the QR payload and one cut', async () => {
    const vp = await virtual();
    const printer = new Printer(transportFor(vp.url));
    const bytes = await ticket('О-001');
    const r = await printer.print(bytes);
    expect(r).toMatchObject({ ok: true, status: { online: true, paperOut: false } });
    const t = await vp.waitForTicket();
    expect(t.lines).toContain('О-001');
    expect(t.lines).toContain('Оплата');
    expect(t.lines).toContain('ЦОК "Тверской"');
    // the link is made ASCII before it goes into GS ( k, as a phone's camera app would read it
    expect(t.qr).toEqual([new URL('http://office.local:8080/v/О-001').href]);
    expect(t.cut).toBe('partial');
    expect(t.bytes.includes(bytes.subarray(0, bytes.length - 2))).toBe(true);
    expect(vp.statusQueries).toBe(6); // DLE EOT 1, 2, 4 before and after the job
  });

  it('paper out: nothing is sent, the reason comes back, and the paper sensor bits are read', async () => {
    const vp = await virtual();
    vp.setState({ paperOut: true });
    const printer = new Printer(new TcpTransport({ host: '127.0.0.1', port: Number(new URL(vp.url).port) }));
    const r = await printer.print(await ticket('О-002'));
    expect(r).toMatchObject({ ok: false, reason: 'paper-out', sent: false, status: { paperOut: true, online: false } });
    expect(vp.tickets).toHaveLength(0);
    expect(vp.discardedCommands).toBe(0);
    vp.setState({ paperOut: false, coverOpen: true });
    expect(await printer.print(await ticket('О-002'))).toMatchObject({ ok: false, reason: 'cover-open', sent: false });
    vp.setState({ coverOpen: false, paperNearEnd: true });
    expect(await printer.print(await ticket('О-002'))).toMatchObject({ ok: true, status: { paperNearEnd: true } });
    expect(vp.tickets).toHaveLength(1);
  });

  it('unreachable: a closed port is reported, not thrown', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const printer = new Printer(transportFor(`tcp://127.0.0.1:${port}`));
    const r = await printer.print(await ticket('О-003'));
    expect(r).toMatchObject({ ok: false, reason: 'unreachable', sent: false, status: { reachable: false } });
    expect((await printer.status()).reachable).toBe(false);
  });

  it('one connection at a time: concurrent jobs queue up and all print in order', async () => {
    const vp = await virtual();
    const printer = new Printer(transportFor(vp.url));
    const numbers = ['О-010', 'О-011', 'О-012', 'О-013', 'О-014'];
    const all = await Promise.all([...numbers.map(async (n) => printer.print(await ticket(n))), printer.status()]);
    expect(all.slice(0, 5).every((r) => 'ok' in r && r.ok)).toBe(true);
    await vp.waitForTicket((t) => t.index === 5);
    expect(vp.tickets.map((t) => t.lines.find((l) => /^О-0\d\d$/.test(l)))).toEqual(numbers);
    expect(vp.refusedConnections).toBe(0);
  });

  it('the virtual printer itself turns a second simultaneous connection away', async () => {
    const vp = await virtual();
    const a = new TcpTransport({ host: '127.0.0.1', port: Number(new URL(vp.url).port) });
    const b = new TcpTransport({ host: '127.0.0.1', port: Number(new URL(vp.url).port) });
    await a.session(async () => {
      await b.session(async (link) => {
        expect(await link.request(Buffer.from([0x10, 0x04, 0x01]), 1, 300)).toBeNull();
      });
    });
    expect(vp.refusedConnections).toBe(1);
  });
});

describe('serial port (binding-mock)', () => {
  it('writes the job to the port and reads DLE EOT replies from it', async () => {
    SerialPortMock.binding.reset();
    SerialPortMock.binding.createPort('/dev/ttyPRN0', { record: true });
    let state = { paperOut: false, paperNearEnd: false, coverOpen: false };
    let port: SerialPortMock | undefined;
    const factory = (path: string, baudRate: number) => {
      port = new SerialPortMock({ path, baudRate, autoOpen: false });
      port.on('open', () => {
        // a printer on the other end of the wire: answers each DLE EOT n at once
        const binding = port?.port;
        if (!binding) return;
        const write = binding.write.bind(binding);
        binding.write = async (buf: Buffer) => {
          await write(buf);
          for (let i = 0; i + 2 < buf.length; i++)
            if (buf[i] === 0x10 && buf[i + 1] === 0x04)
              binding.emitData(Buffer.from([statusBytes(state)[buf[i + 2] ?? 0] ?? 0]));
        };
      });
      return port as unknown as SerialLike;
    };
    const printer = new Printer(new SerialTransport({ path: '/dev/ttyPRN0', baudRate: 19200, factory }));
    const bytes = await ticket('К-007');
    expect(await printer.print(bytes)).toMatchObject({ ok: true });
    const recording = port?.port?.recording ?? Buffer.alloc(0);
    expect(recording.includes(bytes)).toBe(true);
    const [printed] = decodeTickets(parseEscPos(recording));
    expect(printed?.lines).toContain('К-007');
    expect(port?.baudRate).toBe(19200);

    state = { ...state, paperOut: true };
    expect(await printer.print(await ticket('К-008'))).toMatchObject({ ok: false, reason: 'paper-out', sent: false });
    expect(decodeTickets(parseEscPos(port?.port?.recording ?? Buffer.alloc(0)))).toHaveLength(1);
    await printer.close();
  });

  it('a port that does not exist is unreachable', async () => {
    SerialPortMock.binding.reset();
    const factory = (path: string, baudRate: number) =>
      new SerialPortMock({ path, baudRate, autoOpen: false }) as unknown as SerialLike;
    const r = await new Printer(new SerialTransport({ path: '/dev/ttyNONE', factory })).print(await ticket('К-009'));
    expect(r).toMatchObject({ ok: false, reason: 'unreachable', sent: false });
  });
});

describe('Linux USB printer device file', () => {
  it('writes the job once, exactly; status is unknown (the device file gives none)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'talon-usblp-'));
    const dev = join(dir, 'lp0');
    writeFileSync(dev, '');
    const printer = new Printer(new UsbFileTransport(dev));
    const bytes = await ticket('Д-001');
    const r = await printer.print(bytes);
    expect(r).toMatchObject({ ok: true, status: { unknown: true } });
    expect(readFileSync(dev).equals(bytes)).toBe(true);
  });

  it('a missing device fails without creating a file in its place', async () => {
    const dev = join(mkdtempSync(join(tmpdir(), 'talon-usblp-')), 'lp9');
    const r = await new Printer(transportFor(`usb:${dev}`)).print(await ticket('Д-002'));
    expect(r).toMatchObject({ ok: false, reason: 'unreachable', sent: false });
    expect(existsSync(dev)).toBe(false);
  });
});
