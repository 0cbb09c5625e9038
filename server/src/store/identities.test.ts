import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEVICE_ONLINE_MS } from './identities.js';
import { openStore, type Store } from './store.js';
import { T0, tempDir } from './test-support.js';

let tmp: ReturnType<typeof tempDir>;
let store: Store;

beforeEach(() => {
  tmp = tempDir();
  store = openStore(tmp.file('office.db'));
});
afterEach(() => {
  store.close();
  tmp.cleanup();
});

describe('devices', () => {
  it('tracks heartbeats, online status and revocation', () => {
    const d = store.createDevice({ id: 'd-1', name: 'Киоск у входа', role: 'kiosk', tokenHash: 'h1', createdAt: T0 });
    expect(d).toEqual({
      id: 'd-1',
      name: 'Киоск у входа',
      role: 'kiosk',
      tokenHash: 'h1',
      createdAt: T0,
      lastSeenAt: null,
      status: 'unknown',
      revokedAt: null,
    });
    store.createDevice({ id: 'd-2', name: 'Табло', role: 'board', tokenHash: 'h2', createdAt: T0 });
    expect(() => store.createDevice({ id: 'd-3', name: 'x', role: 'board', tokenHash: 'h2', createdAt: T0 })).toThrow(
      /UNIQUE/,
    );
    expect(store.findDeviceByTokenHash('h1')?.id).toBe('d-1');
    expect(store.findDeviceByTokenHash('nope')).toBeNull();

    expect(store.recordHeartbeat('d-1', { status: 'warning', details: { paper: 'low', jobs: 3 } }, T0 + 1000)).toBe(
      true,
    );
    expect(store.recordHeartbeat('d-missing', { status: 'ok' }, T0)).toBe(false);

    const at = (now: number) => store.listDevices(now).map((x) => [x.deviceId, x.online, x.status]);
    expect(store.listDevices(T0 + 1000 + DEVICE_ONLINE_MS)).toEqual([
      { deviceId: 'd-2', name: 'Табло', role: 'board', online: false, lastSeenAt: null, status: 'unknown' },
      {
        deviceId: 'd-1',
        name: 'Киоск у входа',
        role: 'kiosk',
        online: true,
        lastSeenAt: T0 + 1000,
        status: 'warning',
        details: { paper: 'low', jobs: 3 },
      },
    ]);
    expect(at(T0 + 1001 + DEVICE_ONLINE_MS)).toEqual([
      ['d-2', false, 'unknown'],
      ['d-1', false, 'warning'],
    ]);

    expect(store.revokeDevice('d-1', T0 + 5000)).toBe(true);
    expect(store.revokeDevice('d-1', T0 + 6000)).toBe(false);
    expect(store.findDeviceByTokenHash('h1')).toBeNull();
    expect(store.findDevice('d-1')?.revokedAt).toBe(T0 + 5000);
    expect(store.recordHeartbeat('d-1', { status: 'ok' }, T0 + 7000)).toBe(false);
    expect(at(T0 + 7000)).toEqual([['d-2', false, 'unknown']]);
  });
});

describe('pairing codes', () => {
  it('can be consumed once, before expiry only', () => {
    store.createPairingCode({ codeHash: 'c1', role: 'board', name: 'Табло зала 1', expiresAt: T0 + 1000 });
    store.createPairingCode({ codeHash: 'c2', role: 'kiosk', name: 'Киоск', expiresAt: T0 + 1000 });

    expect(store.consumePairingCode('c1', T0)).toEqual({ role: 'board', name: 'Табло зала 1' });
    expect(store.consumePairingCode('c1', T0 + 1)).toBeNull();
    expect(store.consumePairingCode('unknown', T0)).toBeNull();
    // Expiry is exclusive: at expiresAt the code is already dead.
    expect(store.consumePairingCode('c2', T0 + 1000)).toBeNull();
    expect(store.consumePairingCode('c2', T0 + 999)).toEqual({ role: 'kiosk', name: 'Киоск' });

    store.createPairingCode({ codeHash: 'c3', role: 'rating', name: 'Оценка', expiresAt: T0 + 5000 });
    expect(store.purgePairingCodes(T0 + 2000)).toBe(2);
    expect(store.consumePairingCode('c3', T0 + 2000)).toEqual({ role: 'rating', name: 'Оценка' });
  });
});

