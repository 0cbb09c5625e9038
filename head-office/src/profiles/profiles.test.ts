import { randomBytes } from 'node:crypto';
import type { ProfileRow, PublishedProfile } from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../edge.js';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { profileVersionFor, profileVersionsFor } from './index.js';

const demo = rosatomDemoOffice();

describe('head-office profiles', () => {
  let t: TestHeadOffice;
  let second: TestHeadOffice;
  let north1: SeededOffice;
  let north2: SeededOffice;
  let south: SeededOffice;

  const call = async (base: string, path: string, token: string, body?: unknown) => {
    const r = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: r.status, json: (await r.json()) as Record<string, unknown> & { error?: { code: string } } };
  };
  const publish = (body: unknown, base = t.url) => call(base, '/api/hq/profiles', t.adminToken, body);
  const fetchProfile = (o: SeededOffice) => call(t.url, '/api/sync/profile', o.apiKey);

  beforeAll(async () => {
    t = await startTestHeadOffice();
    second = await startTestHeadOffice({ databaseUrl: t.databaseUrl });
    north1 = await t.seedOffice({ branchCode: 'NORTH' });
    north2 = await t.seedOffice({ branchCode: 'NORTH' });
    south = await t.seedOffice({ branchCode: 'SOUTH' });
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  it('says "no profile" before anything is published', async () => {
    const r = await fetchProfile(north1);
    expect(r.status).toBe(404);
    expect(r.json.error?.code).toBe('NO_PROFILE');
    expect(await profileVersionFor(t.hq.pool, north1.id)).toBeNull();
  });

  it('gives each office the newest profile among the company, its branch and its own', async () => {
    const company = await publish({
      scope: 'company',
      title: 'Каталог компании',
      config: { segments: demo.segments, services: demo.services, topics: demo.topics },
    });
    expect(company.status).toBe(200);
    const v1 = (company.json as unknown as ProfileRow).version;
    expect((company.json as unknown as ProfileRow).offices.map((o) => o.officeId).sort()).toEqual(
      [north1.id, north2.id, south.id].sort(),
    );

    const branch = await publish({
      scope: 'branch',
      targetId: north1.branchId,
      title: 'Праздники филиала',
      config: { holidays: ['2026-11-04'] },
      local: ['holidays'],
    });
    expect(branch.status).toBe(200);
    const v2 = (branch.json as unknown as ProfileRow).version;
    expect(v2).toBe(v1 + 1);
    expect((branch.json as unknown as ProfileRow).offices.map((o) => o.officeId).sort()).toEqual(
      [north1.id, north2.id].sort(),
    );

    const own = await publish({
      scope: 'office',
      targetId: north2.id,
      title: 'Своё',
      config: { normPreset: 'kostroma' },
    });
    const v3 = (own.json as unknown as ProfileRow).version;

    const p1 = (await fetchProfile(north1)).json as unknown as PublishedProfile;
    expect(p1).toMatchObject({
      version: v2,
      scope: 'branch',
      config: { holidays: ['2026-11-04'] },
      local: ['holidays'],
    });
    const p2 = (await fetchProfile(north2)).json as unknown as PublishedProfile;
    expect(p2).toMatchObject({ version: v3, scope: 'office', config: { normPreset: 'kostroma' } });
    const p3 = (await fetchProfile(south)).json as unknown as PublishedProfile;
    expect(p3.version).toBe(v1);
    expect(p3.config.services).toEqual(demo.services);
    expect(await profileVersionFor(t.hq.pool, south.id)).toBe(v1);
    expect(await profileVersionFor(t.hq.pool, north2.id)).toBe(v3);
    expect(await profileVersionsFor(t.hq.pool, [north1.id, south.id])).toEqual(
      new Map([
        [north1.id, v2],
        [south.id, v1],
      ]),
    );

    // a newer company profile beats older specific ones: newest wins
    const later = await publish({ scope: 'company', title: 'Тексты', config: { ticketLayout: {} } });
    const v4 = (later.json as unknown as ProfileRow).version;
    expect(((await fetchProfile(north2)).json as unknown as PublishedProfile).version).toBe(v4);
    expect(await profileVersionFor(t.hq.pool, north1.id)).toBe(v4);
    const all = await profileVersionsFor(t.hq.pool, null);
    expect([all.get(north1.id), all.get(north2.id), all.get(south.id)]).toEqual([v4, v4, v4]);
  });

  it('refuses a profile that breaks the office schema, and stores nothing', async () => {
    const before = await t.hq.pool.query('SELECT count(*)::int AS n FROM profiles');
    const bad = await publish({
      scope: 'company',
      title: 'Сломанный',
      config: {
        services: [{ ...demo.services[0], prefix: 'кк', waitNormMin: -1 }],
      },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error?.code).toBe('PROFILE_INVALID');
    const details = (bad.json.error as unknown as { details: { path: string; message: string }[] }).details;
    expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(['services.0.prefix', 'services.0.waitNormMin']));
    const dangling = await publish({
      scope: 'company',
      title: 'Тема без услуги',
      config: { services: demo.services, topics: [{ ...demo.topics[0], serviceId: 'no-such-service' }] },
    });
    expect(dangling.json.error?.code).toBe('PROFILE_INVALID');
    expect(JSON.stringify(dangling.json.error)).toContain('unknown service no-such-service');
    const after = await t.hq.pool.query('SELECT count(*)::int AS n FROM profiles');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses an unknown target', async () => {
    const b = await publish({ scope: 'branch', targetId: 'nope', title: 'x', config: { holidays: [] } });
    expect(b.json.error?.code).toBe('UNKNOWN_BRANCH');
    const o = await publish({ scope: 'office', targetId: 'nope', title: 'x', config: { holidays: [] } });
    expect(o.json.error?.code).toBe('UNKNOWN_OFFICE');
  });

  it('gives concurrent publishes on two processes distinct consecutive versions', async () => {
    const { rows } = await t.hq.pool.query<{ v: number }>('SELECT max(version) AS v FROM profiles');
    const start = rows[0]?.v ?? 0;
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        publish({ scope: 'company', title: `Параллельный ${i}`, config: { holidays: [] } }, i % 2 ? second.url : t.url),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(200));
    const versions = results.map((r) => (r.json as unknown as ProfileRow).version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 16 }, (_, i) => start + 1 + i));
  });

  it('records applied and refused results; a refusal is an incident, once', async () => {
    const v = ((await fetchProfile(south)).json as unknown as PublishedProfile).version;
    const ok = await call(t.url, '/api/sync/profile-result', south.apiKey, { version: v, applied: true });
    expect(ok.json).toEqual({ ok: true });
    const sync = await t.hq.pool.query('SELECT profile_applied FROM office_sync WHERE office_id = $1', [south.id]);
    expect(sync.rows[0].profile_applied).toBe(v);

    const refusal = { version: v, applied: false, reason: 'windows: неизвестный зал' };
    await call(t.url, '/api/sync/profile-result', north1.apiKey, refusal);
    await call(t.url, '/api/sync/profile-result', north1.apiKey, refusal); // a retry
    const inc = await t.hq.pool.query(
      "SELECT kind, details FROM office_incidents WHERE office_id = $1 AND acked_at IS NULL AND kind = 'profile-refused'",
      [north1.id],
    );
    expect(inc.rows).toEqual([
      { kind: 'profile-refused', details: { version: v, reason: 'windows: неизвестный зал' } },
    ]);
    const applied = await t.hq.pool.query('SELECT profile_applied FROM office_sync WHERE office_id = $1', [north1.id]);
    expect(applied.rows[0].profile_applied).toBeNull();

    const list = (await call(t.url, '/api/hq/profiles', t.adminToken)).json as unknown as ProfileRow[];
    const row = list.find((p) => p.version === v);
    expect(row?.offices.find((o) => o.officeId === south.id)).toMatchObject({ state: 'applied', reason: null });
    expect(row?.offices.find((o) => o.officeId === north1.id)).toMatchObject({
      state: 'refused',
      reason: 'windows: неизвестный зал',
    });
    expect(row?.offices.find((o) => o.officeId === north2.id)?.state).toBe('pending');
    expect(list.map((p) => p.version)).toEqual([...list.map((p) => p.version)].sort((a, b) => b - a));
  });

  it('shows a branch manager only the profiles and offices that reach their branch', async () => {
    const pool = t.hq.pool;
    const u = await pool.query<{ id: string }>(
      `INSERT INTO hq_users (login, name, role, branch_id, password_hash) VALUES ('south-mgr', 'Юг', 'branch_manager', $1, 'x')
       RETURNING id`,
      [south.branchId],
    );
    const token = randomBytes(24).toString('base64url');
    await pool.query("INSERT INTO hq_sessions VALUES ($1, $2, now() + interval '1 hour')", [
      sha256(token),
      u.rows[0]?.id,
    ]);
    const list = (await call(t.url, '/api/hq/profiles', token)).json as unknown as ProfileRow[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((p) => p.scope === 'company')).toBe(true); // the NORTH branch's and north2's are not theirs
    expect(list.every((p) => p.offices.every((o) => o.officeId === south.id))).toBe(true);
    const denied = await call(t.url, '/api/hq/profiles', token, { scope: 'company', title: 'x', config: {} });
    expect(denied.json.error?.code).toBe('FORBIDDEN');
  });

  it('only an office key fetches a profile', async () => {
    const r = await call(t.url, '/api/sync/profile', t.adminToken);
    expect(r.json.error?.code).toBe('OFFICE_KEY_INVALID');
  });
});
