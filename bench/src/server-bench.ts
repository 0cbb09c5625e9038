/**
 * Office server bench: the real server as a child process, started exactly as in production, driven
 * through its public HTTP and socket.io API from this process; plus the floors it cannot beat on this
 * machine (a bare SQLite commit, a bare socket.io round trip). `--help` lists the options.
 *
 *   npm run bench:server                 readable table with PASS/FAIL (progress on stderr)
 *   npm run bench:server -- --json       one JSON object on stdout (use `npm run -s`: npm prints its own banner)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type DurableResult, runDurable } from './lib/durable.js';
import { connectBoards, type FanoutResult, runFanout } from './lib/fanout.js';
import { TalonHttp } from './lib/http.js';
import { commitBench, echoBench } from './lib/micro.js';
import { DEFAULT_ENTRY, type Options, parseOptions } from './lib/options.js';
import { type CpuWindow, cpuWindow, freePort, memoryMb, residentMb, spawnTs, waitUntilAnswered } from './lib/proc.js';
import { summarizeProfile } from './lib/profile.js';
import { type BenchResult, checks, table, targetsFor } from './lib/report.js';
import { note, round, type Summary } from './lib/stats.js';
import { checkNumberRange, issueTickets, openOffice } from './lib/workload.js';

/** Tickets waiting when the measured run starts, and the most the kiosks let wait per service (issue and call in step). */
const WAITING = 60;
const MAX_WAITING_PER_SERVICE = 24;
/** The demo office's services (each has its own number range). */
const DEMO_SERVICES = 5;
/** Untimed commands first, so that the measured run sees code the JIT has already optimised. */
const WARMUP_COMMANDS = 1000;
const WARMUP_MAX_MS = 10_000;
/** More refusals than this means the server or the workload is broken, and the numbers would mislead. */
const MAX_REFUSED_SHARE = 0.01;
/** Above this many CPUs used by other processes during the durable run, the table warns that the machine was busy. */
const BUSY_MACHINE_CPUS = 0.25;

interface Measured {
  opts: Options;
  serverNodeFlags: string[];
  coldStartMs: number;
  rssAtStartMb: number;
  rssAfterDurableMb: number;
  memory: { rss: number; peak: number };
  /** The server's own view (process.memoryUsage, MB) at the same moment. */
  breakdown: Record<string, number>;
  durable: DurableResult;
  cpu: CpuWindow;
  commit: Summary;
  echo: Summary;
  fanout: FanoutResult;
  seconds: number;
}

async function measure(opts: Options): Promise<Measured> {
  const started = performance.now();
  checkNumberRange(
    WAITING + MAX_WAITING_PER_SERVICE * DEMO_SERVICES + (WARMUP_COMMANDS + opts.commands) / 4 + opts.calls,
    DEMO_SERVICES,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'talon-bench-'));
  const cleanup = () => rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', cleanup);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeFlags = [...opts.serverNodeFlags];
  if (opts.cpuProf) nodeFlags.push('--cpu-prof', '--cpu-prof-dir', resolve(opts.cpuProf));
  // The demo office without its virtual printer: this measures the core (commands, commit, fan-out);
  // printing has its own benchmark (bench:kiosk).
  const args = ['--demo', '--printer', 'none', '--port', String(port), '--data', dataDir, '--tick-ms', '0'];
  // the core's throughput, not the per-identity rate limits (server/src/edge/rate-limits.ts)
  args.push('--rate-limits', 'tickets=off,commands=off');
  const loader = opts.serverEntry.endsWith('.ts') ? ['--import', 'tsx'] : [];
  note(`starting: node ${[...nodeFlags, ...loader, opts.serverEntry, ...args].join(' ')}`);

  // Cold start first, while nothing else of the bench runs.
  const spawnedAt = performance.now();
  const server = spawnTs(opts.serverEntry, args, nodeFlags, opts.serverLog);
  const http = new TalonHttp(url, opts.concurrency);
  const serverLog = () => server.output().slice(-4000);
  try {
    const coldStartMs = (await waitUntilAnswered(`${url}/api/health`, server)) - spawnedAt;
    note(`server pid ${server.pid} answered /api/health after ${Math.round(coldStartMs)} ms`);
    const rssAtStartMb = memoryMb(server.pid).rss;

    const office = await openOffice(http, 2);
    await issueTickets(http, office, WAITING);
    const warm = await runDurable(http, office, {
      commands: WARMUP_COMMANDS,
      concurrency: opts.concurrency,
      maxWaitingPerService: MAX_WAITING_PER_SERVICE,
      maxMs: WARMUP_MAX_MS,
    });
    note(`warm-up: ${warm.acked} commands at ${Math.round(warm.perSec)}/s`);

    const live = await connectBoards(http, url, opts.liveClients, () => {});
    note(`durable: ${opts.commands} commands, ≤ ${opts.concurrency} in flight, ${opts.liveClients} boards connected`);
    const window = cpuWindow(server.pid);
    const durable = await runDurable(http, office, {
      commands: opts.commands,
      concurrency: opts.concurrency,
      maxWaitingPerService: MAX_WAITING_PER_SERVICE,
      maxMs: opts.maxSeconds * 1000,
    });
    const cpu = window.end();
    live.close();
    note(`durable: ${Math.round(durable.perSec)} acknowledged commands/s, ${durable.refused} refused`);
    if (durable.timeCapped) note(`durable: stopped after ${opts.maxSeconds} s with ${durable.commands} commands sent`);
    if (durable.refused > 0) note(`refusals: ${JSON.stringify(durable.refusals)}`);
    if (durable.refused > durable.commands * MAX_REFUSED_SHARE)
      throw new Error(`too many refused commands: ${JSON.stringify(durable.refusals)}\n${serverLog()}`);
    const rssAfterDurableMb = memoryMb(server.pid).rss;

    // The floors right before the calls, so that they see the machine in the same state.
    note(`SQLite commit floor: ${opts.commits} commits (WAL, synchronous=FULL) in ${tmpdir()}`);
    const commit = commitBench(opts.commits);
    note(`socket.io echo floor: ${opts.roundTrips} round trips`);
    const echo = await echoBench(opts.roundTrips);

    note(`fan-out: ${opts.calls} calls to ${opts.clients} boards`);
    let memory = { rss: Number.NaN, peak: Number.NaN };
    const breakdown: Record<string, number> = {};
    const fanout = await runFanout(http, url, office, {
      clients: opts.clients,
      calls: opts.calls,
      beforeDisconnect: async () => {
        memory = memoryMb(server.pid);
        Object.assign(breakdown, residentMb(server.pid));
        const health = (await (await fetch(`${url}/api/health`)).json()) as { memoryMb?: Record<string, number> };
        Object.assign(breakdown, health.memoryMb ?? {});
      },
    });
    if (fanout.calls < opts.calls * (1 - MAX_REFUSED_SHARE))
      throw new Error(`${fanout.refused} of ${opts.calls} calls refused\n${serverLog()}`);
    note(`fan-out: p50 ${round(fanout.toClient.p50)} ms, p99 ${round(fanout.toClient.p99)} ms`);

    const seconds = (performance.now() - started) / 1000;
    return {
      opts,
      serverNodeFlags: nodeFlags,
      coldStartMs,
      rssAtStartMb,
      rssAfterDurableMb,
      memory,
      breakdown,
      durable,
      cpu,
      commit,
      echo,
      fanout,
      seconds,
    };
  } finally {
    await http.close();
    await server.stop();
    cleanup();
  }
}

