import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createHeadOffice, type HeadOffice } from './app.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';
import { createUser } from './people/index.js';

/**
 * `head-office [--port 9100] [--host 0.0.0.0] [--data DIR] [--public-url URL]`. With no
 * `DATABASE_URL` it starts an embedded PostgreSQL in `--data` (a throw-away folder without it).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '9100' },
    host: { type: 'string', default: '127.0.0.1' },
    data: { type: 'string' },
    'public-url': { type: 'string' },
  },
});

const embedded = process.env.DATABASE_URL
  ? null
  : await startEmbeddedPostgres({ ...(values.data ? { dataDir: values.data } : {}) });
const databaseUrl = process.env.DATABASE_URL ?? embedded?.url ?? '';
await migrate(databaseUrl);
const hq = await createHeadOffice({ databaseUrl, publicBase: values['public-url'] ?? null, logger: true });
await firstAdmin(hq);
const address = await hq.listen(Number(values.port), values.host);
console.log(`Talon head office: ${address}`);

const stop = async () => {
  await hq.close();
  await embedded?.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

/**
 * A fresh company has nobody to sign in: the company administrator `admin` is created with the
 * password from TALON_HQ_ADMIN_PASSWORD, or a generated one printed this once. Two processes starting
 * together create one user (the login is unique in the database); the loser prints nothing.
 */
async function firstAdmin(hq: HeadOffice): Promise<void> {
  const { rows } = await hq.pool.query('SELECT 1 FROM hq_users LIMIT 1');
  if (rows.length > 0) return;
  const given = process.env.TALON_HQ_ADMIN_PASSWORD || undefined;
  const password = given ?? randomBytes(12).toString('base64url');
  const user = await createUser(hq.pool, {
    login: 'admin',
    name: 'Администратор компании',
    password,
    role: 'company_admin',
  });
  if (!('id' in user)) return;
  console.log(
    given
      ? 'Администратор головного офиса / head-office administrator: admin (password from TALON_HQ_ADMIN_PASSWORD)'
      : `Администратор головного офиса / head-office administrator: admin / ${password} (shown once)`,
  );
}
