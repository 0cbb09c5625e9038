import { round } from '../lib/stats.js';
import type { HeartbeatFloodResult, LoginFloodResult } from './floods.js';

export const TARGETS = {
  minVisits: 1000,
  maxErrors: 0,
  maxMismatches: 0,
  maxCallToClientP99Ms: 50,
  maxCallToClientP99MsDuringFlood: 100,
};

/** The keys `npm run load -- --json` promises (more follow them). */
export interface LoadResult {
  visits: number;
  errors: number;
  mismatches: number;
  callToClientP99Ms: number;
  callToClientP99MsDuringFlood: number;
  serverRssMbMax: number;
  /** After set-up, before the first visitor. */
  serverRssMbAtOpen: number;
  restarts: number;
  ticketsIssued: number;
  served: number;
  noShows: number;
  transfers: number;
  recalls: number;
  ratings: number;
  breaks: number;
  calls: number;
  /** Calls whose callNext had to be sent again after a kill: left out of the latencies. */
  callsRetried: number;
  callToClientP50Ms: number;
  callToClientMaxMs: number;
  callToClientSamples: number;
  callToClientSamplesDuringFlood: number;
  /** With kill -9: calls made more than 7 s after the server answered again. */
  callToClientP99MsAwayFromRestarts: number;
  callToClientSamplesAwayFromRestarts: number;
  /** The largest snapshot an operator console received (on connect, after each restart), KB of JSON. */
  operatorSnapshotKbMax: number;
  /** Calls a board got only inside a reconnect's snapshot (after a kill), not as an event. */
  callsReplacedBySnapshot: number;
  expectedRefusals: number;
  errorsByKind: Record<string, number>;
  errorSamples: string[];
  expectedByKind: Record<string, number>;
  mismatchList: string[];
  loginFlood: LoginFloodResult | null;
  heartbeatFlood: HeartbeatFloodResult | null;
  clients: { kiosks: number; operators: number; boards: number; ratingTerminals: number };
  /** Office ms per real ms outside the floods. */
  speed: number;
  dayHours: number;
  arrivalSeconds: number;
  runSeconds: number;
  kill9Sec: number;
  resyncs: number;
  nodeVersion: string;
  cpus: number;
  /** CPUs kept busy by other processes during the run (a busy machine makes latencies pessimistic). */
  otherCpus: number;
  serverCpus: number;
  driverCpus: number;
  targets: typeof TARGETS;
  [more: string]: unknown;
}

export function checks(r: LoadResult): { metric: string; pass: boolean }[] {
  return [
    { metric: 'visits', pass: r.visits >= TARGETS.minVisits },
    { metric: 'errors', pass: r.errors <= TARGETS.maxErrors },
    { metric: 'mismatches', pass: r.mismatches <= TARGETS.maxMismatches },
    { metric: 'callToClientP99Ms', pass: r.callToClientP99Ms <= TARGETS.maxCallToClientP99Ms },
    {
      metric: 'callToClientP99MsDuringFlood',
      pass: r.callToClientP99MsDuringFlood <= TARGETS.maxCallToClientP99MsDuringFlood,
    },
  ];
}

const ms = (x: number) => (Number.isFinite(x) ? `${round(x, 1)} ms` : '—');

export function table(r: LoadResult): string {
  const pass = new Map(checks(r).map((c) => [c.metric, c.pass ? 'PASS' : 'FAIL']));
  const lf = r.loginFlood;
  const hf = r.heartbeatFlood;
  const rows: [string, string, string, string][] = [
    ['visits (closed, in the day report)', String(r.visits), `>= ${TARGETS.minVisits}`, pass.get('visits') ?? ''],
    ['  tickets issued / served / no-shows', `${r.ticketsIssued} / ${r.served} / ${r.noShows}`, '', ''],
    ['  transfers / recalls / ratings / breaks', `${r.transfers} / ${r.recalls} / ${r.ratings} / ${r.breaks}`, '', ''],
    ['errors (unexpected)', String(r.errors), '= 0', pass.get('errors') ?? ''],
    ['expected refusals (floods, races, kills)', String(r.expectedRefusals), '', ''],
    ['mismatches (server vs acknowledged)', String(r.mismatches), '= 0', pass.get('mismatches') ?? ''],
    [
      `call → board p99 (${r.callToClientSamples} samples)`,
      ms(r.callToClientP99Ms),
      `<= ${TARGETS.maxCallToClientP99Ms} ms`,
      pass.get('callToClientP99Ms') ?? '',
    ],
    ['  p50 / max', `${ms(r.callToClientP50Ms)} / ${ms(r.callToClientMaxMs)}`, '', ''],
    [
      `call → board p99 during floods (${r.callToClientSamplesDuringFlood})`,
      ms(r.callToClientP99MsDuringFlood),
      `<= ${TARGETS.maxCallToClientP99MsDuringFlood} ms`,
      pass.get('callToClientP99MsDuringFlood') ?? '',
    ],
    [
      'login flood: 401 / locked / 429 / let in',
      lf ? `${lf.badCredentials} / ${lf.locked} / ${lf.rateLimited} / ${lf.accepted}` : '—',
      '',
      '',
    ],
    [
      'heartbeat flood: accepted / refused (limit)',
      hf ? `${hf.accepted} / ${hf.refused} (≤ ${hf.allowedAtMost})` : '—',
      '',
      '',
    ],
    ['kill -9 restarts', String(r.restarts), '', ''],
    ...(r.restarts > 0
      ? ([
          [
            `  call → board p99 away from restarts (${r.callToClientSamplesAwayFromRestarts})`,
            ms(r.callToClientP99MsAwayFromRestarts),
            '',
            '',
          ],
        ] as [string, string, string, string][])
      : []),
    ['server RSS max (at opening)', `${round(r.serverRssMbMax, 1)} MB (${round(r.serverRssMbAtOpen, 1)} MB)`, '', ''],
    ['CPUs busy: server / driver / others', `${r.serverCpus} / ${r.driverCpus} / ${r.otherCpus}`, '', ''],
  ];
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((x) => x[i]?.length ?? 0)));
  const line = (x: string[]) =>
    `${(x[0] ?? '').padEnd(w[0] ?? 0)}  ${(x[1] ?? '').padStart(w[1] ?? 0)}  ${(x[2] ?? '').padEnd(w[2] ?? 0)}  ${x[3] ?? ''}`.trimEnd();
  const rule = '-'.repeat((w[0] ?? 0) + (w[1] ?? 0) + (w[2] ?? 0) + 10);
  const out = [
    `Talon load: a ${r.dayHours} h office day in ${round(r.arrivalSeconds, 0)} s (×${round(r.speed, 0)}), ` +
      `${r.clients.kiosks} kiosks, ${r.clients.operators} consoles, ${r.clients.boards} boards, ` +
      `${r.clients.ratingTerminals} rating terminals${r.kill9Sec > 0 ? `, kill -9 every ${r.kill9Sec} s` : ''}; ` +
      `Node ${r.nodeVersion}, ${r.cpus} CPUs, ${round(r.runSeconds, 0)} s`,
    rule,
    ...rows.map(line),
    rule,
  ];
  if (r.errors > 0) out.push(`errors: ${JSON.stringify(r.errorsByKind)}`, ...r.errorSamples.map((s) => `  ${s}`));
  if (r.mismatches > 0) out.push('mismatches:', ...r.mismatchList.map((m) => `  ${m}`));
  return out.join('\n');
}
