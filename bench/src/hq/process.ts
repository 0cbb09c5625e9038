import { type ChildProcess, spawn } from 'node:child_process';
import { REPO_ROOT } from '../../../test/support/process.js';

export interface HqProcess {
  child: ChildProcess;
  url: string;
  /** kill -9: no goodbye, transactions in flight roll back. */
  kill(): Promise<void>;
}

/** A head-office process on a given port and database, as production runs it (its own Node). */
export async function spawnHeadOffice(databaseUrl: string, port: number, adminPassword: string): Promise<HqProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'head-office/src/main.ts', '--port', String(port)], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, TALON_HQ_ADMIN_PASSWORD: adminPassword },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr?.on('data', (d) => {
    err = (err + d).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`head office exited early: ${err}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
