import { randomBytes } from 'node:crypto';
import { createHeadOffice, type HeadOffice } from './app.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { sha256 } from './edge.js';
import { hashPassword } from './people/passwords.js';
import type { TicketOptions } from './tickets/index.js';

export interface SeededOffice {
  id: string;
  code: string;
  branchId: string;
  apiKey: string;
}

export interface TestHeadOffice {
  url: string;
  databaseUrl: string;
  hq: HeadOffice;
  /** A company administrator's session token (login `admin`, password `admin-password-1`). */
  adminToken: string;
  /** Registers an office straight in the database (branch created on first use). */
  seedOffice(opts?: { code?: string; branchCode?: string }): Promise<SeededOffice>;
  /** Stops the process and, when it started one, the database. */
  close(): Promise<void>;
}

export const TEST_ADMIN = { login: 'admin', password: 'admin-password-1' } as const;

/**
 * A real head office on a real PostgreSQL for tests: a throw-away embedded cluster unless `databaseUrl`
 * is given (a second process on the same database, say).
 */
export async function startTestHeadOffice(
  opts: {
    databaseUrl?: string;
    now?: () => number;
    publicBase?: string;
    poolSize?: number;
    maxConcurrentIngest?: number;
    tickets?: TicketOptions;
  } = {},
): Promise<TestHeadOffice> {
  const embedded: EmbeddedDatabase | null = opts.databaseUrl ? null : await startEmbeddedPostgres();
  const databaseUrl = opts.databaseUrl ?? embedded?.url ?? '';
  await migrate(databaseUrl);
  const hq = await createHeadOffice({
    databaseUrl,
    ...(opts.now ? { now: opts.now } : {}),
    publicBase: opts.publicBase ?? null,
    ...(opts.poolSize ? { poolSize: opts.poolSize } : {}),
    ...(opts.maxConcurrentIngest ? { maxConcurrentIngest: opts.maxConcurrentIngest } : {}),
    ...(opts.tickets ? { tickets: opts.tickets } : {}),
  });
  const url = await hq.listen(0);
  const pool = hq.pool;

  const adminToken = randomBytes(24).toString('base64url');
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO hq_users (login, name, role, password_hash) VALUES ($1, 'Администратор компании', 'company_admin', $2)
     ON CONFLICT (login) DO UPDATE SET login = EXCLUDED.login RETURNING id`,
    [TEST_ADMIN.login, await hashPassword(TEST_ADMIN.password)],
  );
  await pool.query(
    "INSERT INTO hq_sessions (token_hash, user_id, expires_at) VALUES ($1, $2, now() + interval '12 hours')",
    [sha256(adminToken), rows[0]?.id],
  );

  let n = 0;
  const seedOffice = async (o: { code?: string; branchCode?: string } = {}): Promise<SeededOffice> => {
    n += 1;
    const code = o.code ?? `T${n}${randomBytes(3).toString('hex')}`;
    const branchCode = o.branchCode ?? 'TEST';
    const b = await pool.query<{ id: string }>(
      `INSERT INTO branches (code, name) VALUES ($1, $2)
       ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id`,
      [branchCode, { ru: `Филиал ${branchCode}`, en: `Branch ${branchCode}` }],
    );
    const branchId = b.rows[0]?.id ?? '';
    const apiKey = randomBytes(32).toString('base64url');
    const office = await pool.query<{ id: string }>(
      'INSERT INTO offices (code, name, branch_id, key_hash) VALUES ($1, $2, $3, $4) RETURNING id',
      [code, { ru: `ЦОК ${code}`, en: `Office ${code}` }, branchId, sha256(apiKey)],
    );
    const id = office.rows[0]?.id ?? '';
    await pool.query('INSERT INTO office_sync (office_id) VALUES ($1)', [id]);
    return { id, code, branchId, apiKey };
  };

  return {
    url,
    databaseUrl,
    hq,
    adminToken,
    seedOffice,
    async close() {
      await hq.close();
      await embedded?.stop();
    },
  };
}
