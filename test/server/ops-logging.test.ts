import { PassThrough } from 'node:stream';
import type { CommandResponse, PairingCodeResponse, PairResponse } from '@talon/protocol';
import { loadOrCreateSecret, visitUrl } from '@talon/server/links';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scrub } from '../../server/src/ops/logging.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Everything the server logged, as written. */
let text = '';
let s: TestServer;
let stopped = false;

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  s = await startTestServer({ server: { logger: { level: 'info', destination: stream } } });
});
afterAll(async () => {
  if (!stopped) await s?.stop();
});

async function post<T>(path: string, body: unknown, token?: string): Promise<{ status: number; body: T }> {
  const res = await fetch(s.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const lines = () =>
  text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('structured logs', () => {
  it('write one JSON line per request and per socket, and no password, token, code or visitor data', async () => {
    const password = 'admin-talon';
    const phone = '+7 (912) 555-01-23';
    const account = 'ЛСQ7W9Z4';

    // a refused sign-in and a good one: the password travels in the body only
    expect((await post('/api/auth/login', { login: 'admin', password: 'wrong-secret-pw' })).status).toBe(401);
    const admin = await post<{ token: string }>('/api/auth/login', { login: 'admin', password });
    expect(admin.status).toBe(200);
    const session = admin.body.token;

    const code = (
      await post<PairingCodeResponse>('/api/devices/pairing-codes', { role: 'kiosk', name: 'Киоск' }, session)
    ).body.code;
    const paired = await post<PairResponse>('/api/devices/pair', { code });
    expect(paired.status).toBe(200);
    const deviceToken = paired.body.token;
    // the socket handshake carries the device token
    await s.connect('kiosk', deviceToken);

    const issued = await post<CommandResponse>(
      '/api/commands',
      {
        command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual', visitorData: { phone, account } },
      },
      deviceToken,
    );
    expect(issued.body.ok).toBe(true);
    const ticketId = issued.body.ok ? (issued.body.result?.ticketId ?? '') : '';
    // the operator console sees the visitor's data (so it is really there to leak)
    const state = await fetch(`${s.url}/api/state`, { headers: { authorization: `Bearer ${session}` } });
    expect(await state.text()).toContain('555-01-23');

    // the visit's signed link, as printed in the ticket's QR, with a query string
    const link = visitUrl(s.url, loadOrCreateSecret(s.dataDir), ticketId, s.clock.now() + 3_600_000);
    const visitToken = link.split('/v/')[1] ?? '';
    const page = await fetch(`${link}?lang=en`);
    expect(page.status).toBe(200);
    // a wrong address carrying secrets, and a screen address with a pairing code in its query
    expect((await fetch(`${s.url}/v/${visitToken}/more?code=${code}`)).status).toBe(404);
    await fetch(`${s.url}/kiosk/?pair=${code}`);

    // closing writes its own lines; everything is in the stream afterwards
    stopped = true;
    await s.stop();
    const secrets = { password, wrongPassword: 'wrong-secret-pw', session, deviceToken, code, visitToken, account };
    for (const [what, secret] of Object.entries(secrets)) expect(text.includes(secret), what).toBe(false);
    for (const part of ['555-01-23', phone]) expect(text.includes(part), part).toBe(false);

    const all = lines();
    const requests = all.filter((l) => l.msg === 'request');
    const seen = (method: string, route: string | null, status: number) =>
      requests.some((l) => l.method === method && l.route === route && l.status === status);
    expect(seen('POST', '/api/auth/login', 401)).toBe(true);
    expect(seen('POST', '/api/auth/login', 200)).toBe(true);
    expect(seen('POST', '/api/devices/pair', 200)).toBe(true);
    expect(seen('POST', '/api/commands', 200)).toBe(true);
    expect(seen('GET', '/v/:token', 200)).toBe(true);
    expect(seen('GET', null, 404)).toBe(true);
    for (const r of requests) {
      expect(Object.keys(r).sort()).toEqual([
        'hostname',
        'level',
        'method',
        'ms',
        'msg',
        'pid',
        'reqId',
        'route',
        'status',
        'time',
      ]);
      expect(typeof r.ms).toBe('number');
    }
    // exactly one line per request: Fastify's own "incoming request" / "request completed" pair is gone
    expect(all.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    expect(all.some((l) => l.msg === 'socket connected' && l.ns === 'kiosk' && l.role === 'kiosk')).toBe(true);
    expect(all.some((l) => String(l.msg).startsWith('Server listening at'))).toBe(true);
  });
});

describe('the second line of defence', () => {
  it('censors secret and personal keys anything else logs, up to two objects down, and copies only then', () => {
    const line = { method: 'GET', route: '/api/state', status: 200 };
    expect(scrub(line)).toBe(line);
    const leaky = {
      msg: 'debugging',
      headers: { authorization: 'Bearer abc', host: 'x' },
      ticket: { visitorData: { phone: '+7 900 000-00-00' }, number: 'К-001' },
      deep: { a: { b: { password: 'kept: three levels down is not looked at' } } },
      list: [{ token: 't' }],
    };
    const clean = scrub(leaky);
    expect(clean).toEqual({
      msg: 'debugging',
      headers: { authorization: '[redacted]', host: 'x' },
      ticket: { visitorData: '[redacted]', number: 'К-001' },
      deep: { a: { b: { password: 'kept: three levels down is not looked at' } } },
      list: [{ token: '[redacted]' }],
    });
    expect(leaky.headers.authorization).toBe('Bearer abc');
    const err = new Error('boom');
    expect(scrub({ err }).err).toBe(err);
  });
});
