import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.js';
import { T0, tempDir } from '../store/test-support.js';
import { tokenHash } from './crypto.js';
import { AuthService, DEFAULT_SESSION_TTL_MS, type Result } from './service.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;
let clock: number;
let auth: AuthService;

const now = () => clock;
const HOUR = 3_600_000;

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}`);
  return r.value;
}
function code<T>(r: Result<T>): string | undefined {
  return r.ok ? undefined : r.error.code;
}

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file('office.db'));
  clock = T0;
  auth = new AuthService(store, { now });
  auth.ensureUser({
    login: 'ivanova',
    name: 'Иванова А. А.',
    password: 's3cret-pass',
    roles: ['operator'],
    operatorId: 'op-1',
  });
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('login', () => {
  it('opens a session whose token works until the TTL runs out', async () => {
    const res = value(await auth.login('Ivanova', 's3cret-pass'));
    expect(res.expiresAt).toBe(T0 + DEFAULT_SESSION_TTL_MS);
    expect(res.expiresInMs).toBe(DEFAULT_SESSION_TTL_MS);
    expect(DEFAULT_SESSION_TTL_MS).toBe(12 * HOUR);
    expect(res.user).toEqual({
      id: expect.any(String),
      login: 'ivanova',
      name: 'Иванова А. А.',
      roles: ['operator'],
      operatorId: 'op-1',
    });
    expect(value(auth.authenticateUser(res.token))).toEqual(res.user);

    clock = res.expiresAt - 1;
    expect(auth.authenticateUser(res.token).ok).toBe(true);
    clock = res.expiresAt;
    expect(code(auth.authenticateUser(res.token))).toBe('SESSION_EXPIRED');
    // The expired session was removed, so the token is now simply unknown.
    expect(code(auth.authenticateUser(res.token))).toBe('UNAUTHORIZED');
  });

  it('honours a configured TTL', async () => {
    const short = new AuthService(store, { now, sessionTtlMs: 5 * 60_000 });
    const { token, expiresAt } = value(await short.login('ivanova', 's3cret-pass'));
    expect(expiresAt).toBe(T0 + 5 * 60_000);
    clock += 5 * 60_000;
    expect(code(short.authenticateUser(token))).toBe('SESSION_EXPIRED');
  });

  it('stores only the hash of the session token', async () => {
    const { token } = value(await auth.login('ivanova', 's3cret-pass'));
    const db = new Database(tmp.file('office.db'), { readonly: true });
    const hashes = db.prepare('SELECT token_hash FROM sessions').pluck().all();
    const dump = JSON.stringify(db.prepare('SELECT * FROM sessions').all());
    db.close();
    expect(hashes).toEqual([tokenHash(token)]);
    expect(dump).not.toContain(token);
  });

  it('gives the same error for an unknown login, a wrong password and a disabled user', async () => {
    const unknown = await auth.login('nobody', 's3cret-pass');
    const wrong = await auth.login('ivanova', 'wrong-pass');
    expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'BAD_CREDENTIALS' }) });
    expect(wrong).toEqual(unknown);

    const user = store.findUserByLogin('ivanova');
    store.setUserDisabled(user?.id ?? '', T0);
    expect(await auth.login('ivanova', 's3cret-pass')).toEqual(unknown);
  });

  it('refuses an existing session once the user is disabled', async () => {
    const { token } = value(await auth.login('ivanova', 's3cret-pass'));
    store.setUserDisabled(store.findUserByLogin('ivanova')?.id ?? '', T0);
    expect(code(auth.authenticateUser(token))).toBe('UNAUTHORIZED');
  });

  it('logs out and rejects missing or forged tokens', async () => {
    const { token } = value(await auth.login('ivanova', 's3cret-pass'));
    auth.logout(token);
    expect(code(auth.authenticateUser(token))).toBe('UNAUTHORIZED');
    expect(code(auth.authenticateUser(undefined))).toBe('UNAUTHORIZED');
    expect(code(auth.authenticateUser(''))).toBe('UNAUTHORIZED');
    expect(code(auth.authenticateUser(tokenHash(token)))).toBe('UNAUTHORIZED');
  });

  it('changing the password ends the old sessions', async () => {
    const { token, user } = value(await auth.login('ivanova', 's3cret-pass'));
    expect(auth.setPassword(user.id, 'new-pass-42')).toBe(true);
    expect(code(auth.authenticateUser(token))).toBe('UNAUTHORIZED');
    expect(code(await auth.login('ivanova', 's3cret-pass'))).toBe('BAD_CREDENTIALS');
    expect((await auth.login('ivanova', 'new-pass-42')).ok).toBe(true);
    expect(auth.setPassword('no-such-user', 'x')).toBe(false);
  });
});

describe('ensureUser', () => {
  it('creates a missing user once and leaves an existing one alone', async () => {
    const again = auth.ensureUser({ login: 'IVANOVA', name: 'Other', password: 'other-pass', roles: ['hall_admin'] });
    expect(again.created).toBe(false);
    expect(again.user.name).toBe('Иванова А. А.');
    expect((await auth.login('ivanova', 'other-pass')).ok).toBe(false);

    const admin = auth.ensureUser({ login: 'admin', name: 'Admin', password: 'admin-pass', roles: ['config_admin'] });
    expect(admin.created).toBe(true);
    expect(admin.user).toEqual({ id: expect.any(String), login: 'admin', name: 'Admin', roles: ['config_admin'] });
    expect(value(await auth.login('admin', 'admin-pass')).user.id).toBe(admin.user.id);
  });
});

describe('device pairing', () => {
  it('pairs once with a code and authenticates the device by its token', () => {
    const { code: pairingCode, expiresAt } = auth.createPairingCode('board', 'Табло зала 1');
    expect(pairingCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(expiresAt).toBe(T0 + 24 * HOUR);

    const typed = `${pairingCode.slice(0, 4).toLowerCase()}-${pairingCode.slice(4)}`;
    const paired = value(auth.pair(typed));
    expect(paired).toEqual({
      deviceId: expect.any(String),
      name: 'Табло зала 1',
      role: 'board',
      token: expect.any(String),
    });
    expect(code(auth.pair(pairingCode))).toBe('PAIRING_CODE_INVALID');

    expect(value(auth.authenticateDevice(paired.token))).toEqual({
      deviceId: paired.deviceId,
      name: 'Табло зала 1',
      role: 'board',
    });
    expect(store.findDevice(paired.deviceId)?.tokenHash).toBe(tokenHash(paired.token));

    store.revokeDevice(paired.deviceId, clock);
    expect(code(auth.authenticateDevice(paired.token))).toBe('UNAUTHORIZED');
    expect(code(auth.authenticateDevice(undefined))).toBe('UNAUTHORIZED');
  });

  it('replaces on pairing again: a silent device of the same role and name, or this browser’s previous one', () => {
    const pairAs = (role: 'board' | 'kiosk', name: string, previous?: { deviceId: string; token: string }) =>
      value(auth.pair(auth.createPairingCode(role, name).code, previous));
    const beat = (id: string) => store.recordHeartbeat(id, { status: 'ok' }, clock);
    const listed = () => store.listDevices(clock).map((d) => d.name);

    // the demo's board, seen and then gone: the next «Демо-табло» replaces it
    const first = pairAs('board', 'Демо-табло');
    beat(first.deviceId);
    clock += HOUR;
    const second = pairAs('board', 'Демо-табло');
    expect(second.replaced).toEqual([{ deviceId: first.deviceId, name: 'Демо-табло' }]);
    expect(listed()).toEqual(['Демо-табло']);
    expect(code(auth.authenticateDevice(first.token))).toBe('UNAUTHORIZED');

    // two working kiosks named alike stay two; a kiosk never heard from is not a ghost either
    const a = pairAs('kiosk', 'Киоск');
    beat(a.deviceId);
    const b = pairAs('kiosk', 'Киоск');
    expect(b.replaced).toBeUndefined();
    expect(listed().filter((n) => n === 'Киоск')).toHaveLength(2);

    // the same browser pairs again while its old record is still online: the old one goes
    beat(b.deviceId);
    const c = pairAs('kiosk', 'Киоск у окна', { deviceId: b.deviceId, token: b.token });
    expect(c.replaced).toEqual([{ deviceId: b.deviceId, name: 'Киоск' }]);
    // a wrong token proves nothing
    const d = pairAs('kiosk', 'Киоск 4', { deviceId: a.deviceId, token: 'not-the-token' });
    expect(d.replaced).toBeUndefined();
    expect(listed().sort()).toEqual(['Демо-табло', 'Киоск', 'Киоск 4', 'Киоск у окна']);
  });

  it('refuses expired and unknown codes', () => {
    const { code: c } = auth.createPairingCode('kiosk', 'Киоск', 60_000);
    clock += 60_000;
    expect(code(auth.pair(c))).toBe('PAIRING_CODE_INVALID');
    expect(code(auth.pair('ZZZZZZZZ'))).toBe('PAIRING_CODE_INVALID');
    expect(store.listDevices(clock)).toEqual([]);
  });
});
