import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hello, call as request, signIn } from '../sync/test-helpers.js';
import { startTestHeadOffice, TEST_ADMIN, type TestHeadOffice } from '../testing.js';
import { MAX_FAILURES } from './login.js';

let t: TestHeadOffice;
beforeAll(async () => {
  t = await startTestHeadOffice();
});
afterAll(async () => {
  await t?.close();
});

const call = (method: string, path: string, opts: { token?: string; body?: unknown } = {}) =>
  request(t.url, method, path, opts);
const admin = (method: string, path: string, body?: unknown) =>
  call(method, path, { token: t.adminToken, ...(body !== undefined ? { body } : {}) });

async function user(login: string, role: string, branchId?: string) {
  const r = await admin('POST', '/api/hq/users', {
    login,
    name: `Пользователь ${login}`,
    password: `${login}-password`,
    role,
    ...(branchId ? { branchId } : {}),
  });
  expect(r.status).toBe(200);
  return { id: r.body.id as string, token: await signIn(t.url, login, `${login}-password`) };
}

describe('signing in', () => {
  it('answers a session token valid for 12 hours, stored only as a hash', async () => {
    const r = await call('POST', '/api/hq/login', { body: TEST_ADMIN });
    expect(r.status).toBe(200);
    expect(r.body.expiresInMs).toBe(12 * 3600_000);
    expect(r.body.user).toMatchObject({ login: 'admin', role: 'company_admin' });
    expect(Buffer.from(r.body.token, 'base64url')).toHaveLength(32);
    const me = await call('GET', '/api/hq/me', { token: r.body.token });
    expect(me.body.login).toBe('admin');
    const { rows } = await t.hq.pool.query(
      "SELECT count(*)::int AS n FROM hq_sessions WHERE token_hash = sha256(convert_to($1, 'UTF8'))",
      [r.body.token],
    );
    expect(rows[0].n).toBe(1);

    expect((await call('POST', '/api/hq/logout', { token: r.body.token })).status).toBe(200);
    expect((await call('GET', '/api/hq/me', { token: r.body.token })).status).toBe(401);
  });

  it('refuses a wrong password or an unknown login the same way', async () => {
    const wrong = await call('POST', '/api/hq/login', { body: { login: 'admin', password: 'not-the-password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('BAD_CREDENTIALS');
    const unknown = await call('POST', '/api/hq/login', { body: { login: 'nobody', password: 'whatever-1' } });
    expect(unknown.body.error.code).toBe('BAD_CREDENTIALS');
  });

  it('locks a login after repeated failures, in the database, even for the right password', async () => {
    await user('guessed', 'analyst');
    for (let i = 0; i < MAX_FAILURES; i++) {
      const r = await call('POST', '/api/hq/login', { body: { login: 'guessed', password: `wrong-${i}-xxxx` } });
      expect(r.body.error.code).toBe('BAD_CREDENTIALS');
    }
    const locked = await call('POST', '/api/hq/login', { body: { login: 'guessed', password: 'guessed-password' } });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(locked.body.error.details.retryAfterMs).toBeGreaterThan(0);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another login is not affected.
    expect((await call('POST', '/api/hq/login', { body: TEST_ADMIN })).status).toBe(200);
    // The lock lives in PostgreSQL (every process sees it); once it is over, the right password works.
    await t.hq.pool.query(
      "UPDATE hq_login_failures SET locked_until = now() - interval '1 second' WHERE login = 'guessed'",
    );
    expect(
      (await call('POST', '/api/hq/login', { body: { login: 'guessed', password: 'guessed-password' } })).status,
    ).toBe(200);
  });

  it('signs a disabled user out everywhere and keeps them out', async () => {
    const u = await user('leaving', 'analyst');
    expect((await call('GET', '/api/hq/me', { token: u.token })).status).toBe(200);
    const r = await admin('PATCH', `/api/hq/users/${u.id}`, { disabled: true });
    expect(r.body.disabled).toBe(true);
    expect((await call('GET', '/api/hq/me', { token: u.token })).status).toBe(401);
    const again = await call('POST', '/api/hq/login', { body: { login: 'leaving', password: 'leaving-password' } });
    expect(again.body.error.code).toBe('BAD_CREDENTIALS');
    expect((await admin('PATCH', '/api/hq/users/no-such-user', { name: 'X' })).body.error.code).toBe('NOT_FOUND');
  });
});

describe('users and roles', () => {
  it('refuses a taken login and an unknown branch', async () => {
    await user('twice', 'analyst');
    const again = await admin('POST', '/api/hq/users', {
      login: 'twice',
      name: 'Другой',
      password: 'another-password',
      role: 'analyst',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('LOGIN_TAKEN');
    const branch = await admin('POST', '/api/hq/users', {
      login: 'nobranch',
      name: 'Без филиала',
      password: 'another-password',
      role: 'branch_manager',
      branchId: 'no-such-branch',
    });
    expect(branch.body.error.code).toBe('UNKNOWN_BRANCH');
    const users = await admin('GET', '/api/hq/users');
    expect(users.body.filter((u: { login: string }) => u.login === 'twice')).toHaveLength(1);
  });

  it('lets only the company administrator change the structure, and a branch manager see only their branch', async () => {
    const north = await admin('POST', '/api/hq/branches', { code: 'NORTH', name: { ru: 'Север', en: 'North' } });
    const south = await admin('POST', '/api/hq/branches', { code: 'SOUTH', name: { ru: 'Юг', en: 'South' } });
    expect(north.status).toBe(200);
    const dup = await admin('POST', '/api/hq/branches', { code: 'NORTH', name: { ru: 'Север 2', en: 'North 2' } });
    expect(dup.body.error.code).toBe('BRANCH_CODE_TAKEN');

    const n1 = await admin('POST', '/api/hq/offices', {
      code: 'N1',
      name: { ru: 'ЦОК Н1', en: 'N1' },
      branchId: north.body.id,
    });
    const s1 = await admin('POST', '/api/hq/offices', {
      code: 'S1',
      name: { ru: 'ЦОК Ю1', en: 'S1' },
      branchId: south.body.id,
    });
    expect(n1.status).toBe(200);
    expect(n1.body.office).toMatchObject({ code: 'N1', branchId: north.body.id, keyRevoked: false });
    expect(n1.body.office.sync).toMatchObject({ connected: false, ackSeq: 0, epoch: 1, attention: [] });
    // The key is answered once, works at once, and only its hash is kept.
    expect((await hello(t.url, n1.body.apiKey)).body.code).toBe('N1');
    const dupOffice = await admin('POST', '/api/hq/offices', {
      code: 'N1',
      name: { ru: 'Н', en: 'N' },
      branchId: north.body.id,
    });
    expect(dupOffice.body.error.code).toBe('OFFICE_CODE_TAKEN');
    const noBranch = await admin('POST', '/api/hq/offices', {
      code: 'X9',
      name: { ru: 'Х', en: 'X' },
      branchId: 'nope',
    });
    expect(noBranch.body.error.code).toBe('UNKNOWN_BRANCH');

    const analyst = await user('analyst1', 'analyst');
    const refused = await call('POST', '/api/hq/offices', {
      token: analyst.token,
      body: { code: 'A1', name: { ru: 'А', en: 'A' }, branchId: north.body.id },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const all = await call('GET', '/api/hq/offices', { token: analyst.token });
    expect(all.body.map((o: { code: string }) => o.code)).toEqual(expect.arrayContaining(['N1', 'S1']));

    const manager = await user('north-manager', 'branch_manager', north.body.id);
    const mine = await call('GET', '/api/hq/offices', { token: manager.token });
    expect(mine.body.map((o: { code: string }) => o.code)).toEqual(['N1']);
    const other = await call('GET', `/api/hq/offices/${s1.body.office.id}`, { token: manager.token });
    expect(other.status).toBe(404);
    expect(other.body.error.code).toBe('UNKNOWN_OFFICE');
    const filtered = await call('GET', `/api/hq/offices?branchId=${south.body.id}`, { token: manager.token });
    expect(filtered.body).toEqual([]);
    const branches = await call('GET', '/api/hq/branches', { token: manager.token });
    expect(branches.body).toEqual([
      { id: north.body.id, code: 'NORTH', name: { ru: 'Север', en: 'North' }, offices: 1 },
    ]);

    const byIds = await call('GET', `/api/hq/offices?officeIds=${s1.body.office.id}`, { token: analyst.token });
    expect(byIds.body.map((o: { code: string }) => o.code)).toEqual(['S1']);
  });
});
