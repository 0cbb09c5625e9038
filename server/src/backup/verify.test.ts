import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS, SchemaTooNewError } from '../store/migrations.js';
import { writeBackup } from './files.js';
import { officeFolder, tempFolder } from './test-support.js';
import { describeReport, verifyDatabase } from './verify.js';

let dir: string;
let cleanup: () => void;
let good: string;

/** A fresh copy of the good backup to damage. */
async function copyOf(name: string): Promise<string> {
  const dest = join(dir, name);
  writeFileSync(dest, readFileSync(good));
  return dest;
}

function edit(file: string, sql: string): void {
  const db = new Database(file);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempFolder('talon-verify-test-'));
  officeFolder(dir, 4);
  const live = new Database(join(dir, 'office.sqlite'), { readonly: true });
  try {
    good = (await writeBackup(live, join(dir, 'backups'), Date.now())).file;
  } finally {
    live.close();
  }
});
afterAll(() => cleanup?.());

describe('verify', () => {
  it('passes a sound database: integrity, the fold of the log against the snapshot, every projection row', () => {
    const r = verifyDatabase(join(dir, 'office.sqlite'));
    expect(r.integrity).toEqual(['ok']);
    expect(r.snapshots.length).toBeGreaterThan(0);
    expect(r.snapshots.every((s) => s.ok)).toBe(true);
    const tickets = r.projections.find((p) => p.table === 'tickets');
    const visits = r.projections.find((p) => p.table === 'visits');
    expect(tickets).toMatchObject({ ok: true, rows: 5 });
    expect(visits).toMatchObject({ ok: true, rows: 4 });
    expect(r.events).toBe(r.lastSeq);
    expect(r.ok).toBe(true);
    expect(describeReport(r).at(-1)).toContain('база в порядке');
    expect(verifyDatabase(good).ok).toBe(true);
  });

  it('finds a damaged page', async () => {
    const file = await copyOf('damaged.sqlite');
    const db = new Database(file, { readonly: true });
    const root = db.prepare<[], number>("SELECT rootpage FROM sqlite_master WHERE name = 'visits'").pluck().get() ?? 0;
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.close();
    const bytes = readFileSync(file);
    // the b-tree page header of the visits table: type, first freeblock, cell count, content start
    bytes.fill(0x7a, (root - 1) * pageSize, (root - 1) * pageSize + 12);
    writeFileSync(file, bytes);
    const r = verifyDatabase(file);
    expect(r.ok).toBe(false);
    expect(r.integrity).not.toEqual(['ok']);
    expect(describeReport(r).join('\n')).toContain('НАЙДЕНЫ ОШИБКИ');
  });

  it('finds a projection row that no longer matches the log, a missing one and an extra one', async () => {
    const file = await copyOf('projection.sqlite');
    const db = new Database(file, { readonly: true });
    const [a, b] = db.prepare<[], string>('SELECT ticket_id FROM visits ORDER BY ticket_id').pluck().all();
    db.close();
    edit(
      file,
      `UPDATE visits SET service_sec = service_sec + 60 WHERE ticket_id = '${a}';
       DELETE FROM visits WHERE ticket_id = '${b}';
       INSERT INTO ratings (ticket_id, number, day_key, score, reasons, channel, service_id, at, seq)
         VALUES ('made-up', 'К-999', '2026-11-26', 5, '[]', 'terminal', 'consult', 0, 1);`,
    );
    const r = verifyDatabase(file);
    expect(r.integrity).toEqual(['ok']);
    expect(r.projections.find((p) => p.table === 'visits')).toMatchObject({
      ok: false,
      differs: [a],
      missing: [b],
      extra: [],
      count: 2,
    });
    expect(r.projections.find((p) => p.table === 'ratings')).toMatchObject({ ok: false, extra: ['made-up'] });
    expect(r.projections.find((p) => p.table === 'tickets')?.ok).toBe(true);
    expect(r.ok).toBe(false);
    expect(describeReport(r).join('\n')).toContain(`visits: 2 строк не сходятся`);
  });

  it('finds a snapshot that is not the fold of the log, and a hole in the log', async () => {
    const file = await copyOf('snapshot.sqlite');
    edit(file, `UPDATE snapshots SET state = json_set(state, '$.liveQueue', json('true'))`);
    const r = verifyDatabase(file);
    expect(r.snapshots.some((s) => !s.ok && s.diffs.some((d) => d.startsWith('state.liveQueue')))).toBe(true);
    expect(r.ok).toBe(false);

    const holed = await copyOf('holed.sqlite');
    edit(holed, 'DELETE FROM outbox WHERE seq = 3; DELETE FROM events WHERE seq = 3;');
    const h = verifyDatabase(holed);
    expect(h.gaps).toEqual(['3→4']);
    expect(h.ok).toBe(false);
  });

  it('refuses a database from a newer build', async () => {
    const file = await copyOf('newer.sqlite');
    const next = (MIGRATIONS.at(-1)?.version ?? 0) + 1;
    edit(file, `INSERT INTO schema_migrations (version, applied_at) VALUES (${next}, 0)`);
    expect(() => verifyDatabase(file)).toThrow(SchemaTooNewError);
  });
});
