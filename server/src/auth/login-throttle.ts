import { type Actor, type LocalText, type TalonError, talonError } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { isLoopback } from '../edge/loopback.js';
import { AdminAudit } from '../settings/audit.js';
import type { Store } from '../store/index.js';
import type { Result } from './service.js';

/** Where a sign-in comes from when the caller does not say (tools, tests): this machine. */
export const LOCAL_ADDRESS = 'local';

export interface LoginThrottlePolicy {
  /** Failures of one login in a row before it locks; every further failure locks it again, twice as long. */
  loginFailures: number;
  firstLockMs: number;
  maxLockMs: number;
  /** A login's failures are forgotten after this long without another one. */
  forgetMs: number;
  /** Failures from one address (any login) before the address locks for `addressWindowMs`. */
  addressFailures: number;
  addressWindowMs: number;
  /** Password checks at once: scrypt takes libuv threads that files and sockets need too. */
  concurrency: number;
  /** Checks waiting their turn; beyond this a sign-in is refused at once with TOO_MANY_REQUESTS. */
  maxWaiting: number;
  /**
   * Count this machine (127.0.0.1, ::1) as an address too. Off by default: whoever signs in on the server's
   * own machine (a one-PC office, the demo, tools) shares one address, and one person's typos must not
   * lock out the rest; the per-login lock applies there all the same.
   */
  limitLoopback: boolean;
}

export const LOGIN_THROTTLE: LoginThrottlePolicy = {
  loginFailures: 5,
  firstLockMs: 30_000,
  maxLockMs: 15 * 60_000,
  forgetMs: 60 * 60_000,
  addressFailures: 20,
  addressWindowMs: 10 * 60_000,
  concurrency: 2,
  maxWaiting: 64,
  limitLoopback: false,
};

interface Row {
  key: string;
  failures: number;
  window_start: number;
  last_failure_at: number;
  locked_until: number | null;
  locks: number;
  refused: number;
}

/** What a password check says, for the throttle to count. */
export type Verdict<T> = Result<T>;

const SYSTEM: Actor = { kind: 'system' };

function duration(ms: number): LocalText {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return { ru: `${s} с`, en: `${s} s` };
  const m = Math.round(s / 60);
  return { ru: `${m} мин`, en: `${m} min` };
}

export const retryAfterSec = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/**
 * Progressive lockout of sign-ins per login and per client address, kept in SQLite so a restart does not
 * reset it, and a queue that runs at most `concurrency` password checks at once. While a login or an
 * address is locked every attempt is refused without looking at the password, the right one too; a
 * success clears the login's count (not the address's). Failures, locks and unlocks go to the admin audit,
 * with the login typed and the address, never the password.
 *
 * Two checks of the same login or from the same address never run at once, so concurrent attempts
 * cannot slip past the count.
 */
