import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ensureFolder, fileStamp, restrictFile } from '../store/data-folder.js';
import { schemaVersion } from '../store/migrations.js';

/** `office-20261126T233000Z.sqlite` (UTC), `-2`, `-3`… when two fall in one second. */
export const BACKUP_FILE = /^office-(\d{8}T\d{6}Z)(?:-\d+)?\.sqlite$/;

/** What a backup's check found: SQLite's integrity_check lines ('ok' alone when sound), the last event, the schema. */
export interface BackupCheck {
  integrity: string[];
  ok: boolean;
  seq: number;
  schema: number;
}

/** Anything with SQLite's online backup (better-sqlite3's `db.backup`, or the store's). */
export interface BackupSource {
  backup(destination: string): Promise<unknown>;
}

export const INTEGRITY_SQL = 'PRAGMA integrity_check(100)';
export const LAST_SEQ_SQL = 'SELECT COALESCE(MAX(seq), 0) AS s FROM events';

/** Opens the copy read-only: integrity_check, its last event seq, its schema version. Synchronous. */
export function checkBackupFile(path: string): BackupCheck {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const integrity = db
      .prepare<[], string>(INTEGRITY_SQL)
      .pluck()
      .all()
      .map((r) => String(r));
    const ok = integrity.length === 1 && integrity[0] === 'ok';
    const seq = ok ? (db.prepare<[], { s: number }>(LAST_SEQ_SQL).get()?.s ?? 0) : 0;
    return { integrity, ok, seq, schema: ok ? schemaVersion(db) : 0 };
  } finally {
    db.close();
  }
}

// The same check in a worker thread: a large office's integrity_check takes seconds, and the server's
// one writer must keep answering the hall meanwhile. The driver's path is resolved here, so the worker
// finds it from the bundle too.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  const integrity = db.prepare(workerData.integritySql).pluck().all().map(String);
  const ok = integrity.length === 1 && integrity[0] === 'ok';
  const seq = ok ? db.prepare(workerData.lastSeqSql).get().s : 0;
  const schema = ok ? (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get().v ?? 0) : 0;
  parentPort.postMessage({ integrity, ok, seq, schema });
} catch (err) {
  parentPort.postMessage({ error: String(err && err.message ? err.message : err) });
} finally {
  if (db) db.close();
}
`;

export function checkBackupFileOffThread(path: string): Promise<BackupCheck> {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: path, integritySql: INTEGRITY_SQL, lastSeqSql: LAST_SEQ_SQL },
    });
    let settled = false;
    worker.once('message', (m: BackupCheck | { error: string }) => {
      settled = true;
      if ('error' in m) reject(new Error(m.error));
      else resolve(m);
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`backup check worker exited with code ${code}`));
    });
  });
}

export interface WrittenBackup {
  file: string;
  size: number;
  seq: number;
  schema: number;
}

/**
 * Writes an online copy into `dir` (created 0700), makes it a single self-contained file (rollback
 * journal, no -wal beside it), checks it, and only then gives it its final name (0600). A copy that
 * fails its check is deleted and the error thrown: the folder holds verified copies only.
 */
export async function writeBackup(
  source: BackupSource,
  dir: string,
  at: number,
  opts: { offThread?: boolean } = {},
): Promise<WrittenBackup> {
  ensureFolder(dir);
  const stamp = fileStamp(at);
  let name = `office-${stamp}.sqlite`;
  for (let i = 2; existsSync(join(dir, name)); i++) name = `office-${stamp}-${i}.sqlite`;
  const file = join(dir, name);
  const partial = join(dir, `.${name}.partial`);
  try {
    // created owner-only before SQLite writes into it: the copy holds visitors' data and password hashes
    writeFileSync(partial, '', { mode: 0o600 });
    restrictFile(partial);
    await source.backup(partial);
    restrictFile(partial);
    const db = new Database(partial, { fileMustExist: true });
    try {
      db.pragma('journal_mode = DELETE');
    } finally {
      db.close();
    }
    const check = opts.offThread ? await checkBackupFileOffThread(partial) : checkBackupFile(partial);
    if (!check.ok) throw new Error(`integrity_check: ${check.integrity.slice(0, 5).join('; ')}`);
    renameSync(partial, file);
    return { file, size: statSync(file).size, seq: check.seq, schema: check.schema };
  } finally {
    for (const f of [partial, `${partial}-journal`, `${partial}-wal`, `${partial}-shm`]) rmSync(f, { force: true });
  }
}

/** The backups in `dir` that Talon wrote, newest first. */
export function listBackups(dir: string): { file: string; name: string; size: number; mtimeMs: number }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => BACKUP_FILE.test(n))
    .map((n) => ({ n, key: `${BACKUP_FILE.exec(n)?.[1]}-${(/-(\d+)\.sqlite$/.exec(n)?.[1] ?? '1').padStart(6, '0')}` }))
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0))
    .map(({ n }) => n)
    .map((name) => {
      const file = join(dir, name);
      const st = statSync(file);
      return { file, name, size: st.size, mtimeMs: st.mtimeMs };
    });
}

/** Deletes all but the newest `keep` of Talon's backups in `dir` (other files are never touched). */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(Math.max(1, keep));
  for (const b of old) rmSync(b.file, { force: true });
  return old.map((b) => b.file);
}
