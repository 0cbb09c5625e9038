import { type HqDeps, refuse } from '../context.js';
import { login } from './login.js';
import { hashPassword } from './passwords.js';
import { createUser, toUser, USER_COLUMNS, type UserDbRow } from './users.js';

export { createUser, type NewUser } from './users.js';

/** Head-office people: sign-in with sessions in PostgreSQL, and the company administrator's user list. */
export function registerPeople(deps: HqDeps): void {
  const { pool, serve } = deps;

  serve('hqLogin', async ({ body, reply }) => {
    const out = await login(pool, body.login, body.password);
    if ('error' in out && out.error.code === 'TOO_MANY_REQUESTS') {
      const ms = (out.error.details as { retryAfterMs: number }).retryAfterMs;
      reply.header('retry-after', String(Math.ceil(ms / 1000)));
    }
    return out;
  });

  serve('hqLogout', async ({ identity }) => {
    if (identity.kind === 'user')
      await pool.query('DELETE FROM hq_sessions WHERE token_hash = $1', [identity.tokenHash]);
    return { ok: true as const };
  });

  serve('hqMe', ({ identity }) => (identity.kind === 'user' ? identity.user : refuse('UNAUTHORIZED')));

  serve('hqUsers', async () => {
    const { rows } = await pool.query<UserDbRow>(`SELECT ${USER_COLUMNS} FROM hq_users ORDER BY login`);
    return rows.map(toUser);
  });

  serve('hqCreateUser', ({ body }) => {
    return createUser(pool, body);
  });

  serve('hqUpdateUser', async ({ params, body }) => {
    const hash = body.password === undefined ? null : await hashPassword(body.password);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<UserDbRow>(
        `UPDATE hq_users SET name = coalesce($2, name), password_hash = coalesce($3, password_hash),
                disabled = coalesce($4, disabled)
          WHERE id = $1 RETURNING ${USER_COLUMNS}`,
        [params.id, body.name ?? null, hash, body.disabled ?? null],
      );
      const row = rows[0];
      if (!row) {
        await client.query('ROLLBACK');
        return refuse('NOT_FOUND', { userId: params.id });
      }
      // A disabled user is signed out everywhere at once: sessions live only in this table.
      if (row.disabled) await client.query('DELETE FROM hq_sessions WHERE user_id = $1', [row.id]);
      await client.query('COMMIT');
      return toUser(row);
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      client.release();
    }
  });
}
