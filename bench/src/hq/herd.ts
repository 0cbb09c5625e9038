import { performance } from 'node:perf_hooks';
import type pg from 'pg';
import { buildFleet, drained, registerOffices, statusCounts } from './fleet.js';
import { hourOfEvents } from './office-events.js';
import { type HqProcess, spawnHeadOffice } from './process.js';

/**
 * The thundering herd: head office is down while hundreds of offices collect an hour of events each;
 * it comes back and every office reconnects at the same instant. Head office must shed what it cannot
 * take with 429 and a retry time — never a 5xx — and every backlog must drain.
 */
export async function herdRun(o: {
  pool: pg.Pool;
  dbUrl: string;
  hq: HqProcess;
  port: number;
  adminPassword: string;
  offices: number;
}) {
  await o.hq.kill();
  const offices = await registerOffices(o.pool, o.offices, 'HRD');
  const now = Date.now();
  const backlogs = offices.map((_, i) => hourOfEvents(100 + i, now));
  const fleet = buildFleet({ url: `http://127.0.0.1:${o.port}`, offices, backlog: (i) => backlogs[i] ?? [] });
  const hq = await spawnHeadOffice(o.dbUrl, o.port, o.adminPassword);
  const start = performance.now();
  for (const f of fleet) f.link.start();
  const ok = await drained(fleet, 600_000);
  const herdDrainSec = Math.round((performance.now() - start) / 100) / 10;
  await Promise.all(fleet.map((f) => f.link.stop()));
  const statuses = statusCounts(fleet);
  let herd5xx = 0;
  for (const [s, n] of statuses) if (s >= 500) herd5xx += n;
  const herdEvents = backlogs.reduce((a, b) => a + b.length, 0);
  const stored = Number(
    (
      await o.pool.query<{ n: string }>('SELECT count(*) AS n FROM events WHERE office_id = ANY($1)', [
        offices.map((x) => x.id),
      ])
    ).rows[0]?.n,
  );
  if (!ok || stored !== herdEvents) process.stderr.write(`herd: stored ${stored} of ${herdEvents}\n`);
  return {
    hq,
    herdOffices: o.offices,
    herdEvents,
    herdStored: stored,
    herdDrainSec: ok ? herdDrainSec : Number.POSITIVE_INFINITY,
    herd5xx,
    herd429: statuses.get(429) ?? 0,
    herdStatuses: Object.fromEntries(statuses),
  };
}
