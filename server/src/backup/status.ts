import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { restrictFile } from '../store/data-folder.js';

/** The result of one backup, as kept in the data folder's status file. */
export interface BackupRun {
  /** When it started (the injected clock). */
  at: number;
  trigger: 'scheduled' | 'catch-up' | 'retry' | 'manual';
  ok: boolean;
  /** The verified file (absent when it failed). */
  file?: string;
  size?: number;
  /** The last event in the copy. */
  seq?: number;
  error?: string;
  durationMs: number;
}

export interface BackupStatusFile {
  version: 1;
  /** When backups were first enabled on this data folder: «none yet» counts from here. */
  since: number;
  last: BackupRun | null;
  lastGood: BackupRun | null;
  /** Newest first, at most HISTORY_KEPT. */
  history: BackupRun[];
}

export const STATUS_FILE = 'backup-status.json';
const HISTORY_KEPT = 60;

export const statusPathOf = (dataDir: string) => join(dataDir, STATUS_FILE);

export function readStatus(dataDir: string): BackupStatusFile | null {
  const path = statusPathOf(dataDir);
  if (!existsSync(path)) return null;
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as BackupStatusFile;
    return s && s.version === 1 && typeof s.since === 'number' ? s : null;
  } catch {
    return null;
  }
}

export function statusMtime(dataDir: string): number {
  try {
    return statSync(statusPathOf(dataDir)).mtimeMs;
  } catch {
    return 0;
  }
}

function write(dataDir: string, s: BackupStatusFile): void {
  const path = statusPathOf(dataDir);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(s, null, 2)}\n`, { mode: 0o600 });
  restrictFile(tmp);
  renameSync(tmp, path);
}

/** The status, created (with `since` = now) when the folder has none. */
export function ensureStatus(dataDir: string, now: number): BackupStatusFile {
  const s = readStatus(dataDir);
  if (s) return s;
  const fresh: BackupStatusFile = { version: 1, since: now, last: null, lastGood: null, history: [] };
  write(dataDir, fresh);
  return fresh;
}

/** Read, add, write (a `talon backup` and the server may both record runs). */
export function recordRun(dataDir: string, run: BackupRun): BackupStatusFile {
  const s = readStatus(dataDir) ?? { version: 1, since: run.at, last: null, lastGood: null, history: [] };
  const next: BackupStatusFile = {
    ...s,
    last: run,
    lastGood: run.ok && (s.lastGood === null || run.at >= s.lastGood.at) ? run : s.lastGood,
    history: [run, ...s.history].slice(0, HISTORY_KEPT),
  };
  write(dataDir, next);
  return next;
}
