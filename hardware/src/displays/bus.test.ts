import { SerialPortMock } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { DisplayBus } from './bus.js';
import { encodeFrame, frames } from './protocol.js';
import { openSerialLine } from './serial.js';
import { VirtualDisplayBus } from './virtual.js';

const PATH = '/dev/ttyTALON-DISPLAYS';
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

afterEach(() => {
  SerialPortMock.binding.reset();
});

/**
 * A bus on `@serialport/binding-mock`. The mock records what the driver writes; the displays'
 * replies are emitted from the port's side by a responder (the virtual displays by default),
 * which the mock cannot do by itself.
 */
// Generous timeouts: a display that answers does so in ~2 ms, and a loaded CI machine must not
// turn a slow event loop into a retry that changes the recorded bytes.
async function mockBus(responder?: (written: Buffer) => Buffer[], opts = { replyTimeoutMs: 500, retries: 2 }) {
  SerialPortMock.binding.createPort(PATH, { record: true });
  const port = await openSerialLine({ path: PATH }, (o) => new SerialPortMock(o));
  const mock = (port as SerialPortMock).port;
  if (!mock) throw new Error('mock port not open');
  const displays = new VirtualDisplayBus([3, 4]);
  const respond = responder ?? ((b: Buffer) => displays.feed(b));
  const wire: string[] = [];
  const write = mock.write.bind(mock);
  mock.write = async (buf: Buffer) => {
    await write(buf);
    wire.push(`> ${buf.toString('latin1')}`);
    for (const r of respond(Buffer.from(buf)))
      setTimeout(() => {
        wire.push(`< ${r.toString('latin1')}`);
        mock.emitData(r);
      }, 2);
  };
  return { bus: new DisplayBus(port, opts), mock, displays, wire, port };
}

describe('DisplayBus over @serialport/binding-mock', () => {
  it('writes TWD-1 frames byte-exact and reads the displays’ replies', async () => {
    const { bus, mock, displays } = await mockBus();
    expect(await bus.show(3, 'К-001')).toMatchObject({ ok: true, reply: { address: 3, command: 'A' } });
    expect(await bus.blink(3, 10)).toMatchObject({ ok: true });
    expect(await bus.status(3)).toEqual({
      ok: true,
      status: { health: 'ok', brightness: 7, blinking: true, text: 'К-001' },
    });
    expect(await bus.clear(3)).toMatchObject({ ok: true });
    expect(mock.recording).toEqual(
      hex(`02 30 33 54 8A 2D 30 30 31 03 43 32
           02 30 33 42 31 30 03 34 33
           02 30 33 53 03 35 33
           02 30 33 43 03 34 33`),
    );
    expect(displays.display(3).log).toEqual(['T:К-001', 'B:10', 'C']);
    expect(displays.display(4).log).toEqual([]);
    await bus.close();
  });

  it('one frame on the line at a time: the next is written only after the previous reply', async () => {
    const { bus, wire } = await mockBus();
    const all = await Promise.all([bus.show(3, 'К-001'), bus.show(4, 'П-002'), bus.status(3), bus.clear(4)]);
    expect(all.every((o) => o.ok)).toBe(true);
    expect(wire.map((w) => w[0]).join('')).toBe('><><><><');
    // Each reply comes from the display the preceding frame addressed.
    for (let i = 0; i < wire.length; i += 2) expect(wire[i + 1]?.slice(3, 5)).toBe(wire[i]?.slice(3, 5));
    await bus.close();
  });

  it('a silent display: the frame is repeated `retries` times, then the outcome is a timeout', async () => {
    const { bus, mock } = await mockBus(undefined, { replyTimeoutMs: 150, retries: 2 });
    const o = await bus.show(7, 'К-001');
    expect(o).toEqual({ ok: false, reason: 'timeout' });
    const one = frames.showText(7, 'К-001');
    expect(mock.recording).toEqual(Buffer.concat([one, one, one]));
    // A display already known to be silent is polled once, not three times.
    expect(await bus.status(7, { retries: 0 })).toEqual({ ok: false, reason: 'timeout' });
    expect(mock.recording.subarray(one.length * 3)).toEqual(frames.status(7));
    // The bus is still usable for the displays that answer.
    expect((await bus.show(3, 'К-002')).ok).toBe(true);
    await bus.close();
  });

  it('a checksum NAK or a garbled reply is retried; other refusals are not', async () => {
    let n = 0;
    const flaky = new VirtualDisplayBus([3]);
    const { bus, mock } = await mockBus((b) => {
      n++;
      if (n === 1) return [encodeFrame(3, 'N', Buffer.from('1'))];
      if (n === 2) return [hex('02 30 33 41 03 30 30')]; // ACK with a wrong checksum
      return flaky.feed(b);
    });
    expect(await bus.show(3, 'К-001')).toMatchObject({ ok: true });
    expect(n).toBe(3);
    expect(flaky.display(3).text).toBe('К-001');

    const before = mock.recording.length;
    const refusing = await mockBusRefusing();
    expect(await refusing.bus.brightness(3, 5)).toEqual({ ok: false, reason: 'refused', detail: 'bad payload' });
    expect(refusing.writes()).toBe(1);
    expect(mock.recording.length).toBe(before);
    await bus.close();
    await refusing.bus.close();
  });

  it('a broadcast gets no reply and succeeds once the line has been quiet', async () => {
    const { bus, mock, displays } = await mockBus();
    await bus.show(3, 'К-001');
    await bus.show(4, 'К-002');
    expect(await bus.send(0, frames.clear(0))).toEqual({ ok: true, reply: null });
    expect(mock.recording.subarray(-7)).toEqual(hex('02 30 30 43 03 34 30'));
    expect([displays.display(3).text, displays.display(4).text]).toEqual(['', '']);
    await bus.close();
  });

  it('closing the port ends queued work as `closed` and refuses new work', async () => {
    const { bus } = await mockBus(() => []);
    const queued = [bus.show(3, 'К-001'), bus.show(4, 'К-002')];
    await bus.close();
    expect(await Promise.all(queued)).toEqual([
      { ok: false, reason: 'closed' },
      { ok: false, reason: 'closed' },
    ]);
    expect(await bus.clear(3)).toEqual({ ok: false, reason: 'closed' });
    expect(bus.isClosed).toBe(true);
  });

  it('opening a port that does not exist rejects with the reason', async () => {
    await expect(openSerialLine({ path: '/dev/ttyNOPE' }, (o) => new SerialPortMock(o))).rejects.toThrow(
      /does not exist|no such/i,
    );
  });
});

async function mockBusRefusing() {
  const path = `${PATH}-2`;
  SerialPortMock.binding.createPort(path, { record: true });
  const port = await openSerialLine({ path }, (o) => new SerialPortMock(o));
  const mock = (port as SerialPortMock).port;
  if (!mock) throw new Error('mock port not open');
  let writes = 0;
  const write = mock.write.bind(mock);
  mock.write = async (buf: Buffer) => {
    await write(buf);
    writes++;
    setTimeout(() => mock.emitData(encodeFrame(3, 'N', Buffer.from('3'))), 2);
  };
  return { bus: new DisplayBus(port, { replyTimeoutMs: 500, retries: 2 }), writes: () => writes };
}
