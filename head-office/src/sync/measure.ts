/**
 * A rough ingest measurement (not a test, not the bench): N offices push B batches of E events each
 * concurrently to one head-office process on embedded PostgreSQL; then the same rows once more by a
 * server-side COPY, the floor. `npx tsx head-office/src/sync/measure.ts [offices] [batches] [events]`.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canonicalJson, type SyncBatch } from '@talon/protocol';
import { createHeadOffice } from '../app.js';
import { startEmbeddedPostgres } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { FakeOffice } from './fake-office.js';
import { push } from './test-helpers.js';

const [offices = 50, batches = 4, perBatch = 500] = process.argv.slice(2).map(Number);
const db = await startEmbeddedPostgres();
await migrate(db.url);
const hq = await createHeadOffice({ databaseUrl: db.url, poolSize: 40 });
const url = await hq.listen(0);

const work: { key: string; batches: SyncBatch[] }[] = [];
let total = 0;
for (let i = 0; i < offices; i++) {
  const fake = new FakeOffice();
  fake.configure();
  while (fake.lastSeq < batches * perBatch)
    fake.visit({ serviceId: i % 2 ? 'cash' : 'consultation', waitSec: 100 + (fake.lastSeq % 900), rating: 4 });
  const list: SyncBatch[] = [];
  for (let from = 1; from <= batches * perBatch; from += perBatch) list.push(fake.batch(from, from + perBatch - 1));
  const code = `M${i}`;
  const { rows } = await hq.pool.query<{ id: string }>(
    `WITH b AS (INSERT INTO branches (code, name) VALUES ('MB', '{"ru":"Ф","en":"B"}')
                ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id)
     INSERT INTO offices (code, name, branch_id, key_hash) SELECT $1, '{"ru":"О","en":"O"}', b.id, sha256($2::bytea) FROM b
     RETURNING id`,
    [code, `key-${code}`],
  );
  await hq.pool.query('INSERT INTO office_sync (office_id) VALUES ($1)', [rows[0]?.id]);
  work.push({ key: `key-${code}`, batches: list });
  total += batches * perBatch;
}

let busy = 0;
const waits = new Map<string, number>();
let sampling = process.env.SAMPLE === '1';
const sampler = (async () => {
  while (sampling) {
    const { rows } = await hq.pool.query<{ w: string }>(
      `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') || ' ' || left(query, 30) AS w
         FROM pg_stat_activity WHERE state = 'active' AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
    );
    for (const r of rows) waits.set(r.w, (waits.get(r.w) ?? 0) + 1);
    await new Promise((res) => setTimeout(res, 10));
  }
})();
const started = performance.now();
await Promise.all(
  work.map(async ({ key, batches: list }) => {
    for (const b of list) {
      for (;;) {
        const r = await push(url, key, b);
        if (r.status === 200) break;
        if (r.status !== 429) throw new Error(`${r.status} ${JSON.stringify(r.body)}`);
        busy += 1;
        await new Promise((res) => setTimeout(res, 50));
      }
    }
  }),
);
const ingestSec = (performance.now() - started) / 1000;
sampling = false;
await sampler;
if (waits.size) console.log([...waits].sort((x, y) => y[1] - x[1]).slice(0, 15));

// The floor: the same rows by COPY from a server-side file, under another office id.
const dir = mkdtempSync(join(tmpdir(), 'talon-copy-'));
chmodSync(dir, 0o755);
const file = join(dir, 'events.csv');
const csv = (s: string) => `"${s.replaceAll('"', '""')}"`;
const lines: string[] = [];
for (const [i, w] of work.entries())
  for (const b of w.batches)
    for (const e of b.events)
      lines.push(
        [
          `copy-${i}`,
          1,
          e.seq,
          new Date(e.at).toISOString(),
          e.type,
          `\\x${e.digest}`,
          csv(canonicalJson(e.payload)),
        ].join(','),
      );
writeFileSync(file, `${lines.join('\n')}\n`);
chmodSync(file, 0o644);
const copyStart = performance.now();
await hq.pool.query(`COPY events (office_id, epoch, seq, at, type, digest, payload) FROM '${file}' WITH (FORMAT csv)`);
const copySec = (performance.now() - copyStart) / 1000;
rmSync(dir, { recursive: true, force: true });

const { rows } = await hq.pool.query<{ n: number }>(
  "SELECT count(*)::int AS n FROM events WHERE office_id NOT LIKE 'copy-%'",
);
const ingestEventsPerSec = Math.round(total / ingestSec);
const copyEventsPerSec = Math.round(total / copySec);
console.log(
  JSON.stringify({
    offices,
    events: total,
    stored: rows[0]?.n,
    busy,
    ingestEventsPerSec,
    copyEventsPerSec,
    ratio: Number((ingestEventsPerSec / copyEventsPerSec).toFixed(2)),
  }),
);
await hq.close();
await db.stop();
