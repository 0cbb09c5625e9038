import { performance } from 'node:perf_hooks';
import { startTestHeadOffice } from '../testing.js';
import { generateRollups } from './generate.js';

/**
 * A rough check of the month report against its target (≤ 1 s for 500 offices over a generated
 * year): `npx tsx head-office/src/reports/time-month.ts [offices]`. Prints one JSON line.
 */
const offices = Number(process.argv[2] ?? 500);
const t = await startTestHeadOffice();
try {
  const fillStart = performance.now();
  await generateRollups(t.hq.pool, { offices, from: '2026-01-01', days: 365, services: 15, operators: 8 });
  const fillMs = performance.now() - fillStart;
  const { rows } = await t.hq.pool.query<{ s: string; o: string }>(
    'SELECT (SELECT count(*) FROM rollup_service) AS s, (SELECT count(*) FROM rollup_operator) AS o',
  );
  const runs: number[] = [];
  let size = 0;
  for (let i = 0; i < 7; i++) {
    const month = String(1 + (i % 12)).padStart(2, '0');
    const to = new Date(Date.UTC(2026, (i % 12) + 1, 0)).toISOString().slice(0, 10);
    const start = performance.now();
    const r = await fetch(`${t.url}/api/hq/reports?from=2026-${month}-01&to=${to}`, {
      headers: { authorization: `Bearer ${t.adminToken}` },
    });
    const body = await r.text();
    runs.push(Math.round(performance.now() - start));
    if (r.status !== 200) throw new Error(body.slice(0, 300));
    size = body.length;
  }
  const sorted = [...runs].sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      offices,
      rollupServiceRows: Number(rows[0]?.s),
      rollupOperatorRows: Number(rows[0]?.o),
      fillSec: Math.round(fillMs / 100) / 10,
      monthReportMs: sorted[Math.floor(sorted.length / 2)],
      runsMs: runs,
      responseBytes: size,
    }),
  );
} finally {
  await t.close();
}
