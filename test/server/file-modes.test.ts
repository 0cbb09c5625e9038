import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restore } from '../../server/src/cli/commands.js';
import { startTestServer } from '../support/server.js';

const mode = (path: string) => statSync(path).mode & 0o777;

/** Every file in `dir` and its subfolders with its mode, for one readable failure. */
function modes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const st = statSync(path);
      out[`${prefix}${name}${st.isDirectory() ? '/' : ''}`] = (st.mode & 0o777).toString(8);
      if (st.isDirectory()) walk(path, `${prefix}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

const ownerOnly = (m: Record<string, string>) =>
  Object.fromEntries(Object.keys(m).map((k) => [k, k.endsWith('/') ? '700' : '600']));

// The test process keeps a usual umask (022): the server must not depend on the launcher's umask 077.
const previous = process.umask(0o022);
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'talon-modes-'));
});
afterAll(() => {
  process.umask(previous);
  rmSync(root, { recursive: true, force: true });
});

describe('the data folder is the owner’s only', () => {
  it('on a fresh folder: the folder 0700, the database and its -wal and -shm, keys, lock and backups 0600', async () => {
    const dataDir = join(root, 'fresh');
    const s = await startTestServer({ dataDir });
    try {
      const kiosk = (await s.pair('kiosk', 'modes kiosk')).token;
      // visitor data reaches the database (and its WAL)
      await s.command(kiosk, {
        type: 'issueTicket',
        topicId: 'personal-account',
        segmentId: 'individual',
        visitorData: { account: '1234567', phone: '+7 900 000-00-00' },
      });
      const run = await s.backups.runNow();
      expect(run.ok, JSON.stringify(run)).toBe(true);
      expect(mode(dataDir)).toBe(0o700);
      for (const f of ['office.sqlite', 'office.sqlite-wal', 'office.sqlite-shm', 'server.lock'])
        expect(mode(join(dataDir, f)), f).toBe(0o600);
      expect(run.ok && run.file && mode(run.file)).toBe(0o600);
      const m = modes(dataDir);
      expect(Object.keys(m)).toContain('backups/');
      expect(m).toEqual(ownerOnly(m));
    } finally {
      await s.stop();
    }
  });

  it('on an existing folder an older build left readable by all: fixed when the server starts', async () => {
    const dataDir = join(root, 'older');
    const first = await startTestServer({ dataDir });
    await first.backups.runNow();
    await first.close();
    // as an older build (or a copy with `cp`) left it, and a file a person put there
    writeFileSync(join(dataDir, 'notes.txt'), 'пароль от Wi-Fi\n');
    for (const path of Object.keys(modes(dataDir))) chmodSync(join(dataDir, path), path.endsWith('/') ? 0o755 : 0o644);
    chmodSync(dataDir, 0o755);
    expect(mode(join(dataDir, 'office.sqlite'))).toBe(0o644);

    const again = await startTestServer({ dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      const m = modes(dataDir);
      expect(m['office.sqlite']).toBe('600');
      expect(m).toEqual(ownerOnly(m));
    } finally {
      await again.stop();
    }
  });

  it('a restore writes its database owner-only', async () => {
    const dataDir = join(root, 'source');
    const s = await startTestServer({ dataDir });
    const run = await s.backups.runNow();
    // closed, not stopped: the backup stays for the restore (the folder goes with `root`)
    await s.close();
    expect(run.ok).toBe(true);
    const into = join(root, 'restored');
    const silent = { out: () => {}, err: () => {}, stdin: process.stdin };
    expect(await restore({ into }, [run.ok ? (run.file as string) : ''], silent)).toBe(0);
    expect(mode(into)).toBe(0o700);
    expect(mode(join(into, 'office.sqlite'))).toBe(0o600);
    expect(existsSync(join(into, 'office.sqlite'))).toBe(true);
  });
});
