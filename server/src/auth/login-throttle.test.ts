import { talonError } from '@talon/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminAudit } from '../settings/audit.js';
import { openStore, type Store } from '../store/index.js';
import { T0, tempDir } from '../store/test-support.js';
import { LOGIN_THROTTLE, LoginThrottle, type Verdict } from './login-throttle.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let clock: number;
let throttle: LoginThrottle;

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file('office.db'));
  clock = T0;
  throttle = new LoginThrottle(store, () => clock);
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

const bad: () => Promise<Verdict<string>> = async () => ({ ok: false, error: talonError('BAD_CREDENTIALS') });
const good: () => Promise<Verdict<string>> = async () => ({ ok: true, value: 'session' });
const code = (r: Verdict<unknown>) => (r.ok ? 'ok' : r.error.code);
const audit = () => new AdminAudit(store.db, store).list(0, Number.MAX_SAFE_INTEGER, 1000);

describe('per login', () => {
  it('locks after five failures in a row, refuses the right password too, and doubles each further lock', async () => {
    for (let i = 0; i < 5; i++) expect(code(await throttle.run('ivanova', '10.0.0.1', bad))).toBe('BAD_CREDENTIALS');
    // from another address as well: the login itself is locked
    const locked = await throttle.run('Ivanova', '10.0.0.2', good);
    expect(locked).toEqual({ ok: false, error: talonError('LOGIN_LOCKED', { retryAfterSec: 30 }) });
    clock += 29_000;
    expect(await throttle.run('ivanova', '10.0.0.1', good)).toMatchObject({ error: { details: { retryAfterSec: 1 } } });
    clock += 1000;
    // the lock is over; a sixth failure locks again at once, for twice as long
    expect(code(await throttle.run('ivanova', '10.0.0.1', bad))).toBe('BAD_CREDENTIALS');
    expect(await throttle.run('ivanova', '10.0.0.1', good)).toMatchObject({
      error: { details: { retryAfterSec: 60 } },
    });
    clock += 60_000;
    expect(code(await throttle.run('ivanova', '10.0.0.1', good))).toBe('ok');
    // success clears the count: four failures lock nothing
    for (let i = 0; i < 4; i++) await throttle.run('ivanova', '10.0.0.1', bad);
    expect(code(await throttle.run('ivanova', '10.0.0.1', good))).toBe('ok');
  });

  it('caps the lock at fifteen minutes and forgets failures an hour old', async () => {
    for (let i = 0; i < 5; i++) await throttle.run('petrov', `10.0.1.${i}`, bad);
    let wait = 30;
    for (let round = 0; round < 8; round++) {
      const r = await throttle.run('petrov', '10.0.2.1', good);
      expect(r).toMatchObject({ error: { code: 'LOGIN_LOCKED', details: { retryAfterSec: wait } } });
      clock += wait * 1000;
      await throttle.run('petrov', `10.0.3.${round}`, bad);
      wait = Math.min(wait * 2, 15 * 60);
    }
    clock += LOGIN_THROTTLE.forgetMs + 15 * 60_000;
    expect(code(await throttle.run('petrov', '10.0.4.1', bad))).toBe('BAD_CREDENTIALS');
    expect(code(await throttle.run('petrov', '10.0.4.1', good))).toBe('ok');
  });

  it('counts concurrent attempts one after another: fifty at once cannot slip past the count', async () => {
    let running = 0;
    let most = 0;
    let checked = 0;
    const slowBad = async (): Promise<Verdict<string>> => {
      running++;
      checked++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return { ok: false, error: talonError('BAD_CREDENTIALS') };
    };
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => throttle.run('sidorov', `10.1.0.${i}`, slowBad)),
    );
    expect(checked).toBe(5);
    expect(most).toBe(1);
    expect(results.filter((r) => code(r) === 'LOGIN_LOCKED')).toHaveLength(45);
  });

  it('runs at most two checks at once across logins, and refuses at once beyond the waiting room', async () => {
    const small = new LoginThrottle(store, () => clock, { ...LOGIN_THROTTLE, maxWaiting: 10, addressFailures: 1000 });
    let running = 0;
    let most = 0;
    const slow = async (): Promise<Verdict<string>> => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return { ok: true, value: 's' };
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => small.run(`user${i}`, `10.2.0.${i}`, slow)));
    expect(most).toBe(2);
    const codes = results.map(code);
    expect(codes.filter((c) => c === 'ok').length).toBeGreaterThanOrEqual(10);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThan(0);
    expect(codes.filter((c) => c !== 'ok' && c !== 'TOO_MANY_REQUESTS')).toEqual([]);
  });
});

