import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dayKeyOf } from '@talon/engine';
import type { LoginResponse } from '@talon/protocol';
import { freePort, machineCpu } from '../lib/proc.js';
import { note, percentile, round, sleep } from '../lib/stats.js';
import { bundleServerEntry } from './bundle.js';
import { OperatorConsole } from './console.js';
import { Day, runKiosks } from './day.js';
import { Board, kioskScreen, RatingScreen } from './devices.js';
import { type HeartbeatFloodResult, heartbeatFlood, type LoginFloodResult, loginFlood } from './floods.js';
import { Ledger } from './ledger.js';
import type { LiveClient } from './live.js';
import { openOffice } from './office.js';
import type { LoadOptions } from './options.js';
import { type LoadResult, TARGETS } from './report.js';
import { LoadServer, SOURCE_ENTRY, whenUp } from './server.js';
import { sorted, Tally } from './tally.js';
import { verify } from './verify.js';

/** Wednesday 25 Nov 2026, 09:00 in Moscow (06:00 UTC): the day opens; set-up is an hour before. */
const DAY_START = Date.parse('2026-11-25T06:00:00Z');
/** After the last arrival the hall has this long (real time) to empty before the day is called off. */
const DRAIN_MS = 90_000;
/** Calls made this long after the server answered again (besides its 2 s of grace) count as near a restart. */
const AFTER_RESTART_MS = 5000;
/** The floods start at these points of the day's arrivals. */
const LOGIN_FLOOD_AT = 0.4;
const HEARTBEAT_FLOOD_AT = 0.6;

/** A wait that `cancel()` ends at once, so that no timer outlives the run (the test runs it in-process). */
function pause(ms: number): { done: Promise<void>; cancel: () => void } {
  let end = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const done = new Promise<void>((resolve) => {
    end = resolve;
    timer = setTimeout(resolve, ms);
  });
  return {
    done,
    cancel: () => {
      clearTimeout(timer);
      end();
    },
  };
}

