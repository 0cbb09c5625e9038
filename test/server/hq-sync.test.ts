import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHeadOffice, type HeadOffice, startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import type { Alarm, Health, OfficeConfig, ProfileRow, TalonError } from '@talon/protocol';
import { type RunningServer, startServer } from '@talon/server';
import { VirtualClock } from '@talon/server/clock';
import { rosatomDemoOffice } from '@talon/server/demo';
import { loadOrCreateSecret, signVisitToken } from '@talon/server/links';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * The office and a real head office (PostgreSQL, HTTP) together: the office's outbox drains to head
 * office once per event, nothing a visitor typed gets there, the office works on while head office
 * is away, and profiles and ratings come back through the office's own paths.
 */

/** What a visitor types at the kiosk in these tests: it must not exist anywhere at head office. */
const ACCOUNT = '7700123456';
const PHONE = '+7 912 345-67-89';
const FEEDBACK_CONTACT = 'ivanova.test@example.ru';

const ALL_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
) as OfficeConfig['officeHours'];
const TUNING = { heartbeatMs: 200, backoffBaseMs: 50, backoffCapMs: 400 };

let hq: TestHeadOffice;
beforeAll(async () => {
  hq = await startTestHeadOffice({ publicBase: 'https://hq.example.ru' });
});
afterAll(async () => {
  await hq?.close();
}, 60_000);

/** Waits until `probe` gives a value `ok` accepts; fails with the last value after `ms`. */
const hqCount = async (officeId: string) => {
  const { rows } = await hq.hq.pool.query<{ n: string; d: string; max: string | null }>(
    'SELECT count(*) AS n, count(DISTINCT seq) AS d, max(seq) AS max FROM events WHERE office_id = $1',
    [officeId],
  );
  const r = rows[0];
  return { n: Number(r?.n), distinct: Number(r?.d), max: Number(r?.max ?? 0) };
};

/** Every row of every table at head office, as text. */
async function headOfficeText(): Promise<string> {
  const { rows: tables } = await hq.hq.pool.query<{ t: string }>(
    "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'",
  );
  const parts: string[] = [];
  for (const { t } of tables) {
    const { rows } = await hq.hq.pool.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t}" x`);
    for (const r of rows) parts.push(r.j);
  }
  return parts.join('\n');
}

async function officeWith(url: string, apiKey: string, now = Date.now()): Promise<TestServer> {
  return startTestServer({
    now,
    server: {
      initialConfig: rosatomDemoOffice({ officeHours: ALL_DAY, receptionHours: ALL_DAY }),
      hq: { url, key: apiKey },
      hqTuning: TUNING,
    },
  });
}

/** A day's traffic through the office's own HTTP API: tickets with personal data, calls, service, a no-show. */
async function serveSome(s: TestServer, visitors: number) {
  const kiosk = await s.pair('kiosk');
  const op = (await s.login('operator1', 'talon1')).token;
  await s.command(op, { type: 'operatorLogin', windowId: 'w1' });
  for (let i = 0; i < visitors; i++) {
    const issued = await s.command(kiosk.token, {
      type: 'issueTicket',
      topicId: 'billing',
      segmentId: 'individual',
      visitorData: { account: ACCOUNT, phone: PHONE },
    });
    expect(issued.body.ok).toBe(true);
  }
  const served: string[] = [];
  for (let i = 0; i < visitors; i++) {
    const called = await s.command(op, { type: 'callNext' });
    if (!called.body.ok) break;
    s.clock.advance(30_000);
    if (i === visitors - 1) {
      await s.command(op, { type: 'markNoShow' });
      continue;
    }
    await s.command(op, { type: 'startService' });
    s.clock.advance(120_000);
    const done = await s.command(op, { type: 'finishService', outcomes: [] });
    expect(done.body.ok).toBe(true);
    served.push((done.body as { ok: true; result?: { ticketId?: string } }).result?.ticketId ?? '');
  }
  return served;
}

