/**
 * `npm run start:hq`: head office on an embedded PostgreSQL (data/hq) with a demo company — the demo
 * office (the real office server, connected with its key) and four more offices played by the
 * project's office-day simulator in real time, so that the company screen has live data.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { applyEvent, initialState } from '@talon/engine';
import { createHeadOffice, migrate, startEmbeddedPostgres } from '@talon/head-office';
import type { EngineState, StoredEvent, VisitSummary } from '@talon/protocol';
import { HqLink, HttpHqTransport, MemorySource, officeStatus, toSyncEvent, WireNorms } from '@talon/server/sync';
import { DateTime } from 'luxon';
import { officeDayEventsOn, scenario } from '../bench/src/hq/office-events.js';
import { sha256 } from '../head-office/src/edge.js';
import { createUser } from '../head-office/src/people/users.js';

const HQ_PORT = Number(process.env.TALON_HQ_PORT ?? 9100);
const OFFICE_PORT = Number(process.env.PORT ?? 8080);
const DATA = resolve(process.env.TALON_DATA ?? 'data');
const ADMIN = { login: 'admin', password: 'talon-hq-demo' };
const ANALYST = { login: 'analyst', password: 'talon-hq-analyst' };

const db = await startEmbeddedPostgres({
  dataDir: resolve(DATA, 'hq'),
  log: (line) => {
    if (line.startsWith('PostgreSQL data')) console.log(line);
  },
});
await migrate(db.url);
const hqUrl = `http://127.0.0.1:${HQ_PORT}`;
const hq = await createHeadOffice({ databaseUrl: db.url, publicBase: hqUrl, logger: false });
await hq.listen(HQ_PORT, '0.0.0.0');
const pool = hq.pool;

// ── the demo company (once) ──
const q = async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[];
await q(`INSERT INTO branches (code, name) VALUES
  ('CENTER', '{"ru":"Центральный филиал","en":"Central branch"}'),
  ('NORTH', '{"ru":"Северный филиал","en":"Northern branch"}') ON CONFLICT (code) DO NOTHING`);
for (const u of [ADMIN, ANALYST])
  await createUser(pool, {
    login: u.login,
    name: u === ADMIN ? 'Администратор компании' : 'Аналитик',
    password: u.password,
    role: u === ADMIN ? 'company_admin' : 'analyst',
  }).catch(() => {});

/** Registers (or re-keys) a demo office; a demo issues a new key on every start. */
async function office(code: string, ru: string, en: string, branch: string): Promise<{ id: string; key: string }> {
  const key = randomBytes(32).toString('base64url');
  const [row] = await q<{ id: string }>(
    `INSERT INTO offices (code, name, branch_id, key_hash)
     VALUES ($1, jsonb_build_object('ru', $2::text, 'en', $3::text), (SELECT id FROM branches WHERE code = $4), $5)
     ON CONFLICT (code) DO UPDATE SET key_hash = EXCLUDED.key_hash, key_revoked_at = NULL RETURNING id`,
    [code, ru, en, branch, sha256(key)],
  );
  if (!row) throw new Error(`office ${code}`);
  await q('INSERT INTO office_sync (office_id) VALUES ($1) ON CONFLICT DO NOTHING', [row.id]);
  return { id: row.id, key };
}

// ── the demo office: the real office server, pointed at head office by one setting ──
const demo = await office('DEMO', 'ЦОК (демо)', 'Office (demo)', 'CENTER');
const child: ChildProcess = spawn(
  process.execPath,
  [
    '--max-semi-space-size=2',
    'server/dist/main.mjs',
    '--demo',
    '--port',
    String(OFFICE_PORT),
    '--data',
    resolve(DATA, 'hq-demo-office'),
    '--hq',
    hqUrl,
    '--hq-key',
    demo.key,
  ],
  { stdio: ['ignore', 'inherit', 'inherit'] },
);

