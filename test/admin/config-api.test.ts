import type {
  AuditEntry,
  ConfigResponse,
  ConfigSaveResponse,
  ConfigVersionInfo,
  OfficeConfig,
  UserAdminInfo,
} from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { api } from './http.js';

let s: TestServer;
let config: string;

beforeAll(async () => {
  s = await startTestServer({ server: { monitorMs: 0 } });
  config = (await s.login('config', 'config-talon')).token;
});
afterAll(async () => {
  await s?.stop();
});

const heating = {
  id: 'heating',
  name: { ru: 'Теплоснабжение и горячая вода', en: 'Heating and hot water' },
  segmentIds: ['individual'],
  serviceId: 'consult',
};

describe('configuration: validated, versioned, applied live, audited', () => {
  it('a new topic reaches a connected kiosk as an OfficeConfigured event and becomes a version with who and what', async () => {
    const kiosk = await s.connect('kiosk', (await s.pair('kiosk')).token);
    const current = (await api<ConfigResponse>(s, 'GET', '/api/config', config)).body;
    const next = { ...current.config, topics: [...current.config.topics, heating] };

    const dry = await api<ConfigSaveResponse>(s, 'PUT', '/api/config', config, {
      config: next,
      baseVersion: current.version,
      dryRun: true,
    });
    expect(dry.body).toMatchObject({ ok: true, dryRun: true, version: current.version });
    expect(dry.body.changes.map((c) => c.ru)).toEqual(['Темы обращений: добавлено «Теплоснабжение и горячая вода»']);
    expect(s.office.config?.topics.some((t) => t.id === 'heating')).toBe(false);

    const saved = await api<ConfigSaveResponse>(s, 'PUT', '/api/config', config, {
      config: next,
      baseVersion: current.version,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBeGreaterThan(current.version);
    await kiosk.until(() =>
      kiosk.events.some((e) => e.type === 'OfficeConfigured' && e.config.topics.some((t) => t.id === 'heating')),
    );
    // the kiosk can issue a ticket for it at once, no restart
    const r = await s.command((await s.pair('kiosk')).token, {
      type: 'issueTicket',
      topicId: 'heating',
      segmentId: 'individual',
    });
    expect(r.body.ok).toBe(true);

    const versions = (await api<ConfigVersionInfo[]>(s, 'GET', '/api/config/versions', config)).body;
    expect(versions[0]).toMatchObject({
      version: saved.body.version,
      current: true,
      actor: { kind: 'user', login: 'config', name: 'Администратор настроек' },
    });
    expect(versions[0]?.changes.map((c) => c.en)).toEqual(['Topics: added "Heating and hot water"']);
    expect(versions.at(-1)?.actor.kind).toBe('system'); // the demo office's initial configuration
  });

  it('refuses invalid, stale and harmful saves with a clear code and changes nothing', async () => {
    const current = (await api<ConfigResponse>(s, 'GET', '/api/config', config)).body;
    const seq = s.office.seq;
    const bad = { ...current.config, topics: [...current.config.topics, { ...heating, id: 'x', serviceId: 'nope' }] };
    const invalid = await api<{
      error: { code: string; details: { path: string; message: { ru: string; en: string } }[] };
    }>(s, 'PUT', '/api/config', config, { config: bad });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('VALIDATION_FAILED');
    expect(invalid.body.error.details.map((d) => d.message.en).join()).toContain('unknown service nope');
    expect(invalid.body.error.details.map((d) => d.message.ru).join()).toContain('нет услуги nope');

    const negative = structuredClone(current.config) as OfficeConfig;
    (negative.services[0] as { waitNormMin: number }).waitNormMin = -1;
    const neg = await api<{ error: { details: { path: string; message: { ru: string; en: string } }[] } }>(
      s,
      'PUT',
      '/api/config',
      config,
      {
        config: negative,
      },
    );
    expect(neg.status).toBe(400);
    expect(neg.body.error.details[0]?.path).toBe('services.0.waitNormMin');
    // a Russian screen shows Russian words for a schema check, never zod's English
    expect(neg.body.error.details[0]?.message).toEqual({ ru: 'больше 0', en: 'more than 0' });

    const stale = await api<{ error: { code: string } }>(s, 'PUT', '/api/config', config, {
      config: { ...current.config, name: { ru: 'Другое', en: 'Other' } },
      baseVersion: current.version - 1,
    });
    expect([stale.status, stale.body.error.code]).toEqual([409, 'CONFIG_VERSION_STALE']);

    // a ticket waits for «consult»: removing the service now would strand it
    const withoutConsult = {
      ...current.config,
      services: current.config.services.filter((x) => x.id !== 'consult'),
      topics: current.config.topics.filter((t) => t.serviceId !== 'consult'),
      operators: current.config.operators.map((o) => ({ ...o, skills: o.skills.filter((x) => x !== 'consult') })),
    };
    const inUse = await api<{ error: { code: string } }>(s, 'PUT', '/api/config', config, { config: withoutConsult });
    expect([inUse.status, inUse.body.error.code]).toEqual([422, 'CONFIG_IN_USE']);

    const otherOffice = await api(s, 'PUT', '/api/config', config, { config: { ...current.config, officeId: 'x' } });
    expect(otherOffice.status).toBe(400);

    const same = await api<ConfigSaveResponse>(s, 'PUT', '/api/config', config, { config: current.config });
    expect(same.body).toMatchObject({ ok: true, unchanged: true, version: current.version });
    expect(s.office.seq).toBe(seq);
  });

  it('restores an old version as a new version, and the audit log says who did what', async () => {
    const versions = (await api<ConfigVersionInfo[]>(s, 'GET', '/api/config/versions', config)).body;
    const first = versions.at(-1)?.version ?? 0;
    const old = (await api<ConfigResponse>(s, 'GET', `/api/config/versions/${first}`, config)).body;
    expect(old.config.topics.some((t) => t.id === 'heating')).toBe(false);
    const restored = await api<ConfigSaveResponse & { restored: number }>(
      s,
      'POST',
      `/api/config/versions/${first}/restore`,
      config,
      {},
    );
    expect(restored.status).toBe(200);
    expect(restored.body.restored).toBe(first);
    expect(s.office.config?.topics.some((t) => t.id === 'heating')).toBe(false);
    const after = (await api<ConfigVersionInfo[]>(s, 'GET', '/api/config/versions', config)).body;
    expect(after).toHaveLength(versions.length + 1);
    expect(after[0]?.changes.map((c) => c.ru)).toEqual(['Темы обращений: удалено «Теплоснабжение и горячая вода»']);

    const audit = (await api<AuditEntry[]>(s, 'GET', '/api/config/audit', config)).body;
    expect(audit.filter((a) => a.action === 'config.restored')).toHaveLength(1);
    expect(audit.filter((a) => a.action === 'config.changed' && a.actor.login === 'config')).toHaveLength(2);
  });

  it('previews a norm preset on the current office without changing it', async () => {
    const seq = s.office.seq;
    const r = await api<{ config: OfficeConfig; changes: { ru: string }[] }>(
      s,
      'POST',
      '/api/config/presets/preview',
      config,
      { preset: 'kostroma' },
    );
    expect(r.status).toBe(200);
    expect(r.body.config.normPreset).toBe('kostroma');
    expect(r.body.config.windows).toEqual(s.office.config?.windows);
    expect(r.body.changes.some((c) => c.ru.startsWith('Услуги'))).toBe(true);
    expect(s.office.seq).toBe(seq);
  });

  it('manages logins: create, reset a password (old sessions end), disable; never locks out the last configuration administrator', async () => {
    const created = await api<UserAdminInfo>(s, 'POST', '/api/users', config, {
      login: 'operator7',
      name: 'Новикова Ольга',
      roles: ['operator'],
      operatorId: 'op1',
      password: 'first-pass',
    });
    expect(created.status).toBe(200);
    const dup = await api<{ error: { code: string } }>(s, 'POST', '/api/users', config, {
      login: 'OPERATOR7',
      name: 'X',
      roles: ['operator'],
      password: 'password1',
    });
    expect([dup.status, dup.body.error.code]).toEqual([409, 'LOGIN_TAKEN']);
    const nobody = await api<{ error: { code: string } }>(s, 'POST', '/api/users/no-such-user/password', config, {
      password: 'password1',
    });
    expect([nobody.status, nobody.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const session = await s.login('operator7', 'first-pass');
    const reset = await api(s, 'POST', `/api/users/${created.body.id}/password`, config, { password: 'second-pass' });
    expect(reset.status).toBe(200);
    expect(s.auth.authenticateUser(session.token).ok).toBe(false);
    await expect(s.login('operator7', 'first-pass')).rejects.toThrow();
    expect((await s.login('operator7', 'second-pass')).user.operatorId).toBe('op1');
    const disabled = await api<UserAdminInfo>(s, 'PATCH', `/api/users/${created.body.id}`, config, { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    await expect(s.login('operator7', 'second-pass')).rejects.toThrow();

    const me = (await api<UserAdminInfo[]>(s, 'GET', '/api/users', config)).body.find((u) => u.login === 'config');
    const lockout = await api<{ error: { code: string } }>(s, 'PATCH', `/api/users/${me?.id}`, config, {
      roles: ['hall_admin'],
    });
    expect(lockout.status).toBe(400);
    const audit = (await api<AuditEntry[]>(s, 'GET', '/api/config/audit', config)).body.map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['user.created', 'user.password-reset', 'user.updated']));
  });
});
