import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Printer, transportFor } from '../printer.js';
import { DeviceAgent } from './agent.js';

/**
 * The device agent for a kiosk PC with a USB or serial ticket printer:
 *   tsx hardware/src/agent/main.ts --server http://OFFICE:8080 --printer usb:/dev/usb/lp0 --pair 123456
 * The pairing code (role "device", created by an administrator) is exchanged once for a token kept
 * in --token-file; later starts need only --server and --printer. See docs/printing.md.
 */
const { values } = parseArgs({
  options: {
    server: { type: 'string', default: process.env.TALON_SERVER ?? '' },
    printer: { type: 'string', default: process.env.TALON_AGENT_PRINTER ?? '' },
    token: { type: 'string', default: process.env.TALON_DEVICE_TOKEN ?? '' },
    pair: { type: 'string', default: '' },
    'token-file': { type: 'string', default: process.env.TALON_AGENT_TOKEN_FILE ?? 'talon-agent-token.json' },
    journal: { type: 'string', default: process.env.TALON_AGENT_JOURNAL ?? 'talon-agent-jobs.log' },
    'status-ms': { type: 'string', default: '5000' },
  },
});

function fail(msg: string): never {
  console.error(`talon-agent: ${msg}`);
  process.exit(2);
}

if (!values.server) fail('--server http://OFFICE-SERVER:8080 is required');
if (!values.printer) fail('--printer usb:/dev/usb/lp0 | serial:/dev/ttyUSB0?baud=19200 | tcp://HOST:9100 is required');
const tokenFile = resolve(values['token-file']);

async function token(): Promise<string> {
  if (values.token) return values.token;
  if (values.pair) {
    const res = await fetch(`${values.server.replace(/\/$/, '')}/api/devices/pair`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: values.pair }),
    });
    const body = (await res.json()) as {
      token?: string;
      deviceId?: string;
      role?: string;
      error?: { message: { ru: string } };
    };
    if (!res.ok || !body.token) fail(`pairing failed: ${body.error?.message.ru ?? res.status}`);
    if (body.role !== 'device') fail(`the pairing code is for a "${body.role}", the agent needs one for "device"`);
    writeFileSync(tokenFile, JSON.stringify({ token: body.token, deviceId: body.deviceId }), { mode: 0o600 });
    console.log(`talon-agent: paired as device ${body.deviceId}; token saved to ${tokenFile}`);
    return body.token;
  }
  if (existsSync(tokenFile)) return (JSON.parse(readFileSync(tokenFile, 'utf8')) as { token: string }).token;
  return fail('no token: pass --pair CODE once (or --token)');
}

const agent = new DeviceAgent({
  serverUrl: values.server,
  token: await token(),
  printer: new Printer(transportFor(values.printer)),
  statusPollMs: Number(values['status-ms']),
  journalPath: resolve(values.journal),
});
await agent.start().catch((err: Error) => fail(err.message));
console.log(`talon-agent: ready, printing on ${values.printer}`);

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => void agent.stop().then(() => process.exit(0)));
