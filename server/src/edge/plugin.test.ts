import { ERRORS, type ErrorCode, errorStatus, talonError } from '@talon/protocol';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthService } from '../auth/index.js';
import { openStore, type Store } from '../store/index.js';
import { T0, tempDir } from '../store/test-support.js';
import { createEdge, Refusal, refuse } from './plugin.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let auth: AuthService;
let app: FastifyInstance;

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file('office.db'));
  auth = new AuthService(store, { now: () => T0 });
  auth.ensureUser({ login: 'op', name: 'Оператор', password: 'op-password', roles: ['operator'], operatorId: 'op1' });
  auth.ensureUser({ login: 'adm', name: 'Админ', password: 'adm-password', roles: ['hall_admin'] });
  app = Fastify();
});
afterEach(async () => {
  await app.close();
  store.close();
  tmp.cleanup();
});

const token = async (login: string, password: string) => {
  const r = await auth.login(login, password);
  if (!r.ok) throw new Error(r.error.code);
  return r.value.token;
};

describe('error statuses', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[];

  it('declares one HTTP status for every code, and the ones clients branch on are what HTTP means', () => {
    for (const code of codes) expect(errorStatus(code), code).toBeGreaterThanOrEqual(400);
    expect(errorStatus('VALIDATION_FAILED')).toBe(400);
    expect(errorStatus('UNAUTHORIZED')).toBe(401);
    expect(errorStatus('SESSION_EXPIRED')).toBe(401);
    expect(errorStatus('FORBIDDEN')).toBe(403);
    expect(errorStatus('NOT_FOUND')).toBe(404);
    expect(errorStatus('CONFIG_VERSION_STALE')).toBe(409);
    expect(errorStatus('TOO_MANY_REQUESTS')).toBe(429);
    expect(errorStatus('INTERNAL')).toBe(500);
    expect(errorStatus('QUEUE_EMPTY')).toBe(422);
  });

  it.each(codes)('%s answers with its declared status and its Russian and English text', async (code) => {
    createEdge(app, auth).serve('health', () => refuse(code, { why: 'test' }));
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(errorStatus(code));
    expect(res.json()).toEqual({ ok: false, error: talonError(code, { why: 'test' }) });
    const [ru, en] = ERRORS[code];
    expect(res.json().error.message).toEqual({ ru, en });
  });
});

describe('the edge', () => {
  it('identifies the caller from the bearer token and checks the roles before the handler runs', async () => {
    let ran = 0;
    createEdge(app, auth).serve('listDevices', () => {
      ran++;
      return [];
    });
    const get = (authorization?: string) =>
      app.inject({ method: 'GET', url: '/api/devices', headers: authorization ? { authorization } : {} });
    expect((await get()).statusCode).toBe(401);
    expect((await get('Bearer nonsense')).json().error.code).toBe('UNAUTHORIZED');
    expect((await get(`Basic ${await token('adm', 'adm-password')}`)).statusCode).toBe(401);
    expect((await get(`Bearer ${await token('op', 'op-password')}`)).statusCode).toBe(403);
    expect(ran).toBe(0);
    const ok = await get(`Bearer ${await token('adm', 'adm-password')}`);
    expect([ok.statusCode, ok.json(), ran]).toEqual([200, [], 1]);
  });

  it('validates the body before the handler: a bad one is refused in both languages and the handler never runs', async () => {
    let ran = 0;
    createEdge(app, auth).serve('login', ({ body }) => {
      ran++;
      return new Refusal(talonError('BAD_CREDENTIALS', { login: body.login }));
    });
    const bad = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { login: 'x' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: { ru: expect.any(String), en: expect.any(String) },
      details: [expect.objectContaining({ path: 'password' })],
    });
    expect(ran).toBe(0);
    const broken = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"login":',
    });
    expect([broken.statusCode, broken.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const refused = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { login: 'a', password: 'b' },
    });
    expect([refused.statusCode, refused.json().error.code, ran]).toEqual([401, 'BAD_CREDENTIALS', 1]);
  });

  it('answers an unknown path with NOT_FOUND (404) and a thrown handler with INTERNAL (500)', async () => {
    createEdge(app, auth).serve('health', () => {
      throw new Error('boom');
    });
    const missing = await app.inject({ method: 'GET', url: '/api/nothing-here?x=1' });
    expect([missing.statusCode, missing.json().error]).toEqual([
      404,
      talonError('NOT_FOUND', { path: '/api/nothing-here' }),
    ]);
    const thrown = await app.inject({ method: 'GET', url: '/api/health' });
    expect([thrown.statusCode, thrown.json().error.code]).toEqual([500, 'INTERNAL']);
  });

  it('lists the routes Fastify registered', async () => {
    const edge = createEdge(app, auth);
    edge.serve('health', () => refuse('INTERNAL'));
    edge.serve('login', () => refuse('INTERNAL'));
    expect(edge.registered()).toEqual([
      { method: 'GET', url: '/api/health' },
      { method: 'POST', url: '/api/auth/login' },
    ]);
  });
});