// ── four offices played by the simulator, each where its day is under way ──
const ZONES = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];
const sc = scenario('normal-day');
const openH = Number(sc.open.slice(0, 2));
const closeH = Number(sc.close.slice(0, 2));
const openZones = ZONES.filter((z) => {
  const h = DateTime.now().setZone(z).hour;
  return h >= openH + 1 && h < closeH - 1;
});
const SIMULATED = [
  ['SIM-1', 'ЦОК Ленинский', 'Leninsky office', 'CENTER'],
  ['SIM-2', 'ЦОК Заречный', 'Zarechny office', 'CENTER'],
  ['SIM-3', 'ЦОК Северный', 'Severny office', 'NORTH'],
  ['SIM-4', 'ЦОК Приморский', 'Primorsky office', 'NORTH'],
] as const;

interface Played {
  link: HqLink;
  timer: NodeJS.Timeout;
}
const played: Played[] = [];
for (const [i, [code, ru, en, branch]] of SIMULATED.entries()) {
  const { key } = await office(code, ru, en, branch);
  const zone = openZones[i % Math.max(1, openZones.length)] ?? 'Europe/Moscow';
  const today = DateTime.now().setZone(zone);
  const day = [
    ...officeDayEventsOn(10 + i, today.minus({ days: 1 }).toISODate() ?? '', zone),
    ...officeDayEventsOn(20 + i, today.toISODate() ?? '', zone),
  ];
  const source = new MemorySource();
  const norms = new WireNorms();
  let state: EngineState = initialState();
  let next = 0;
  const todayKey = today.toISODate();
  const closed: VisitSummary[] = [];
  const due = () => {
    const now = Date.now();
    const batch: Omit<StoredEvent, 'seq'>[] = [];
    // Outside its hours (no open zone now) the whole day is played at once: the figures are the day's.
    while (next < day.length && ((day[next]?.at ?? 0) <= now || openZones.length === 0))
      batch.push(day[next++] as never);
    if (batch.length === 0) return;
    for (const e of source.append(...batch)) {
      state = applyEvent(state, e);
      const visit = 'visit' in e ? e.visit : undefined;
      if (visit && visit.dayKey === todayKey) closed.push(visit);
    }
    link.kick();
  };
  const link = new HqLink({
    transport: new HttpHqTransport(hqUrl, key),
    source,
    wire: (events) => {
      norms.observe(events);
      return events.map((e) => toSyncEvent(e, norms.normsOf));
    },
    hello: () => ({ linkSecret: randomBytes(32).toString('hex'), timeZone: zone, softwareVersion: 'simulator' }),
    status: () => {
      const visits = closed;
      const judged = visits.filter((v) => v.firstWaitSec !== undefined);
      const waitNorm = new Map((state.config?.services ?? []).map((s) => [s.id, s.waitNormMin * 60]));
      return officeStatus({
        state,
        now: Date.now(),
        alarms: [],
        today: {
          served: visits.filter((v) => v.outcome === 'served').length,
          judged: judged.length,
          within: judged.filter((v) => (v.firstWaitSec ?? 0) <= (waitNorm.get(v.originServiceId) ?? Infinity)).length,
        },
        profileVersion: null,
        softwareVersion: 'simulator',
      });
    },
    heartbeatMs: 5000,
    log: () => {},
  });
  due();
  link.start();
  played.push({ link, timer: setInterval(due, 1000) });
}

console.log(`
Talon — головной офис / head office: ${hqUrl}
  компания / company admin: ${ADMIN.login} / ${ADMIN.password}
  аналитик / analyst:       ${ANALYST.login} / ${ANALYST.password}
Демо-офис / demo office:   http://127.0.0.1:${OFFICE_PORT} (подключён к головному офису / connected to head office)
Ещё 4 офиса играет симулятор / 4 more offices played by the simulator (${openZones.length ? 'live' : 'a whole day'})
Ctrl+C — остановить / stop`);

const stop = async () => {
  for (const p of played) {
    clearInterval(p.timer);
    await p.link.stop();
  }
  child.kill('SIGTERM');
  await hq.close();
  await db.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
