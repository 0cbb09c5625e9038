import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { round } from './metrics.js';
import { defaultWorkers, runPool } from './pool.js';
import type { SimResult } from './run.js';
import { loadScenario } from './scenario.js';

/**
 * npm run bench:predict [-- --days 1000 --per-day 15 --policies norm-deadline --json]
 * The digital twin against the vendor-style baseline (people ahead × mean service ÷ open windows) on every
 * shipped scenario, predicted at ticket issue and compared with the actual wait until the call.
 * Every k-th ticket is predicted (k from --per-day), which keeps the run within minutes; the twin's cost per
 * issue is measured on the same calls.
 */
const { values } = parseArgs({
  options: {
    days: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    'per-day': { type: 'string', default: '15' },
    workers: { type: 'string', default: String(defaultWorkers()) },
    scenarios: { type: 'string', default: join(dirname(fileURLToPath(import.meta.url)), '../../scenarios') },
    policies: { type: 'string', default: 'norm-deadline' },
    rota: { type: 'boolean', default: false },
    'no-habits': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});

const dir = resolve(values.scenarios);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .sort();
const perDay = Math.max(1, Number(values['per-day']));
const jobs = files.flatMap((f) => {
  const s = loadScenario(join(dir, f));
  const volume =
    s.arrivals.perHour.reduce((a, b) => a + b, 0) * s.arrivals.volumeFactor +
    (s.appointments?.perHour.reduce((a, b) => a + b, 0) ?? 0);
  const every = Math.max(1, Math.round(volume / perDay));
  return values.policies
    .split(',')
    .filter(Boolean)
    .map((p) => [
      '--scenario',
      join(dir, f),
      '--policy',
      p,
      '--days',
      values.days,
      '--seed',
      values.seed,
      '--predict',
      '--predict-every',
      String(every),
      ...(values.rota ? ['--rota'] : []),
      ...(values['no-habits'] ? ['--no-habits'] : []),
    ]);
});
const started = Date.now();
const results = await runPool<SimResult>(jobs, Number(values.workers), (_i, r) => {
  if (!values.json) process.stderr.write(`  ${r.scenario} · ${r.policy}: ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
});

const rows = results.map((r) => ({
  scenario: r.scenario,
  policy: r.policy,
  predictions: r.predictions ?? 0,
  meanActualWaitMin: r.meanActualWaitMin ?? 0,
  predictMaeMin: r.predictMaeMin ?? 0,
  baselineMaeMin: r.baselineMaeMin ?? 0,
  maeReduction: round(1 - (r.predictMaeMin ?? 0) / Math.max(1e-9, r.baselineMaeMin ?? 0), 4),
  waitedMaeMin: r.waitedMaeMin ?? 0,
  baselineWaitedMaeMin: r.baselineWaitedMaeMin ?? 0,
  underPredictOver2MinShare: r.underPredictOver2MinShare ?? 0,
  baselineUnderPredictOver2MinShare: r.baselineUnderPredictOver2MinShare ?? 0,
  underRangeOver2MinShare: r.underRangeOver2MinShare ?? 0,
  underToldOver2MinShare: r.underToldOver2MinShare ?? 0,
  toldRangeShare: r.toldRangeShare ?? 0,
  rangeCoverage: r.rangeCoverage ?? 0,
  baselineRangeCoverage: r.baselineRangeCoverage ?? 0,
  meanRangeWidthMin: r.meanRangeWidthMin ?? 0,
  rangeShownShare: r.rangeShownShare ?? 0,
  rangeShownCoverage: r.rangeShownCoverage ?? 0,
  soonKeptShare: r.soonKeptShare ?? 0,
  twinMsP50: r.twinMsP50 ?? 0,
  twinMsP99: r.twinMsP99 ?? 0,
  twinCpuMsP50: r.twinCpuMsP50 ?? 0,
  twinCpuMsP99: r.twinCpuMsP99 ?? 0,
  twinMsPerIssue: r.twinMsPerIssue ?? 0,
}));
const total = rows.reduce((a, r) => a + r.predictions, 0) || 1;
const weighted = (k: 'predictMaeMin' | 'baselineMaeMin' | 'underPredictOver2MinShare') =>
  rows.reduce((a, r) => a + r[k] * r.predictions, 0) / total;
const summary = {
  predictions: total,
  predictMaeMin: round(weighted('predictMaeMin'), 3),
  baselineMaeMin: round(weighted('baselineMaeMin'), 3),
  maeReduction: round(1 - weighted('predictMaeMin') / Math.max(1e-9, weighted('baselineMaeMin')), 4),
  worstScenarioMaeReduction: Math.min(...rows.map((r) => r.maeReduction)),
  underPredictOver2MinShare: round(weighted('underPredictOver2MinShare'), 4),
  worstScenarioUnderShare: Math.max(...rows.map((r) => r.underPredictOver2MinShare)),
  worstTwinMsP99: Math.max(...rows.map((r) => r.twinMsP99)),
  worstTwinCpuMsP99: Math.max(...rows.map((r) => r.twinCpuMsP99)),
};
const targets = {
  maeAtLeast25PctLower: summary.maeReduction >= 0.25,
  maeAtLeast25PctLowerEveryScenario: summary.worstScenarioMaeReduction >= 0.25,
  underPredictionAtMost15Pct: summary.underPredictOver2MinShare <= 0.15,
  underPredictionAtMost15PctEveryScenario: summary.worstScenarioUnderShare <= 0.15,
};
/** Issue 18, every scenario (overload ones included); each lists the scenarios that miss it (empty = met). */
const misses = (ok: (r: (typeof rows)[number]) => boolean) => rows.filter((r) => !ok(r)).map((r) => r.scenario);
const targets18 = {
  maeAtMost070OfBaseline: misses((r) => r.predictMaeMin <= 0.7 * r.baselineMaeMin),
  underPredictionAtMost10Pct: misses((r) => r.underPredictOver2MinShare <= 0.1),
  /** The same bound on what the visitor is told (the point, or the top of a wide range): not the issue's target. */
  underToldAtMost10Pct: misses((r) => r.underToldOver2MinShare <= 0.1),
  /** Among visitors shown a range (the others are told «скоро»); over everyone in `rangeCoverageAll…`. */
  rangeCoverage75to85Pct: misses((r) => r.rangeShownCoverage >= 0.75 && r.rangeShownCoverage <= 0.85),
  rangeCoverageAll75to85Pct: misses((r) => r.rangeCoverage >= 0.75 && r.rangeCoverage <= 0.85),
};
const elapsedMs = Date.now() - started;

if (values.json) {
  console.log(
    JSON.stringify({
      days: Number(values.days),
      seed: Number(values.seed),
      perDay,
      elapsedMs,
      rows,
      summary,
      targets,
      targets18,
    }),
  );
} else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const w = [26, 15, 7, 7, 9, 9, 7, 9, 9, 9, 13];
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(w[i] ?? 10)).join(' ');
  console.log(
    `Prediction benchmark: ${values.days} days, ~${perDay} predictions a day, ${(elapsedMs / 1000).toFixed(0)} s`,
  );
  console.log(
    line([
      'scenario',
      'policy',
      'n',
      'wait',
      'MAE twin',
      'MAE base',
      'Δ MAE',
      'under tw',
      'under bs',
      'in range all|shown',
      'twin ms p50/99',
    ]),
  );
  for (const r of rows)
    console.log(
      line([
        r.scenario,
        r.policy,
        String(r.predictions),
        r.meanActualWaitMin.toFixed(2),
        r.predictMaeMin.toFixed(2),
        r.baselineMaeMin.toFixed(2),
        `-${pct(r.maeReduction)}`,
        pct(r.underPredictOver2MinShare),
        pct(r.baselineUnderPredictOver2MinShare),
        `${pct(r.rangeCoverage)}|${pct(r.rangeShownCoverage)}`,
        `${r.twinCpuMsP50.toFixed(1)}/${r.twinCpuMsP99.toFixed(1)}`,
      ]),
    );
  console.log(
    `\nall: twin MAE ${summary.predictMaeMin} min vs baseline ${summary.baselineMaeMin} (−${pct(summary.maeReduction)}; ` +
      `target ≥ 25%: ${targets.maeAtLeast25PctLower ? 'met' : 'NOT met'}, every scenario: ${targets.maeAtLeast25PctLowerEveryScenario ? 'met' : 'NOT met'}); ` +
      `waited > 2 min past the printed figure ${pct(summary.underPredictOver2MinShare)} ` +
      `(≤ 15%: ${targets.underPredictionAtMost15Pct ? 'met' : 'NOT met'}, every scenario: ${targets.underPredictionAtMost15PctEveryScenario ? 'met' : 'NOT met'})`,
  );
  console.log('issue 18 targets (scenarios that miss each):');
  for (const [k, v] of Object.entries(targets18)) console.log(`  ${k}: ${v.length ? v.join(', ') : 'met'}`);
}