describe('per address', () => {
  it('locks an address after twenty failures over any logins, for ten minutes; other addresses go on', async () => {
    for (let i = 0; i < 20; i++) expect(code(await throttle.run(`guess${i}`, '10.9.9.9', bad))).toBe('BAD_CREDENTIALS');
    expect(await throttle.run('ivanova', '10.9.9.9', good)).toMatchObject({
      error: { code: 'LOGIN_LOCKED', details: { retryAfterSec: 600 } },
    });
    expect(code(await throttle.run('ivanova', '10.9.9.8', good))).toBe('ok');
    // a success from the address does not give it its budget back
    clock += 10 * 60_000;
    expect(code(await throttle.run('ivanova', '10.9.9.9', good))).toBe('ok');
    for (let i = 0; i < 19; i++) await throttle.run(`again${i}`, '10.9.9.9', bad);
    expect(code(await throttle.run('ivanova', '10.9.9.9', good))).toBe('ok');
    await throttle.run('again-last', '10.9.9.9', bad);
    expect(code(await throttle.run('ivanova', '10.9.9.9', good))).toBe('LOGIN_LOCKED');
  });
});

describe('this machine', () => {
  it('has no address budget of its own (one PC, several people), but each login still locks', async () => {
    for (const address of ['127.0.0.1', '::1', '::ffff:127.0.0.1'])
      for (let i = 0; i < 25; i++) await throttle.run(`typo${i}-${address}`, address, bad);
    expect(code(await throttle.run('ivanova', '127.0.0.1', good))).toBe('ok');
    for (let i = 0; i < 5; i++) await throttle.run('ivanova', '127.0.0.1', bad);
    expect(code(await throttle.run('ivanova', '::1', good))).toBe('LOGIN_LOCKED');
    const strict = new LoginThrottle(store, () => clock, { ...LOGIN_THROTTLE, limitLoopback: true });
    for (let i = 0; i < 20; i++) await strict.run(`guess${i}`, '127.0.0.2', bad);
    expect(code(await strict.run('petrov', '127.0.0.2', good))).toBe('LOGIN_LOCKED');
  });
});

describe('the audit and the store', () => {
  it('writes failures, locks and unlocks with the login and the address, never the password', async () => {
    const user = store.createUser({
      id: 'u-1',
      login: 'ivanova',
      name: 'Иванова',
      roles: ['operator'],
      passwordHash: 'x',
      createdAt: T0,
    });
    for (let i = 0; i < 5; i++) await throttle.run('ivanova', '10.0.0.7', bad);
    await throttle.run('ivanova', '10.0.0.7', good);
    clock += 30_000;
    await throttle.run('ivanova', '10.0.0.7', good);
    const entries = audit().reverse();
    expect(entries.map((e) => e.action)).toEqual([...Array(5).fill('login.failed'), 'login.locked', 'login.unlocked']);
    expect(entries.every((e) => e.target === user.id && e.actor.kind === 'system')).toBe(true);
    expect(entries[0]?.changes[0]?.ru).toContain('«ivanova» с адреса 10.0.0.7');
    expect(entries[5]?.changes[0]?.en).toContain('locked for 30 s after 5 failed attempts');
    expect(entries[6]?.changes[0]?.ru).toContain('отклонено попыток: 1');
  });

  it('keeps the state across a restart of the server', async () => {
    for (let i = 0; i < 5; i++) await throttle.run('ivanova', '10.0.0.1', bad);
    store.close();
    store = openStore(tmp.file('office.db'));
    const again = new LoginThrottle(store, () => clock);
    expect(code(await again.run('ivanova', '10.0.0.1', good))).toBe('LOGIN_LOCKED');
  });

  it('ends a lock by hand, with the one who did it in the audit', async () => {
    for (let i = 0; i < 5; i++) await throttle.run('ivanova', '10.0.0.1', bad);
    const admin = { kind: 'user' as const, userId: 'u-admin', roles: ['config_admin'] };
    expect(throttle.unlock('Ivanova', admin)).toBe(true);
    expect(throttle.unlock('ivanova', admin)).toBe(false);
    expect(code(await throttle.run('ivanova', '10.0.0.1', good))).toBe('ok');
    expect(audit()[0]).toMatchObject({ action: 'login.unlocked', actor: { kind: 'user', id: 'u-admin' } });
  });
});
