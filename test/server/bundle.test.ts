import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PrintJobInfo } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, REPO_ROOT, type ServerProcess, spawnServer, waitExit } from '../support/process.js';

/**
 * `npm start` runs the esbuild bundle, not the sources the other tests load: its lazily loaded printing
 * libraries, its voice library path and its static screens are checked here, as a visitor would use them.
 */
let dataDir: string;
let server: ServerProcess;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'server/dist/main.mjs')))
    throw new Error('server/dist is not built: run "npm run build:ui" first');
  dataDir = mkdtempSync(join(tmpdir(), 'talon-bundle-'));
  server = await spawnServer(dataDir, undefined, [], { bundle: true });
}, 60_000);

afterAll(async () => {
  if (server) {
    server.child.kill('SIGTERM');
    await waitExit(server.child);
  }
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('the server bundle that npm start runs', () => {
  it('serves the screens, issues a ticket that the virtual printer prints, and speaks it', async () => {
    const { url } = server;
    const start = await (await fetch(`${url}/`)).text();
    const code = /\/kiosk\/\?pair=([A-Z0-9]+)/.exec(start)?.[1] ?? '';
    for (const screen of ['kiosk', 'board', 'operator', 'rating', 'admin', 'printer'])
      expect((await fetch(`${url}/${screen}/`)).status, screen).toBe(200);

    const kiosk = await postJson<{ token: string }>(`${url}/api/devices/pair`, { code });
    expect(kiosk.status).toBe(200);
    const issued = await postJson<{ ok: boolean; result?: { ticketId: string; number: string } }>(
      `${url}/api/commands`,
      { command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } },
      kiosk.body.token,
    );
    const ticket = issued.body.result;
    expect(ticket?.number).toMatch(/^К-\d{3}$/);

    // ESC/POS (node-thermal-printer, qrcode) on the virtual printer, and its PNG page (font, pngjs).
    const job = await fetch(
      `${url}/api/printing/job?ticketId=${encodeURIComponent(ticket?.ticketId ?? '')}&wait=10000`,
      { headers: { authorization: `Bearer ${kiosk.body.token}` } },
    );
    expect(((await job.json()) as PrintJobInfo).status).toBe('printed');
    const png = await fetch(`${url}/printer/tickets/1.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect((await png.arrayBuffer()).byteLength).toBeGreaterThan(1000);

    // The committed voice library, found from the bundle's folder.
    const voice = await fetch(`${url}/api/voice/ticket/${encodeURIComponent(ticket?.number ?? '')}.wav`);
    expect(voice.status).toBe(200);
    expect(
      Buffer.from(await voice.arrayBuffer())
        .subarray(0, 4)
        .toString('ascii'),
    ).toBe('RIFF');

    const health = (await (await fetch(`${url}/api/health`)).json()) as { memoryMb: { rss: number } };
    expect(health.memoryMb.rss).toBeGreaterThan(0);
  });

  it('gives the visitor’s phone a light page: the booking and take pages carry no schema library', async () => {
    const html = await (await fetch(`${server.url}/book/`)).text();
    const src = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(src, html).toMatch(/^\/book\/assets\//);
    const js = Buffer.from(await (await fetch(`${server.url}${src}`)).arrayBuffer());
    // zod's core class name: the protocol's index (every schema) pulled into the phone's download
    expect(js.includes('$ZodType')).toBe(false);
    // React and the QR code are most of it; the whole was 504 kB with the schemas
    expect(js.byteLength).toBeLessThan(350_000);
  });
});