async function health(s: TestServer): Promise<NonNullable<Health['sync']>> {
  const h = (await (await fetch(`${s.url}/api/health`)).json()) as Health;
  if (!h.sync) throw new Error('no sync in health');
  return h.sync;
}

async function activeAlarms(s: TestServer): Promise<Alarm[]> {
  const { token } = await s.login('admin', 'admin-talon');
  const r = await fetch(`${s.url}/api/alarms`, { headers: { authorization: `Bearer ${token}` } });
  return ((await r.json()) as { active: Alarm[] }).active;
}

/** A port nothing listens on now (head office not started yet). */
describe('office → head office', () => {
  let s: TestServer;
  let office: Awaited<ReturnType<TestHeadOffice['seedOffice']>>;
  beforeAll(async () => {
    office = await hq.seedOffice({ code: 'SYNC1' });
    s = await officeWith(hq.url, office.apiKey);
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('every event taken and served at the office arrives at head office exactly once', async () => {
    await serveSome(s, 4);
    const seq = s.office.seq;
    expect(seq).toBeGreaterThan(10);
    const got = await eventually(
      () => hqCount(office.id),
      (c) => c.max >= s.office.seq,
    );
    expect(got.n).toBe(s.office.seq);
    expect(got.distinct).toBe(s.office.seq);
    // the office marks them sent once head office's answer is in
    const h = await eventually(
      () => health(s),
      (x) => x.lastAckSeq === s.office.seq && x.backlog.count === 0,
    );
    expect(h).toMatchObject({
      configured: true,
      connected: true,
      backlog: { count: 0, oldestAt: null },
      lastError: null,
    });
    expect(s.store.outboxBacklog().count).toBe(0);
    // a heartbeat later nothing is doubled
    await s.hq.flush();
    expect((await hqCount(office.id)).n).toBe(s.office.seq);
  });

  it('head office sees the hall live (figures, queue numbers) and the office prints head office’s public address', async () => {
    const kiosk = await s.pair('kiosk');
    await s.command(kiosk.token, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    const status = await eventually(
      async () =>
        (
          await hq.hq.pool.query<{ status: { waitingNow: number; queue: { number: string }[] } | null }>(
            'SELECT status FROM office_sync WHERE office_id = $1',
            [office.id],
          )
        ).rows[0]?.status ?? null,
      (st) => (st?.waitingNow ?? 0) >= 1,
    );
    expect(status?.queue.length).toBe(status?.waitingNow);
    expect(s.printing.linkBase()).toBe('https://hq.example.ru/o/SYNC1');
  });

  it('a rating given on head office’s public page reaches the office once, and head office forgets the feedback contact', async () => {
    const visit = Object.values(s.office.view().recentVisits ?? {}).find((v) => v.ratedAt === undefined);
    if (!visit) throw new Error('no served visit to rate');
    const exp = visit.closedAt + 24 * 3600_000;
    const token = signVisitToken(loadOrCreateSecret(s.dataDir), { ticketId: visit.ticketId, exp });
    const rate = () =>
      fetch(`${hq.url}/api/public/SYNC1/visits/${token}/rating`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          score: 5,
          feedback: { type: 'review', text: 'Спасибо, быстро', contact: FEEDBACK_CONTACT },
        }),
      });
    expect((await rate()).status).toBe(200);
    const rated = await eventually(
      () => s.store.readEvents(0, 100_000).filter((e) => e.type === 'VisitRated' && e.ticketId === visit.ticketId),
      (list) => list.length > 0,
    );
    expect(rated).toHaveLength(1);
    expect(rated[0]).toMatchObject({ score: 5, channel: 'qr' });
    await eventually(
      async () =>
        (
          await hq.hq.pool.query('SELECT 1 FROM returned_ratings WHERE office_id = $1 AND acked_at IS NULL', [
            office.id,
          ])
        ).rowCount,
      (n) => n === 0,
    );
    // a second rating of the same visit is refused at head office; the office still has one
    expect((await rate()).status).toBe(409);
    await s.hq.flush({ heartbeat: true });
    const again = s.store
      .readEvents(0, 100_000)
      .filter((e) => e.type === 'VisitRated' && e.ticketId === visit.ticketId);
    expect(again).toHaveLength(1);
  });

  it('no account, phone or feedback contact typed at the office exists anywhere in head office’s database', async () => {
    // the office did hold them: in its personal-data table, never in the log it sends from (152-ФЗ)
    const kept = JSON.stringify(s.store.db.prepare('SELECT value FROM personal_data').all());
    const log = JSON.stringify(s.store.readEvents(0, 100_000));
    for (const secret of [ACCOUNT, PHONE, FEEDBACK_CONTACT]) {
      expect(kept).toContain(secret);
      expect(log).not.toContain(secret);
    }
    await eventually(
      () => hqCount(office.id),
      (c) => c.max >= s.office.seq,
    );
    const everything = await headOfficeText();
    // the dump does hold the office's events: its tickets are there by number and id
    const issued = s.store.readEvents(0, 100_000).find((e) => e.type === 'TicketIssued');
    if (issued?.type !== 'TicketIssued') throw new Error('no ticket issued');
    expect(everything).toContain(issued.ticket.id);
    for (const secret of [ACCOUNT, PHONE, '912 345', FEEDBACK_CONTACT]) expect(everything).not.toContain(secret);
  });
});

