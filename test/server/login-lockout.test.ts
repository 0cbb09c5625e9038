import type { AuditEntry, CommandResponse } from '@talon/protocol';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 17, point 3: guessing passwords gets nowhere and cannot freeze the hall. Real server, real HTTP,
 * the server's test clock to let a lockout pass.
 */
let s: TestServer;
afterEach(async () => {
  await s?.stop();
});

const WRONG = 'не-тот-пароль-77';

async function login(login: string, password: string) {
  const res = await fetch(`${s.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  const body = (await res.json()) as { ok?: false; error?: { code: string; details?: { retryAfterSec?: number } } };
  return { status: res.status, code: body.error?.code ?? 'ok', body, retryAfter: res.headers.get('retry-after') };
}

const advance = async (ms: number) => {
  const res = await fetch(`${s.url}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs: ms }),
  });
  expect(res.status).toBe(200);
};

const auditOf = (action: string): AuditEntry[] =>
  s.settings.audit.list(0, Number.MAX_SAFE_INTEGER, 10_000).filter((e) => e.action === action);

describe('login lockout', () => {
  it('300 wrong passwords, then the right one: refused while locked, let in once the lockout has passed', async () => {
    s = await startTestServer();
    const codes = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const r = await login('operator1', WRONG);
      codes.set(`${r.status} ${r.code}`, (codes.get(`${r.status} ${r.code}`) ?? 0) + 1);
    }
    // five real checks, then the lock answers without looking at the password
    expect(Object.fromEntries(codes)).toEqual({ '401 BAD_CREDENTIALS': 5, '429 LOGIN_LOCKED': 295 });

    const locked = await login('operator1', 'talon1');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({
      code: 'LOGIN_LOCKED',
      message: { ru: expect.any(String), en: expect.any(String) },
    });
    const wait = locked.body.error?.details?.retryAfterSec as number;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(30);
    expect(locked.retryAfter).toBe(String(wait));

    await advance(wait * 1000);
    // one more wrong guess after the lock locks again, twice as long
    expect((await login('operator1', WRONG)).code).toBe('BAD_CREDENTIALS');
    const again = await login('operator1', 'talon1');
    expect(again.code).toBe('LOGIN_LOCKED');
    expect(again.body.error?.details?.retryAfterSec).toBe(60);
    await advance(60_000);
    const ok = await login('operator1', 'talon1');
    expect(ok.status).toBe(200);

    // the success cleared the count: one slip is just a wrong password
    expect((await login('operator1', WRONG)).code).toBe('BAD_CREDENTIALS');
    expect((await login('operator1', 'talon1')).status).toBe(200);

    expect(auditOf('login.failed')).toHaveLength(7);
    expect(auditOf('login.locked')).toHaveLength(2);
    expect(auditOf('login.unlocked')).toHaveLength(2);
    const all = JSON.stringify(s.settings.audit.list(0, Number.MAX_SAFE_INTEGER, 10_000));
    expect(all).not.toContain(WRONG);
    expect(all).not.toContain('talon1');
    expect(auditOf('login.locked')[1]?.changes[0]?.ru).toContain('operator1');
  });

  it('an address that guesses across many logins is locked for all of them; the lock outlives a restart', async () => {
    // this machine is exempt from the address budget by default; the test has no other address to come from
    const countLoopback = { auth: { loginThrottle: { limitLoopback: true } } };
    s = await startTestServer({ server: countLoopback });
    for (let i = 0; i < 20; i++) expect((await login(`guess-${i}`, WRONG)).code).toBe('BAD_CREDENTIALS');
    const locked = await login('admin', 'admin-talon');
    expect(locked).toMatchObject({ status: 429, code: 'LOGIN_LOCKED', retryAfter: '600' });
    expect(auditOf('login.locked')[0]?.changes[0]?.en).toMatch(
      /^Sign-in from .+ locked for 10 min after 20 failed attempts$/,
    );

    // restart on the same data folder at the same moment: still locked
    const { dataDir } = s;
    const now = s.clock.now();
    await s.close();
    s = await startTestServer({ dataDir, now, server: countLoopback });
    expect((await login('admin', 'admin-talon')).code).toBe('LOGIN_LOCKED');
    await advance(10 * 60_000);
    expect((await login('admin', 'admin-talon')).status).toBe(200);
  });

  it('50 bad logins at once do not hold up the hall: every ticket and health check answers', async () => {
    s = await startTestServer();
    const kiosks = [await s.pair('kiosk', 'Киоск 1'), await s.pair('kiosk', 'Киоск 2')];
    const flood = Promise.all(
      Array.from({ length: 50 }, (_, i) => login(i % 2 ? 'operator2' : `nobody-${i}`, `${WRONG}-${i}`)),
    );
    const tickets: { status: number; body: CommandResponse }[] = [];
    const health: number[] = [];
    for (let i = 0; i < 5; i++) {
      for (const k of kiosks)
        tickets.push(await s.command(k.token, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' }));
      health.push((await fetch(`${s.url}/api/health`)).status);
    }
    const logins = await flood;
    expect(tickets.map((t) => [t.status, t.body.ok])).toEqual(Array(10).fill([200, true]));
    expect(health).toEqual(Array(5).fill(200));
    expect(new Set(Object.values(s.office.view().tickets).map((t) => t.number)).size).toBe(10);
    // every attempt got a clear answer: a wrong password or a lock, never an error of the server
    for (const l of logins) expect(['401 BAD_CREDENTIALS', '429 LOGIN_LOCKED']).toContain(`${l.status} ${l.code}`);
    expect(logins.filter((l) => l.code === 'LOGIN_LOCKED').length).toBeGreaterThan(0);
    expect(auditOf('login.failed').length).toBeGreaterThanOrEqual(5);
    expect(auditOf('login.locked').length).toBeGreaterThanOrEqual(1);
  });
});
