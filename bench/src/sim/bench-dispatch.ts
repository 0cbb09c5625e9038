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
 * then the targets for the norm-aware policy against oldest-overall (issue 7: the share, the longest wait, no
 * service losing; issue 18: nobody pays for the gain: abandonment, p90 and longest waits, in every scenario)
 * and its fairness against fcfs-per-service (issue 18: later tickets called first, time past the norm).
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
    /** The policy judged against the baseline (a variant under study; the default policy otherwise). */
    candidate: { type: 'string', default: 'norm-deadline' },
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

const CANDIDATE = values.candidate;
const BASE = 'oldest-overall';
/** The vendors' default work profile: the fairness yardstick. */
const FAIR = 'fcfs-per-service';
const byKey = new Map(results.map((r) => [`${r.scenario}|${r.policy}`, r]));
const scenarios = [...new Set(results.map((r) => r.scenario))];
const comparisons = scenarios.flatMap((s) => {
  const c = byKey.get(`${s}|${CANDIDATE}`);
  const b = byKey.get(`${s}|${BASE}`);
  const f = byKey.get(`${s}|${FAIR}`);
  if (!c || !b) return [];
  const serviceDeltas = Object.fromEntries(
    Object.entries(c.perService).map(([id, f]) => [
      id,
      round((f.withinTargetShare - (b.perService[id]?.withinTargetShare ?? 0)) * 100, 2),
    ]),
  );
  // Paired by day (the same visitors under both policies): the 95% interval of the daily difference.
  const paired = (dc: number[] = [], db: number[] = []) => {
    const diffs = dc.map((x, i) => x - (db[i] ?? 0));
    const m = diffs.reduce((a, x) => a + x, 0) / Math.max(1, diffs.length);
    const sd = Math.sqrt(diffs.reduce((a, x) => a + (x - m) ** 2, 0) / Math.max(1, diffs.length - 1));
    return { mean: m, ci: (1.96 * sd) / Math.sqrt(Math.max(1, diffs.length)) };
  };
  const within = paired(c.dailyWithinShares, b.dailyWithinShares);
  const left = paired(c.dailyAbandonedShares, b.dailyAbandonedShares);
  return [
    {
      scenario: s,
      withinDeltaPp: round((c.withinTargetShare - b.withinTargetShare) * 100, 2),
      dailyDeltaPp: round(within.mean * 100, 2),
      dailyDeltaCi95Pp: round(within.ci * 100, 2),
      maxWaitRatio: round(c.maxWaitMin / Math.max(1e-9, b.maxWaitMin), 3),
      dailyLongestRatio: round(c.meanDailyLongestWaitMin / Math.max(1e-9, b.meanDailyLongestWaitMin), 3),
      p90WaitRatio: round(c.p90WaitMin / Math.max(1e-9, b.p90WaitMin), 3),
      abandonedDeltaPp: round((c.abandonedShare - b.abandonedShare) * 100, 2),
      /** Mean of the daily differences and its 95% interval: is the excess of leavers more than noise? */
      abandonedDailyDeltaPp: round(left.mean * 100, 2),
      abandonedDailyDeltaCi95Pp: round(left.ci * 100, 2),
      ...(f
        ? {
            overtakenByP99: { candidate: c.overtakenByP99, baseline: b.overtakenByP99, fcfs: f.overtakenByP99 },
            pastNormP90Min: { candidate: c.pastNormP90Min, baseline: b.pastNormP90Min, fcfs: f.pastNormP90Min },
          }
        : {}),
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
  minWithinDeltaPp: Math.min(...comparisons.map((c) => c.withinDeltaPp)),
  worstP90WaitRatio: Math.max(...comparisons.map((c) => c.p90WaitRatio)),
  worstAbandonedDeltaPp: Math.max(...comparisons.map((c) => c.abandonedDeltaPp)),
  worstServiceDeltaPp: Math.min(...comparisons.map((c) => c.worstServiceDeltaPp)),
  averageWithinByPolicy: Object.fromEntries(
    policies.map((p) => [p, round(avg(results.filter((r) => r.policy === p).map((r) => r.withinTargetShare)), 4)]),
  ),
};
for (const r of results) {
  delete r.dailyWithinShares;
  delete r.dailyAbandonedShares;
}
const targets = {
  beatsBaselineBy3pp: summary.averageWithinDeltaPp >= 3,
  maxWaitAtMost10PctWorse: summary.worstMaxWaitRatio <= 1.1,
  noServiceLosesOver2pp: summary.worstServiceDeltaPp >= -2,
};
/** Issue 18, every scenario; each lists the scenarios that miss it (empty = met). */
const misses = (ok: (c: (typeof comparisons)[number]) => boolean) =>
  comparisons.filter((c) => !ok(c)).map((c) => c.scenario);
const targets18 = {
  averageGainAtLeast3pp: summary.averageWithinDeltaPp >= 3,
  gainNotNegative: misses((c) => c.withinDeltaPp >= 0),
  abandonedAtMostBaselinePlus02pp: misses((c) => c.abandonedDeltaPp <= 0.2),
  p90WaitAtMost105: misses((c) => c.p90WaitRatio <= 1.05),
  maxWaitAtMost110: misses((c) => c.maxWaitRatio <= 1.1),
  /** The same bound on each day's longest wait, averaged over the days (not the issue's wording; §6.5a). */
  dailyLongestAtMost110: misses((c) => c.dailyLongestRatio <= 1.1),
  overtakenByP99NoWorseThanFcfs: misses(
    (c) => !c.overtakenByP99 || c.overtakenByP99.candidate <= c.overtakenByP99.fcfs,
  ),
  pastNormP90NoWorseThanFcfs: misses((c) => !c.pastNormP90Min || c.pastNormP90Min.candidate <= c.pastNormP90Min.fcfs),
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
      targets18,
    }),
  );
} else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const line = (cells: string[], widths: number[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join(' ');
  const w = [26, 22, 9, 8, 8, 8, 10, 10, 9, 9, 9];
  console.log(
    `Dispatch benchmark: ${values.days} days per cell, seed ${values.seed}, ${(elapsedMs / 1000).toFixed(0)} s`,
  );
  console.log(
    line(
      ['scenario', 'policy', 'within', 'mean', 'p90', 'max', 'overtaken', 'abandoned', 'tickets', 'by p99', 'past p90'],
      w,
    ),
  );
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
          String(r.overtakenByP99),
          r.pastNormP90Min.toFixed(1),
        ],
        w,
      ),
    );
  console.log(`\n${CANDIDATE} vs ${BASE}:`);
  for (const c of comparisons)
    console.log(
      `  ${c.scenario.padEnd(20)} within ${c.withinDeltaPp >= 0 ? '+' : ''}${c.withinDeltaPp} pp ` +
        `(daily paired ${c.dailyDeltaPp} ± ${c.dailyDeltaCi95Pp}), abandoned ${c.abandonedDeltaPp >= 0 ? '+' : ''}${c.abandonedDeltaPp} pp, ` +
        `p90 wait ×${c.p90WaitRatio}, max wait ×${c.maxWaitRatio}, ` +
        `services ${Object.entries(c.serviceDeltasPp)
          .map(([id, d]) => `${id} ${d >= 0 ? '+' : ''}${d}`)
          .join(', ')}`,
    );
  console.log(
    `  average ${summary.averageWithinDeltaPp >= 0 ? '+' : ''}${summary.averageWithinDeltaPp} pp (target ≥ +3: ${targets.beatsBaselineBy3pp ? 'met' : 'NOT met'}); ` +
      `worst max-wait ratio ×${summary.worstMaxWaitRatio} (≤ 1.1: ${targets.maxWaitAtMost10PctWorse ? 'met' : 'NOT met'}); ` +
      `worst service ${summary.worstServiceDeltaPp} pp (≥ −2: ${targets.noServiceLosesOver2pp ? 'met' : 'NOT met'})`,
  );
  console.log('issue 18 targets (scenarios that miss each):');
  for (const [k, v] of Object.entries(targets18))
    console.log(`  ${k}: ${typeof v === 'boolean' ? (v ? 'met' : 'NOT met') : v.length ? v.join(', ') : 'met'}`);
}
