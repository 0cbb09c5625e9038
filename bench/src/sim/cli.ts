import { parseArgs } from 'node:util';
import { simulate } from './run.js';
import { loadScenario } from './scenario.js';

/**
 * npm run sim -- --scenario bench/scenarios/normal-day.json --policy norm-deadline --days 1000 --seed 1 --json
 * Prints one JSON object with --json; a short summary otherwise.
 */
const { values } = parseArgs({
  options: {
    scenario: { type: 'string' },
    policy: { type: 'string', default: 'norm-deadline' },
    days: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    json: { type: 'boolean', default: false },
    predict: { type: 'boolean', default: false },
    'predict-every': { type: 'string', default: '1' },
    rota: { type: 'boolean', default: false },
    'no-habits': { type: 'boolean', default: false },
    daily: { type: 'boolean', default: false },
    runs: { type: 'string' },
    quantile: { type: 'string' },
  },
});

if (!values.scenario) {
  console.error('usage: npm run sim -- --scenario FILE [--policy NAME] [--days N] [--seed S] [--predict] [--json]');
  process.exit(2);
}

const result = simulate(loadScenario(values.scenario), {
  policy: values.policy,
  days: Number(values.days),
  seed: Number(values.seed),
  predict: values.predict,
  predictEvery: Number(values['predict-every']),
  rota: values.rota,
  habits: !values['no-habits'],
  daily: values.daily,
  twin: {
    ...(values.runs ? { runs: Number(values.runs) } : {}),
    ...(values.quantile ? { pointQuantile: Number(values.quantile) } : {}),
  },
});

if (values.json) console.log(JSON.stringify(result));
else {
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`${result.scenario} · ${result.policy} · ${result.days} days · seed ${result.seed}`);
  console.log(
    `tickets ${result.tickets}, within target ${pct(result.withinTargetShare)} ±${pct(result.withinTargetShareCi95)}, ` +
      `wait mean/p90/max ${result.meanWaitMin}/${result.p90WaitMin}/${result.maxWaitMin} min, ` +
      `overtaken ${pct(result.overtakenShare)}, abandoned ${pct(result.abandonedShare)}`,
  );
  console.log(
    `fairness: overtaken by later tickets p99/max ${result.overtakenByP99}/${result.overtakenByMax}, ` +
      `past the norm ${pct(result.pastNormShare)} of tickets, p90 ${result.pastNormP90Min} min past it`,
  );
  for (const [id, f] of Object.entries(result.perService))
    console.log(
      `  ${id.padEnd(14)} ${String(f.tickets).padStart(7)} within ${pct(f.withinTargetShare)}, ` +
        `mean/p90/max ${f.meanWaitMin}/${f.p90WaitMin}/${f.maxWaitMin}`,
    );
  if (result.predictMaeMin !== undefined)
    console.log(
      `prediction: twin MAE ${result.predictMaeMin} min vs baseline ${result.baselineMaeMin}; ` +
        `under by >2 min ${pct(result.underPredictOver2MinShare ?? 0)} vs ${pct(result.baselineUnderPredictOver2MinShare ?? 0)}; ` +
        `twin ${result.twinMsPerIssue} ms/issue`,
    );
  console.log(`(${result.elapsedMs} ms elapsed, ${result.cpuMs} ms CPU)`);
}
