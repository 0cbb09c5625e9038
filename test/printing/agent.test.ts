import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Printer, transportFor, VirtualPrinter } from '@talon/hardware';
import { DeviceAgent } from '@talon/hardware/agent';
import type { PrintJobInfo } from '@talon/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** A kiosk PC: a kiosk screen and a device agent with a printer (a virtual one stands in for USB). */
async function kioskPc() {
  const s = await startTestServer({ server: { printing: { printerPollMs: 0 } } });
  cleanup.push(() => s.stop());
  const vp = await new VirtualPrinter({ paperWidth: 58 }).start();
  cleanup.push(() => vp.stop());
  const kiosk = await s.pair('kiosk', 'Киоск у окна');
  const agentDevice = await s.pair('device', 'Агент киоска у окна');
  const config = await s.login('config', 'config-talon');
  const res = await fetch(`${s.url}/api/printers/kiosk-usb`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
    body: JSON.stringify({
      name: 'USB-принтер киоска',
      connection: `agent:${agentDevice.deviceId}`,
      paperWidth: 58,
      qr: 'raster',
      kioskIds: [kiosk.deviceId],
    }),
  });
  expect(res.status).toBe(200);
  return { s, vp, kiosk, agentDevice, config };
}

async function jobOf(s: TestServer, ticketId: string, token: string) {
  const res = await fetch(`${s.url}/api/printing/job?ticketId=${encodeURIComponent(ticketId)}&wait=8000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return (await res.json()) as PrintJobInfo;
}

async function issue(s: TestServer, token: string) {
  const r = await s.command(token, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' });
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.result as { ticketId: string; number: string };
}

describe('device agent', () => {
  it('receives the kiosk ticket over /device, prints it and reports the printer as its heartbeat', async () => {
    const { s, vp, kiosk, agentDevice, config } = await kioskPc();
    const agent = new DeviceAgent({
      serverUrl: s.url,
      token: agentDevice.token,
      printer: new Printer(transportFor(vp.url)),
      statusPollMs: 0,
      log: () => {},
    });
    cleanup.push(() => agent.stop());
    await agent.start();
    const r = await issue(s, kiosk.token);
    expect(await jobOf(s, r.ticketId, kiosk.token)).toMatchObject({ status: 'printed', printerId: 'kiosk-usb' });
    const t = await vp.waitForTicket();
    expect(t.lines).toContain(r.number);
    expect(t.images).toHaveLength(1); // raster QR, as configured for this printer
    expect(agent.printed).toBe(1);

    vp.setState({ paperNearEnd: true });
    await agent.report();
    await expect
      .poll(async () => {
        const res = await fetch(`${s.url}/api/devices`, { headers: { authorization: `Bearer ${config.token}` } });
        const list = (await res.json()) as { deviceId: string; status: string; details?: Record<string, unknown> }[];
        return list.find((d) => d.deviceId === agentDevice.deviceId);
      })
      .toMatchObject({ status: 'warning', details: { kind: 'printer', paper: 'near-end' } });

    // a job sent again (e.g. after a lost answer) is not printed twice
    const again = await agent.handle({ jobId: r.ticketId, data: t.bytes.toString('base64') });
    expect(again).toMatchObject({ ok: false, duplicate: true });
    expect(vp.tickets).toHaveLength(1);
  });

  it('no agent connected: the ticket is issued and its job fails as unreachable', async () => {
    const { s, kiosk } = await kioskPc();
    const r = await issue(s, kiosk.token);
    expect(r.number).toBe('О-001');
    expect(await jobOf(s, r.ticketId, kiosk.token)).toMatchObject({ status: 'failed', reason: 'unreachable' });
  });

  it('runs as its own process with tsx: pairs with a code, then prints', async () => {
    const { s, vp, kiosk, config } = await kioskPc();
    const codeRes = await fetch(`${s.url}/api/devices/pairing-codes`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
      body: JSON.stringify({ role: 'device', name: 'Агент (процесс)' }),
    });
    const { code } = (await codeRes.json()) as { code: string };
    const dir = mkdtempSync(join(tmpdir(), 'talon-agent-'));
    const child = spawn(
      process.execPath,
      [
        join(REPO_ROOT, 'node_modules/tsx/dist/cli.mjs'),
        join(REPO_ROOT, 'hardware/src/agent/main.ts'),
        '--server',
        s.url,
        '--printer',
        vp.url,
        '--pair',
        code,
        '--token-file',
        join(dir, 'token.json'),
        '--journal',
        join(dir, 'jobs.log'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    cleanup.push(() => child.kill('SIGTERM'));
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    await expect.poll(() => out, { timeout: 20_000 }).toContain('ready');
    const deviceId = /paired as device (\S+);/.exec(out)?.[1] ?? '';
    expect(deviceId).not.toBe('');
    // point the kiosk's printer at the new agent
    await fetch(`${s.url}/api/printers/kiosk-usb`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config.token}` },
      body: JSON.stringify({ name: 'USB-принтер киоска', connection: `agent:${deviceId}`, kioskIds: [kiosk.deviceId] }),
    });
    const r = await issue(s, kiosk.token);
    expect(await jobOf(s, r.ticketId, kiosk.token)).toMatchObject({ status: 'printed' });
    expect((await vp.waitForTicket()).lines).toContain(r.number);
  });
});
