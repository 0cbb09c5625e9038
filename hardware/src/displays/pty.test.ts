import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisplayBus } from './bus.js';
import { type OpenablePort, openDisplayBus, openSerialLine } from './serial.js';
import { VirtualDisplayBus } from './virtual.js';

/**
 * The real serialport binding over a socat pty pair: the driver opens one end as it would a
 * USB-RS485 adapter, the virtual displays answer on the other end. Needs Debian's `socat`
 * (`.ci/run` installs it); without it these tests are skipped, and say so.
 */
const HAVE_SOCAT = spawnSync('socat', ['-V'], { stdio: 'ignore' }).status === 0;
if (!HAVE_SOCAT) console.warn('socat is not installed: the pty pair tests are SKIPPED (apt-get install -y socat)');

let dir: string;
let socat: ChildProcess | undefined;
let devicePort: OpenablePort | undefined;
let bus: DisplayBus | undefined;

async function ptyPair(): Promise<{ host: string; device: string }> {
  dir = mkdtempSync(join(tmpdir(), 'talon-pty-'));
  socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0,link=ttyHost', 'pty,raw,echo=0,link=ttyDevice'], {
    cwd: dir,
    stdio: 'ignore',
  });
  const host = join(dir, 'ttyHost');
  const device = join(dir, 'ttyDevice');
  for (let i = 0; i < 100 && !(existsSync(host) && existsSync(device)); i++)
    await new Promise((r) => setTimeout(r, 20));
  if (!existsSync(host) || !existsSync(device)) throw new Error('socat did not create the pty pair');
  return { host, device };
}

beforeEach(() => {
  socat = undefined;
  devicePort = undefined;
  bus = undefined;
});

afterEach(async () => {
  await bus?.close();
  if (devicePort && !devicePort.destroyed) devicePort.destroy();
  if (socat && socat.exitCode === null) {
    const exited = new Promise((r) => socat?.once('exit', r));
    socat.kill();
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_SOCAT)('DisplayBus over a socat pty pair (real serialport binding)', () => {
  it('drives virtual displays across a real tty: text, blink, status, clear', async () => {
    const { host, device } = await ptyPair();
    devicePort = await openSerialLine({ path: device, baudRate: 9600 });
    const displays = new VirtualDisplayBus([1, 2, 3], { replyDelayMs: 5 });
    displays.attach(devicePort);
    bus = await openDisplayBus({ path: host, baudRate: 9600, replyTimeoutMs: 800, retries: 1 });

    expect((await bus.show(1, 'К-001')).ok).toBe(true);
    expect((await bus.show(2, 'П-017')).ok).toBe(true);
    expect((await bus.blink(2, 15)).ok).toBe(true);
    const s = await bus.status(2);
    expect(s).toEqual({ ok: true, status: { health: 'ok', brightness: 7, blinking: true, text: 'П-017' } });
    expect((await bus.clear(1)).ok).toBe(true);
    expect(await bus.show(9, 'К-002')).toMatchObject({ ok: false, reason: 'timeout' });

    expect(displays.display(1).log).toEqual(['T:К-001', 'C']);
    expect(displays.display(2).text).toBe('П-017');
    expect(displays.garbled).toBe(0);
  });

  it('the line going away (adapter unplugged) closes the bus instead of hanging', async () => {
    const { host } = await ptyPair();
    bus = await openDisplayBus({ path: host, replyTimeoutMs: 200, retries: 0 });
    const exited = new Promise((r) => socat?.once('exit', r));
    socat?.kill();
    await exited;
    for (let i = 0; i < 100 && !bus.isClosed; i++) {
      await bus.status(1);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(bus.isClosed).toBe(true);
    expect(await bus.show(1, 'К-001')).toEqual({ ok: false, reason: 'closed' });
  });
});
