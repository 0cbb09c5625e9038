import { Backoff } from '@talon/server/sync';
import type pg from 'pg';
import { startTcpProxy } from '../../../test/support/tcp-proxy.js';
import { buildFleet, drained, registerOffices } from './fleet.js';
import type { OfficeEvent } from './office-events.js';
import { type HqProcess, spawnHeadOffice } from './process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Offices push through a TCP proxy that drops every connection now and then, cuts batches half-way,
 * and head office is killed (-9) and restarted on the same port mid-run. Afterwards every office's log
 * must be at head office exactly once: no seq missing, none twice, no fork invented.
 */
export async function faultRun(o: {
  pool: pg.Pool;
  dbUrl: string;
  hq: HqProcess;
  port: number;
  adminPassword: string;
  offices: number;
  days: OfficeEvent[];
}) {
  const proxy = await startTcpProxy(o.port);
  const offices = await registerOffices(o.pool, o.offices, 'FLT');
  const perOffice = Math.min(o.days.length, 2500);
  const fleet = buildFleet({
    url: proxy.url,
    offices,
    backlog: () => o.days.slice(0, perOffice),
    sharedWire: true,
    backoff: () => new Backoff({ baseMs: 100, capMs: 2000 }),
  });
  for (const f of fleet) f.link.start();
  // Phase 1: lines drop every 300 ms.
  for (let i = 0; i < 8; i++) {
    await sleep(300);
    proxy.cutAll();
  }
  // Phase 2: every request is cut after 20 kB (a batch lost half-way).
  proxy.cutAfterBytes(20_000);
  await sleep(1500);
  proxy.cutAfterBytes(null);
  // Phase 3: head office dies mid-batch and comes back.
  await sleep(200);
  await o.hq.kill();
  await sleep(1500);
  const hq = await spawnHeadOffice(o.dbUrl, o.port, o.adminPassword);
  // Keep appending while it all happens: a live office does not stop.
  for (const f of fleet) {
    f.source.append(...o.days.slice(perOffice, perOffice + 100).map((e) => ({ ...e, at: e.at })));
    f.link.kick();
  }
  const ok = await drained(fleet, 180_000);
  await Promise.all(fleet.map((f) => f.link.stop()));
  await proxy.close();
  const { rows } = await o.pool.query<{ office_id: string; n: string; distinct_seq: string; max_epoch: number }>(
    `SELECT office_id, count(*) AS n, count(DISTINCT seq) AS distinct_seq, max(epoch) AS max_epoch
       FROM events WHERE office_id = ANY($1) GROUP BY office_id`,
    [offices.map((x) => x.id)],
  );
  const byId = new Map(rows.map((r) => [r.office_id, r]));
  let lost = 0;
  let duplicate = 0;
  let forks = 0;
  let events = 0;
  for (const f of fleet) {
    const expected = f.source.lastSeq();
    events += expected;
    const r = byId.get(f.id);
    const distinct = Number(r?.distinct_seq ?? 0);
    lost += expected - distinct;
    duplicate += Number(r?.n ?? 0) - distinct;
    if ((r?.max_epoch ?? 1) > 1) forks += 1;
  }
  if (!ok) process.stderr.write('faults: not every office drained in time\n');
  return { hq, lostEvents: lost, duplicateEvents: duplicate, forks, offices: o.offices, events, cuts: proxy.cuts };
}
