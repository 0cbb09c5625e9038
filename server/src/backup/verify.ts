import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyEvent, initialState } from '@talon/engine';
import type { EngineState } from '@talon/protocol';
import Database from 'better-sqlite3';
import { MIGRATIONS, SchemaTooNewError } from '../store/migrations.js';
import { openStore } from '../store/store.js';
import { INTEGRITY_SQL } from './files.js';

/** The tables the append transaction derives from events; verify rebuilds them and compares. */
export const PROJECTION_TABLES = ['tickets', 'visits', 'ratings', 'feedback'] as const;

const SHOWN = 10;

export interface SnapshotCheck {
  seq: number;
  ok: boolean;
  /** Paths where the stored snapshot and the fold of the log differ (at most SHOWN). */
  diffs: string[];
}

export interface ProjectionCheck {
  table: string;
  rows: number;
  ok: boolean;
  /** Keys of rows whose stored values differ from the rebuilt ones. */
  differs: string[];
  /** Rows the log produces that the table lacks. */
  missing: string[];
  /** Rows in the table that the log does not produce. */
  extra: string[];
  /** How many keys in all (the lists show at most SHOWN). */
  count: number;
}

export interface VerifyReport {
  file: string;
  ok: boolean;
  schema: number;
  /** SQLite's integrity_check lines; `['ok']` when the file is sound. */
  integrity: string[];
  events: number;
  lastSeq: number;
  /** Sequence numbers that break 1, 2, 3…; at most SHOWN. */
  gaps: string[];
  snapshots: SnapshotCheck[];
  projections: ProjectionCheck[];
  /** What could not be checked at all (a read that failed on a damaged file). */
  errors: string[];
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

/**
 * Checks an office database: SQLite's integrity_check; the event log folded with the engine's
 * `applyEvent` from an empty state, compared with every stored snapshot at its seq; the projections
 * rebuilt from the log into a temporary database and compared row by row with the stored tables.
 * Reads one consistent view of the file, so it can run beside a working server. Never writes to it.
 */
export function verifyDatabase(path: string, opts: { tmpDir?: string } = {}): VerifyReport {
  const report: VerifyReport = {
    file: path,
    ok: false,
    schema: 0,
    integrity: [],
    events: 0,
    lastSeq: 0,
    gaps: [],
    snapshots: [],
    projections: [],
    errors: [],
  };

  const src = new Database(path, { readonly: true, fileMustExist: true });
  try {
    try {
      report.integrity = src
        .prepare<[], string>(INTEGRITY_SQL)
        .pluck()
        .all()
        .map((r) => String(r));
    } catch (err) {
      report.integrity = [message(err)];
    }
    try {
      report.schema =
        src.prepare<[], { v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations').get()?.v ?? 0;
    } catch (err) {
      report.errors.push(`schema_migrations: ${message(err)}`);
    }
  } finally {
    src.close();
  }
  const known = MIGRATIONS.at(-1)?.version ?? 0;
  if (report.schema > known) throw new SchemaTooNewError(report.schema, known);

  const work = mkdtempSync(join(opts.tmpDir ?? tmpdir(), 'talon-verify-'));
  const rebuilt = openStore(join(work, 'rebuilt.sqlite'));
  try {
    const db = rebuilt.db;
    db.prepare('ATTACH DATABASE ? AS src').run(path);
    try {
      // one transaction: every read of the source sees the same moment, even while a server writes
      db.transaction(() => {
        db.exec(
          'INSERT INTO main.events (seq, type, at, actor, payload) SELECT seq, type, at, actor, payload FROM src.events',
        );
        db.exec('INSERT INTO main.snapshots (seq, state) SELECT seq, state FROM src.snapshots');
        rebuilt.rebuildProjections();
        for (const table of PROJECTION_TABLES) {
          try {
            report.projections.push(compareTable(db, table));
          } catch (err) {
            report.errors.push(`${table}: ${message(err)}`);
          }
        }
      })();
    } catch (err) {
      report.errors.push(`events: ${message(err)}`);
    }
    db.exec('DETACH DATABASE src');
    try {
      foldAndCompare(rebuilt, report);
    } catch (err) {
      report.errors.push(`fold: ${message(err)}`);
    }
  } finally {
    rebuilt.close();
    rmSync(work, { recursive: true, force: true });
  }

  report.ok =
    report.integrity.length === 1 &&
    report.integrity[0] === 'ok' &&
    report.errors.length === 0 &&
    report.gaps.length === 0 &&
    report.snapshots.every((s) => s.ok) &&
    report.projections.every((p) => p.ok);
  return report;
}

function compareTable(db: Database.Database, table: string): ProjectionCheck {
  const info = (schema: string) =>
    db.prepare<[], { name: string; pk: number }>(`PRAGMA ${schema}.table_info(${q(table)})`).all();
  const stored = info('src');
  const mine = info('main');
  if (stored.length === 0) throw new Error('the table is missing');
  const names = new Set(mine.map((c) => c.name));
  const cols = stored.filter((c) => names.has(c.name)).map((c) => q(c.name));
  const pk =
    stored
      .filter((c) => c.pk > 0)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => q(c.name))[0] ?? cols[0];
  const list = cols.join(', ');
  const keys = (a: string, b: string) =>
    new Set(
      db
        .prepare<[], unknown>(
          `SELECT ${pk} FROM (SELECT ${list} FROM ${a}.${q(table)} EXCEPT SELECT ${list} FROM ${b}.${q(table)})`,
        )
        .pluck()
        .all()
        .map(String),
    );
  const storedSide = keys('src', 'main');
  const rebuiltSide = keys('main', 'src');
  const differs = [...storedSide].filter((k) => rebuiltSide.has(k));
  const extra = [...storedSide].filter((k) => !rebuiltSide.has(k));
  const missing = [...rebuiltSide].filter((k) => !storedSide.has(k));
  const rows =
    db
      .prepare<[], number>(`SELECT COUNT(*) FROM src.${q(table)}`)
      .pluck()
      .get() ?? 0;
  const count = differs.length + extra.length + missing.length;
  return {
    table,
    rows,
    ok: count === 0,
    differs: differs.slice(0, SHOWN),
    missing: missing.slice(0, SHOWN),
    extra: extra.slice(0, SHOWN),
    count,
  };
}

function foldAndCompare(store: ReturnType<typeof openStore>, report: VerifyReport): void {
  const snapshots = store.db
    .prepare<[], { seq: number; state: string }>('SELECT seq, state FROM snapshots ORDER BY seq')
    .all();
  const bySeq = new Map(snapshots.map((s) => [s.seq, s.state]));
  const state: EngineState = initialState();
  const check = () => {
    const stored = bySeq.get(state.seq);
    if (stored === undefined) return;
    bySeq.delete(state.seq);
    const diffs: string[] = [];
    diff(JSON.parse(stored), JSON.parse(JSON.stringify(state)), 'state', diffs);
    report.snapshots.push({ seq: state.seq, ok: diffs.length === 0, diffs });
  };
  check();
  let expected = 1;
  for (const e of store.iterateEvents(0)) {
    if (e.seq !== expected && report.gaps.length < SHOWN) report.gaps.push(`${expected}→${e.seq}`);
    expected = e.seq + 1;
    applyEvent(state, e);
    report.events += 1;
    check();
  }
  report.lastSeq = state.seq;
  for (const seq of bySeq.keys())
    report.snapshots.push({ seq, ok: false, diffs: [`no event ${seq} in the log · в журнале нет события ${seq}`] });
}

const isEmpty = (v: unknown) =>
  v === undefined ||
  v === null ||
  (Array.isArray(v) && v.length === 0) ||
  (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** Structural comparison, key order ignored; a key an older snapshot lacks matches an empty value. */
function diff(stored: unknown, folded: unknown, path: string, out: string[]): void {
  if (out.length >= SHOWN) return;
  if (stored === folded) return;
  if (typeof stored !== 'object' || typeof folded !== 'object' || stored === null || folded === null) {
    out.push(`${path}: ${JSON.stringify(stored)?.slice(0, 80)} ≠ ${JSON.stringify(folded)?.slice(0, 80)}`);
    return;
  }
  if (Array.isArray(stored) !== Array.isArray(folded)) {
    out.push(`${path}: array ≠ object`);
    return;
  }
  const a = stored as Record<string, unknown>;
  const b = folded as Record<string, unknown>;
  for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const inA = k in a;
    const inB = k in b;
    if (inA && inB) diff(a[k], b[k], `${path}.${k}`, out);
    else if (!(isEmpty(inA ? a[k] : b[k]) && !inA))
      out.push(`${path}.${k}: ${inA ? 'only in the snapshot' : 'only in the log'}`);
    if (out.length >= SHOWN) return;
  }
}

/** The report as lines for the command line, Russian first. */
export function describeReport(r: VerifyReport): string[] {
  const lines: string[] = [];
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const sound = r.integrity.length === 1 && r.integrity[0] === 'ok';
  lines.push(`Проверка · Verifying ${r.file}`);
  lines.push(`${mark(sound)} SQLite integrity_check: ${sound ? 'ok' : r.integrity.slice(0, SHOWN).join('; ')}`);
  lines.push(
    `${mark(r.gaps.length === 0)} Журнал событий · Event log: ${r.events} событий · events, последнее · last ${r.lastSeq}` +
      (r.gaps.length ? `; разрывы · gaps: ${r.gaps.join(', ')}` : ''),
  );
  if (r.snapshots.length === 0) lines.push('· Снимков состояния нет · No state snapshots');
  for (const s of r.snapshots)
    lines.push(
      `${mark(s.ok)} Снимок состояния · State snapshot @${s.seq}: ${
        s.ok
          ? 'совпадает со свёрткой журнала · matches the fold of the log'
          : `отличается · differs: ${s.diffs.join('; ')}`
      }`,
    );
  for (const p of r.projections) {
    if (p.ok) {
      lines.push(`✓ ${p.table}: ${p.rows} строк совпадают с журналом · rows match the log`);
      continue;
    }
    const parts = [
      p.differs.length ? `отличаются · differ: ${p.differs.join(', ')}` : '',
      p.missing.length ? `нет в таблице · missing: ${p.missing.join(', ')}` : '',
      p.extra.length ? `лишние · not from the log: ${p.extra.join(', ')}` : '',
    ].filter(Boolean);
    lines.push(
      `✗ ${p.table}: ${p.count} строк не сходятся с журналом · rows do not match the log — ${parts.join('; ')}`,
    );
  }
  for (const e of r.errors) lines.push(`✗ Не удалось проверить · Could not check: ${e}`);
  lines.push(
    r.ok ? 'Итог: база в порядке · Result: the database is sound' : 'Итог: НАЙДЕНЫ ОШИБКИ · Result: PROBLEMS FOUND',
  );
  return lines;
}
