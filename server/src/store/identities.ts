import type { DeviceRole, DeviceStatus, Heartbeat, UserRole } from '@talon/protocol';
import type Database from 'better-sqlite3';

type DB = Database.Database;

/** A device counts as online when its last heartbeat is at most this old. */
export const DEVICE_ONLINE_MS = 30_000;

export interface DeviceRecord {
  id: string;
  name: string;
  role: DeviceRole;
  tokenHash: string;
  createdAt: number;
  lastSeenAt: number | null;
  status: DeviceStatus['status'];
  details?: Heartbeat['details'];
  revokedAt: number | null;
}

export interface NewDevice {
  id: string;
  name: string;
  role: DeviceRole;
  tokenHash: string;
  createdAt: number;
}

export interface NewPairingCode {
  codeHash: string;
  role: DeviceRole;
  name: string;
  expiresAt: number;
}

export interface UserRecord {
  id: string;
  login: string;
  name: string;
  roles: UserRole[];
  operatorId?: string;
  passwordHash: string;
  createdAt: number;
  disabledAt: number | null;
}

export interface NewUser {
  id: string;
  login: string;
  name: string;
  roles: UserRole[];
  operatorId?: string;
  passwordHash: string;
  createdAt: number;
}

/**
 * A row a token depends on was written: a session ended (logout, expiry, password change, disabling),
 * a user changed (disabled, roles, password) or a device was revoked or re-paired.
 */
export type IdentityChange =
  | { kind: 'session'; tokenHash: string }
  | { kind: 'user'; userId: string }
  | { kind: 'device'; deviceId: string };

export interface SessionRecord {
  tokenHash: string;
  userId: string;
  createdAt: number;
  expiresAt: number;
}

/** Only hashes of secrets reach these tables; generating and hashing them is the auth module's job. */
export interface IdentityStore {
  createDevice(d: NewDevice): DeviceRecord;
  /** Revoked devices are not found: a revoked token must stop working everywhere at once. */
  findDeviceByTokenHash(tokenHash: string): DeviceRecord | null;
  /** Includes revoked devices (for admin screens). */
  findDevice(id: string): DeviceRecord | null;
  /** false when the device is unknown or revoked. */
  recordHeartbeat(deviceId: string, hb: Heartbeat, at: number): boolean;
  /** Active devices; `online` means a heartbeat within DEVICE_ONLINE_MS before `now`. */
  listDevices(now: number): DeviceStatus[];
  /** false when unknown or already revoked. */
  revokeDevice(deviceId: string, at: number): boolean;

  createPairingCode(p: NewPairingCode): void;
  /** Single use: the first caller before expiry gets the code's role and name, everyone else null. */
  consumePairingCode(codeHash: string, now: number): { role: DeviceRole; name: string } | null;
  /** Deletes used and expired codes; returns how many. */
  purgePairingCodes(now: number): number;

  createUser(u: NewUser): UserRecord;
  /** Case-insensitive for ASCII letters (SQLite NOCASE). */
  findUserByLogin(login: string): UserRecord | null;
  findUserById(id: string): UserRecord | null;
  setPassword(userId: string, passwordHash: string): boolean;
  /** Pass null to enable again. */
  setUserDisabled(userId: string, at: number | null): boolean;

  createSession(s: SessionRecord): void;
  /** null when unknown or expired (expired when now >= expiresAt). */
  findSession(tokenHash: string, now: number): SessionRecord | null;
  /** Regardless of expiry, so that the caller can tell "expired" from "never existed". */
  getSession(tokenHash: string): SessionRecord | null;
  deleteSession(tokenHash: string): boolean;
  deleteUserSessions(userId: string): number;
  purgeExpiredSessions(now: number): number;

  /**
   * Calls `listener` after every write on this connection that may end or change what a token stands
   * for, whoever made it (a route, the settings, a future module): the identity tables say so themselves
   * through triggers. Delivered in a microtask, after the writing transaction, so the listener may read
   * the tables; a rolled-back write is reported too (the listener finds nothing changed). Writes by
   * another process (the `talon` command) are not seen here. Returns the unsubscribe function.
   */
  onIdentityChange(listener: (change: IdentityChange) => void): () => void;
}

interface DeviceRow {
  id: string;
  name: string;
  role: DeviceRole;
  token_hash: string;
  created_at: number;
  last_seen_at: number | null;
  status: DeviceStatus['status'];
  details: string | null;
  revoked_at: number | null;
}

/** A row of the `users` table as SQLite returns it. */
export interface UserRow {
  id: string;
  login: string;
  name: string;
  roles: string;
  operator_id: string | null;
  password_hash: string;
  created_at: number;
  disabled_at: number | null;
}

