import { join } from 'node:path';
import type { Clock } from '../clock.js';
import type { BackupHealth } from '../monitor/evaluate.js';
import { pruneBackups, writeBackup } from './files.js';
import { localZone, nextSlot } from './schedule.js';
import { type BackupRun, type BackupStatusFile, ensureStatus, readStatus, recordRun, statusMtime } from './status.js';

/** `ServerOptions.backups`: daily online backups of the office database (docs/backups.md). */
export interface BackupOptions {
  /** Where the copies go: another disk or a network share is better; default `<data>/backups`. */
  dir?: string;
  /** Local time of day in the office's time zone, `HH:MM`; default 02:30. */
  at?: string;
  /** How many copies are kept (older ones are deleted after a good copy); default 14. */
  keep?: number;
  /** Default: on, except for the demo office. */
  enabled?: boolean;
  /** How often the schedule is looked at, in real milliseconds; 0 = never by itself (tests call `tick`). */
  checkEveryMs?: number;
}

/** What the ops metrics and the admin alarm read. */
export interface BackupStatus {
  enabled: boolean;
  dir: string;
  at: string;
  keep: number;
  /** When the next backup is due (null when disabled). */
  nextAt: number | null;
  lastGoodAt: number | null;
  lastFile?: string;
  lastSeq?: number;
  lastSize?: number;
  /** The last attempt's error, when the last attempt failed. */
  lastError?: string;
  lastAttemptAt?: number;
  /** When backups began on this data folder. */
  since: number;
  running: boolean;
}

/** The alarm fires when the last good backup is older than this, or none exists this long after `since`. */
export const BACKUP_OVERDUE_MS = 26 * 3600_000;
/** …and becomes critical past this. */
export const BACKUP_CRITICAL_MS = 72 * 3600_000;
/** A failed backup is tried again after this, not only at the next day's time. */
export const BACKUP_RETRY_MS = 3600_000;

export const BACKUP_DEFAULTS = { at: '02:30', keep: 14, checkEveryMs: 60_000 } as const;

export interface BackupServiceDeps {
  dataDir: string;
  /** The live database (the store): the copy is taken through SQLite's online backup while the office works. */
  source: { backup(destination: string): Promise<unknown> };
  clock: Clock;
  /** The office's IANA zone (the configuration's, once there is one). */
  timeZone?: () => string | undefined;
  options?: BackupOptions;
  /** Called after every attempt (the monitor re-evaluates the backup alarm). */
  onRun?: (run: BackupRun) => void;
  log?: (line: string) => void;
}

/**
 * Daily backups driven by the injected clock: `tick()` starts the backup that is due, if any, and a
 * real-time interval calls it (every `checkEveryMs`). A backup is due at the configured local time after
 * the last attempt; a start after a missed time catches up at the first tick; a failure is retried an
 * hour later. Each copy is verified before it counts (files.ts) and recorded in the status file.
 */
export class BackupService {
  readonly enabled: boolean;
  readonly dir: string;
  readonly at: string;
  readonly keep: number;
  private readonly deps: BackupServiceDeps;
  private readonly checkEveryMs: number;
  private readonly startedAt: number;
  private status_: BackupStatusFile | null = null;
  private statusMtime = -1;
  private running: Promise<BackupRun> | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(deps: BackupServiceDeps) {
    this.deps = deps;
    const o = deps.options ?? {};
    this.enabled = o.enabled ?? true;
    this.dir = o.dir ?? join(deps.dataDir, 'backups');
    this.at = o.at ?? BACKUP_DEFAULTS.at;
    this.keep = Math.max(1, o.keep ?? BACKUP_DEFAULTS.keep);
    this.checkEveryMs = o.checkEveryMs ?? BACKUP_DEFAULTS.checkEveryMs;
    this.startedAt = deps.clock.now();
    if (this.enabled) {
      this.status_ = ensureStatus(deps.dataDir, this.startedAt);
      this.statusMtime = statusMtime(deps.dataDir);
    }
  }

  /** The status file, re-read when another process (`talon backup`) wrote it. */
  private file(): BackupStatusFile | null {
    const m = statusMtime(this.deps.dataDir);
    if (m !== this.statusMtime) {
      this.status_ = readStatus(this.deps.dataDir) ?? this.status_;
      this.statusMtime = m;
    }
    return this.status_;
  }

  private zone(): string {
    return this.deps.timeZone?.() ?? localZone();
  }

