import { round } from './stats.js';

export interface Targets {
  minDurableCommandsPerSec: number;
  maxCallToClientP99Ms: number;
  /** echoP99Ms + commitP99Ms + 5 on this machine: delivery should cost little more than its two floors. */
  maxCallToClientP99MsFromFloors: number;
  maxRssMb: number;
  maxColdStartMs: number;
}

export function targetsFor(echoP99Ms: number, commitP99Ms: number): Targets {
  return {
    minDurableCommandsPerSec: 1000,
    maxCallToClientP99Ms: 20,
    maxCallToClientP99MsFromFloors: round(echoP99Ms + commitP99Ms + 5),
    maxRssMb: 150,
    maxColdStartMs: 3000,
  };
}

/** The keys every consumer of `--json` may rely on (more may follow them). */
export interface BenchResult {
  nodeVersion: string;
  commands: number;
  calls: number;
  clients: number;
  durableCommandsPerSec: number;
  callToClientP50Ms: number;
  callToClientP99Ms: number;
  echoP99Ms: number;
  commitP99Ms: number;
  rssMb: number;
  coldStartMs: number;
  /** CPUs kept busy by other processes during the durable run. */
  otherCpus: number;
  targets: Targets;
  [more: string]: unknown;
}

interface Row {
  metric: string;
  value: string;
  target: string;
  verdict: string;
}

const ms = (x: number) => `${round(x, x < 1 ? 3 : 2)} ms`;

export function checks(r: BenchResult): { metric: string; pass: boolean }[] {
  const t = r.targets;
  return [
    { metric: 'durableCommandsPerSec', pass: r.durableCommandsPerSec >= t.minDurableCommandsPerSec },
    { metric: 'callToClientP99Ms', pass: r.callToClientP99Ms <= t.maxCallToClientP99Ms },
    { metric: 'callToClientP99Ms (floors)', pass: r.callToClientP99Ms <= t.maxCallToClientP99MsFromFloors },
    { metric: 'rssMb', pass: r.rssMb <= t.maxRssMb },
    { metric: 'coldStartMs', pass: r.coldStartMs <= t.maxColdStartMs },
  ];
}

export function table(r: BenchResult): string {
  const t = r.targets;
  const verdict = new Map(checks(r).map((c) => [c.metric, c.pass ? 'PASS' : 'FAIL']));
  const num = (k: string) => (typeof r[k] === 'number' ? (r[k] as number) : Number.NaN);
  const rows: Row[] = [
    {
      metric: `durable commands/s (${r.commands} via HTTP${r.durableTimeCapped === true ? ', time-capped' : ''})`,
      value: String(Math.round(r.durableCommandsPerSec)),
      target: `>= ${t.minDurableCommandsPerSec}`,
      verdict: verdict.get('durableCommandsPerSec') ?? '',
    },
    { metric: '  refused commands', value: String(num('refusedCommands')), target: '', verdict: '' },
    {
      metric: '  command latency p50 / p99',
      value: `${ms(num('commandP50Ms'))} / ${ms(num('commandP99Ms'))}`,
      target: '',
      verdict: '',
    },
    { metric: '  mean requests in flight', value: String(round(num('meanInFlight'), 1)), target: '', verdict: '' },
    {
      metric: '  server CPU per command (→ commands/s)',
      value: `${ms(num('serverCpuMsPerCommand'))} (${num('cpuBoundCommandsPerSec')})`,
      target: '',
      verdict: '',
    },
    {
      metric: '  CPUs busy: server / bench / others',
      value: `${num('serverCpus')} / ${num('benchCpus')} / ${r.otherCpus}`,
      target: '',
      verdict: '',
    },
    {
      metric: `call → board p50 (${r.calls} calls × ${r.clients})`,
      value: ms(r.callToClientP50Ms),
      target: '',
      verdict: '',
    },
    {
      metric: 'call → board p99',
      value: ms(r.callToClientP99Ms),
      target: `<= ${t.maxCallToClientP99Ms} ms`,
      verdict: verdict.get('callToClientP99Ms') ?? '',
    },
    {
      metric: 'call → board p99 vs floors',
      value: ms(r.callToClientP99Ms),
      target: `<= ${ms(t.maxCallToClientP99MsFromFloors)} (echo+commit+5)`,
      verdict: verdict.get('callToClientP99Ms (floors)') ?? '',
    },
    {
      metric: '  first / last board p99',
      value: `${ms(num('callToFirstClientP99Ms'))} / ${ms(num('callToLastClientP99Ms'))}`,
      target: '',
      verdict: '',
    },
    { metric: '  operator HTTP answer p99', value: ms(num('callAnswerP99Ms')), target: '', verdict: '' },
    {
      metric: 'socket.io echo p50 / p99',
      value: `${ms(num('echoP50Ms'))} / ${ms(r.echoP99Ms)}`,
      target: '',
      verdict: '',
    },
    {
      metric: 'SQLite commit p50 / p99 (FULL)',
      value: `${ms(num('commitP50Ms'))} / ${ms(r.commitP99Ms)}`,
      target: '',
      verdict: '',
    },
    {
      metric: 'server RSS after run',
      value: `${round(r.rssMb, 1)} MB`,
      target: `<= ${t.maxRssMb} MB`,
      verdict: verdict.get('rssMb') ?? '',
    },
    { metric: '  server peak RSS', value: `${round(num('peakRssMb'), 1)} MB`, target: '', verdict: '' },
    {
      metric: '  anonymous / file-backed',
      value: `${num('rssAnonMb')} / ${num('rssFileMb')} MB`,
      target: '',
      verdict: '',
    },
    {
      metric: '  heap used / total / external',
      value: `${num('heapUsedMb')} / ${num('heapTotalMb')} / ${num('externalMb')} MB`,
      target: '',
      verdict: '',
    },
    {
      metric: 'cold start (spawn → /api/health)',
      value: `${Math.round(r.coldStartMs)} ms`,
      target: `<= ${t.maxColdStartMs} ms`,
      verdict: verdict.get('coldStartMs') ?? '',
    },
  ];
  const header: Row = { metric: 'metric', value: 'value', target: 'target', verdict: '' };
  const w = (k: keyof Row) => Math.max(...[header, ...rows].map((x) => x[k].length));
  const line = (x: Row) =>
    `${x.metric.padEnd(w('metric'))}  ${x.value.padStart(w('value'))}  ${x.target.padEnd(w('target'))}  ${x.verdict}`.trimEnd();
  const rule = '-'.repeat(w('metric') + w('value') + w('target') + 10);
  return [
    `Talon office server bench — Node ${r.nodeVersion}, ${String(r.cpus)} CPUs, ${String(r.benchSeconds)} s${
      typeof r.serverNodeFlags === 'string' ? `, server flags: ${r.serverNodeFlags}` : ''
    }`,
    rule,
    line(header),
    rule,
    ...rows.map(line),
    rule,
  ].join('\n');
}