function result(m: Measured): BenchResult {
  const { durable, fanout, cpu, opts } = m;
  return {
    nodeVersion: process.version,
    cpus: availableParallelism(),
    ...(m.serverNodeFlags.length > 0 ? { serverNodeFlags: m.serverNodeFlags.join(' ') } : {}),
    ...(opts.serverEntry !== DEFAULT_ENTRY ? { serverEntry: opts.serverEntry } : {}),
    commands: durable.commands,
    calls: fanout.calls,
    clients: opts.clients,
    concurrency: opts.concurrency,
    liveClientsDuringDurable: opts.liveClients,

    durableCommandsPerSec: round(durable.perSec, 0),
    durableTimeCapped: durable.timeCapped,
    acknowledgedCommands: durable.acked,
    refusedCommands: durable.refused,
    refusals: durable.refusals,
    mix: durable.mix,
    durableSeconds: round(durable.elapsedMs / 1000),
    commandP50Ms: round(durable.latency.p50),
    commandP99Ms: round(durable.latency.p99),
    meanInFlight: round(durable.meanInFlight, 1),
    serverCpuMsPerCommand: round(cpu.serverCpuMs / durable.commands, 3),
    /** What one fully available CPU would allow at that cost: an upper bound that a busy machine does not hide. */
    cpuBoundCommandsPerSec: round((durable.commands / cpu.serverCpuMs) * 1000, 0),
    serverCpus: round(cpu.server),
    benchCpus: round(cpu.bench),
    otherCpus: round(cpu.others),
    iowaitCpus: round(cpu.iowait),
    stealCpus: round(cpu.steal),

    callToClientP50Ms: round(fanout.toClient.p50),
    callToClientP99Ms: round(fanout.toClient.p99),
    callToClientMaxMs: round(fanout.toClient.max),
    callToClientSamples: fanout.toClient.n,
    callToFirstClientP99Ms: round(fanout.firstClient.p99),
    callToLastClientP99Ms: round(fanout.lastClient.p99),
    callAnswerP99Ms: round(fanout.httpAnswer.p99),
    refusedCalls: fanout.refused,

    echoP50Ms: round(m.echo.p50),
    echoP99Ms: round(m.echo.p99),
    echoRoundTrips: m.echo.n,
    commitP50Ms: round(m.commit.p50),
    commitP99Ms: round(m.commit.p99),
    commitSamples: m.commit.n,

    rssMb: round(m.memory.rss, 1),
    peakRssMb: round(m.memory.peak, 1),
    heapUsedMb: m.breakdown.heapUsed ?? Number.NaN,
    heapTotalMb: m.breakdown.heapTotal ?? Number.NaN,
    externalMb: m.breakdown.external ?? Number.NaN,
    rssAnonMb: round(m.breakdown.anon ?? Number.NaN, 1),
    rssFileMb: round(m.breakdown.file ?? Number.NaN, 1),
    rssAtStartMb: round(m.rssAtStartMb, 1),
    rssAfterDurableMb: round(m.rssAfterDurableMb, 1),
    coldStartMs: round(m.coldStartMs, 0),

    loadAverage1m: round(loadavg()[0] ?? Number.NaN),
    benchSeconds: round(m.seconds, 1),
    targets: targetsFor(m.echo.p99, m.commit.p99),
  };
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

try {
  const opts = parseOptions(process.argv.slice(2));
  const r = result(await measure(opts));
  if (opts.cpuProf) note(summarizeProfile(resolve(opts.cpuProf)));
  if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    process.stdout.write(`${table(r)}\n`);
    if (r.otherCpus > BUSY_MACHINE_CPUS)
      process.stdout.write(
        `note: other processes kept ${r.otherCpus} CPUs busy during the durable run; its numbers are pessimistic\n`,
      );
    const failed = checks(r).filter((c) => !c.pass);
    if (failed.length > 0) process.stdout.write(`FAILED: ${failed.map((c) => c.metric).join(', ')}\n`);
  }
} catch (err) {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
}