  /** When the next backup is due, or null when disabled. */
  nextAt(): number | null {
    if (!this.enabled) return null;
    const last = this.file()?.last;
    if (!last) return nextSlot(this.startedAt, this.at, this.zone());
    const slot = nextSlot(last.at, this.at, this.zone());
    return last.ok ? slot : Math.min(slot, last.at + BACKUP_RETRY_MS);
  }

  status(): BackupStatus {
    const f = this.file();
    const good = f?.lastGood ?? null;
    const last = f?.last ?? null;
    return {
      enabled: this.enabled,
      dir: this.dir,
      at: this.at,
      keep: this.keep,
      nextAt: this.nextAt(),
      lastGoodAt: good?.at ?? null,
      ...(good?.file !== undefined ? { lastFile: good.file } : {}),
      ...(good?.seq !== undefined ? { lastSeq: good.seq } : {}),
      ...(good?.size !== undefined ? { lastSize: good.size } : {}),
      ...(last && !last.ok && last.error !== undefined ? { lastError: last.error } : {}),
      ...(last ? { lastAttemptAt: last.at } : {}),
      since: f?.since ?? this.startedAt,
      running: this.running !== null,
    };
  }

  /** For the backup alarm (monitor/evaluate.ts); null when backups are off. */
  health(): BackupHealth | null {
    if (!this.enabled) return null;
    const s = this.status();
    return {
      lastGoodAt: s.lastGoodAt,
      since: s.since,
      dir: s.dir,
      ...(s.lastError !== undefined ? { lastError: s.lastError } : {}),
    };
  }

  /** Starts the backup that is due at the clock's now; null when none is (or one is running). */
  tick(): Promise<BackupRun> | null {
    if (!this.enabled || this.running) return null;
    const due = this.nextAt();
    if (due === null || this.deps.clock.now() < due) return null;
    const last = this.file()?.last;
    const trigger: BackupRun['trigger'] =
      last && !last.ok
        ? 'retry'
        : this.deps.clock.now() - due > this.checkEveryMs * 2 + 60_000
          ? 'catch-up'
          : 'scheduled';
    return this.runNow(trigger);
  }

  /** A backup now (or the one already running). */
  runNow(trigger: BackupRun['trigger'] = 'manual'): Promise<BackupRun> {
    if (this.running) return this.running;
    const run = this.run(trigger).finally(() => {
      this.running = null;
    });
    this.running = run;
    return run;
  }

  private async run(trigger: BackupRun['trigger']): Promise<BackupRun> {
    const at = this.deps.clock.now();
    const t0 = performance.now();
    let run: BackupRun;
    try {
      const b = await writeBackup(this.deps.source, this.dir, at, { offThread: true });
      run = {
        at,
        trigger,
        ok: true,
        file: b.file,
        size: b.size,
        seq: b.seq,
        durationMs: Math.round(performance.now() - t0),
      };
      const pruned = pruneBackups(this.dir, this.keep);
      this.deps.log?.(
        `Резервная копия готова: ${b.file} (${Math.ceil(b.size / 1024)} КБ, событие ${b.seq}` +
          `${pruned.length ? `, удалено старых: ${pruned.length}` : ''}) · Backup written and verified`,
      );
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      run = { at, trigger, ok: false, error, durationMs: Math.round(performance.now() - t0) };
      this.deps.log?.(`Резервная копия НЕ сделана: ${error} · Backup FAILED (retry in 1 h)`);
    }
    if (this.enabled) {
      try {
        this.status_ = recordRun(this.deps.dataDir, run);
        this.statusMtime = statusMtime(this.deps.dataDir);
      } catch (err) {
        // the disk that refused the copy may refuse its status file too: the run is still answered (a
        // rejection here is unhandled in the schedule's timer and would end the office server)
        this.deps.log?.(`Состояние копий не записано · Backup status not recorded: ${(err as Error).message}`);
      }
    }
    try {
      this.deps.onRun?.(run);
    } catch {
      // a listener never fails the backup
    }
    return run;
  }

  start(): void {
    if (!this.enabled || this.checkEveryMs <= 0 || this.timer) return;
    this.timer = setInterval(() => {
      void this.tick();
    }, this.checkEveryMs);
    this.timer.unref?.();
  }

  /** Stops the schedule and waits for a backup in progress (the database closes after it). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.running) await this.running.catch(() => undefined);
  }
}
