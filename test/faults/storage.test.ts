import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CommandResponse, ERRORS, type Snapshot, talonError } from '@talon/protocol';
import type { ServerOptions } from '@talon/server';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyDatabase } from '../../server/src/backup/verify.js';
import { REPO_ROOT, waitExit } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * A disk that fills up or turns read-only under a working office. New tickets and calls are refused
 * with STORAGE_UNAVAILABLE (503, Russian and English), nothing acknowledged is lost, devices' heartbeats
 * never bring the server down, and the office works again as soon as the disk does, without a restart.
 * The disk is made full and read-only by SQLite itself on the live connection (`max_page_count`,
 * `query_only`: the same SQLITE_FULL and SQLITE_READONLY a real disk gives, no root needed); a real full
 * file system (a small tmpfs) and a read-only one are tried where the test may mount one.
 */
const servers: TestServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

const ISSUE = { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } as const;
const REFUSED = talonError('STORAGE_UNAVAILABLE');

async function office(opts: { dataDir?: string; server?: Partial<ServerOptions> } = {}) {
  // the per-kiosk ticket limit is not what this measures: a full disk may take a good many tickets first
  const s = await startTestServer({ ...opts, server: { rateLimits: { limits: { tickets: null } }, ...opts.server } });
  servers.push(s);
  const kiosk = (await s.pair('kiosk')).token;
  const board = (await s.pair('board')).token;
  const op = (await s.login('operator1', 'talon1')).token;
  expect((await s.command(op, { type: 'operatorLogin', windowId: 'w1' })).body.ok).toBe(true);
  const admin = (await s.login('admin', 'admin-talon')).token;
  return { s, kiosk, board, op, admin };
}

type Issued = { ticketId: string; number: string };
const issued = (r: { body: CommandResponse }): Issued | null =>
  r.body.ok && r.body.result?.ticketId && r.body.result.number
    ? { ticketId: r.body.result.ticketId, number: r.body.result.number }
    : null;
const numberOf = (n: string) => Number(n.split('-')[1]);

