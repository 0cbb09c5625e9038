import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from './metrics.js';
import { defaultWorkers, runPool } from './pool.js';
import type { SimResult } from './run.js';

/**
 * npm run bench:dispatch [-- --days 1000 --seed 1 --workers 2 --json]
 * Every shipped scenario × every dispatch policy, the same visitors for every policy (common random numbers),
 * then the issue-7 targets for the norm-aware policy against oldest-overall.
 */
const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(defaultWorkers()) },
    scenarios: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '../../scenarios') },
    policies: {
      type: 'string',
      default: 'norm-deadline,oldest-overall,fcfs-per-service,strict-priority,oldest-with-priority',
    },
    json: { type: 'boolean', default: false },
  },
});

const dir = resolve(values.scenarios);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const policies = values.policies.split(',').filter(Boolean);
const jobs = files.flatMap((f) =>
  policies.map((p) => [
    '--scenario',
    join(dir, f),
    '--policy',
    p,
    '--days',
    values.days,
    '--seed',
    values.seed,
    '--daily',
  ]),
);
const started = Date.now();
const results = await runPool<SimResult>(jobs, Number(values.workers), (i, r) => {
  if (!values.json) process.stderr.write(`  ${r.scenario} · ${r.policy}: ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
  void i;
});

const CANDIDATE = 'norm-deadline';
const BASE = 'oldest-overall';
const byKey = new Map(results.map((r) => [`${r.scenario}|${r.policy}`, r]));
const scenarios = [...new Set(results.map((r) => r.scenario))];
const comparisons = scenarios.flatMap((s) => {
  const c = byKey.get(`${s}|${CANDIDATE}`);
  const b = byKey.get(`${s}|${BASE}`);
  if (!c || !b) return [];
  const serviceDeltas = Object.fromEntries(
    Object.entries(c.perService).map(([id, f]) => [
      id,
      round((f.withinTargetShare - (b.perService[id]?.withinTargetShare ?? 0)) * 100, 2),
    ]),
  );
  // Paired by day (the same visitors under both policies): the 95% interval of the daily difference.
  const dc = c.dailyWithinShares ?? [];
  const db = b.dailyWithinShares ?? [];
  const diffs = dc.map((x, i) => x - (db[i] ?? 0));
  const mean = diffs.reduce((a, x) => a + x, 0) / Math.max(1, diffs.length);
  const sd = Math.sqrt(diffs.reduce((a, x) => a + (x - mean) ** 2, 0) / Math.max(1, diffs.length - 1));
  return [
    {
      scenario: s,
      withinDeltaPp: round((c.withinTargetShare - b.withinTargetShare) * 100, 2),
      dailyDeltaPp: round(mean * 100, 2),
      dailyDeltaCi95Pp: round(((1.96 * sd) / Math.sqrt(Math.max(1, diffs.length))) * 100, 2),
      maxWaitRatio: round(c.maxWaitMin / Math.max(1e-9, b.maxWaitMin), 3),
      worstServiceDeltaPp: Math.min(...Object.values(serviceDeltas)),
      serviceDeltasPp: serviceDeltas,
    },
  ];
});
const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const summary = {
  candidate: CANDIDATE,
  baseline: BASE,
  averageWithinDeltaPp: round(avg(comparisons.map((c) => c.withinDeltaPp)), 2),
  worstMaxWaitRatio: Math.max(...comparisons.map((c) => c.maxWaitRatio)),
  worstServiceDeltaPp: Math.min(...comparisons.map((c) => c.worstServiceDeltaPp)),
  averageWithinByPolicy: Object.fromEntries(
    policies.map((p) => [p, round(avg(results.filter((r) => r.policy === p).map((r) => r.withinTargetShare)), 4)]),
  ),
};
for (const r of results) delete r.dailyWithinShares;
const targets = {
  beatsBaselineBy3pp: summary.averageWithinDeltaPp >= 3,
  maxWaitAtMost10PctWorse: summary.worstMaxWaitRatio <= 1.1,
  noServiceLosesOver2pp: summary.worstServiceDeltaPp >= -2,
};
const elapsedMs = Date.now() - started;

if (values.json) {
  console.log(
    JSON.stringify({
      days: Number(values.days),
      seed: Number(values.seed),
      elapsedMs,
      results,
      comparisons,
      summary,
      targets,
    }),
  );
} else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (cells: string[], widths: number[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
  const w = [20, 22, 9, 8, 8, 8, 10, 10, 9];
  console.log(
    `Dispatch benchmark: ${values.days} days per cell, seed ${values.seed}, ${(elapsedMs / 1000).toFixed(0)} s`,
  );
  console.log(line(['scenario', 'policy', 'within', 'mean', 'p90', 'max', 'overtaken', 'abandoned', 'tickets'], w));
  for (const r of results)
    console.log(
      line(
        [
          r.scenario,
          r.policy,
          pct(r.withinTargetShare),
          r.meanWaitMin.toFixed(2),
          r.p90WaitMin.toFixed(1),
          r.maxWaitMin.toFixed(1),
          pct(r.overtakenShare),
          pct(r.abandonedShare),
          String(r.tickets),
        ],
        w,
      ),
    );
  console.log(`\n${CANDIDATE} vs ${BASE}:`);
  for (const c of comparisons)
    console.log(
      `  ${c.scenario.padEnd(20)} within ${c.withinDeltaPp >= 0 ? '+' : ''}${c.withinDeltaPp} pp ` +
        `(daily paired ${c.dailyDeltaPp} ± ${c.dailyDeltaCi95Pp}), max wait ×${c.maxWaitRatio}, ` +
        `services ${Object.entries(c.serviceDeltasPp)
          .map(([id, d]) => `${id} ${d >= 0 ? '+' : ''}${d}`)
          .join(', ')}`,
    );
  console.log(
    `  average ${summary.averageWithinDeltaPp >= 0 ? '+' : ''}${summary.averageWithinDeltaPp} pp (target ≥ +3: ${targets.beatsBaselineBy3pp ? 'met' : 'NOT met'}); ` +
      `worst max-wait ratio ×${summary.worstMaxWaitRatio} (≤ 1.1: ${targets.maxWaitAtMost10PctWorse ? 'met' : 'NOT met'}); ` +
      `worst service ${summary.worstServiceDeltaPp} pp (≥ −2: ${targets.noServiceLosesOver2pp ? 'met' : 'NOT met'})`,
  );
}
