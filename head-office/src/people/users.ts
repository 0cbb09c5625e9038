import type { HqRole, HqUser } from '@talon/protocol';
import { type HqRefusal, type Queryable, refuse } from '../context.js';
import { hashPassword } from './passwords.js';

export interface UserDbRow {
  id: string;
  login: string;
  name: string;
  role: HqRole;
  branch_id: string | null;
  disabled: boolean;
}

export const USER_COLUMNS = 'id, login, name, role, branch_id, disabled';

export const toUser = (r: UserDbRow): HqUser => ({
  id: r.id,
  login: r.login,
  name: r.name,
  role: r.role,
  branchId: r.branch_id,
  disabled: r.disabled,
});

/** The PostgreSQL error code of a failed query (`23505` unique, `23503` foreign key …), if any. */
export const pgCode = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;

export interface NewUser {
  login: string;
  name: string;
  password: string;
  role: HqRole;
  branchId?: string | null;
}

/**
 * Adds a head-office user. The database decides a taken login (its unique constraint) and an unknown
 * branch (its foreign key): two processes adding the same login at once get one user and one refusal.
 */
export async function createUser(db: Queryable, u: NewUser): Promise<HqUser | HqRefusal> {
  const hash = await hashPassword(u.password);
  try {
    const { rows } = await db.query<UserDbRow>(
      `INSERT INTO hq_users (login, name, role, branch_id, password_hash) VALUES ($1, $2, $3, $4, $5)
       RETURNING ${USER_COLUMNS}`,
      [u.login, u.name, u.role, u.branchId ?? null, hash],
    );
    const row = rows[0];
    if (!row) throw new Error('INSERT … RETURNING gave no row');
    return toUser(row);
  } catch (e) {
    if (pgCode(e) === '23505') return refuse('LOGIN_TAKEN', { login: u.login });
    if (pgCode(e) === '23503') return refuse('UNKNOWN_BRANCH', { branchId: u.branchId });
    throw e;
  }
}