/** What another process reading the file sees: the tickets committed to disk. */
function ticketsOnDisk(dataDir: string): string[] {
  const db = new Database(join(dataDir, 'office.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return db
      .prepare<[], string>("SELECT json_extract(payload, '$.ticket.id') FROM events WHERE type = 'TicketIssued'")
      .pluck()
      .all();
  } finally {
    db.close();
  }
}

async function state(s: TestServer, token: string): Promise<Snapshot> {
  const r = await fetch(`${s.url}/api/state`, { headers: { authorization: `Bearer ${token}` } });
  expect(r.status).toBe(200);
  return (await r.json()) as Snapshot;
}

/**
 * The part every disk fault shares: between `brk` and `mend`, tickets and calls are refused as a whole and said so,
 * reads and devices go on; once `mend` runs, the next ticket takes the next number (none was used up).
 */
async function throughTheFault(
  o: Awaited<ReturnType<typeof office>>,
  fault: { brk(): void; mend(): void; everyWrite?: boolean },
) {
  const { s, kiosk, board, op, admin } = o;
  const acked: Issued[] = [];
  for (let i = 0; i < 3; i++) acked.push(issued(await s.command(kiosk, ISSUE)) as Issued);
  const boardSocket = await s.connect('board', board);

  fault.brk();
  // A full disk may still take a row into a page (or a WAL frame) that has room: the refusal comes later.
  let refusal: { status: number; body: CommandResponse } | undefined;
  for (let i = 0; i < 300 && !refusal; i++) {
    const r = await s.command(kiosk, ISSUE, `kiosk-fault-${i}-0001`);
    const t = issued(r);
    if (t) acked.push(t);
    else refusal = r;
  }
  expect(refusal?.status).toBe(503);
  expect(refusal?.body).toEqual({ ok: false, error: REFUSED });
  // said plainly, Russian first: what happened and that nothing changed
  const [ru, en] = ERRORS.STORAGE_UNAVAILABLE;
  expect(ru).toMatch(/диск.*Ничего не изменено/);
  expect(en).toMatch(/disk.*Nothing was changed/);
  // Still refused, the same way, for a retry and for the operator's call; the queue stays as it was.
  const retried = await s.command(kiosk, ISSUE, 'kiosk-fault-retry-0001');
  expect([retried.status, retried.body]).toEqual([503, { ok: false, error: REFUSED }]);
  const call = await s.command(op, { type: 'callNext' });
  expect([call.status, call.body]).toEqual([503, { ok: false, error: REFUSED }]);
  if (fault.everyWrite) {
    // any route that writes says the same, not «internal error»: a sign-in opens a session
    const signIn = await fetch(`${s.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'operator2', password: 'talon2' }),
    });
    expect([signIn.status, await signIn.json()]).toEqual([503, { ok: false, error: REFUSED }]);
  }
  const during = await state(s, admin);
  expect(during.state.tickets[acked[0]?.ticketId ?? '']?.status).toBe('waiting');
  expect(Object.keys(during.state.tickets).sort()).toEqual(acked.map((t) => t.ticketId).sort());

  // A board's heartbeat cannot be written: it is told so, and the server stays up for the next one.
  s.clock.advance(60_000);
  const beat = await boardSocket.emitWithAck<{ ok: boolean; error?: { code: string } }>('heartbeat', {
    status: 'ok',
  });
  // A full disk may still take an update in place; a read-only one takes nothing.
  if (fault.everyWrite) expect(beat).toEqual({ ok: false, error: REFUSED });
  else expect([{ ok: true }, { ok: false, error: REFUSED }]).toContainEqual(beat);
  const reconnected = await s.connect('board', board);
  expect(reconnected.snapshots.at(-1)?.state.seq).toBe(during.state.seq);
  // health says the disk refuses writes (alarms cannot: they live in the same database)
  const health = await fetch(`${s.url}/api/health`);
  expect(health.status).toBe(200);
  expect(((await health.json()) as { storage: { writable: boolean } }).storage.writable).toBe(false);

  fault.mend();
  // The same command id works now: its refusal was not stored as an answer.
  const after = issued(await s.command(kiosk, ISSUE, 'kiosk-fault-retry-0001'));
  expect(after).not.toBeNull();
  const last = Math.max(...acked.map((t) => numberOf(t.number)));
  expect(numberOf(after?.number ?? '')).toBe(last + 1);
  const called = await s.command(op, { type: 'callNext' });
  expect(called.body).toMatchObject({ ok: true, result: { number: acked[0]?.number } });
  expect(await boardSocket.emitWithAck('heartbeat', { status: 'ok' })).toEqual({ ok: true });
  const healthy = (await (await fetch(`${s.url}/api/health`)).json()) as { storage: unknown };
  expect(healthy.storage).toEqual({ writable: true, refusedSince: null });

  // Nothing acknowledged is lost: on disk, and the file is sound.
  const onDisk = new Set(ticketsOnDisk(s.dataDir));
  expect([...acked, after].filter((t) => !onDisk.has(t?.ticketId ?? ''))).toEqual([]);
  expect(onDisk.size).toBe(acked.length + 1);
  const report = verifyDatabase(join(s.dataDir, 'office.sqlite'));
  expect([report.ok, report.errors]).toEqual([true, []]);
}

describe('a disk that cannot take writes', () => {
  it('full: tickets and calls refused with STORAGE_UNAVAILABLE, nothing lost, back without a restart', async () => {
    const o = await office();
    const db = o.s.store.db;
    let max = 0;
    await throughTheFault(o, {
      // the file may not grow past the pages it has: SQLITE_FULL, as from a disk with no space left
      brk: () => {
        max = Number(db.pragma('max_page_count', { simple: true }));
        db.pragma(`max_page_count = ${Number(db.pragma('page_count', { simple: true }))}`);
      },
      mend: () => db.pragma(`max_page_count = ${max}`),
    });
  });

  it('read-only: the same refusal and recovery', async () => {
    const o = await office();
    const db = o.s.store.db;
    await throughTheFault(o, {
      // SQLITE_READONLY on every write, as from a file the server may no longer write
      brk: () => db.pragma('query_only = ON'),
      everyWrite: true,
      mend: () => db.pragma('query_only = OFF'),
    });
  });

  it('a disk error that makes SQLite roll back mid-command refuses it as a whole; a retry is not a phantom ticket', async () => {
    const { s, kiosk } = await office();
    const db = s.store.db;
    const seq = s.office.seq;
    // SQLite may roll back the whole transaction on SQLITE_FULL or IOERR while the print job's row (a hook
    // that logs its own failures and lets the ticket go on) is written; RAISE(ROLLBACK) does exactly that.
    db.exec(
      "CREATE TEMP TRIGGER disk_error BEFORE INSERT ON main.print_jobs BEGIN SELECT RAISE(ROLLBACK, 'disk I/O error'); END",
    );
    const r = await s.command(kiosk, ISSUE, 'kiosk-rollback-0001');
    expect([r.status, r.body]).toEqual([503, { ok: false, error: REFUSED }]);
    expect(s.office.seq).toBe(seq);
    // nothing of it was written outside the rolled-back transaction
    expect(db.prepare('SELECT count(*) AS n FROM commands WHERE command_id = ?').get('kiosk-rollback-0001')).toEqual({
      n: 0,
    });
    expect(db.prepare('SELECT max(seq) AS s FROM events').get()).toEqual({ s: seq });
    expect(db.prepare('SELECT count(*) AS n FROM outbox WHERE seq > ?').get(seq)).toEqual({ n: 0 });

    db.exec('DROP TRIGGER disk_error');
    const again = issued(await s.command(kiosk, ISSUE, 'kiosk-rollback-0001'));
    expect(again?.number).toBe('К-001');
    expect(s.office.view().tickets[again?.ticketId ?? '']?.status).toBe('waiting');
    expect(ticketsOnDisk(s.dataDir)).toEqual([again?.ticketId]);
  });
});

// ---- a real file system: a small tmpfs, full and read-only (needs root and mount; skipped otherwise) ----

const ROOT = process.getuid?.() === 0;

function canMount(): boolean {
  if (!ROOT || process.platform !== 'linux') return false;
  const probe = mkdtempSync(join(tmpdir(), 'talon-mount-probe-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe], { stdio: 'ignore' });
    execFileSync('umount', [probe], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  } finally {
    rmSync(probe, { recursive: true, force: true });
  }
}
const MOUNT = canMount();
if (!MOUNT)
  console.log('storage faults on a real file system skipped: they mount a tmpfs, which needs root (CI runs the rest)');

async function withTmpfs(sizeMb: number, fn: (dir: string) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'talon-tmpfs-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir]);
  try {
    await fn(dir);
  } finally {
    for (const s of servers.splice(0)) await s.close().catch(() => undefined);
    execFileSync('umount', ['-l', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!MOUNT)('a real file system (tmpfs)', () => {
  it('full: refused with STORAGE_UNAVAILABLE, the nightly backup fails without taking the server down, space back: it works', async () => {
    await withTmpfs(16, async (mnt) => {
      const dataDir = join(mnt, 'data');
      const o = await office({ dataDir, server: { backups: { enabled: true, checkEveryMs: 0 } } });
      const filler = join(mnt, 'filler');
      await throughTheFault(o, {
        brk: () => {
          try {
            writeFileSync(filler, Buffer.alloc(32 * 1024 * 1024));
          } catch (err) {
            expect((err as { code?: string }).code).toBe('ENOSPC');
          }
        },
        mend: () => rmSync(filler),
      });
      // A backup while the disk is full again: it fails and says why; the office goes on.
      expect(() => writeFileSync(filler, Buffer.alloc(32 * 1024 * 1024))).toThrow(/ENOSPC/);
      const failed = await o.s.backups.runNow();
      expect(failed.ok).toBe(false);
      expect((await fetch(`${o.s.url}/api/health`)).status).toBe(200);
      rmSync(filler);
      const good = await o.s.backups.runNow();
      expect(good).toMatchObject({ ok: true, seq: o.s.office.seq });
    });
  });

  it('read-only: a server does not start on it, and says why in Russian and English', async () => {
    await withTmpfs(8, async (mnt) => {
      const dataDir = join(mnt, 'data');
      const first = await startTestServer({ dataDir });
      const kiosk = (await first.pair('kiosk')).token;
      const t = issued(await first.command(kiosk, ISSUE));
      await first.close();
      execFileSync('mount', ['-o', 'remount,ro', mnt]);
      await expect(startTestServer({ dataDir })).rejects.toThrow(/недоступен для записи.*cannot be written/s);
      execFileSync('mount', ['-o', 'remount,rw', mnt]);
      expect(ticketsOnDisk(dataDir)).toEqual([t?.ticketId]);
    });
  });
});

describe.skipIf(!ROOT)('a database the service user may not write (restored as root, no chown)', () => {
  it('the server refuses to start with a clear message, no stack trace, and leaves the file as it was', async () => {
    // under /tmp itself: a private temp folder (CI's TMPDIR is 0700 root) would keep `nobody` out of it
    const dataDir = mkdtempSync(join('/tmp', 'talon-readonly-db-'));
    let child: ChildProcess | undefined;
    try {
      const first = await startTestServer({ dataDir });
      const kiosk = (await first.pair('kiosk')).token;
      const t = issued(await first.command(kiosk, ISSUE));
      await first.close();
      // the service runs as `nobody`; the folder is its own, the database still root's (readable, not writable)
      const NOBODY = 65534;
      chownSync(dataDir, NOBODY, NOBODY);
      chownSync(join(dataDir, 'link-secret.key'), NOBODY, NOBODY);
      execFileSync('chmod', ['0644', join(dataDir, 'office.sqlite')]);
      const before = readFileSync(join(dataDir, 'office.sqlite'));
      const home = join(dataDir, 'home');
      mkdirSync(home);
      chownSync(home, NOBODY, NOBODY);
      child = spawn(
        process.execPath,
        ['--import', 'tsx', 'server/src/main.ts', '--demo', '--port', '0', '--data', dataDir, '--tick-ms', '0'],
        // tsx keeps its cache under the temp folder: one `nobody` may write
        { cwd: REPO_ROOT, uid: NOBODY, gid: NOBODY, env: { ...process.env, TMPDIR: home, HOME: home } },
      );
      let out = '';
      child.stdout?.on('data', (d) => {
        out += d;
      });
      child.stderr?.on('data', (d) => {
        out += d;
      });
      await waitExit(child);
      expect(child.exitCode).toBe(1);
      expect(out).toContain('недоступен для записи');
      expect(out).toContain('cannot be written');
      expect(out).not.toMatch(/^\s+at /m);
      expect(readFileSync(join(dataDir, 'office.sqlite')).equals(before)).toBe(true);
      expect(ticketsOnDisk(dataDir)).toEqual([t?.ticketId]);
    } finally {
      child?.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