interface SessionRow {
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

function deviceFromRow(r: DeviceRow): DeviceRecord {
  const d: DeviceRecord = {
    id: r.id,
    name: r.name,
    role: r.role,
    tokenHash: r.token_hash,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    status: r.status,
    revokedAt: r.revoked_at,
  };
  if (r.details !== null) d.details = JSON.parse(r.details) as Heartbeat['details'];
  return d;
}

function userFromRow(r: UserRow): UserRecord {
  const u: UserRecord = {
    id: r.id,
    login: r.login,
    name: r.name,
    roles: JSON.parse(r.roles) as UserRole[],
    passwordHash: r.password_hash,
    createdAt: r.created_at,
    disabledAt: r.disabled_at,
  };
  if (r.operator_id !== null) u.operatorId = r.operator_id;
  return u;
}

function sessionFromRow(r: SessionRow): SessionRecord {
  return { tokenHash: r.token_hash, userId: r.user_id, createdAt: r.created_at, expiresAt: r.expires_at };
}

/** Unchanged heartbeats are written at most this often. */
export const HEARTBEAT_WRITE_MS = 5_000;

const CHANGED_FN = 'talon_identity_changed';

/**
 * TEMP triggers live in this connection only: nothing enters the schema, the backups or another
 * process's connection. A heartbeat (devices.last_seen_at) does not fire them.
 */
const CHANGE_TRIGGERS = `
  CREATE TEMP TRIGGER IF NOT EXISTS talon_session_ended AFTER DELETE ON main.sessions
    BEGIN SELECT ${CHANGED_FN}('session', OLD.token_hash); END;
  CREATE TEMP TRIGGER IF NOT EXISTS talon_user_changed AFTER UPDATE ON main.users
    BEGIN SELECT ${CHANGED_FN}('user', NEW.id); END;
  CREATE TEMP TRIGGER IF NOT EXISTS talon_user_deleted AFTER DELETE ON main.users
    BEGIN SELECT ${CHANGED_FN}('user', OLD.id); END;
  CREATE TEMP TRIGGER IF NOT EXISTS talon_device_revoked AFTER UPDATE OF revoked_at, token_hash ON main.devices
    BEGIN SELECT ${CHANGED_FN}('device', NEW.id); END;
  CREATE TEMP TRIGGER IF NOT EXISTS talon_device_deleted AFTER DELETE ON main.devices
    BEGIN SELECT ${CHANGED_FN}('device', OLD.id); END;
`;

function identityChanges(db: DB) {
  const listeners = new Set<(change: IdentityChange) => void>();
  let pending: IdentityChange[] = [];
  let installed = false;
  const deliver = () => {
    const batch = pending;
    pending = [];
    const seen = new Set<string>();
    for (const c of batch) {
      const key = JSON.stringify(c);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const l of listeners) l(c);
    }
  };
  // Runs inside the writing statement, where the connection may not be used: it only notes the change.
  const changed = (kind: unknown, key: unknown) => {
    if (typeof key !== 'string') return null;
    const c: IdentityChange | null =
      kind === 'session'
        ? { kind, tokenHash: key }
        : kind === 'user'
          ? { kind, userId: key }
          : kind === 'device'
            ? { kind, deviceId: key }
            : null;
    if (c) {
      if (pending.length === 0) queueMicrotask(deliver);
      pending.push(c);
    }
    return null;
  };
  return (listener: (change: IdentityChange) => void) => {
    // Installed on the first subscriber only: the `talon` command and read-only tools never need them.
    if (!installed) {
      db.function(CHANGED_FN, { deterministic: false }, changed);
      db.exec(CHANGE_TRIGGERS);
      installed = true;
    }
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };
}

