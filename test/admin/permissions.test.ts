import type { ConfigResponse } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { api } from './http.js';

let s: TestServer;
let tokens: Record<'operator' | 'kiosk' | 'board' | 'hall' | 'config', string>;

beforeAll(async () => {
  s = await startTestServer({ server: { monitorMs: 0 } });
  tokens = {
    operator: (await s.login('operator1', 'talon1')).token,
    kiosk: (await s.pair('kiosk')).token,
    board: (await s.pair('board')).token,
    hall: (await s.login('admin', 'admin-talon')).token,
    config: (await s.login('config', 'config-talon')).token,
  };
});
afterAll(async () => {
  await s?.stop();
});

const newTopic = (config: ConfigResponse['config']) => ({
  ...config,
  topics: [
    ...config.topics,
    { id: 'forbidden', name: { ru: 'Нельзя', en: 'Not allowed' }, segmentIds: ['individual'], serviceId: 'consult' },
  ],
});

describe('only administrators open the configuration; only the configuration administrator changes it', () => {
  it('operator, kiosk and board tokens get 403 on every admin read and write, and nothing changes', async () => {
    const current = (await api<ConfigResponse>(s, 'GET', '/api/config', tokens.config)).body;
    const users = await api<{ id: string }[]>(s, 'GET', '/api/users', tokens.config);
    const someone = users.body[0]?.id ?? 'x';
    const seq = s.office.seq;
    const before = JSON.stringify(s.office.config);
    const userRows = JSON.stringify(users.body);

    const reads = [
      '/api/config',
      '/api/config/schema',
      '/api/config/versions',
      `/api/config/versions/${current.version}`,
      '/api/config/audit',
      '/api/config/presets',
      '/api/users',
      '/api/alarms',
      '/api/alarms/history',
      '/api/admin/monitor',
    ];
    const writes: ['POST' | 'PUT' | 'PATCH', string, unknown][] = [
      ['PUT', '/api/config', { config: newTopic(current.config) }],
      ['POST', `/api/config/versions/${current.version}/restore`, {}],
      ['POST', '/api/users', { login: 'intruder', name: 'X', roles: ['config_admin'], password: 'password123' }],
      ['PATCH', `/api/users/${someone}`, { roles: ['config_admin'] }],
      ['POST', `/api/users/${someone}/password`, { password: 'password123' }],
      ['POST', '/api/alarms/1/ack', {}],
    ];
    for (const who of ['operator', 'kiosk', 'board'] as const) {
      for (const path of reads) {
        const r = await api<{ error: { code: string } }>(s, 'GET', path, tokens[who]);
        expect([who, path, r.status, r.body.error?.code]).toEqual([who, path, 403, 'FORBIDDEN']);
      }
      for (const [method, path, body] of writes) {
        const r = await api<{ error: { code: string } }>(s, method, path, tokens[who], body);
        expect([who, path, r.status, r.body.error?.code]).toEqual([who, path, 403, 'FORBIDDEN']);
      }
    }
    // no token at all: 401
    expect((await api(s, 'PUT', '/api/config', undefined, { config: newTopic(current.config) })).status).toBe(401);

    expect(s.office.seq).toBe(seq);
    expect(JSON.stringify(s.office.config)).toBe(before);
    expect(JSON.stringify((await api(s, 'GET', '/api/users', tokens.config)).body)).toBe(userRows);
    expect(s.auth.authenticateUser(tokens.operator).ok).toBe(true); // the operator's password was not reset
  });

  it('a hall administrator may view the configuration but not change it', async () => {
    const current = await api<ConfigResponse>(s, 'GET', '/api/config', tokens.hall);
    expect(current.status).toBe(200);
    expect(current.body.config.officeId).toBe('demo-tver');
    const seq = s.office.seq;
    const put = await api<{ error: { code: string } }>(s, 'PUT', '/api/config', tokens.hall, {
      config: newTopic(current.body.config),
    });
    expect([put.status, put.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const create = await api(s, 'POST', '/api/users', tokens.hall, {
      login: 'x2',
      name: 'X',
      roles: ['config_admin'],
      password: 'password123',
    });
    expect(create.status).toBe(403);
    expect(s.office.seq).toBe(seq);
    expect(s.office.config?.topics.some((t) => t.id === 'forbidden')).toBe(false);
  });

  it('the operator and kiosk tokens cannot open the /admin realtime namespace', async () => {
    await expect(s.connect('admin', tokens.operator)).rejects.toThrow(/unauthorized/);
    await expect(s.connect('admin', tokens.kiosk)).rejects.toThrow(/unauthorized/);
  });
});
