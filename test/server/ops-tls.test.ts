import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opsOptionsFrom } from '../../server/src/ops/options.js';
import { OFFICE_MORNING } from '../support/server.js';

// A self-signed certificate for localhost and 127.0.0.1, committed for the tests only (test/fixtures/tls/README.md).
const FIXTURES = join(import.meta.dirname, '../fixtures/tls');
const CERT = join(FIXTURES, 'cert.pem');
const KEY = join(FIXTURES, 'key.pem');
const ca = readFileSync(CERT);

let server: RunningServer;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'talon-tls-'));
  server = await startServer({
    dataDir,
    clock: new VirtualClock(OFFICE_MORNING),
    tickMs: 0,
    initialConfig: rosatomDemoOffice(),
    tls: { cert: CERT, key: KEY },
  });
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** GET over https trusting only the test certificate (not switching verification off). */
function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('HTTPS', () => {
  it('serves the API, the start page and socket.io over TLS, and says https where it prints addresses', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await get(`${server.url}/api/health`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ ok: true, officeId: rosatomDemoOffice().officeId });
    expect((await get(`${server.url}/`)).status).toBe(200);
    // the same port by name, as the certificate says
    expect((await get(`https://localhost:${server.port}/api/health`)).status).toBe(200);
    // the QR links printed on tickets point at the secure address
    expect(server.printing.linkBase()).toMatch(/^https:\/\//);

    // socket.io over wss with a paired board's token
    const code = server.auth.createPairingCode('board', 'Табло по TLS').code;
    const paired = server.auth.pair(code);
    if (!paired.ok) throw new Error(JSON.stringify(paired.error));
    const socket = io(`${server.url}/board`, {
      auth: { token: paired.value.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      ca: ca.toString(),
    });
    try {
      const snapshot = await new Promise<Snapshot>((resolve, reject) => {
        socket.once('snapshot', resolve);
        socket.once('connect_error', reject);
        setTimeout(() => reject(new Error('no snapshot over wss')), 5000);
      });
      expect(snapshot.state.seq).toBe(server.office.seq);
    } finally {
      socket.close();
    }
  });

  it('refuses a client that does not trust the certificate, and plain HTTP on the same port', async () => {
    await expect(
      new Promise((resolve, reject) => {
        const req = request(`${server.url}/api/health`, resolve);
        req.on('error', reject);
        req.end();
      }),
    ).rejects.toThrow(/self.signed|certificate/i);
    const plain = await fetch(`http://127.0.0.1:${server.port}/api/health`).catch((e: Error) => e);
    expect(plain instanceof Error || plain.status >= 400).toBe(true);
  });
});

describe('the command line’s operations options', () => {
  const none = { 'log-level': '', 'tls-cert': '', 'tls-key': '', 'metrics-token': '' };

  it('read the certificate files, and default the log level to info (the demo: warn)', () => {
    const o = opsOptionsFrom({ ...none, 'tls-cert': CERT, 'tls-key': KEY }, { demo: false });
    expect(o.tls?.cert.toString()).toContain('BEGIN CERTIFICATE');
    expect(o.logger).toEqual({ level: 'info' });
    expect(opsOptionsFrom(none, { demo: true }).logger).toEqual({ level: 'warn' });
    expect(opsOptionsFrom({ ...none, 'log-level': 'silent' }, { demo: false }).logger).toBe(false);
    expect(opsOptionsFrom({ ...none, 'metrics-token': 'x'.repeat(20) }, { demo: false }).metricsToken).toBe(
      'x'.repeat(20),
    );
  });

  it('refuse a half-given certificate, a missing file, an unknown level and a short token, as parseArgs does', () => {
    const refused = (v: Partial<typeof none>) => {
      try {
        opsOptionsFrom({ ...none, ...v }, { demo: false });
      } catch (err) {
        expect((err as { code?: string }).code).toBe('ERR_PARSE_ARGS_INVALID_OPTION_VALUE');
        return (err as Error).message;
      }
      throw new Error(`accepted ${JSON.stringify(v)}`);
    };
    expect(refused({ 'tls-cert': CERT })).toMatch(/go together/);
    expect(refused({ 'tls-cert': CERT, 'tls-key': join(FIXTURES, 'no-such.pem') })).toMatch(/ENOENT/);
    expect(refused({ 'log-level': 'loud' })).toMatch(/log-level/);
    expect(refused({ 'metrics-token': 'short' })).toMatch(/16/);
  });
});
