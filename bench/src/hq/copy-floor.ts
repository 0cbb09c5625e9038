import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { StoredEvent } from '@talon/protocol';
import { toSyncEvent, WireNorms } from '@talon/server/sync';
import type pg from 'pg';
import type { OfficeEvent } from './office-events.js';

const csv = (s: string) => `"${s.replace(/"/g, '""')}"`;

/**
 * The floor for ingest: PostgreSQL's own COPY of the same rows (same payloads, digests, offices ×
 * events) into the same partitioned table, read by the server from a file. Ingest can only be slower.
 */
export async function copyFloor(pool: pg.Pool, days: OfficeEvent[], offices: number) {
  const norms = new WireNorms();
  const stored = days.map((e, i) => ({ ...e, seq: i + 1 }) as StoredEvent);
  norms.observe(stored);
  const wire = stored.map((e) => toSyncEvent(e, norms.normsOf));
  const lines: string[] = [];
  for (let o = 0; o < offices; o++)
    for (const w of wire)
      lines.push(
        [
          `copy-${o}`,
          1,
          w.seq,
          new Date(w.at).toISOString(),
          w.type,
          `\\x${w.digest}`,
          csv(JSON.stringify(w.payload)),
        ].join(','),
      );
  // The server process (user postgres when run as root) reads the file: a folder anyone can read.
  const dir = mkdtempSync(join(tmpdir(), 'talon-copy-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'events.csv');
  writeFileSync(file, `${lines.join('\n')}\n`, { mode: 0o644 });
  try {
    const start = performance.now();
    await pool.query(`COPY events (office_id, epoch, seq, at, type, digest, payload) FROM '${file}' WITH (FORMAT csv)`);
    const sec = (performance.now() - start) / 1000;
    await pool.query("DELETE FROM events WHERE office_id LIKE 'copy-%'");
    return { eventsPerSec: Math.round(lines.length / sec), rows: lines.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
