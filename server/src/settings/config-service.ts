import {
  type Actor,
  type ConfigResponse,
  type ConfigSaveResponse,
  type ConfigVersionInfo,
  type FieldIssue,
  fieldIssue,
  fieldIssues,
  type LocalText,
  OfficeConfig,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { actorInfo } from './audit.js';
import { diffConfigs } from './config-diff.js';

interface VersionRow {
  seq: number;
  at: number;
  actor: string;
  payload: string;
}

export type ConfigResult<T> = { ok: true; value: T } | { ok: false; error: TalonError };

const fail = (error: TalonError): ConfigResult<never> => ({ ok: false, error });

/**
 * The office configuration as an administrator edits it: every `OfficeConfigured` event is a version.
 * A save is validated by the `OfficeConfig` schema, checked against the live hall, refused when
 * someone saved meanwhile, and applied live by the one writer (screens fold the event).
 */
export class ConfigService {
  private readonly s;
  /** What each version changed never changes: computed once per version. */
  private readonly changes = new Map<number, LocalText[]>();

  constructor(
    db: Database.Database,
    private readonly office: Office,
    private readonly store: Store,
  ) {
    this.s = {
      latest: db.prepare<[], VersionRow>(
        "SELECT seq, at, actor, payload FROM events WHERE type = 'OfficeConfigured' ORDER BY seq DESC LIMIT 1",
      ),
      page: db.prepare<[number, number], Omit<VersionRow, 'payload'>>(
        "SELECT seq, at, actor FROM events WHERE type = 'OfficeConfigured' AND seq < ? ORDER BY seq DESC LIMIT ?",
      ),
      one: db.prepare<[number], VersionRow>(
        "SELECT seq, at, actor, payload FROM events WHERE type = 'OfficeConfigured' AND seq = ?",
      ),
      // versions are numbered 1, 2, 3 by their order among the OfficeConfigured events (events_configured index)
      numberOf: db.prepare<[number], { n: number }>(
        "SELECT COUNT(*) AS n FROM events WHERE type = 'OfficeConfigured' AND seq <= ?",
      ),
    };
  }

  private configOf(r: VersionRow): Record<string, unknown> {
    return (JSON.parse(r.payload) as { config: Record<string, unknown> }).config;
  }

  currentVersion(): number {
    return this.s.latest.get()?.seq ?? 0;
  }

  /** The configuration `seq` is the how-manyth of the office: 1, 2, 3 (the seq is the internal id). */
  numberOf(seq: number): number {
    return this.s.numberOf.get(seq)?.n ?? 0;
  }

  current(): ConfigResponse | null {
    const r = this.s.latest.get();
    const config = this.office.config;
    return r && config ? { version: r.seq, number: this.numberOf(r.seq), at: r.at, config } : null;
  }

  /** Newest first; each with what changed against the version before it. */
  versions(limit = 50, beforeSeq = Number.MAX_SAFE_INTEGER): ConfigVersionInfo[] {
    const rows = this.s.page.all(beforeSeq, limit + 1);
    const current = this.currentVersion();
    // the rows are consecutive versions, newest first: one count numbers them all
    const newest = rows[0] ? this.numberOf(rows[0].seq) : 0;
    return rows.slice(0, limit).map((r, i) => ({
      version: r.seq,
      number: newest - i,
      at: r.at,
      actor: actorInfo(this.store, JSON.parse(r.actor) as Actor),
      changes: this.changesOf(r.seq, rows[i + 1]?.seq ?? null),
      current: r.seq === current,
    }));
  }

  private changesOf(seq: number, prevSeq: number | null): LocalText[] {
    const known = this.changes.get(seq);
    if (known) return known;
    const row = this.s.one.get(seq);
    const prev = prevSeq === null ? undefined : this.s.one.get(prevSeq);
    const changes = row ? diffConfigs(prev ? this.configOf(prev) : null, this.configOf(row)) : [];
    this.changes.set(seq, changes);
    return changes;
  }

  version(seq: number): ConfigResponse | null {
    const r = this.s.one.get(seq);
    if (!r) return null;
    // an old version is shown as it would be applied today (defaults of newer sections filled in)
    const parsed = OfficeConfig.safeParse(this.configOf(r));
    return {
      version: r.seq,
      number: this.numberOf(r.seq),
      at: r.at,
      config: parsed.success ? parsed.data : (this.configOf(r) as OfficeConfig),
    };
  }

  /** Validates, checks and (unless `dryRun`) applies a configuration. */
  save(
    input: unknown,
    actor: Actor,
    opts: { baseVersion?: number | undefined; dryRun?: boolean | undefined } = {},
  ): ConfigResult<ConfigSaveResponse> {
    const parsed = OfficeConfig.safeParse(input);
    if (!parsed.success) return fail(talonError('VALIDATION_FAILED', fieldIssues(parsed.error)));
    const config = parsed.data;
    const version = this.currentVersion();
    if (opts.baseVersion !== undefined && opts.baseVersion !== version)
      return fail(talonError('CONFIG_VERSION_STALE', { baseVersion: opts.baseVersion, currentVersion: version }));
    const before = this.office.config;
    if (before && before.officeId !== config.officeId)
      return fail(
        talonError('VALIDATION_FAILED', [
          fieldIssue(
            'officeId',
            'код офиса изменить нельзя: по нему офис связан с головным офисом',
            'the office id cannot change (head-office sync)',
          ),
        ]),
      );
    const inUse = this.inUse(config);
    if (inUse.length > 0) return fail(talonError('CONFIG_IN_USE', inUse));
    const changes = diffConfigs(before as Record<string, unknown> | null, config as Record<string, unknown>);
    const number = this.numberOf(version);
    if (before && changes.length === 0)
      return { ok: true, value: { ok: true, version, number, changes, unchanged: true } };
    if (opts.dryRun) return { ok: true, value: { ok: true, version, number, changes, dryRun: true } };
    const r = this.office.configure(config, actor);
    if (!r.ok) return fail(r.error);
    return { ok: true, value: { ok: true, version: r.seq, number: this.numberOf(r.seq), changes } };
  }

  /** A restore is a new version with an old content, so the history only grows. */
  restore(seq: number, actor: Actor, baseVersion?: number): ConfigResult<ConfigSaveResponse & { restored: number }> {
    const v = this.version(seq);
    if (!v) return fail(talonError('NOT_FOUND', { version: seq }));
    const r = this.save(v.config, actor, { baseVersion });
    return r.ok ? { ok: true, value: { ...r.value, restored: seq } } : r;
  }

  /** What the live hall still uses that the new configuration would remove. */
  private inUse(next: OfficeConfig): (FieldIssue & { ids: string[] })[] {
    const state = this.office.view();
    const services = new Set(next.services.map((s) => s.id));
    const windows = new Set(next.windows.map((w) => w.id));
    const out: (FieldIssue & { ids: string[] })[] = [];
    const ticketsOf = [
      ...new Set(
        Object.values(state.tickets).flatMap((t) => [t.serviceId, ...(t.returnTo ? [t.returnTo.serviceId] : [])]),
      ),
    ].filter((s) => !services.has(s));
    if (ticketsOf.length > 0)
      out.push({
        ...fieldIssue('services', 'в зале есть талоны на эти услуги', 'tickets in the hall are for these services'),
        ids: ticketsOf,
      });
    const occupied = Object.values(state.operators)
      .filter((o) => o.status !== 'logged-out' && o.windowId !== null && !windows.has(o.windowId))
      .map((o) => o.windowId as string);
    if (occupied.length > 0)
      out.push({
        ...fieldIssue('windows', 'за этими окнами работают операторы', 'operators are at these windows'),
        ids: occupied,
      });
    return out;
  }
}
