import { randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS, SchemaTooNewError, schemaVersion } from './migrations.js';
import { openStore, type Store } from './store.js';

/** The office database inside a data folder. */
export const DB_FILE = 'office.sqlite';
/** Written by a running server, removed when it closes (see `runningServer`). */
export const LOCK_FILE = 'server.lock';

export const dbPathOf = (dataDir: string): string => join(dataDir, DB_FILE);

/**
 * A data folder the server or a `talon` command will not use, explained in Russian and English.
 * `exitCode` 2: the folder or the database is wrong for this build; 1: try again later (a server runs).
 */
export class StartRefused extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'StartRefused';
  }
}

/** A refusal a launcher prints and exits on, without a stack trace. */
export function isRefusal(err: unknown): err is Error & { exitCode: 1 | 2 } {
  return err instanceof StartRefused || err instanceof SchemaTooNewError;
}

/** Owner-only: the data folder 0700, its files 0600 (no-ops where the file system has no modes). */
export function restrictFile(path: string): void {
  try {
    if (existsSync(path)) chmodSync(path, 0o600);
  } catch {
    // a share without permissions: nothing to tighten
  }
}

export function restrictFolder(path: string): void {
  try {
    chmodSync(path, 0o700);
  } catch {
    // as above
  }
}

/**
 * A data folder or database the server cannot write (a read-only or full disk, a file owned by another
 * user after a restore as root): said plainly at start rather than as a stack trace or a failed ticket.
 */
function unwritable(err: unknown, path: string): StartRefused | null {
  const code = (err as { code?: unknown }).code;
  if (typeof code !== 'string' || !['EROFS', 'EACCES', 'EPERM', 'ENOSPC', 'EDQUOT'].includes(code)) return null;
  return new StartRefused(
    `«${path}» недоступен для записи (${code}): диск только для чтения или заполнен, либо у пользователя службы ` +
      `нет прав (после восстановления — chown). Сервер не запущен. · "${path}" cannot be written (${code}): a ` +
      'read-only or full disk, or no permission for the service user (after a restore: chown). Not started.',
    1,
  );
}

/** Subfolders of a data folder that the server fills: the daily backups' default place. */
const OWN_SUBFOLDERS = ['backups'];

/**
 * Owner-only for what is already in a data folder: the folder 0700 and its files 0600 (the database and
 * its -wal/-shm, the copies taken before upgrades, keys, links, the lock; an older build left 0644), and
 * the same in the backups folder inside it. Nothing deeper and no symbolic link: a folder the owner
 * pointed at by mistake (a home folder) keeps its subfolders as they were. A file the server cannot
 * change (another owner) is skipped.
 */
export function restrictDataFolder(dir: string, subfolders = OWN_SUBFOLDERS): void {
  restrictFolder(dir);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(path);
    } catch {
      continue;
    }
    if (st.isFile() && (st.mode & 0o777) !== 0o600) restrictFile(path);
    else if (st.isDirectory() && subfolders.includes(name)) restrictDataFolder(path, []);
  }
}

/** Creates the folder (0700) when it does not exist; refuses a path that is a file. */
export function ensureFolder(dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory())
      throw new StartRefused(`«${dir}» — это файл, а не папка. · "${dir}" is a file, not a folder.`, 2);
    return;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  restrictFolder(dir);
}

/** The schema version of an existing database file (0: empty or not yet migrated). */
export function databaseVersion(path: string): number {
  let db: Database.Database;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (err) {
    throw notADatabase(path, err);
  }
  try {
    const tables = db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    if (!tables.includes('schema_migrations')) {
      if (tables.length > 0)
        throw new StartRefused(
          `«${path}» — база SQLite, но не база Талона. · "${path}" is an SQLite database but not Talon's.`,
          2,
        );
      return 0;
    }
    return schemaVersion(db);
  } catch (err) {
    throw err instanceof StartRefused ? err : notADatabase(path, err);
  } finally {
    db.close();
  }
}

function notADatabase(path: string, err: unknown): StartRefused {
  const why = err instanceof Error ? err.message : String(err);
  return new StartRefused(
    `Файл «${path}» не открывается как база офиса (${why}). · "${path}" does not open as an office database (${why}).`,
    2,
  );
}

