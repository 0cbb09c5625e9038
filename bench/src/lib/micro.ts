import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { io } from 'socket.io-client';
import { spawnTs } from './proc.js';
import { type Summary, summarize } from './stats.js';

/**
 * The floor for a durable command: one-row INSERT commits, each its own transaction, on a WAL database
 * with synchronous=FULL (as the office store opens it) in the temp directory, the same filesystem as the
 * server's data dir in this bench.
 */
export function commitBench(commits: number, warmup = 100): Summary {
  const dir = mkdtempSync(join(tmpdir(), 'talon-bench-commit-'));
  const db = new Database(join(dir, 'commit.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE events (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)');
    const insert = db.prepare<[number, string]>('INSERT INTO events (at, payload) VALUES (?, ?)');
    const payload = JSON.stringify({ type: 'TicketCalled', ticketId: '2026-11-26/К-001', pad: 'x'.repeat(200) });
    const samples: number[] = [];
    for (let i = 0; i < warmup + commits; i++) {
      const t0 = performance.now();
      insert.run(Date.now(), payload);
      if (i >= warmup) samples.push(performance.now() - t0);
    }
    return summarize(samples);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The floor for realtime delivery: socket.io emitWithAck round trips to a bare server in another process. */
export async function echoBench(roundTrips: number, warmup = 200): Promise<Summary> {
  const child = spawnTs('bench/src/lib/echo-server.ts', []);
  try {
    const line = await child.waitFor(/echo-server listening (\d+)/, 20_000);
    const socket = io(`http://127.0.0.1:${line[1]}`, {
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    const samples: number[] = [];
    const payload = { type: 'TicketCalled', ticketId: '2026-11-26/К-001', windowNumber: 3 };
    for (let i = 0; i < warmup + roundTrips; i++) {
      const t0 = performance.now();
      await socket.timeout(5000).emitWithAck('echo', payload);
      if (i >= warmup) samples.push(performance.now() - t0);
    }
    socket.close();
    return summarize(samples);
  } finally {
    await child.stop();
  }
}