export function createIdentityStore(db: DB): IdentityStore {
  const onIdentityChange = identityChanges(db);
  const lastBeat = new Map<string, { at: number; status: string; details: string | null }>();
  const s = {
    insertDevice: db.prepare<[string, string, string, string, number]>(
      'INSERT INTO devices (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)',
    ),
    deviceById: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE id = ?'),
    deviceByToken: db.prepare<[string], DeviceRow>('SELECT * FROM devices WHERE token_hash = ? AND revoked_at IS NULL'),
    heartbeat: db.prepare<[number, string, string | null, string]>(
      'UPDATE devices SET last_seen_at = ?, status = ?, details = ? WHERE id = ? AND revoked_at IS NULL',
    ),
    activeDevices: db.prepare<[], DeviceRow>('SELECT * FROM devices WHERE revoked_at IS NULL ORDER BY role, name, id'),
    revoke: db.prepare<[number, string]>('UPDATE devices SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),

    insertCode: db.prepare<[string, string, string, number]>(
      'INSERT INTO pairing_codes (code_hash, role, name, expires_at) VALUES (?, ?, ?, ?)',
    ),
    // One statement both checks and marks, so two devices racing for one code cannot both win.
    consumeCode: db.prepare<[number, string, number], { role: DeviceRole; name: string }>(
      `UPDATE pairing_codes SET used_at = ?
       WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
       RETURNING role, name`,
    ),
    purgeCodes: db.prepare<[number]>('DELETE FROM pairing_codes WHERE used_at IS NOT NULL OR expires_at <= ?'),

    insertUser: db.prepare<[string, string, string, string, string | null, string, number]>(
      `INSERT INTO users (id, login, name, roles, operator_id, password_hash, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    userByLogin: db.prepare<[string], UserRow>('SELECT * FROM users WHERE login = ?'),
    userById: db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?'),
    setPassword: db.prepare<[string, string]>('UPDATE users SET password_hash = ? WHERE id = ?'),
    setDisabled: db.prepare<[number | null, string]>('UPDATE users SET disabled_at = ? WHERE id = ?'),

    insertSession: db.prepare<[string, string, number, number]>(
      'INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)',
    ),
    session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?'),
    liveSession: db.prepare<[string, number], SessionRow>(
      'SELECT * FROM sessions WHERE token_hash = ? AND expires_at > ?',
    ),
    deleteSession: db.prepare<[string]>('DELETE FROM sessions WHERE token_hash = ?'),
    deleteUserSessions: db.prepare<[string]>('DELETE FROM sessions WHERE user_id = ?'),
    purgeSessions: db.prepare<[number]>('DELETE FROM sessions WHERE expires_at <= ?'),
  };

  const findDevice = (id: string) => {
    const r = s.deviceById.get(id);
    return r ? deviceFromRow(r) : null;
  };

  return {
    createDevice(d) {
      s.insertDevice.run(d.id, d.name, d.role, d.tokenHash, d.createdAt);
      const created = findDevice(d.id);
      if (!created) throw new Error(`device ${d.id} vanished after insert`);
      return created;
    },
    findDeviceByTokenHash(tokenHash) {
      const r = s.deviceByToken.get(tokenHash);
      return r ? deviceFromRow(r) : null;
    },
    findDevice,
    recordHeartbeat(deviceId, hb, at) {
      const details = hb.details === undefined ? null : JSON.stringify(hb.details);
      // An unchanged status within a few seconds is not worth a synchronous disk write (one fsync each):
      // "online" means seen within DEVICE_ONLINE_MS, far longer than the throttle.
      const last = lastBeat.get(deviceId);
      if (
        last &&
        last.status === hb.status &&
        last.details === details &&
        at - last.at >= 0 &&
        at - last.at < HEARTBEAT_WRITE_MS
      )
        return true;
      const ok = s.heartbeat.run(at, hb.status, details, deviceId).changes > 0;
      if (ok) lastBeat.set(deviceId, { at, status: hb.status, details });
      else lastBeat.delete(deviceId);
      return ok;
    },
    listDevices(now) {
      return s.activeDevices.all().map((r) => {
        const status: DeviceStatus = {
          deviceId: r.id,
          name: r.name,
          role: r.role,
          online: r.last_seen_at !== null && now - r.last_seen_at <= DEVICE_ONLINE_MS,
          lastSeenAt: r.last_seen_at,
          status: r.status,
        };
        if (r.details !== null) status.details = JSON.parse(r.details) as Heartbeat['details'];
        return status;
      });
    },
    revokeDevice(deviceId, at) {
      lastBeat.delete(deviceId);
      return s.revoke.run(at, deviceId).changes > 0;
    },

    createPairingCode(p) {
      s.insertCode.run(p.codeHash, p.role, p.name, p.expiresAt);
    },
    consumePairingCode(codeHash, now) {
      return s.consumeCode.get(now, codeHash, now) ?? null;
    },
    purgePairingCodes(now) {
      return s.purgeCodes.run(now).changes;
    },

    createUser(u) {
      s.insertUser.run(
        u.id,
        u.login,
        u.name,
        JSON.stringify(u.roles),
        u.operatorId ?? null,
        u.passwordHash,
        u.createdAt,
      );
      const r = s.userById.get(u.id);
      if (!r) throw new Error(`user ${u.id} vanished after insert`);
      return userFromRow(r);
    },
    findUserByLogin(login) {
      const r = s.userByLogin.get(login);
      return r ? userFromRow(r) : null;
    },
    findUserById(id) {
      const r = s.userById.get(id);
      return r ? userFromRow(r) : null;
    },
    setPassword(userId, passwordHash) {
      return s.setPassword.run(passwordHash, userId).changes > 0;
    },
    setUserDisabled(userId, at) {
      return s.setDisabled.run(at, userId).changes > 0;
    },

    createSession(x) {
      s.insertSession.run(x.tokenHash, x.userId, x.createdAt, x.expiresAt);
    },
    findSession(tokenHash, now) {
      const r = s.liveSession.get(tokenHash, now);
      return r ? sessionFromRow(r) : null;
    },
    getSession(tokenHash) {
      const r = s.session.get(tokenHash);
      return r ? sessionFromRow(r) : null;
    },
    deleteSession(tokenHash) {
      return s.deleteSession.run(tokenHash).changes > 0;
    },
    deleteUserSessions(userId) {
      return s.deleteUserSessions.run(userId).changes;
    },
    purgeExpiredSessions(now) {
      return s.purgeSessions.run(now).changes;
    },
    onIdentityChange,
  };
}
