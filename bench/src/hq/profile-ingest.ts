// A one-off: where ingest time goes (HQ CPU profile, process CPU split). Not part of the bench.
import { execSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { migrate, startEmbeddedPostgres } from '@talon/head-office';
import pg from 'pg';
import { freePort, REPO_ROOT } from '../../../test/support/process.js';
import { buildFleet, drained, registerOffices, statusCounts } from './fleet.js';
import { officeDayEvents } from './office-events.js';

const db = await startEmbeddedPostgres();
await migrate(db.url);
const pool = new pg.Pool({ connectionString: db.url, max: 2 });
const port = await freePort();
const flags = process.env.PROF ? ['--cpu-prof', '--cpu-prof-dir=/tmp/hqprof'] : [];
const child = spawn(
  process.execPath,
  [...flags, '--import', 'tsx', 'head-office/src/main.ts', '--port', String(port)],
  {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: db.url, TALON_HQ_ADMIN_PASSWORD: 'x-password-12' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const url = `http://127.0.0.1:${port}`;
for (;;) {
  try {
    if ((await fetch(`${url}/api/health`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 100));
}
const days: ReturnType<typeof officeDayEvents> = [];
for (let d = 0; d < 8; d++) days.push(...officeDayEvents(1, d));
const offices = await registerOffices(pool, Number(process.env.N ?? 50), 'P');
const fleet = buildFleet({
  url,
  offices,
  backlog: () => days,
  sharedWire: true,
  batchMax: Number(process.env.B ?? 500),
});
/** CPU time in seconds (clock ticks of 10 ms) of head office's process and of every postgres process. */
const cpu = () => {
  const stat = execSync('head -1 /proc/stat').toString().trim().split(/\s+/).slice(1).map(Number);
  const idle = (stat[3] ?? 0) + (stat[4] ?? 0);
  const all = stat.reduce((a, b) => a + b, 0);
  let pgT = 0;
  let nodeT = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of the line, 12–15 after the command
    const ticks = Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]);
    if (comm === 'postgres') pgT += ticks / 100;
    if (Number(pid) === child.pid) nodeT += ticks / 100;
  }
  return { pgT, nodeT, idle, all };
};
const c0 = cpu();
const u0 = process.cpuUsage();
const t0 = performance.now();
for (const f of fleet) f.link.start();
await drained(fleet, 600_000);
const sec = (performance.now() - t0) / 1000;
const c1 = cpu();
const u = process.cpuUsage(u0);
console.log({
  eventsPerSec: Math.round((offices.length * days.length) / sec),
  sec,
  hqNodeCpuSec: c1.nodeT - c0.nodeT,
  pgCpuSec: c1.pgT - c0.pgT,
  // what one process pair would sustain with both cores to itself
  eventsPerCpuSec: Math.round((offices.length * days.length) / (c1.nodeT - c0.nodeT + c1.pgT - c0.pgT)),
  machineBusy: 1 - (c1.idle - c0.idle) / (c1.all - c0.all),
  benchCpuSec: (u.user + u.system) / 1e6,
  statuses: Object.fromEntries(statusCounts(fleet)),
});
await Promise.all(fleet.map((f) => f.link.stop()));
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
await pool.end();
await db.stop();
