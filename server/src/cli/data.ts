import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  databaseVersion,
  dbPathOf,
  describeLock,
  isRefusal,
  type OpenedOffice,
  openOfficeStore,
  runningServer,
} from '../store/data-folder.js';
import { MIGRATIONS, SchemaTooNewError } from '../store/migrations.js';
import { both, CliError, type CliIo } from './io.js';

/** `--data`, or TALON_DATA; a command never guesses which office it changes. */
export function dataDirOf(value: string | undefined): string {
  const dir = value || process.env.TALON_DATA;
  if (!dir)
    throw new CliError(both('Укажите папку данных офиса: --data ПАПКА', 'Give the office data folder: --data DIR'), 2);
  return resolve(dir);
}

/** An existing office: the folder and its office.sqlite, readable and not from a newer build. */
export function existingOffice(dataDir: string): { path: string; version: number } {
  if (!existsSync(dataDir))
    throw new CliError(both(`Папка данных не найдена: ${dataDir}`, `Data folder not found: ${dataDir}`), 2);
  if (!statSync(dataDir).isDirectory())
    throw new CliError(both(`Это не папка: ${dataDir}`, `Not a folder: ${dataDir}`), 2);
  const path = dbPathOf(dataDir);
  if (!existsSync(path))
    throw new CliError(
      both(
        `В папке ${dataDir} нет базы офиса (office.sqlite). Новый офис создаёт «talon serve --data ${dataDir}»`,
        `${dataDir} holds no office database (office.sqlite). A new office is created by "talon serve --data ${dataDir}"`,
      ),
      2,
    );
  const version = guard(() => databaseVersion(path));
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (version > known) throw new CliError(new SchemaTooNewError(version, known).message, 2);
  return { path, version };
}

/** Turns the data folder's refusals into command errors with their exit codes. */
export function guard<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isRefusal(err)) throw new CliError(err.message, err.exitCode);
    throw err;
  }
}

export async function guardAsync<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isRefusal(err)) throw new CliError(err.message, err.exitCode);
    throw err;
  }
}

/**
 * How a command that writes treats a server running on the folder:
 * - 'alongside': logins and devices. The server reads those tables on every request and keeps no copy,
 *   and SQLite (WAL, busy timeout) lets the two connections take turns, so the change works at once.
 * - 'refuse': anything that writes the event log (config import). The server is the one writer: its
 *   in-memory state is the fold of the log, and an event appended behind its back would never reach it.
 */
export type WhileRunning = 'alongside' | 'refuse';

/** For commands that write the event log: stop the server first. */
export function refuseWhileRunning(dataDir: string): void {
  const lock = runningServer(dataDir);
  if (!lock) return;
  const d = describeLock(dataDir, lock);
  throw new CliError(both(`Сначала остановите сервер: ${d.ru}`, `Stop the server first: ${d.en}`), 1);
}

export async function openOffice(dataDir: string, whileRunning: WhileRunning, io: CliIo): Promise<OpenedOffice> {
  const { version } = existingOffice(dataDir);
  const lock = runningServer(dataDir);
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (lock && (whileRunning === 'refuse' || version < known)) {
    const d = describeLock(dataDir, lock);
    throw new CliError(
      both(
        `Сначала остановите сервер: ${d.ru}${version < known ? ' (база будет обновлена этой версией)' : ''}`,
        `Stop the server first: ${d.en}${version < known ? ' (this build would upgrade the database)' : ''}`,
      ),
      1,
    );
  }
  return guardAsync(() => openOfficeStore(dataDir, { log: io.out }));
}