describe('head office away', () => {
  it('the office serves normally, its backlog grows and alarms; head office back: every event arrives once', async () => {
    const office = await hq.seedOffice({ code: 'AWAY1' });
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const s = await officeWith(url, office.apiKey);
    let second: HeadOffice | null = null;
    try {
      // head office not started: the hall works as usual
      const served = await serveSome(s, 3);
      expect(served.length).toBe(2);
      const down = await eventually(
        () => health(s),
        (h) => h.lastError !== null,
      );
      expect(down).toMatchObject({ configured: true, connected: false });
      expect(down.backlog.count).toBe(s.office.seq);
      expect((await hqCount(office.id)).n).toBe(0);

      // past the limit (15 min by default) the administrator is told
      expect((await activeAlarms(s)).some((a) => a.kind === 'hq-backlog')).toBe(false);
      s.clock.advance(16 * 60_000);
      s.monitor.evaluate();
      const alarm = (await activeAlarms(s)).find((a) => a.kind === 'hq-backlog');
      expect(alarm?.message.ru).toContain('не доходят до головного офиса');

      // head office comes up on that address
      second = await createHeadOffice({ databaseUrl: hq.databaseUrl, publicBase: null });
      await second.listen(port, '127.0.0.1');
      await eventually(
        () => hqCount(office.id),
        (c) => c.max >= s.office.seq,
      );
      expect(await hqCount(office.id)).toEqual({ n: s.office.seq, distinct: s.office.seq, max: s.office.seq });
      await eventually(
        () => health(s),
        (h) => h.connected && h.backlog.count === 0,
      );
      s.monitor.evaluate();
      expect((await activeAlarms(s)).some((a) => a.kind === 'hq-backlog')).toBe(false);

      // head office goes away again (the process closed) while the office works on, then returns
      await second.close();
      second = null;
      await serveSome(s, 2);
      await eventually(
        () => health(s),
        (h) => !h.connected && h.backlog.count > 0,
      );
      second = await createHeadOffice({ databaseUrl: hq.databaseUrl, publicBase: null });
      await second.listen(port, '127.0.0.1');
      await eventually(
        () => hqCount(office.id),
        (c) => c.max >= s.office.seq,
      );
      expect(await hqCount(office.id)).toEqual({ n: s.office.seq, distinct: s.office.seq, max: s.office.seq });
    } finally {
      await s.stop();
      await second?.close();
    }
  });
});