describe('users and sessions', () => {
  const user = () =>
    store.createUser({
      id: 'u-1',
      login: 'Ivanova',
      name: 'Иванова А. А.',
      roles: ['operator', 'hall_admin'],
      operatorId: 'op-1',
      passwordHash: 'ph-1',
      createdAt: T0,
    });

  it('stores users with case-insensitive unique logins', () => {
    expect(user()).toEqual({
      id: 'u-1',
      login: 'Ivanova',
      name: 'Иванова А. А.',
      roles: ['operator', 'hall_admin'],
      operatorId: 'op-1',
      passwordHash: 'ph-1',
      createdAt: T0,
      disabledAt: null,
    });
    expect(store.findUserByLogin('IVANOVA')?.id).toBe('u-1');
    expect(store.findUserById('u-1')?.login).toBe('Ivanova');
    expect(store.findUserById('u-2')).toBeNull();
    expect(() =>
      store.createUser({ id: 'u-2', login: 'ivanova', name: 'x', roles: [], passwordHash: 'p', createdAt: T0 }),
    ).toThrow(/UNIQUE/);

    const admin = store.createUser({
      id: 'u-3',
      login: 'admin',
      name: 'Admin',
      roles: ['config_admin'],
      passwordHash: 'p',
      createdAt: T0,
    });
    expect('operatorId' in admin).toBe(false);

    expect(store.setPassword('u-1', 'ph-2')).toBe(true);
    expect(store.setPassword('u-404', 'ph-2')).toBe(false);
    expect(store.findUserById('u-1')?.passwordHash).toBe('ph-2');
    expect(store.setUserDisabled('u-1', T0 + 1)).toBe(true);
    expect(store.findUserById('u-1')?.disabledAt).toBe(T0 + 1);
  });

  it('finds sessions until they expire and purges expired ones', () => {
    user();
    store.createSession({ tokenHash: 's1', userId: 'u-1', createdAt: T0, expiresAt: T0 + 100 });
    store.createSession({ tokenHash: 's2', userId: 'u-1', createdAt: T0, expiresAt: T0 + 200 });
    expect(store.findSession('s1', T0 + 99)).toEqual({
      tokenHash: 's1',
      userId: 'u-1',
      createdAt: T0,
      expiresAt: T0 + 100,
    });
    expect(store.findSession('s1', T0 + 100)).toBeNull();
    expect(store.getSession('s1')?.expiresAt).toBe(T0 + 100);

    expect(store.purgeExpiredSessions(T0 + 150)).toBe(1);
    expect(store.getSession('s1')).toBeNull();
    expect(store.findSession('s2', T0 + 150)?.userId).toBe('u-1');

    expect(store.deleteSession('s2')).toBe(true);
    expect(store.deleteSession('s2')).toBe(false);

    store.createSession({ tokenHash: 's3', userId: 'u-1', createdAt: T0, expiresAt: T0 + 100 });
    store.createSession({ tokenHash: 's4', userId: 'u-1', createdAt: T0, expiresAt: T0 + 100 });
    expect(store.deleteUserSessions('u-1')).toBe(2);
  });
});

describe('identity changes', () => {
  const settle = () => new Promise<void>((r) => setTimeout(r, 0));

  it('reports every write a token depends on, after the transaction, whoever wrote it; heartbeats stay quiet', async () => {
    const seen: unknown[] = [];
    const stop = store.onIdentityChange((c) => {
      // the writing transaction is over: reading the tables here works
      store.findUserById('u-1');
      seen.push(c);
    });
    store.createUser({ id: 'u-1', login: 'op', name: 'Оп', roles: ['operator'], passwordHash: 'p', createdAt: T0 });
    store.createSession({ tokenHash: 's1', userId: 'u-1', createdAt: T0, expiresAt: T0 + 100 });
    store.createDevice({ id: 'd-1', name: 'Киоск', role: 'kiosk', tokenHash: 'h1', createdAt: T0 });
    store.recordHeartbeat('d-1', { status: 'ok' }, T0);
    await settle();
    expect(seen).toEqual([]);

    store.deleteSession('s1');
    store.revokeDevice('d-1', T0 + 1);
    // a module with its own statement on the users table (the settings' role change) is seen as well
    store.db.prepare(`UPDATE users SET roles = '["hall_admin"]' WHERE id = 'u-1'`).run();
    expect(seen).toEqual([]);
    await settle();
    expect(seen).toEqual([
      { kind: 'session', tokenHash: 's1' },
      { kind: 'device', deviceId: 'd-1' },
      { kind: 'user', userId: 'u-1' },
    ]);

    // one report per row and kind for a burst; none after unsubscribing
    seen.length = 0;
    store.transaction(() => {
      store.setUserDisabled('u-1', T0 + 2);
      store.setPassword('u-1', 'p2');
    });
    await settle();
    expect(seen).toEqual([{ kind: 'user', userId: 'u-1' }]);
    stop();
    store.setUserDisabled('u-1', null);
    await settle();
    expect(seen).toHaveLength(1);
  });
});