/** `20261126T023000Z`: sortable, unambiguous across time zones and DST. */
export function fileStamp(at: number): string {
  return new Date(at)
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export interface OpenedOffice {
  store: Store;
  /** Set when this start migrated an older database: its version and the copy taken before. */
  upgrade?: { from: number; to: number; backup: string };
  /** The database file did not exist before. */
  created: boolean;
}

/**
 * Opens the office database of a data folder the way the server does: the folder 0700 and new files
 * 0600; a database from a newer build refused (SchemaTooNewError); a database from an older build
 * copied next to itself (`office.sqlite.pre-v<old>-<stamp>.bak`, online backup API) before the
 * migrations run, so an upgrade can always be undone by putting the copy back under the old build.
 */
export async function openOfficeStore(
  dataDir: string,
  opts: { now?: () => number; log?: (line: string) => void } = {},
): Promise<OpenedOffice> {
  const now = opts.now ?? Date.now;
  ensureFolder(dataDir);
  // an existing folder is made owner-only on every start, not only a new one
  restrictDataFolder(dataDir);
  const path = dbPathOf(dataDir);
  const created = !existsSync(path);
  let upgrade: OpenedOffice['upgrade'];
  if (created) {
    // an empty file is an empty database; SQLite gives -wal and -shm the same mode
    writeFileSync(path, '', { mode: 0o600, flag: 'wx' });
    restrictFile(path);
  } else {
    const from = databaseVersion(path);
    const to = MIGRATIONS.at(-1)?.version ?? 0;
    if (from > to) throw new SchemaTooNewError(from, to);
    if (from > 0 && from < to) {
      const backup = `${path}.pre-v${from}-${fileStamp(now())}.bak`;
      const db = new Database(path, { fileMustExist: true });
      try {
        await db.backup(backup);
      } finally {
        db.close();
      }
      restrictFile(backup);
      upgrade = { from, to, backup };
      opts.log?.(
        `Обновление базы: схема ${from} → ${to}, копия до обновления: ${backup} · ` +
          `Upgrading the database: schema ${from} → ${to}, copy taken before: ${backup}`,
      );
    }
  }
  // SQLite would open a file it cannot write read-only without a word, and the first ticket would fail
  try {
    if (!created) accessSync(path, constants.W_OK);
  } catch (err) {
    throw unwritable(err, path) ?? err;
  }
  const store = openStore(path);
  // SQLite gives -wal and -shm the database's mode; made sure of, whatever the umask
  for (const f of [path, `${path}-wal`, `${path}-shm`]) restrictFile(f);
  return { store, created, ...(upgrade ? { upgrade } : {}) };
}

export interface LockInfo {
  pid: number;
  host: string;
  startedAt: number;
  port?: number;
  token: string;
}

function readLock(dataDir: string): LockInfo | null {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return parsed as LockInfo;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else
    return (err as { code?: string }).code === 'EPERM';
  }
}

/**
 * The server running on this data folder, if any: its lock file names a live process on this machine
 * (a lock from another machine counts as live: it cannot be checked from here). A lock left by a
 * killed server names a dead process and is ignored.
 */
export function runningServer(dataDir: string): LockInfo | null {
  const lock = readLock(dataDir);
  if (!lock) return null;
  if (lock.host !== hostname()) return lock;
  return lock.pid === process.pid || alive(lock.pid) ? lock : null;
}

export function describeLock(dataDir: string, lock: LockInfo): { ru: string; en: string } {
  const since = new Date(lock.startedAt).toISOString();
  const where = `${lock.host}, pid ${lock.pid}${lock.port ? `, port ${lock.port}` : ''}`;
  const file = join(dataDir, LOCK_FILE);
  return {
    ru: `на этой папке данных работает сервер Талона (${where}, с ${since}); если это не так, удалите ${file}`,
    en: `a Talon server is running on this data folder (${where}, since ${since}); if it is not, delete ${file}`,
  };
}

export interface ServerLock {
  setPort(port: number): void;
  release(): void;
}

/** One server per data folder: two writers would each fold the log into a state of their own. */
export function acquireServerLock(dataDir: string, now: number): ServerLock {
  ensureFolder(dataDir);
  const held = runningServer(dataDir);
  if (held && held.pid !== process.pid) {
    const d = describeLock(dataDir, held);
    throw new StartRefused(`Второй сервер не запущен: ${d.ru}. · Not starting a second server: ${d.en}.`, 1);
  }
  const path = join(dataDir, LOCK_FILE);
  const info: LockInfo = { pid: process.pid, host: hostname(), startedAt: now, token: randomBytes(8).toString('hex') };
  const write = () => {
    const tmp = `${path}.${info.token}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(info)}\n`, { mode: 0o600 });
    renameSync(tmp, path);
  };
  try {
    write();
  } catch (err) {
    throw unwritable(err, dataDir) ?? err;
  }
  return {
    setPort(port) {
      info.port = port;
      write();
    },
    release() {
      // only our own lock: an in-process second server (tests) may have taken it over
      if (readLock(dataDir)?.token === info.token) rmSync(path, { force: true });
    },
  };
}