describe('head office → office: profiles', () => {
  let s: TestServer;
  let office: Awaited<ReturnType<TestHeadOffice['seedOffice']>>;
  beforeAll(async () => {
    office = await hq.seedOffice({ code: 'PROF1' });
    s = await officeWith(hq.url, office.apiKey);
    await eventually(
      () => health(s),
      (h) => h.connected,
    );
  });
  afterAll(async () => {
    await s?.stop();
  });

  const publish = async (title: string, config: Record<string, unknown>) => {
    const r = await fetch(`${hq.url}/api/hq/profiles`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hq.adminToken}` },
      body: JSON.stringify({ scope: 'office', targetId: office.id, title, config }),
    });
    expect(r.status).toBe(200);
    return (await r.json()) as ProfileRow;
  };
  const result = (version: number) =>
    hq.hq.pool
      .query<{ state: string; reason: string | null }>(
        'SELECT state, reason FROM profile_results WHERE office_id = $1 AND version = $2',
        [office.id, version],
      )
      .then((r) => r.rows[0] ?? null);

  it('a profile published for the office is applied through its configuration path, as a version by head office', async () => {
    const services = (s.office.config?.services ?? []).map((x, i) => (i === 0 ? { ...x, waitNormMin: 11 } : x));
    const before = s.settings.configs.currentVersion();
    const p = await publish('Нормативы 2027', { services });
    const r = await eventually(
      () => result(p.version),
      (x) => x !== null,
    );
    expect(r).toEqual({ state: 'applied', reason: null });
    expect(s.office.config?.services[0]?.waitNormMin).toBe(11);
    expect(s.settings.configs.currentVersion()).toBeGreaterThan(before);
    const [latest] = s.settings.configs.versions(1);
    expect(latest?.actor.name).toContain('Головной офис');
    // the office's own parts stay its own
    expect(s.office.config?.windows.length).toBe(rosatomDemoOffice().windows.length);
    expect(s.hq.status()).toMatchObject({ profileVersion: p.version, profileRefused: null });
  });

  it('a profile the office cannot take is not applied, and head office hears why', async () => {
    const config = s.office.config;
    const before = JSON.stringify(config);
    // valid on its own at head office, but this office's topics and operators use the service it drops
    const services = (config?.services ?? []).filter((x) => x.id !== 'consult');
    const p = await publish('Без консультаций', { services });
    const r = await eventually(
      () => result(p.version),
      (x) => x !== null,
    );
    expect(r?.state).toBe('refused');
    expect(r?.reason).toContain('unknown service consult');
    expect(JSON.stringify(s.office.config)).toBe(before);
    expect(s.hq.status().profileRefused).toMatchObject({ version: p.version });
  });
});

describe('connecting an office to head office', () => {
  const weekdays = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['08:00', '19:00']]]));
  const running: RunningServer[] = [];
  const dirs: string[] = [];
  afterAll(async () => {
    for (const s of running) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const post = async (s: RunningServer, method: string, path: string, body?: unknown, token?: string) => {
    const res = await fetch(s.url + path, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> & { error?: TalonError } };
  };

  it('first-run setup: the address and key are checked with head office, saved in the data folder, and `serve` uses them', async () => {
    const office = await hq.seedOffice({ code: 'SETUP1' });
    const dataDir = mkdtempSync(join(tmpdir(), 'talon-hq-setup-'));
    dirs.push(dataDir);
    const links: string[] = [];
    const start = () =>
      startServer({
        dataDir,
        clock: new VirtualClock(Date.now()),
        tickMs: 0,
        monitorMs: 0,
        hqTuning: TUNING,
        setup: { onLink: (url) => links.push(url) },
      });
    let s = await start();
    running.push(s);
    const token = new URL(links[0] ?? '').searchParams.get('setup') ?? '';

    // a wrong key is refused by head office, and the wizard is told why
    const wrong = await post(s, 'POST', '/api/setup/head-office', {
      token,
      url: hq.url,
      key: 'x'.repeat(43),
      timeZone: 'Asia/Yekaterinburg',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error?.code).toBe('HQ_CHECK_FAILED');
    expect(wrong.json.error?.details).toMatchObject({ code: 'OFFICE_KEY_INVALID' });
    // without the setup link's token nothing is asked of head office
    expect((await post(s, 'POST', '/api/setup/head-office', { url: hq.url, key: office.apiKey })).status).toBe(403);

    const checked = await post(s, 'POST', '/api/setup/head-office', { token, url: `${hq.url}/`, key: office.apiKey });
    expect(checked.status).toBe(200);
    expect(checked.json).toMatchObject({ ok: true, office: { code: 'SETUP1' } });

    const done = await post(s, 'POST', '/api/setup', {
      token,
      office: { name: { ru: 'ЦОК «Северный»' }, timeZone: 'Asia/Yekaterinburg' },
      norms: { kind: 'preset', preset: 'kostroma' },
      hall: { windows: [1, 2], cabinets: [], officeHours: weekdays, receptionHours: weekdays },
      admin: { login: 'nadezhda', name: 'Надежда', password: 'Severny2026' },
      headOffice: { url: hq.url, key: office.apiKey },
    });
    expect(done.status).toBe(200);
    const file = join(dataDir, 'head-office.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ url: hq.url, key: office.apiKey });
    await eventually(
      () => hqCount(office.id),
      (c) => c.max >= s.office.seq && c.max > 0,
    );
    expect(s.hq.status()).toMatchObject({ configured: true, source: 'data-folder', office: { code: 'SETUP1' } });

    // the next start (talon serve on this folder) connects by itself
    await s.close();
    running.splice(running.indexOf(s), 1);
    s = await start();
    running.push(s);
    await eventually(
      () => s.hq.status(),
      (st) => st.connected,
    );
    const { rows } = await hq.hq.pool.query<{ time_zone: string }>('SELECT time_zone FROM offices WHERE id = $1', [
      office.id,
    ]);
    expect(rows[0]?.time_zone).toBe('Asia/Yekaterinburg');
  });

  it('the configuration administrator connects a running office from the admin screen; a hall administrator cannot', async () => {
    const office = await hq.seedOffice({ code: 'ADMIN1' });
    const s = await startTestServer({
      now: Date.now(),
      server: { initialConfig: rosatomDemoOffice({ officeHours: ALL_DAY, receptionHours: ALL_DAY }), hqTuning: TUNING },
    });
    try {
      expect(s.hq.status()).toMatchObject({ configured: false, connected: false });
      expect((await health(s)).configured).toBe(false);
      const hall = (await s.login('admin', 'admin-talon')).token;
      const config = (await s.login('config', 'config-talon')).token;
      const body = { url: hq.url, key: office.apiKey };
      expect((await post(s, 'PUT', '/api/hq-link', body, hall)).status).toBe(403);
      const bad = await post(s, 'PUT', '/api/hq-link', { url: 'ftp://hq', key: office.apiKey }, config);
      expect(bad.json.error?.code).toBe('VALIDATION_FAILED');
      const ok = await post(s, 'PUT', '/api/hq-link', body, config);
      expect(ok.status).toBe(200);
      expect(ok.json).toMatchObject({ office: { code: 'ADMIN1' } });
      await eventually(
        () => hqCount(office.id),
        (c) => c.max === s.office.seq,
      );
      const seen = await post(s, 'GET', '/api/hq-link', undefined, hall);
      expect(seen.json).toMatchObject({ configured: true, url: hq.url, office: { code: 'ADMIN1' } });
      expect(JSON.stringify(seen.json)).not.toContain(office.apiKey);
      expect(JSON.stringify(await health(s))).not.toContain(office.apiKey);
      // disconnected: events wait in the outbox
      expect((await post(s, 'DELETE', '/api/hq-link', undefined, config)).status).toBe(200);
      const kiosk = await s.pair('kiosk');
      const issued = await s.command(kiosk.token, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
      expect(issued.body.ok).toBe(true);
      expect(s.store.outboxBacklog().count).toBeGreaterThan(0);
      expect((await health(s)).configured).toBe(false);
    } finally {
      await s.stop();
    }
  });
});
