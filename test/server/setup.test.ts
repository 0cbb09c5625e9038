import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CompleteSetupInput, DomainEvent, LoginResponse, SetupStatus } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { OFFICE_MORNING } from '../support/server.js';

/** A real office's first start: an empty data folder, no demo, no configuration given. */
async function startFresh(dataDir: string) {
  const links: string[] = [];
  const server = await startServer({
    dataDir,
    clock: new VirtualClock(OFFICE_MORNING),
    tickMs: 0,
    monitorMs: 0,
    setup: { onLink: (url) => links.push(url) },
  });
  return { server, links };
}

const dirs: string[] = [];
const running: RunningServer[] = [];
const newDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'talon-setup-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const s of running.splice(0)) await s.close();
});
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function api(s: RunningServer, method: string, path: string, body?: unknown) {
  const res = await fetch(s.url + path, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Record<string, never> & { error?: { code: string } } };
}

const tokenOf = (link: string) => new URL(link).searchParams.get('setup') ?? '';

function body(token: string, over: Partial<CompleteSetupInput> = {}): CompleteSetupInput {
  const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '19:00']]]));
  const reception = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']]]));
  return {
    token,
    office: { name: { ru: 'ЦОК «Северный»' }, address: 'ул. Ленина, 1', timeZone: 'Asia/Yekaterinburg' },
    norms: { kind: 'preset', preset: 'kostroma' },
    hall: { windows: [1, 2, 5], cabinets: [7], officeHours: weekdays, receptionHours: reception },
    admin: { login: 'nadezhda', name: 'Надежда Петровна', password: 'Severny2026' },
    ...over,
  };
}

