import type {
  Actor,
  AuditAction,
  LocalText,
  PersonalDataErased,
  PersonalDataExport,
  PersonalDataRecord,
} from '@talon/protocol';
import { pluralRu } from '@talon/protocol';
import type { Clock } from '../clock.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { type PersonalRecord, phoneKey } from '../store/personal.js';

/** `ServerOptions.privacy`: how long visitors' personal data is kept (152-ФЗ, docs/architecture.md). */
export interface PrivacyOptions {
  /** Days after the visit the values are kept (account, phone, booking name, feedback contact); default 30. */
  retentionDays?: number;
  /** How often the purge looks, in real milliseconds; default 1 h; 0 = at start and before each backup only. */
  checkEveryMs?: number;
}

export const PRIVACY_DEFAULTS = { retentionDays: 30, checkEveryMs: 3600_000 } as const;
export const MAX_RETENTION_DAYS = 3650;

const DAY_MS = 24 * 3600_000;
const records = (n: number) => ({
  ru: `${n} ${pluralRu(n, 'запись', 'записи', 'записей')}`,
  en: `${n} record${n === 1 ? '' : 's'}`,
});
const SYSTEM: Actor = { kind: 'system' };

export type AuditSink = (actor: Actor, action: AuditAction, changes: LocalText[]) => void;

export interface PrivacyDeps {
  store: Store;
  office: Office;
  clock: Clock;
  /** The administrative audit (counts only, never a value). */
  audit: AuditSink;
  options?: PrivacyOptions;
  log?: (line: string) => void;
  /** Inside an erasure's transaction: head office is to erase its copies of this phone's data too. */
  onErase?: (phoneKey: string) => void;
}

/**
 * Retention, export and erasure of what visitors typed. The values live only in the personal-data table
 * (server/src/store/personal.ts); deleting its rows deletes them everywhere on disk, and the live state
 * forgets them too. The visits' figures stay: the log and the reports never held the values.
 */
export class PersonalDataService {
  readonly retentionDays: number;
  private readonly d: PrivacyDeps;
  private readonly checkEveryMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(deps: PrivacyDeps) {
    this.d = deps;
    const days = deps.options?.retentionDays ?? PRIVACY_DEFAULTS.retentionDays;
    if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
      throw new RangeError(`retentionDays must be a whole number from 1 to ${MAX_RETENTION_DAYS}, got ${days}`);
    this.retentionDays = days;
    this.checkEveryMs = deps.options?.checkEveryMs ?? PRIVACY_DEFAULTS.checkEveryMs;
  }

  /** Deletes the values of visits older than the retention; safe to repeat (the second run finds nothing). */
  purge(): { records: number; rows: number } {
    const before = this.d.clock.now() - this.retentionDays * DAY_MS;
    const { refs, rows } = this.d.store.personal.purge(before);
    if (rows === 0) return { records: 0, rows: 0 };
    this.d.office.forgetPersonal(new Set(refs));
    this.flushWal();
    const n = refs.length;
    const r = records(n);
    this.d.audit(SYSTEM, 'personal-data.purged', [
      {
        ru: `Удалены персональные данные посетителей старше ${this.retentionDays} дн.: ${r.ru}`,
        en: `Visitors' personal data older than ${this.retentionDays} days deleted: ${r.en}`,
      },
    ]);
    this.d.log?.(
      `Персональные данные: удалено по сроку хранения ${r.ru} · Personal data: ${r.en} deleted by retention`,
    );
    return { records: n, rows };
  }

  /** The purge for timers and backups: a failure is logged, never thrown at the caller. */
  purgeSafely(): void {
    try {
      this.purge();
    } catch (err) {
      this.d.log?.(`Персональные данные: удаление не удалось · Personal data purge failed: ${String(err)}`);
    }
  }

