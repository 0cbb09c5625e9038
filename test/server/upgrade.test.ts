import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResponse } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, MIGRATIONS, SchemaTooNewError, schemaVersion } from '../../server/src/store/migrations.js';
import { freePort, REPO_ROOT } from '../support/process.js';

const MORNING = Date.parse('2026-11-26T07:00:00Z');
const CURRENT = MIGRATIONS.at(-1)?.version ?? 0;
const PREVIOUS = MIGRATIONS.at(-2)?.version ?? 0;

let root: string;
let kiosk: string;
let eventsBefore: unknown[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'talon-upgrade-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const serverOn = (dataDir: string, now = MORNING) =>
  startServer({
    dataDir,
    clock: new VirtualClock(now),
    tickMs: 0,
    monitorMs: 0,
    initialConfig: rosatomDemoOffice(),
    backups: { enabled: false },
  });

async function post<T>(server: RunningServer, path: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const issue = async (server: RunningServer) => {
  const r = await post<CommandResponse>(
    server,
    '/api/commands',
    { command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } },
    kiosk,
  );
  return r.body.ok ? r.body.result?.number : r.body.error.code;
};

const readEvents = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare('SELECT seq, type, at, actor, payload FROM events ORDER BY seq').all();
  } finally {
    db.close();
  }
};

/**
 * An office as the previous build left it: its schema is MIGRATIONS without the last entry, and every
 * table that schema has holds what a working office wrote (events, projections, logins, devices…), with
 * the columns that schema has.
 */
async function previousBuildOffice(dir: string): Promise<void> {
  const scratch = join(root, 'scratch');
  const server = await serverOn(scratch);
  try {
    server.auth.ensureUser({
      login: 'cfg',
      name: 'Админ',
      password: 'cfg-password',
      roles: ['config_admin', 'hall_admin'],
    });
    const admin = (await post<{ token: string }>(server, '/api/auth/login', { login: 'cfg', password: 'cfg-password' }))
      .body.token;
    const code = await post<{ code: string }>(
      server,
      '/api/devices/pairing-codes',
      { role: 'kiosk', name: 'Киоск' },
      admin,
    );
    kiosk = (await post<{ token: string }>(server, '/api/devices/pair', { code: code.body.code })).body.token;
    expect(await issue(server)).toBe('К-001');
    expect(await issue(server)).toBe('К-002');
    server.office.snapshotNow();
  } finally {
    await server.close();
  }

  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'office.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    applyMigrations(db, MIGRATIONS.slice(0, -1));
    expect(schemaVersion(db)).toBe(PREVIOUS);
    db.prepare('ATTACH DATABASE ? AS src').run(join(scratch, 'office.sqlite'));
    const tables = db
      .prepare<[], string>(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'",
      )
      .pluck()
      .all();
    for (const t of tables) {
      const cols = db
        .prepare<[], { name: string }>(`PRAGMA main.table_info("${t}")`)
        .all()
        .map((c) => `"${c.name}"`)
        .join(', ');
      // OR REPLACE: a migration may seed a row of its own (hq_link's one row)
      db.exec(`INSERT OR REPLACE INTO main."${t}" (${cols}) SELECT ${cols} FROM src."${t}"`);
    }
    db.exec('DETACH DATABASE src');
  } finally {
    db.close();
  }
  eventsBefore = readEvents(join(dir, 'office.sqlite'));
  expect(eventsBefore.length).toBeGreaterThan(2);
}

describe('upgrading an office to this build', () => {
  it('copies the older database aside, migrates it forward at start, and the office goes on', async () => {
    const dir = join(root, 'office');
    await previousBuildOffice(dir);

    const server = await serverOn(dir, MORNING + 3600_000);
    try {
      // migrated, data intact: the same log, the same logins and devices, numbering goes on
      const db = new Database(join(dir, 'office.sqlite'), { readonly: true });
      expect(schemaVersion(db)).toBe(CURRENT);
      db.close();
      expect(readEvents(join(dir, 'office.sqlite'))).toEqual(eventsBefore);
      expect((await post(server, '/api/auth/login', { login: 'cfg', password: 'cfg-password' })).status).toBe(200);
      expect(await issue(server)).toBe('К-003');
    } finally {
      await server.close();
    }

    const copies = readdirSync(dir).filter((n) => n.startsWith(`office.sqlite.pre-v${PREVIOUS}-`));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatch(/^office\.sqlite\.pre-v\d+-\d{8}T\d{6}Z\.bak$/);
    const copy = join(dir, copies[0] ?? '');
    if (process.platform !== 'win32') expect(statSync(copy).mode & 0o777).toBe(0o600);
    const old = new Database(copy, { readonly: true });
    try {
      // the copy is the database as the previous build left it
      expect(schemaVersion(old)).toBe(PREVIOUS);
    } finally {
      old.close();
    }
    expect(readEvents(copy)).toEqual(eventsBefore);

    // a second start has nothing to migrate and takes no further copy
    await (await serverOn(dir, MORNING + 7200_000)).close();
    expect(readdirSync(dir).filter((n) => n.endsWith('.bak'))).toHaveLength(1);
  });

  it('refuses a database from a newer build: startServer throws, npm start and talon serve exit 2 with the message', async () => {
    const dir = join(root, 'newer');
    mkdirSync(dir);
    const db = new Database(join(dir, 'office.sqlite'));
    applyMigrations(db);
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(CURRENT + 1);
    db.close();

    await expect(serverOn(dir)).rejects.toBeInstanceOf(SchemaTooNewError);
    await expect(serverOn(dir)).rejects.toThrow(/новее этой версии Талона.*newer than this build supports/s);

    // npm start's launcher (server/src/main.ts) prints the same and exits 2, without a stack trace
    const port = await freePort();
    const r = await new Promise<{ code: number | null; err: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'server/src/main.ts', '--data', dir, '--host', '127.0.0.1', '--port', String(port)],
        { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let err = '';
      child.stderr.on('data', (d) => {
        err += d;
      });
      child.on('close', (code) => resolve({ code, err }));
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain(`схема ${CURRENT + 1}, эта версия знает до ${CURRENT}`);
    expect(r.err).not.toMatch(/\n\s+at /);
  });
});
