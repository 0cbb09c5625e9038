import { randomBytes } from 'node:crypto';
import type { HqLoginResponse } from '@talon/protocol';
import { type HqRefusal, type Queryable, refuse } from '../context.js';
import { sha256 } from '../edge.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { toUser, USER_COLUMNS, type UserDbRow } from './users.js';

export const SESSION_MS = 12 * 3600_000;
/** Wrong passwords for one login within the window before it is locked for LOCK_MS. */
export const MAX_FAILURES = 5;
const LOCK_MS = 60_000;
const FAILURE_WINDOW = "interval '15 minutes'";

// A login that does not exist costs the same scrypt as one that does: the answer's time tells nothing.
let dummyHash: Promise<string> | null = null;
const dummy = () => {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
};

/** Milliseconds left of a lock on this login; 0: not locked. */
async function lockedForMs(db: Queryable, login: string): Promise<number> {
  const { rows } = await db.query<{ ms: number }>(
    `SELECT ceil(extract(epoch FROM locked_until - now()) * 1000)::int AS ms
       FROM hq_login_failures WHERE login = $1 AND locked_until > now()`,
    [login],
  );
  return rows[0]?.ms ?? 0;
}

/**
 * Counts a failure in the database (the row lock of the upsert counts concurrent guesses from any
 * process once each); the MAX_FAILURES-th within the window locks the login for LOCK_MS.
 */
async function recordFailure(db: Queryable, login: string): Promise<void> {
  // A guess that raced past the lock check leaves a lock set meanwhile as it is.
  const active = '(f.locked_until > now())';
  const reset = `(NOT ${active} AND (f.first_at < now() - ${FAILURE_WINDOW} OR f.locked_until IS NOT NULL))`;
  await db.query(
    `INSERT INTO hq_login_failures AS f (login, failures, first_at) VALUES ($1, 1, now())
     ON CONFLICT (login) DO UPDATE SET
       failures = CASE WHEN ${active} THEN f.failures WHEN ${reset} THEN 1 ELSE f.failures + 1 END,
       first_at = CASE WHEN ${reset} THEN now() ELSE f.first_at END,
       locked_until = CASE WHEN ${active} THEN f.locked_until
                           WHEN NOT ${reset} AND f.failures + 1 >= $2 THEN now() + make_interval(secs => $3) END`,
    [login, MAX_FAILURES, LOCK_MS / 1000],
  );
}

export async function login(db: Queryable, name: string, password: string): Promise<HqLoginResponse | HqRefusal> {
  const locked = await lockedForMs(db, name);
  if (locked > 0) return refuse('TOO_MANY_REQUESTS', { retryAfterMs: locked });
  const { rows } = await db.query<UserDbRow & { password_hash: string }>(
    `SELECT ${USER_COLUMNS}, password_hash FROM hq_users WHERE login = $1`,
    [name],
  );
  const row = rows[0];
  const ok = await verifyPassword(password, row?.password_hash ?? (await dummy()));
  // A disabled user gets the same answer as a wrong password: the screen has nothing else to say.
  if (!row || !ok || row.disabled) {
    await recordFailure(db, name);
    return refuse('BAD_CREDENTIALS');
  }
  await db.query('DELETE FROM hq_login_failures WHERE login = $1', [name]);
  const token = randomBytes(32).toString('base64url');
  await db.query('DELETE FROM hq_sessions WHERE user_id = $1 AND expires_at < now()', [row.id]);
  await db.query(
    'INSERT INTO hq_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3))',
    [sha256(token), row.id, SESSION_MS / 1000],
  );
  return { token, expiresInMs: SESSION_MS, user: toUser(row) };
}
