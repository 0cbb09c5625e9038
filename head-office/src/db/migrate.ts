import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';

const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Brings the schema up to date with node-pg-migrate. Its advisory lock lets several head-office
 * processes start at once against one database: one migrates, the others wait and find nothing to do.
 */
export async function migrate(databaseUrl: string, log: (line: string) => void = () => {}): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const ran = await runner({
      dbClient: client,
      dir: MIGRATIONS_DIR,
      direction: 'up',
      migrationsTable: 'hq_migrations',
      count: Number.POSITIVE_INFINITY,
      log,
      advisoryLockMode: 'wait',
    });
    return ran.map((m) => m.name);
  } finally {
    await client.end();
  }
}
