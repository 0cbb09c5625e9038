import { randomUUID } from 'node:crypto';
import {
  type DeviceRole,
  type LoginResponse,
  type PairingCodeResponse,
  type PairResponse,
  type TalonError,
  talonError,
  type UserInfo,
  type UserRole,
} from '@talon/protocol';
import type { Store, UserRecord } from '../store/index.js';
import {
  hashPassword,
  hashPasswordSync,
  newPairingCode,
  newToken,
  normalizePairingCode,
  tokenHash,
  verifyPassword,
} from './crypto.js';
import { LOCAL_ADDRESS, LOGIN_THROTTLE, LoginThrottle, type LoginThrottlePolicy } from './login-throttle.js';
import { SocketRegistry, type SocketRegistryTiming } from './socket-registry.js';

export type Result<T> = { ok: true; value: T } | { ok: false; error: TalonError };

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(code: TalonError['code']): Result<T> => ({ ok: false, error: talonError(code) });

export const DEFAULT_SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const DEFAULT_PAIRING_TTL_MS = 24 * 60 * 60 * 1000;

export interface AuthOptions {
  now?: () => number;
  sessionTtlMs?: number;
  /** Lockout of failed sign-ins (defaults: LOGIN_THROTTLE). */
  loginThrottle?: Partial<LoginThrottlePolicy>;
  /** How often open sockets are checked against the clock and the tables. */
  sockets?: SocketRegistryTiming;
}

export interface DeviceIdentity {
  deviceId: string;
  name: string;
  role: DeviceRole;
}

export interface EnsureUserInput {
  login: string;
  name: string;
  password: string;
  roles: UserRole[];
  operatorId?: string;
}

export function userInfo(u: UserRecord): UserInfo {
  const info: UserInfo = { id: u.id, login: u.login, name: u.name, roles: [...u.roles] };
  if (u.operatorId !== undefined) info.operatorId = u.operatorId;
  return info;
}

export class AuthService {
  private readonly now: () => number;
  private readonly sessionTtlMs: number;
  private dummyHash: Promise<string> | undefined;
  private registry: SocketRegistry | undefined;
  private readonly socketTiming: SocketRegistryTiming;
  /** Failed sign-ins per login and per address (server/src/auth/login-throttle.ts). */
  readonly throttle: LoginThrottle;

  constructor(
    private readonly store: Store,
    opts: AuthOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.sessionTtlMs = opts.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
    if (!(this.sessionTtlMs > 0)) throw new RangeError('sessionTtlMs must be positive');
    this.throttle = new LoginThrottle(store, this.now, { ...LOGIN_THROTTLE, ...opts.loginThrottle });
    this.socketTiming = opts.sockets ?? {};
  }

  /** Which open socket holds which token; created when the first namespace is guarded. */
  get sockets(): SocketRegistry {
    this.registry ??= new SocketRegistry(this, this.store, this.now, this.socketTiming);
    return this.registry;
  }

  /**
   * Unknown login, wrong password and disabled account all give BAD_CREDENTIALS, so logins cannot be probed.
   * The password is checked off the event loop, behind the lockout: LOGIN_LOCKED while the login or the
   * address `from` has failed too often (the right password too).
   */
  login(login: string, password: string, from: string = LOCAL_ADDRESS): Promise<Result<LoginResponse>> {
    const name = login.trim();
    return this.throttle.run(name, from, async () => {
      const user = this.store.findUserByLogin(name);
      if (!user) {
        // Spend the same scrypt time as a real check, or the response time would reveal unknown logins.
        this.dummyHash ??= hashPassword(newToken());
        await verifyPassword(password, await this.dummyHash);
        return fail<LoginResponse>('BAD_CREDENTIALS');
      }
      const match = await verifyPassword(password, user.passwordHash);
      // read again: the account may have been disabled while scrypt ran
      const current = this.store.findUserById(user.id);
      if (!match || !current || current.disabledAt !== null) return fail<LoginResponse>('BAD_CREDENTIALS');
      return ok(this.openSession(current));
    });
  }

  private openSession(user: UserRecord): LoginResponse {
    const token = newToken();
    const createdAt = this.now();
    const expiresAt = createdAt + this.sessionTtlMs;
    this.store.createSession({ tokenHash: tokenHash(token), userId: user.id, createdAt, expiresAt });
    return { token, expiresAt, expiresInMs: this.sessionTtlMs, user: userInfo(user) };
  }

  /** When the token's session ends; null for an unknown token or a device's. */
  sessionExpiresAt(token: string): number | null {
    return this.store.getSession(tokenHash(token))?.expiresAt ?? null;
  }