describe('first-run setup of a real office', () => {
  it('prints a one-time link, refuses without it, configures the office and the administrator at once, then never again', async () => {
    const dataDir = newDir();
    const { server: s, links } = await startFresh(dataDir);
    running.push(s);

    // the link: given to the callback once, and in a file only the server's owner may read
    expect(links).toHaveLength(1);
    const link = links[0] ?? '';
    expect(link).toMatch(new RegExp(`^${s.url}/admin/\\?setup=[A-Za-z0-9_-]{40,}$`));
    const file = join(dataDir, 'setup-link.txt');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(link);
    const token = tokenOf(link);

    // the status says setup is needed and offers the four presets, never the token
    const status = await api(s, 'GET', '/api/setup');
    expect(status.status).toBe(200);
    expect(status.text).not.toContain(token);
    const st = status.json as unknown as SetupStatus;
    expect(st.needed).toBe(true);
    if (!st.needed) throw new Error('setup should be needed');
    expect(st.presets.map((p) => p.id)).toEqual(['rosatom', 'kostroma', 'belgorod', 'rusenergosbyt']);
    expect(st.presets[0]?.defaults.windows.length).toBeGreaterThan(0);
    expect(st.defaultTimeZone).toBe('Europe/Moscow');

    // the start page says where the link is, but not the link
    const page = await (await fetch(`${s.url}/`)).text();
    expect(page).toContain('data-testid="start-setup"');
    expect(page).toContain('setup-link.txt');
    expect(page).not.toContain(token);
    expect(page).not.toContain('admin-talon');

    // the token check the wizard makes before asking anything
    expect((await api(s, 'POST', '/api/setup/check', { token })).status).toBe(200);
    const wrongCheck = await api(s, 'POST', '/api/setup/check', { token: `${token}x` });
    expect([wrongCheck.status, wrongCheck.json.error?.code]).toEqual([403, 'SETUP_TOKEN_INVALID']);

    // refused: no token, a wrong one, a bad body; none of them changes anything
    const { token: _omit, ...noToken } = body(token);
    const none = await api(s, 'POST', '/api/setup', noToken);
    expect([none.status, none.json.error?.code]).toEqual([403, 'SETUP_TOKEN_INVALID']);
    const wrong = await api(s, 'POST', '/api/setup', body('not-the-token-at-all-0123456789'));
    expect([wrong.status, wrong.json.error?.code]).toEqual([403, 'SETUP_TOKEN_INVALID']);
    const weak = await api(
      s,
      'POST',
      '/api/setup',
      body(token, { admin: { login: 'n', name: 'N', password: 'short' } }),
    );
    expect([weak.status, weak.json.error?.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noDigits = await api(
      s,
      'POST',
      '/api/setup',
      body(token, { admin: { login: 'nadezhda', name: 'N', password: 'onlylettershere' } }),
    );
    expect(noDigits.status).toBe(400);
    const badZone = await api(
      s,
      'POST',
      '/api/setup',
      body(token, { office: { name: { ru: 'ЦОК' }, timeZone: 'Mars/Olympus_Mons' } }),
    );
    expect([badZone.status, badZone.text]).toEqual([400, expect.stringContaining('office.timeZone')]);
    const twice = await api(
      s,
      'POST',
      '/api/setup',
      body(token, {
        hall: {
          windows: [1, 1],
          officeHours: { mon: [['08:00', '18:00']] },
          receptionHours: { mon: [['08:00', '18:00']] },
        },
      }),
    );
    expect([twice.status, twice.text]).toEqual([400, expect.stringContaining('hall.windows.1')]);
    const outside = await api(
      s,
      'POST',
      '/api/setup',
      body(token, {
        hall: {
          windows: [1],
          officeHours: { mon: [['09:00', '18:00']] },
          receptionHours: { mon: [['08:00', '18:00']] },
        },
      }),
    );
    expect([outside.status, outside.text]).toEqual([400, expect.stringContaining('hall.receptionHours.mon.0')]);
    expect(s.office.config).toBeNull();
    expect(s.office.seq).toBe(0);
    expect(s.settings.users.list()).toEqual([]);
    expect(existsSync(file)).toBe(true);

    // done: the chosen preset, windows, time zone and name; the administrator; the token dead
    const done = await api(s, 'POST', '/api/setup', body(token));
    expect(done.status).toBe(200);
    expect(done.json).toMatchObject({ ok: true, version: 1, admin: { login: 'nadezhda' } });
    const cfg = s.office.config;
    expect(cfg?.normPreset).toBe('kostroma');
    expect(cfg?.timeZone).toBe('Asia/Yekaterinburg');
    expect(cfg?.name).toEqual({ ru: 'ЦОК «Северный»', en: 'ЦОК «Северный»' });
    expect(cfg?.address).toBe('ул. Ленина, 1');
    expect(cfg?.windows.map((w) => [w.kind, w.number])).toEqual([
      ['window', 1],
      ['window', 2],
      ['window', 5],
      ['cabinet', 7],
    ]);
    expect(cfg?.operators).toHaveLength(4);
    expect(cfg?.receptionHours.mon).toEqual([['09:00', '18:00']]);
    expect(cfg?.receptionHours.sat).toBeUndefined();
    expect(cfg?.services.map((x) => x.waitNormMin).every((m) => m === 15)).toBe(true);
    const [first] = s.store.readEvents(0, 1) as (DomainEvent & { seq: number })[];
    expect(first).toMatchObject({ seq: 1, type: 'OfficeConfigured', actor: { kind: 'system' } });
    expect(existsSync(file)).toBe(false);

    const audit = s.store.db
      .prepare<[], { action: string; changes: string }>('SELECT action, changes FROM admin_audit ORDER BY id')
      .all();
    expect(audit.map((a) => a.action)).toEqual(['user.created', 'setup.completed']);

    const again = await api(s, 'POST', '/api/setup', body(token));
    expect([again.status, again.json.error?.code]).toEqual([409, 'ALREADY_SET_UP']);
    const againCheck = await api(s, 'POST', '/api/setup/check', { token });
    expect([againCheck.status, againCheck.json.error?.code]).toEqual([409, 'ALREADY_SET_UP']);
    expect((await api(s, 'GET', '/api/setup')).json).toEqual({ needed: false });

    // the administrator signs in with both administrator roles
    const login = await api(s, 'POST', '/api/auth/login', { login: 'nadezhda', password: 'Severny2026' });
    expect(login.status).toBe(200);
    expect((login.json as unknown as LoginResponse).user.roles.sort()).toEqual(['config_admin', 'hall_admin']);
    const page2 = await (await fetch(`${s.url}/`)).text();
    expect(page2).not.toContain('start-setup');
    expect(page2).toContain('ЦОК «Северный»');
    expect(page2).toContain('data-testid="start-kiosk"');
    expect(page2).not.toContain('Демо-пользователи');

    // a restart keeps everything and needs no setup
    await s.close();
    running.splice(0);
    const { server: s2, links: links2 } = await startFresh(dataDir);
    running.push(s2);
    expect(links2).toEqual([]);
    expect(existsSync(file)).toBe(false);
    expect(s2.office.config?.name.ru).toBe('ЦОК «Северный»');
    expect((await api(s2, 'GET', '/api/setup')).json).toEqual({ needed: false });
    expect((await api(s2, 'POST', '/api/auth/login', { login: 'nadezhda', password: 'Severny2026' })).status).toBe(200);
    expect((await api(s2, 'POST', '/api/setup', body(token))).status).toBe(409);
  });

  it('keeps the same link across a restart before setup; a lost link file gets a new token and the old one dies', async () => {
    const dataDir = newDir();
    const a = await startFresh(dataDir);
    const first = a.links[0] ?? '';
    await a.server.close();

    const b = await startFresh(dataDir);
    running.push(b.server);
    expect(tokenOf(b.links[0] ?? '')).toBe(tokenOf(first));
    expect((await api(b.server, 'POST', '/api/setup/check', { token: tokenOf(first) })).status).toBe(200);
    await b.server.close();
    running.splice(0);

    rmSync(join(dataDir, 'setup-link.txt'));
    const c = await startFresh(dataDir);
    running.push(c.server);
    const fresh = tokenOf(c.links[0] ?? '');
    expect(fresh).not.toBe(tokenOf(first));
    expect((await api(c.server, 'POST', '/api/setup/check', { token: tokenOf(first) })).status).toBe(403);
    expect((await api(c.server, 'POST', '/api/setup/check', { token: fresh })).status).toBe(200);
    expect(statSync(join(dataDir, 'setup-link.txt')).mode & 0o777).toBe(0o600);
  });

  it('imports a configuration file instead of a preset; the office step names it; a bad file changes nothing', async () => {
    const { server: s, links } = await startFresh(newDir());
    running.push(s);
    const token = tokenOf(links[0] ?? '');
    const file = rosatomDemoOffice();

    const broken = await api(s, 'POST', '/api/setup', {
      ...body(token),
      hall: undefined,
      norms: { kind: 'file', config: { ...file, windows: [] } },
    });
    expect([broken.status, broken.text]).toEqual([400, expect.stringContaining('norms.config.windows')]);
    const withHall = await api(s, 'POST', '/api/setup', { ...body(token), norms: { kind: 'file', config: file } });
    expect(withHall.status).toBe(400);
    expect(s.office.config).toBeNull();

    const { hall: _h, ...rest } = body(token);
    const done = await api(s, 'POST', '/api/setup', {
      ...rest,
      office: { name: { ru: 'ЦОК «Импорт»', en: 'Import office' }, timeZone: 'Europe/Samara' },
      norms: { kind: 'file', config: file },
    });
    expect(done.status).toBe(200);
    expect(s.office.config).toMatchObject({
      officeId: 'demo-tver',
      name: { ru: 'ЦОК «Импорт»', en: 'Import office' },
      timeZone: 'Europe/Samara',
    });
    expect(s.office.config?.address).toBeUndefined();
    expect(s.office.config?.windows).toHaveLength(6);
    expect(s.office.config?.topics).toEqual(file.topics);
  });

  it('is never offered by the demo or by a server given its configuration', async () => {
    const dataDir = newDir();
    const links: string[] = [];
    const s = await startServer({
      dataDir,
      tickMs: 0,
      monitorMs: 0,
      initialConfig: rosatomDemoOffice(),
      setup: { onLink: (u) => links.push(u) },
    });
    running.push(s);
    expect(links).toEqual([]);
    expect(existsSync(join(dataDir, 'setup-link.txt'))).toBe(false);
    expect((await api(s, 'GET', '/api/setup')).json).toEqual({ needed: false });

    const demo = await startServer({
      dataDir: newDir(),
      tickMs: 0,
      monitorMs: 0,
      demo: true,
      setup: { onLink: (u) => links.push(u) },
    });
    running.push(demo);
    expect(links).toEqual([]);
    expect((await api(demo, 'GET', '/api/setup')).json).toEqual({ needed: false });
    const r = await api(demo, 'POST', '/api/setup', body('anything-at-all-0123456789abcdef'));
    expect([r.status, r.json.error?.code]).toEqual([403, 'SETUP_TOKEN_INVALID']);
  });
});