export class LoginThrottle {
  private s: ReturnType<LoginThrottle['prepare']> | undefined;
  private auditLog: AdminAudit | undefined;
  private readonly waiting: { keys: Keys; start: () => void }[] = [];
  private readonly busy = new Set<string>();
  private running = 0;

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    readonly policy: LoginThrottlePolicy = LOGIN_THROTTLE,
  ) {}

  private prepare(db: Database.Database) {
    return {
      get: db.prepare<[string], Row>('SELECT * FROM login_throttle WHERE key = ?'),
      put: db.prepare<[string, number, number, number, number | null, number, number]>(
        `INSERT OR REPLACE INTO login_throttle (key, failures, window_start, last_failure_at, locked_until, locks, refused)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      refused: db.prepare<[string]>('UPDATE login_throttle SET refused = refused + 1 WHERE key = ?'),
      remove: db.prepare<[string]>('DELETE FROM login_throttle WHERE key = ?'),
      purge: db.prepare<[number]>('DELETE FROM login_throttle WHERE last_failure_at < ? AND locked_until IS NULL'),
    };
  }

  private get sql() {
    this.s ??= this.prepare(this.store.db);
    return this.s;
  }

  private audit(action: 'login.failed' | 'login.locked' | 'login.unlocked', target: string | null, line: LocalText) {
    this.auditLog ??= new AdminAudit(this.store.db, this.store);
    this.auditLog.record(this.now(), SYSTEM, action, target, [line]);
  }

  /**
   * Runs `check` (the password comparison) when the login and the address are free to try, and counts its
   * verdict: BAD_CREDENTIALS is a failure, success clears the login. Refuses with LOGIN_LOCKED
   * (`details.retryAfterSec`) while either is locked.
   */
  async run<T>(login: string, address: string, check: () => Promise<Verdict<T>>): Promise<Verdict<T>> {
    const counted = this.policy.limitLoopback || !isLocal(address);
    const keys: Keys = counted ? [loginKey(login), addressKey(address)] : [loginKey(login)];
    const locked = this.locked(login, address, keys);
    if (locked) return { ok: false, error: locked };
    if (this.waiting.length >= this.policy.maxWaiting)
      return { ok: false, error: talonError('TOO_MANY_REQUESTS', { retryAfterSec: 1 }) };
    await new Promise<void>((start) => {
      this.waiting.push({ keys, start });
      this.pump();
    });
    try {
      // the state may have changed while this attempt waited behind others of the same login or address
      const lockedNow = this.locked(login, address, keys);
      if (lockedNow) return { ok: false, error: lockedNow };
      const verdict = await check();
      if (verdict.ok) this.sql.remove.run(keys[0]);
      else if (verdict.error.code === 'BAD_CREDENTIALS') this.failed(login, address, keys);
      return verdict;
    } finally {
      this.running--;
      for (const k of keys) this.busy.delete(k);
      this.pump();
    }
  }

  /** Ends a login's lock by hand (an administrator, `talon account unlock`); true when there was one. */
  unlock(login: string, actor: Actor): boolean {
    const key = loginKey(login);
    const row = this.sql.get.get(key);
    if (!row) return false;
    this.sql.remove.run(key);
    const wasLocked = row.locked_until !== null && row.locked_until > this.now();
    if (wasLocked) {
      this.auditLog ??= new AdminAudit(this.store.db, this.store);
      this.auditLog.record(this.now(), actor, 'login.unlocked', this.userIdOf(login), [
        { ru: `Блокировка входа «${login}» снята вручную`, en: `Lockout of sign-in "${login}" ended by hand` },
      ]);
    }
    return wasLocked;
  }

  private pump() {
    while (this.running < this.policy.concurrency) {
      const i = this.waiting.findIndex((w) => !w.keys.some((k) => this.busy.has(k)));
      if (i < 0) return;
      const [next] = this.waiting.splice(i, 1);
      if (!next) return;
      this.running++;
      for (const k of next.keys) this.busy.add(k);
      next.start();
    }
  }

  private userIdOf(login: string): string | null {
    return this.store.findUserByLogin(login)?.id ?? null;
  }

  /** The refusal while the login or the address is locked; a lock whose time is over is ended (and audited). */
  private locked(login: string, address: string, keys: Keys): TalonError | null {
    const now = this.now();
    const [lk] = keys;
    let until = 0;
    for (const key of keys) {
      const row = this.sql.get.get(key);
      if (row?.locked_until == null) continue;
      if (row.locked_until > now) {
        until = Math.max(until, row.locked_until);
        this.sql.refused.run(key);
        continue;
      }
      const who =
        key === lk
          ? { ru: `входа «${login}»`, en: `sign-in "${login}"` }
          : { ru: `входа с адреса ${address}`, en: `sign-in from ${address}` };
      const refused = { ru: `отклонено попыток: ${row.refused}`, en: `${row.refused} attempts refused` };
      this.audit('login.unlocked', key === lk ? this.userIdOf(login) : null, {
        ru: `Блокировка ${who.ru} снята: срок истёк (${refused.ru})`,
        en: `Lockout of ${who.en} ended: its time is over (${refused.en})`,
      });
      // a login keeps its count, so its next failure locks it again for longer; an address starts afresh
      if (key === lk) this.sql.put.run(key, row.failures, row.window_start, row.last_failure_at, null, row.locks, 0);
      else this.sql.remove.run(key);
    }
    if (until === 0) return null;
    return talonError('LOGIN_LOCKED', { retryAfterSec: retryAfterSec(until - now) });
  }

  private failed(login: string, address: string, [lk, ak]: Keys) {
    const p = this.policy;
    const now = this.now();
    const target = this.userIdOf(login);
    this.store.transaction(() => {
      // one login, failures in a row
      const l = this.sql.get.get(lk);
      const fresh = !l || l.last_failure_at + p.forgetMs <= now;
      const failures = (fresh ? 0 : l.failures) + 1;
      let locks = fresh ? 0 : l.locks;
      let lockedUntil: number | null = null;
      this.audit('login.failed', target, {
        ru: `Неудачная попытка входа «${login}» с адреса ${address} (${failures}-я подряд)`,
        en: `Failed sign-in as "${login}" from ${address} (${failures} in a row)`,
      });
      if (failures >= p.loginFailures) {
        const ms = Math.min(p.firstLockMs * 2 ** locks, p.maxLockMs);
        lockedUntil = now + ms;
        locks++;
        const d = duration(ms);
        this.audit('login.locked', target, {
          ru: `Вход «${login}» заблокирован на ${d.ru} после ${failures} неудачных попыток подряд`,
          en: `Sign-in "${login}" locked for ${d.en} after ${failures} failed attempts in a row`,
        });
      }
      this.sql.put.run(lk, failures, fresh ? now : (l?.window_start ?? now), now, lockedUntil, locks, 0);

      this.sql.purge.run(now - Math.max(p.forgetMs, p.addressWindowMs));
      if (ak === undefined) return;

      // one address, failures within its window, whatever the login
      const a = this.sql.get.get(ak);
      const inWindow = a && a.window_start + p.addressWindowMs > now;
      const count = (inWindow ? a.failures : 0) + 1;
      const windowStart = inWindow ? a.window_start : now;
      if (count >= p.addressFailures) {
        const d = duration(p.addressWindowMs);
        this.audit('login.locked', null, {
          ru: `Вход с адреса ${address} заблокирован на ${d.ru} после ${count} неудачных попыток`,
          en: `Sign-in from ${address} locked for ${d.en} after ${count} failed attempts`,
        });
        this.sql.put.run(ak, count, windowStart, now, now + p.addressWindowMs, (a?.locks ?? 0) + 1, 0);
      } else this.sql.put.run(ak, count, windowStart, now, null, a?.locks ?? 0, 0);
    });
  }
}

/** Logins compare without case (the users table is NOCASE for ASCII), so `Admin` and `admin` count as one. */
const loginKey = (login: string) => `login:${login.trim().toLowerCase()}`;
const addressKey = (address: string) => `address:${address}`;
/** The login key, and the address key when the address counts. */
type Keys = [string] | [string, string];

/** The server's own sign-ins (`talon` command, setup) and this machine's addresses. */
const isLocal = (address: string) => address === LOCAL_ADDRESS || isLoopback(address);
