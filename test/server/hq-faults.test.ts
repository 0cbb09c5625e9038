import { startTestHeadOffice, type TestHeadOffice } from '@talon/head-office';
import { Backoff } from '@talon/server/sync';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFleet, drained, registerOffices, type SimOffice, statusCounts } from '../../bench/src/hq/fleet.js';
import { hourOfEvents, officeDayEvents } from '../../bench/src/hq/office-events.js';
import { startTcpProxy } from '../support/tcp-proxy.js';

/**
 * The link's faults that must lose and double nothing, with the office's own link code (HqLink) on
 * simulated offices' logs, real HTTP through a TCP proxy that breaks, and a real PostgreSQL.
 */
let t: TestHeadOffice;
let pool: pg.Pool;
const day = officeDayEvents(7);
const fast = () => new Backoff({ baseMs: 50, capMs: 500 });

beforeAll(async () => {
  t = await startTestHeadOffice();
  pool = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await t?.close();
});

/** Per office: events stored, distinct seqs, epochs — and the office's own count. */
async function audit(fleet: SimOffice[]) {
  const { rows } = await pool.query<{ office_id: string; n: number; distinct_seq: number; epochs: number }>(
    `SELECT office_id, count(*)::int AS n, count(DISTINCT seq)::int AS distinct_seq, max(epoch) AS epochs
       FROM events WHERE office_id = ANY($1) GROUP BY office_id`,
    [fleet.map((f) => f.id)],
  );
  const byId = new Map(rows.map((r) => [r.office_id, r]));
  return fleet.map((f) => ({
    expected: f.source.lastSeq(),
    stored: byId.get(f.id)?.n ?? 0,
    distinct: byId.get(f.id)?.distinct_seq ?? 0,
    epochs: byId.get(f.id)?.epochs ?? 0,
  }));
}

const closingVisits = (events: typeof day) =>
  events.filter((e) => (e.type === 'ServiceFinished' && 'visit' in e && e.visit) || e.type === 'TicketNoShow').length;

describe('head-office link under faults', () => {
  it('loses and doubles nothing when lines drop, batches are cut half-way and head office restarts', async () => {
    const proxy = await startTcpProxy(Number(new URL(t.url).port));
    const offices = await registerOffices(t.hq.pool, 4, 'CUT');
    const fleet = buildFleet({ url: proxy.url, offices, backlog: () => day, backoff: fast, batchMax: 100 });
    proxy.cutAfterBytes(15_000);
    for (const f of fleet) f.link.start();
    await new Promise((r) => setTimeout(r, 800));
    proxy.cutAfterBytes(null);
    for (let i = 0; i < 5; i++) {
      await new Promise((r) => setTimeout(r, 150));
      proxy.cutAll();
    }
    // A second head-office process on the same database takes over, as behind a load balancer.
    const second = await startTestHeadOffice({ databaseUrl: t.databaseUrl });
    proxy.retarget(Number(new URL(second.url).port));
    proxy.cutAll();
    try {
      expect(await drained(fleet, 60_000)).toBe(true);
      await Promise.all(fleet.map((f) => f.link.stop()));
      expect(proxy.cuts).toBeGreaterThan(0);
      for (const a of await audit(fleet))
        expect(a).toEqual({ expected: day.length, stored: day.length, distinct: day.length, epochs: 1 });
      // Rollups count each closing visit once, however often its batch was sent.
      const { rows } = await pool.query<{ visits: number }>(
        'SELECT coalesce(sum(visits), 0)::int AS visits FROM rollup_service WHERE office_id = ANY($1)',
        [offices.map((o) => o.id)],
      );
      expect(rows[0]?.visits).toBe(closingVisits(day) * offices.length);
    } finally {
      await proxy.close();
      await second.close();
    }
  });

  it('sheds a thundering herd with 429 and a retry time, never a 5xx, and drains every backlog', async () => {
    const herd = await startTestHeadOffice({ databaseUrl: t.databaseUrl, poolSize: 6, maxConcurrentIngest: 2 });
    try {
      const offices = await registerOffices(t.hq.pool, 120, 'HERD');
      const now = Date.now();
      const backlogs = offices.map((_, i) => hourOfEvents(300 + i, now));
      // Every office reconnects at the same instant (head office back after an outage).
      const fleet = buildFleet({
        url: herd.url,
        offices,
        backlog: (i) => backlogs[i] ?? [],
        backoff: () => new Backoff({ baseMs: 200, capMs: 3000 }),
      });
      for (const f of fleet) f.link.start();
      expect(await drained(fleet, 120_000)).toBe(true);
      await Promise.all(fleet.map((f) => f.link.stop()));
      const statuses = statusCounts(fleet);
      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([]);
      expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
      for (const [i, a] of (await audit(fleet)).entries()) {
        const n = backlogs[i]?.length ?? 0;
        expect(a).toEqual({ expected: n, stored: n, distinct: n, epochs: 1 });
      }
    } finally {
      await herd.close();
    }
  });
});