  authenticateUser(token: string | null | undefined): Result<UserInfo> {
    if (!token) return fail('UNAUTHORIZED');
    const hash = tokenHash(token);
    const session = this.store.getSession(hash);
    if (!session) return fail('UNAUTHORIZED');
    if (this.now() >= session.expiresAt) {
      this.store.deleteSession(hash);
      return fail('SESSION_EXPIRED');
    }
    const user = this.store.findUserById(session.userId);
    if (!user || user.disabledAt !== null) {
      this.store.deleteSession(hash);
      return fail('UNAUTHORIZED');
    }
    return ok(userInfo(user));
  }

  logout(token: string): void {
    this.store.deleteSession(tokenHash(token));
  }

  /**
   * Also ends every session of the user: a password change is often a response to a leak. Hashes on the
   * event loop (hashPasswordSync): only a signed-in administrator or the `talon` command gets here.
   */
  setPassword(userId: string, password: string): boolean {
    const hash = hashPasswordSync(password);
    return this.store.transaction(() => {
      if (!this.store.setPassword(userId, hash)) return false;
      this.store.deleteUserSessions(userId);
      return true;
    });
  }

  createPairingCode(role: DeviceRole, name: string, ttlMs = DEFAULT_PAIRING_TTL_MS): PairingCodeResponse {
    const expiresAt = this.now() + ttlMs;
    // 40-bit codes rarely collide, but a live unused duplicate would make the primary key refuse it.
    for (let attempt = 0; ; attempt++) {
      const code = newPairingCode();
      try {
        this.store.createPairingCode({ codeHash: tokenHash(code), role, name, expiresAt });
        return { code, expiresAt };
      } catch (err) {
        if (attempt >= 4 || (err as { code?: string }).code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') throw err;
      }
    }
  }

  /**
   * Consuming the code and creating the device are one transaction: a failure leaves the code usable.
   * Pairing again replaces, so no ghost stays in the list with an offline alarm that never clears:
   * - the device this browser held before for the same screen (`previous`, proven by its token);
   * - a device with the same role and name that has gone silent (a kiosk re-paired after a reinstall,
   *   the demo's «Демо-табло» opened once more). One still online, or never heard from, is left alone:
   *   two working kiosks an administrator happened to name alike stay two.
   */
  pair(code: string, previous?: { deviceId: string; token: string }): Result<PairResponse> {
    const codeHash = tokenHash(normalizePairingCode(code));
    return this.store.transaction(() => {
      const now = this.now();
      const grant = this.store.consumePairingCode(codeHash, now);
      if (!grant) return fail<PairResponse>('PAIRING_CODE_INVALID');
      const replaced = this.store
        .listDevices(now)
        .filter((d) => d.role === grant.role && d.name === grant.name && !d.online && d.lastSeenAt !== null)
        .map((d) => ({ deviceId: d.deviceId, name: d.name }));
      const before = previous ? this.store.findDeviceByTokenHash(tokenHash(previous.token)) : null;
      if (before && before.id === previous?.deviceId && before.role === grant.role)
        if (!replaced.some((d) => d.deviceId === before.id)) replaced.push({ deviceId: before.id, name: before.name });
      for (const d of replaced) this.store.revokeDevice(d.deviceId, now);
      const token = newToken();
      const device = this.store.createDevice({
        id: randomUUID(),
        name: grant.name,
        role: grant.role,
        tokenHash: tokenHash(token),
        createdAt: now,
      });
      return ok({
        deviceId: device.id,
        name: device.name,
        role: device.role,
        token,
        ...(replaced.length > 0 ? { replaced } : {}),
      });
    });
  }

  authenticateDevice(token: string | null | undefined): Result<DeviceIdentity> {
    if (!token) return fail('UNAUTHORIZED');
    const device = this.store.findDeviceByTokenHash(tokenHash(token));
    if (!device) return fail('UNAUTHORIZED');
    return ok({ deviceId: device.id, name: device.name, role: device.role });
  }

  /**
   * Creates the user if the login is free; an existing user is left as it is (password included). Hashes on
   * the event loop (hashPasswordSync): an administrator's action, the first-run setup or the server's start.
   */
  ensureUser(input: EnsureUserInput): { user: UserInfo; created: boolean } {
    const login = input.login.trim();
    const existing = this.store.findUserByLogin(login);
    if (existing) return { user: userInfo(existing), created: false };
    const user = this.store.createUser({
      id: randomUUID(),
      login,
      name: input.name,
      roles: input.roles,
      ...(input.operatorId !== undefined ? { operatorId: input.operatorId } : {}),
      passwordHash: hashPasswordSync(input.password),
      createdAt: this.now(),
    });
    return { user: userInfo(user), created: true };
  }
}
