import { spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AuditEntry, CommandResponse } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/src/cli/help.js';
import type { CliIo } from '../../server/src/cli/io.js';
import { main } from '../../server/src/cli/run.js';
import { applyMigrations, MIGRATIONS } from '../../server/src/store/migrations.js';
import { freePort, REPO_ROOT, waitExit } from '../support/process.js';

/** Wednesday 26 Nov 2026, 10:00 in Moscow: reception is open. */
const MORNING = Date.parse('2026-11-26T07:00:00Z');

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'talon-cli-'));
});
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** `talon …` in this process (fast): its exit code and what it printed. */
async function talon(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), stdin: process.stdin };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `talon …` as the owner runs it: its own Node process. */
function talonProcess(...argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/src/cli/talon.ts', ...argv], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

const folder = (name: string) => join(root, name);

async function serverOn(dataDir: string, now = MORNING): Promise<RunningServer> {
  return startServer({
    dataDir,
    clock: new VirtualClock(now),
    tickMs: 0,
    monitorMs: 0,
    initialConfig: rosatomDemoOffice(),
    backups: { enabled: false },
  });
}

async function post<T>(server: RunningServer, path: string, body: unknown, token?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

const login = (server: RunningServer, login: string, password: string) =>
  post<{ token: string; user: { roles: string[] } }>(server, '/api/auth/login', { login, password });

const issue = (server: RunningServer, kiosk: string) =>
  post<CommandResponse>(
    server,
    '/api/commands',
    { command: { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' } },
    kiosk,
  );

const numberOf = (r: { body: CommandResponse }) => (r.body.ok ? r.body.result?.number : r.body.error.code);

describe('talon --help', () => {
  it('prints every command, and each command’s help in Russian first', async () => {
    const all = await talon('--help');
    expect(all.code).toBe(0);
    for (const c of COMMANDS) expect(all.out).toContain(`talon ${c.name}`);
    for (const c of COMMANDS) {
      const h = await talon(...c.name.split(' '), '--help');
      expect(h.code, c.name).toBe(0);
      expect(h.out.split('\n')[0]).toBe(c.usage);
      // the description in Russian comes before the English one
      expect(h.out.indexOf(c.ru)).toBeGreaterThan(0);
      expect(h.out.indexOf(c.ru)).toBeLessThan(h.out.indexOf(c.en));
      expect(h.out).toMatch(/[а-яё]{4,}/);
    }
    const unknown = await talon('admin');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('talon admin create');
  });

  it('works as a real process', async () => {
    const r = await talonProcess('backup', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Делает резервную копию базы сейчас');
    const bad = await talonProcess('backup', '--bogus');
    expect(bad.code).toBe(2);
  });
});

describe('a clear error for a missing or wrong data folder', () => {
  it('exits 2 and says what is wrong', async () => {
    const missing = await talon('devices', 'list', '--data', folder('nowhere'));
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('Папка данных не найдена');
    mkdirSync(folder('empty'));
    const empty = await talon('devices', 'list', '--data', folder('empty'));
    expect(empty.code).toBe(2);
    expect(empty.err).toContain('нет базы офиса');
    writeFileSync(folder('empty/office.sqlite'), 'this is not a database, just text long enough to be read by sqlite');
    const junk = await talon('devices', 'list', '--data', folder('empty'));
    expect(junk.code).toBe(2);
    expect(junk.err).toContain('не открывается как база офиса');
    const noData = await talon('devices', 'list');
    expect(noData.code).toBe(2);
  });
});

describe('accounts and devices', () => {
  const office = () => folder('office-a');
  let kiosk: { token: string; deviceId: string };

  beforeAll(async () => {
    await (await serverOn(office())).close();
  });

  it('admin create: the new administrator signs in with both administrator roles', async () => {
    const created = await talon(
      'admin',
      'create',
      '--data',
      office(),
      '--login',
      'boss',
      '--name',
      'Начальник офиса',
      '--password',
      'first-password',
    );
    expect(created).toMatchObject({ code: 0 });
    expect(created.out).toContain('Администратор «boss» создан');
    expect(
      (
        await talon(
          'admin',
          'create',
          '--data',
          office(),
          '--login',
          'boss',
          '--name',
          'X',
          '--password',
          'another-one',
        )
      ).code,
    ).toBe(1);
    expect(
      (await talon('admin', 'create', '--data', office(), '--login', 'x', '--name', 'X', '--password', 'short')).code,
    ).toBe(2);

    const server = await serverOn(office());
    try {
      const r = await login(server, 'boss', 'first-password');
      expect(r.status).toBe(200);
      expect(r.body.user.roles.sort()).toEqual(['config_admin', 'hall_admin']);
      // pair a kiosk for the device commands
      const code = await post<{ code: string }>(
        server,
        '/api/devices/pairing-codes',
        { role: 'kiosk', name: 'Киоск у входа' },
        r.body.token,
      );
      kiosk = (await post<{ token: string; deviceId: string }>(server, '/api/devices/pair', { code: code.body.code }))
        .body;
      expect(numberOf(await issue(server, kiosk.token))).toBe('К-001');
      const audit = (await (
        await fetch(`${server.url}/api/config/audit`, { headers: { authorization: `Bearer ${r.body.token}` } })
      ).json()) as AuditEntry[];
      expect(audit.find((a) => a.action === 'user.created')?.changes[0]?.ru).toContain('командная строка talon');
    } finally {
      await server.close();
    }
  });

  it('password reset: the new password signs in, the old one and the old sessions are refused', async () => {
    let server = await serverOn(office());
    const before = (await login(server, 'boss', 'first-password')).body.token;
    await server.close();
    const r = await talon('password', 'reset', '--data', office(), '--login', 'boss', '--password', 'second-password');
    expect(r.code).toBe(0);
    expect(
      (await talon('password', 'reset', '--data', office(), '--login', 'nobody', '--password', 'second-password')).code,
    ).toBe(1);
    server = await serverOn(office());
    try {
      expect((await login(server, 'boss', 'first-password')).status).toBe(401);
      expect((await login(server, 'boss', 'second-password')).status).toBe(200);
      const old = await fetch(`${server.url}/api/users`, { headers: { authorization: `Bearer ${before}` } });
      expect(old.status).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('account unlock: a disabled login signs in again', async () => {
    const db = new Database(join(office(), 'office.sqlite'));
    db.prepare("UPDATE users SET disabled_at = 1 WHERE login = 'boss'").run();
    db.close();
    let server = await serverOn(office());
    expect((await login(server, 'boss', 'second-password')).status).toBe(401);
    await server.close();
    const r = await talon('account', 'unlock', '--data', office(), '--login', 'boss');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain('снова включён');
    server = await serverOn(office());
    try {
      expect((await login(server, 'boss', 'second-password')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('account unlock: a login locked after wrong passwords signs in again at once', async () => {
    let server = await serverOn(office());
    try {
      for (let i = 0; i < 5; i++) expect((await login(server, 'boss', 'wrong-password')).status).toBe(401);
      // locked: the right password is refused as well
      expect((await login(server, 'boss', 'second-password')).status).toBe(429);
    } finally {
      await server.close();
    }
    const r = await talon('account', 'unlock', '--data', office(), '--login', 'boss');
    expect(r, JSON.stringify(r)).toMatchObject({ code: 0 });
    server = await serverOn(office());
    try {
      expect((await login(server, 'boss', 'second-password')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('devices list and revoke: the revoked kiosk’s token is refused', async () => {
    const list = await talon('devices', 'list', '--data', office());
    expect(list.code).toBe(0);
    expect(list.out).toContain(kiosk.deviceId);
    expect(list.out).toContain('Киоск у входа');
    expect((await talon('devices', 'revoke', '--data', office(), 'no-such-device')).code).toBe(1);
    expect((await talon('devices', 'revoke', '--data', office(), kiosk.deviceId)).code).toBe(0);
    expect((await talon('devices', 'list', '--data', office())).out).not.toContain(kiosk.deviceId);
    const server = await serverOn(office());
    try {
      expect((await issue(server, kiosk.token)).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('backup, restore, verify', () => {
  it('backs up a working office, restores it into a fresh folder, and ticket numbers continue there', async () => {
    const office = folder('office-b');
    const server = await serverOn(office);
    let kiosk: string;
    try {
      server.auth.ensureUser({
        login: 'cfg',
        name: 'Админ',
        password: 'cfg-password',
        roles: ['config_admin', 'hall_admin'],
      });
      const admin = (await login(server, 'cfg', 'cfg-password')).body.token;
      const code = await post<{ code: string }>(
        server,
        '/api/devices/pairing-codes',
        { role: 'kiosk', name: 'Киоск' },
        admin,
      );
      kiosk = (await post<{ token: string }>(server, '/api/devices/pair', { code: code.body.code })).body.token;
      expect(numberOf(await issue(server, kiosk))).toBe('К-001');
      expect(numberOf(await issue(server, kiosk))).toBe('К-002');
      // online: the server keeps running while the copy is taken
      const b = await talon('backup', '--data', office, '--to', folder('copies'));
      expect(b.code).toBe(0);
      expect(b.out).toContain('проверена');
      expect(numberOf(await issue(server, kiosk))).toBe('К-003'); // after the backup: not in it
    } finally {
      await server.close();
    }
    const [file] = readdirSync(folder('copies')).filter((n) => n.endsWith('.sqlite'));
    const copy = join(folder('copies'), file ?? '');
    const status = JSON.parse(readFileSync(join(office, 'backup-status.json'), 'utf8'));
    expect(status.lastGood).toMatchObject({ ok: true, file: copy, trigger: 'manual' });

    mkdirSync(folder('occupied'));
    writeFileSync(join(folder('occupied'), 'note.txt'), 'keep me');
    const refused = await talon('restore', copy, '--into', folder('occupied'));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('не пуста');

    const restored = await talon('restore', copy, '--into', folder('restored'));
    expect(restored.code).toBe(0);
    expect(restored.out).toContain('база в порядке');
    if (process.platform !== 'win32') {
      expect(statSync(folder('restored')).mode & 0o777).toBe(0o700);
      expect(statSync(join(folder('restored'), 'office.sqlite')).mode & 0o777).toBe(0o600);
    }
    const again = await serverOn(folder('restored'), MORNING + 3600_000);
    try {
      // the copy was taken after К-002: the restored office goes on from there
      expect(numberOf(await issue(again, kiosk))).toBe('К-003');
    } finally {
      await again.close();
    }
  });

  it('verify passes a sound database and finds a damaged page and a projection that left the log', async () => {
    const office = folder('office-b');
    const ok = await talon('verify', '--data', office);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('✓ SQLite integrity_check: ok');

    const [file] = readdirSync(folder('copies'));
    const good = join(folder('copies'), file ?? '');
    const damaged = folder('damaged.sqlite');
    writeFileSync(damaged, readFileSync(good));
    const db = new Database(damaged, { readonly: true });
    const page = Number(db.pragma('page_size', { simple: true }));
    const root = db.prepare<[], number>("SELECT rootpage FROM sqlite_master WHERE name = 'tickets'").pluck().get() ?? 2;
    db.close();
    const bytes = readFileSync(damaged);
    bytes.fill(0x5a, (root - 1) * page, (root - 1) * page + 12);
    writeFileSync(damaged, bytes);
    const bad = await talon('verify', '--file', damaged);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('✗ SQLite integrity_check');

    const edited = folder('edited.sqlite');
    writeFileSync(edited, readFileSync(good));
    const e = new Database(edited);
    e.prepare("UPDATE tickets SET status = 'closed' WHERE number = 'К-002'").run();
    e.close();
    const off = await talon('verify', '--file', edited);
    expect(off.code).toBe(1);
    expect(off.out).toMatch(/✗ tickets: 1 строк не сходятся с журналом/);
    expect((await talon('restore', edited, '--into', folder('never'))).code).toBe(1);
    expect(existsSync(folder('never'))).toBe(false);
  });
});

describe('configuration export and import', () => {
  it('exports an office’s configuration and imports it into another: the same configuration, audited', async () => {
    const a = folder('office-b');
    const exported = folder('config.json');
    expect((await talon('config', 'export', '--data', a, '--out', exported)).code).toBe(0);
    const config = JSON.parse(readFileSync(exported, 'utf8'));
    expect(config.name).toEqual(rosatomDemoOffice().name);

    // another office: a database with no configuration yet
    const other = folder('office-c');
    emptyOffice(other);
    const imported = await talon('config', 'import', '--data', other, exported);
    expect(imported.code).toBe(0);
    expect(imported.out).toContain('Настройки применены');
    const back = folder('config-back.json');
    expect((await talon('config', 'export', '--data', other, '--out', back)).code).toBe(0);
    expect(JSON.parse(readFileSync(back, 'utf8'))).toEqual(config);
    const db = new Database(join(other, 'office.sqlite'), { readonly: true });
    expect(db.prepare("SELECT action FROM admin_audit WHERE action = 'config.imported'").pluck().all()).toEqual([
      'config.imported',
    ]);
    db.close();
    // the same file again changes nothing
    expect((await talon('config', 'import', '--data', other, exported)).out).toContain('ничего не изменено');
  });

  it('refuses an invalid file and changes nothing', async () => {
    const other = folder('office-c');
    const events = () => {
      const db = new Database(join(other, 'office.sqlite'), { readonly: true });
      const n = db.prepare('SELECT COUNT(*) FROM events').pluck().get();
      db.close();
      return n;
    };
    const before = events();
    const bad = folder('bad.json');
    const config = JSON.parse(readFileSync(folder('config.json'), 'utf8'));
    writeFileSync(bad, JSON.stringify({ ...config, services: 'none' }));
    const r = await talon('config', 'import', '--data', other, bad);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Настройки не приняты, ничего не изменено');
    expect(r.err).toContain('services');
    writeFileSync(bad, '{ not json');
    expect((await talon('config', 'import', '--data', other, bad)).code).toBe(1);
    // valid in itself, but it would take the office id away from this office
    writeFileSync(bad, JSON.stringify({ ...config, officeId: 'another-office' }));
    expect((await talon('config', 'import', '--data', other, bad)).code).toBe(1);
    expect(events()).toBe(before);
  });
});

/** A data folder whose database has no office configured yet. */
function emptyOffice(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'office.sqlite'));
  applyMigrations(db);
  db.close();
}

describe('beside a running server (a real `talon serve` process)', () => {
  it('logins change at once; the event log is left to the server; serve refuses a newer database with exit 2', async () => {
    const office = folder('office-b');
    const port = await freePort();
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'server/src/cli/talon.ts',
        'serve',
        '--data',
        office,
        '--host',
        '127.0.0.1',
        '--port',
        String(port),
        '--no-backups',
      ],
      { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const url = `http://127.0.0.1:${port}`;
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        if (Date.now() > deadline) throw new Error(`talon serve did not start: ${out}`);
        if (child.exitCode !== null) throw new Error(`talon serve exited: ${out}`);
        const up = await fetch(`${url}/api/health`).then(
          (r) => r.ok,
          () => false,
        );
        if (up) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).toContain('Талон: сервер офиса работает');
      expect(out).toContain(`http://127.0.0.1:${port}/`);
      expect(out).not.toMatch(/Demo users|operator1/);

      // a second server on the same folder is refused
      const second = await talonProcess(
        'serve',
        '--data',
        office,
        '--host',
        '127.0.0.1',
        '--port',
        String(await freePort()),
      );
      expect(second.code).toBe(1);
      expect(second.err).toContain('работает сервер Талона');

      // alongside: the running server takes the new password at once
      expect(
        (await talon('password', 'reset', '--data', office, '--login', 'cfg', '--password', 'while-running')).code,
      ).toBe(0);
      const signIn = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ login: 'cfg', password: 'while-running' }),
      });
      expect(signIn.status).toBe(200);

      // refused: the configuration is an event, and the server is the one writer
      const refused = await talonProcess('config', 'import', '--data', office, folder('config.json'));
      expect(refused.code).toBe(1);
      expect(refused.err).toContain('Сначала остановите сервер');
    } finally {
      child.kill('SIGTERM');
      await waitExit(child);
    }
    expect(child.exitCode).toBe(0);
    expect(existsSync(join(office, 'server.lock'))).toBe(false);

    // a database from a newer build: a clear message and exit 2, no stack trace
    const newer = folder('newer');
    mkdirSync(newer);
    writeFileSync(join(newer, 'office.sqlite'), readFileSync(join(office, 'office.sqlite')));
    const db = new Database(join(newer, 'office.sqlite'));
    db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, 0)').run(
      (MIGRATIONS.at(-1)?.version ?? 0) + 1,
    );
    db.close();
    const serve = await talonProcess(
      'serve',
      '--data',
      newer,
      '--host',
      '127.0.0.1',
      '--port',
      String(await freePort()),
    );
    expect(serve.code).toBe(2);
    expect(serve.err).toContain('База данных офиса новее этой версии Талона');
    expect(serve.err).toContain('newer than this build supports');
    expect(serve.err).not.toMatch(/\n\s+at /);
    const verify = await talon('verify', '--data', newer);
    expect(verify.code).toBe(2);
  });
});
