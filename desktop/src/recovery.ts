/**
 * When to reload the screen and when to give up on this process. Pure: the Electron adapter
 * passes the time in and carries out the action that comes back.
 */
export interface RecoveryOptions {
  /** A hung page gets this long to answer again before it is reloaded. */
  unresponsiveGraceMs: number;
  /** Crashes are counted over this window... */
  crashWindowMs: number;
  /** ...and more than this many in it restart the whole shell (GPU, caches, everything). */
  maxCrashesInWindow: number;
}

export const DEFAULT_RECOVERY: RecoveryOptions = {
  unresponsiveGraceMs: 20_000,
  crashWindowMs: 10 * 60_000,
  maxCrashesInWindow: 5,
};

export type RecoveryAction =
  | { action: 'reload'; afterMs: number }
  | { action: 'relaunch' }
  | { action: 'wait'; checkAfterMs: number }
  | { action: 'none' };

export class RecoveryPolicy {
  private crashes: number[] = [];
  private hungSince: number | null = null;

  constructor(private readonly opts: RecoveryOptions = DEFAULT_RECOVERY) {}

  /**
   * The page's renderer is gone (crash, OOM, killed; even a clean exit leaves a blank screen in a
   * hall). Reload at once the first time, then wait longer; a crash loop restarts the shell.
   */
  rendererGone(now: number): RecoveryAction {
    this.hungSince = null;
    this.crashes = this.crashes.filter((t) => now - t < this.opts.crashWindowMs);
    this.crashes.push(now);
    const n = this.crashes.length;
    if (n > this.opts.maxCrashesInWindow) {
      this.crashes = [];
      return { action: 'relaunch' };
    }
    return { action: 'reload', afterMs: n === 1 ? 0 : Math.min(30_000, 1000 * 2 ** (n - 2)) };
  }

  unresponsive(now: number): RecoveryAction {
    if (this.hungSince === null) this.hungSince = now;
    return { action: 'wait', checkAfterMs: Math.max(0, this.hungSince + this.opts.unresponsiveGraceMs - now) };
  }

  responsive(): void {
    this.hungSince = null;
  }

  /** Called when the grace period ends: still hung → reload; answered meanwhile → nothing. */
  graceOver(now: number): RecoveryAction {
    if (this.hungSince === null) return { action: 'none' };
    if (now - this.hungSince < this.opts.unresponsiveGraceMs)
      return { action: 'wait', checkAfterMs: this.hungSince + this.opts.unresponsiveGraceMs - now };
    this.hungSince = null;
    return { action: 'reload', afterMs: 0 };
  }
}