  /** Everything kept about one phone number; null when the text is not a phone number. */
  export(phone: string, actor: Actor): PersonalDataExport | null {
    const key = phoneKey(phone);
    if (key === null) return null;
    const found = this.d.store.personal.byPhone(key).map((r) => this.describe(r));
    const r = records(found.length);
    this.d.audit(actor, 'personal-data.exported', [
      {
        ru: `Выданы сведения о персональных данных по номеру телефона: ${r.ru}`,
        en: `Personal data looked up by a phone number: ${r.en}`,
      },
    ]);
    return { phone: key, retentionDays: this.retentionDays, exportedAt: this.d.clock.now(), records: found };
  }

  /** Deletes every value kept with one phone number (the whole visit's: its account too). */
  erase(phone: string, actor: Actor): PersonalDataErased | null {
    const key = phoneKey(phone);
    if (key === null) return null;
    const refs = this.d.store.personal.byPhone(key).map((r) => r.ref);
    this.d.store.transaction(() => {
      this.d.store.personal.erase(refs);
      this.d.onErase?.(key);
    });
    this.d.office.forgetPersonal(new Set(refs));
    if (refs.length > 0) this.flushWal();
    const r = records(refs.length);
    this.d.audit(actor, 'personal-data.erased', [
      {
        ru: `Удалены по запросу персональные данные по номеру телефона: ${r.ru}`,
        en: `Personal data erased on request for a phone number: ${r.en}`,
      },
    ]);
    return { phone: key, erased: refs.length };
  }

  private describe(r: PersonalRecord): PersonalDataRecord {
    const base = { ref: r.ref, at: r.at, purgeAt: r.at + this.retentionDays * DAY_MS, values: r.values };
    const [kind, id = ''] = splitRef(r.ref);
    // `notify:<ticket id>`: the number a visitor gave for notifications is that visit's (server/src/notify)
    if (kind === 'ticket' || kind === 'notify') {
      const v = this.d.store.visit(id);
      const t = v ? null : this.d.store.ticketRow(id);
      const visit = v
        ? {
            ticketId: id,
            number: v.number,
            dayKey: v.dayKey,
            serviceId: v.serviceId,
            outcome: v.outcome,
            issuedAt: v.issuedAt,
            closedAt: v.closedAt,
            ...(v.operatorId ? { operatorId: v.operatorId } : {}),
            ...(v.windowId ? { windowId: v.windowId } : {}),
          }
        : t
          ? { ticketId: id, number: t.number, dayKey: t.dayKey, serviceId: t.serviceId, issuedAt: t.issuedAt }
          : { ticketId: id };
      return { ...base, kind: 'visit', visit };
    }
    if (kind === 'booking') return { ...base, kind: 'booking', booking: { appointmentId: id } };
    if (kind === 'followup') return { ...base, kind: 'follow-up', followUp: { id: Number(id) } };
    const seq = Number(id);
    const e = this.d.store.readEvents(seq - 1, 1)[0];
    const feedback =
      e?.type === 'FeedbackReceived' && e.seq === seq
        ? { id: seq, type: e.feedbackType, dayKey: e.dayKey, ...(e.text ? { text: e.text } : {}) }
        : { id: seq };
    return { ...base, kind: 'feedback', feedback };
  }

  /**
   * The deleted rows are zeroed in the file (secure_delete); their older copies in the write-ahead log go
   * when it is emptied. Never waits for a reader (a backup, a report): the next purge tries again.
   */
  private flushWal(): void {
    const db = this.d.store.db;
    const wait = db.pragma('busy_timeout', { simple: true }) as number;
    try {
      db.pragma('busy_timeout = 0');
      db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // busy: left for the next purge
    } finally {
      db.pragma(`busy_timeout = ${Number(wait) || 0}`);
    }
  }

  /** Purges now (a start after days off catches up at once), then every `checkEveryMs`. */
  start(): void {
    this.purgeSafely();
    if (this.checkEveryMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.purgeSafely(), this.checkEveryMs);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}

function splitRef(ref: string): [string, string] {
  const i = ref.indexOf(':');
  return i < 0 ? [ref, ''] : [ref.slice(0, i), ref.slice(i + 1)];
}
