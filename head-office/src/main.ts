import { parseArgs } from 'node:util';
import { createHeadOffice } from './app.js';
import { startEmbeddedPostgres } from './db/embedded.js';
import { migrate } from './db/migrate.js';

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
const address = await hq.listen(Number(values.port), values.host);
console.log(`Talon head office: ${address}`);

const stop = async () => {
  await hq.close();
  await embedded?.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