/**
 * A busy office day against the real server (a child process) over HTTP and socket.io, then the check
 * of the server's state and reports against what the driver was acknowledged for.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const runStarted = performance.now();
  const tally = new Tally();
  const ledger = new Ledger();
  const dataDir = mkdtempSync(join(tmpdir(), 'talon-load-'));
  const port = await freePort();
  const bundle = opts.fromSources ? undefined : await bundleServerEntry();
  const server = new LoadServer(port, dataDir, tally, DAY_START - 3_600_000, {
    entry: bundle?.entry ?? SOURCE_ENTRY,
    nodeFlags: opts.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', resolve(opts.cpuProf)] : [],
    log: opts.serverLog,
  });
  const lives: LiveClient[] = [];
  let office: Awaited<ReturnType<typeof openOffice>> | undefined;
  let stopActors = () => {};
  try {
    await server.start();
    note(`server pid ${server.child?.pid} on ${server.url}, data in ${dataDir}`);
    office = await openOffice(server, tally, {
      operators: opts.operators,
      kiosks: opts.kiosks,
      boards: opts.boards,
      ratings: opts.ratingTerminals,
    });
    await server.setClock(DAY_START);
    const dayKey = dayKeyOf(DAY_START, office.config.timeZone);
    const speed = (opts.dayHours * 3_600_000) / (opts.seconds * 1000);
    const day = new Day(opts, server, tally, ledger, office, speed);
    stopActors = () => {
      day.stopping = true;
    };
    const consoles = office.consoles.map((c, i) => new OperatorConsole(day, c, i));
    const boards = office.boards.map((b) => new Board(day, b));
    const ratingScreens = office.ratings.map((r) => new RatingScreen(day, r));
    const others = [...office.kiosks.map((k) => kioskScreen(day, k)), ...ratingScreens.map((r) => r.live)];
    lives.push(...consoles.map((c) => c.live), ...boards.map((b) => b.live), ...others);
    const snapshotsDue = pause(30_000);
    const allReady = await Promise.race([
      Promise.all(lives.map((l) => l.ready())).then(() => true),
      snapshotsDue.done.then(() => false),
    ]);
    snapshotsDue.cancel();
    if (!allReady) throw new Error('the screens did not all receive a snapshot within 30 s');
    note(
      `office open: ${consoles.length} consoles, ${office.kiosks.length} kiosks, ${boards.length} boards, ` +
        `${ratingScreens.length} rating terminals; ${opts.visits} visitors over ${opts.seconds} s at ×${round(speed, 0)}`,
    );

    // after set-up: its new logins and sign-ins have run scrypt, whose memory the process keeps
    const rssAtOpen = server.sampleRss();
    const cpu0 = { server: server.cpuMs(), driver: process.cpuUsage(), machine: machineCpu(), t: performance.now() };
    day.begin();
    server.run(speed);

    let killing = opts.kill9Sec > 0;
    let nextKill = pause(0);
    const killLoop = (async () => {
      while (killing && (opts.kill9Count === 0 || server.restarts < opts.kill9Count)) {
        nextKill = pause(opts.kill9Sec * 1000);
        await nextKill.done;
        while (day.floodBusy && killing) await sleep(50);
        if (killing) await server.kill9AndRestart();
      }
    })();

    let loginResult: LoginFloodResult | null = null;
    let heartbeatResult: HeartbeatFloodResult | null = null;
    const floods = (async () => {
      const at = (share: number) => sleep(Math.max(0, day.start + opts.seconds * 1000 * share - performance.now()));
      // the kill loop waits while a flood runs; a flood waits for a server being restarted
      const flood = async <T>(body: () => Promise<T>): Promise<T> => {
        day.floodBusy = true;
        try {
          await whenUp(server);
          return await body();
        } finally {
          day.floodBusy = false;
        }
      };
      if (opts.floodLogins > 0) {
        await at(LOGIN_FLOOD_AT);
        note(`login flood: ${opts.floodLogins} wrong passwords`);
        loginResult = await flood(() => loginFlood(day, opts.floodLogins));
      }
      if (opts.floodHeartbeats > 0) {
        await at(HEARTBEAT_FLOOD_AT);
        const devices = office?.ratings.length ? office.ratings : (office?.boards ?? []);
        note(`heartbeat flood: ${opts.floodHeartbeats} heartbeats from ${devices.length} device tokens`);
        heartbeatResult = await flood(() => heartbeatFlood(day, devices, opts.floodHeartbeats));
      }
    })();

    const work = Promise.all([runKiosks(day, office.kiosks), ...consoles.map((c) => c.run())]);
    const progress = setInterval(
      () =>
        note(
          `${Math.round((performance.now() - day.start) / 1000)} s: ${ledger.visits.size} issued, ` +
            `${ledger.visits.size - ledger.openVisits} closed, ${tally.errorCount} errors, ${server.restarts} restarts`,
        ),
      10_000,
    );
    const dayDue = pause(opts.seconds * 1000 + DRAIN_MS);
    const finished = await Promise.race([work.then(() => true), dayDue.done.then(() => false)]);
    dayDue.cancel();
    clearInterval(progress);
    if (!finished) {
      tally.error(
        'the day did not end',
        `${ledger.openVisits} visits still open ${DRAIN_MS / 1000} s after the last arrival`,
      );
      day.stopping = true;
      await work;
    }
    await floods;
    const ratingsDue = performance.now() + 5000;
    while (ratingScreens.some((r) => r.busy) && performance.now() < ratingsDue) await sleep(50);
    killing = false;
    nextKill.cancel();
    await killLoop;
    await whenUp(server);
    server.stopTimers();
    server.sampleRss();
    const wall = performance.now() - cpu0.t;
    const driverCpu = process.cpuUsage(cpu0.driver);
    const machine = machineCpu();
    const serverCpuMs = server.cpuMs() - cpu0.server;
    const driverCpuMs = (driverCpu.user + driverCpu.system) / 1000;
    note(`day over after ${Math.round(wall / 1000)} s: checking the server's state and reports`);
    // a fresh session for the checks (the morning's may be near its end after a long day)
    const admin = await office.admin.http.send<LoginResponse>('POST', '/api/auth/login', {
      login: 'admin',
      password: 'admin-talon',
    });
    if (admin.ok) office.admin.token = admin.body.token;

    const verified = await verify(
      tally,
      ledger,
      office,
      { consoles, boards, others },
      {
        dayKey,
        killed: server.restarts > 0,
        dayCompleted: finished,
      },
    );

    // From «next» pressed to the call on each board, for calls that went through at the first try.
    const samples: number[] = [];
    const floodSamples: number[] = [];
    // with kill -9: the calls made while every screen reconnects after a restart, apart
    const settled: number[] = [];
    const nearRestart = (t: number) => server.outages.some((o) => t >= o.from && t <= o.to + AFTER_RESTART_MS);
    const answers: number[] = [];
    let replaced = 0;
    for (const call of ledger.calls) {
      if (call.retried) continue;
      answers.push(call.answeredAt - call.t0);
      for (const b of boards) {
        const at = b.arrivals.get(call.seq);
        if (at === undefined) {
          replaced++;
          continue;
        }
        samples.push(at - call.t0);
        if (call.duringFlood) floodSamples.push(at - call.t0);
        if (!nearRestart(call.t0)) settled.push(at - call.t0);
      }
    }
    if (process.env.TALON_LOAD_CALLS)
      writeFileSync(
        process.env.TALON_LOAD_CALLS,
        JSON.stringify(
          ledger.calls.map((c) => ({
            t: Math.round(c.t0 - day.start),
            answer: round(c.answeredAt - c.t0),
            boards: boards.map((b) => round((b.arrivals.get(c.seq) ?? Number.NaN) - c.t0)),
            flood: c.duringFlood,
          })),
        ),
      );
    return {
      visits: verified.visits,
      errors: tally.errorCount,
      mismatches: tally.mismatches.length,
      callToClientP99Ms: round(percentile(samples, 99)),
      callToClientP99MsDuringFlood: round(percentile(floodSamples, 99)),
      serverRssMbMax: round(server.rssMaxMb, 1),
      serverRssMbAtOpen: round(rssAtOpen, 1),
      restarts: server.restarts,
      ticketsIssued: ledger.visits.size,
      served: verified.served,
      noShows: verified.noShows,
      transfers: verified.transfers,
      recalls: verified.recalls,
      ratings: verified.ratings,
      breaks: ledger.breaks,
      calls: ledger.calls.length,
      callsRetried: ledger.calls.filter((c) => c.retried).length,
      callToClientP50Ms: round(percentile(samples, 50)),
      callToClientMaxMs: round(samples.length ? Math.max(...samples) : Number.NaN),
      callToClientSamples: samples.length,
      callToClientP99MsAwayFromRestarts: round(percentile(settled, 99)),
      callToClientSamplesAwayFromRestarts: settled.length,
      operatorSnapshotKbMax: round((consoles[0]?.live.snapshotBytesMax ?? 0) / 1024, 0),
      callAnswerP50Ms: round(percentile(answers, 50)),
      callAnswerP99Ms: round(percentile(answers, 99)),
      callToClientSamplesDuringFlood: floodSamples.length,
      callsReplacedBySnapshot: replaced,
      expectedRefusals: tally.expectedCount,
      errorsByKind: sorted(tally.errors),
      errorSamples: tally.errorSamples,
      expectedByKind: sorted(tally.expected),
      mismatchList: tally.mismatches,
      loginFlood: loginResult,
      heartbeatFlood: heartbeatResult,
      clients: {
        kiosks: office.kiosks.length,
        operators: consoles.length,
        boards: boards.length,
        ratingTerminals: ratingScreens.length,
      },
      speed: round(speed, 1),
      dayHours: opts.dayHours,
      arrivalSeconds: opts.seconds,
      runSeconds: round((performance.now() - runStarted) / 1000, 1),
      kill9Sec: opts.kill9Sec,
      resyncs: lives.reduce((n, l) => n + l.resyncs, 0),
      seq: verified.seq,
      nodeVersion: process.version,
      cpus: availableParallelism(),
      otherCpus: round(Math.max(0, machine.busyMs - cpu0.machine.busyMs - serverCpuMs - driverCpuMs) / wall),
      serverCpus: round(serverCpuMs / wall),
      driverCpus: round(driverCpuMs / wall),
      targets: TARGETS,
    };
  } catch (err) {
    throw new Error(
      `${(err as Error).stack ?? err}\n--- errors so far ---\n${tally.errorSamples.join('\n')}\n` +
        `--- server output (last 3000 chars) ---\n${server.output().slice(-3000)}`,
    );
  } finally {
    // whatever ended the run, every actor stops
    stopActors();
    for (const l of lives) l.close();
    await Promise.allSettled([
      ...(office
        ? [office.admin.http, ...office.consoles.map((c) => c.http), ...office.kiosks.map((k) => k.http)].map((e) =>
            e.close(),
          )
        : []),
      ...(office ? [...office.boards, ...office.ratings].map((d) => d.http.close()) : []),
    ]);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
    bundle?.remove();
  }
}
