import { createWriteStream, type WriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { type Child, cpuMs, memoryMb, spawnTs, waitUntilAnswered } from '../lib/proc.js';
import { note, sleep } from '../lib/stats.js';
import type { Tally } from './tally.js';

/** The entry from the TypeScript sources (through tsx); a bundle of it runs as production does (bundle.ts). */
export const SOURCE_ENTRY = fileURLToPath(new URL('./server-entry.ts', import.meta.url));

/** After the server answers again, links broken by the kill may still fail for a moment. */
const OUTAGE_GRACE_MS = 2000;
/**
 * The clock moves this often (real time); each move also runs the server's tick (automatic no-shows) and
 * its alarm evaluation, which a real server runs every 2 s: more often would load it with work it never has.
 */
const PUMP_MS = 250;
/** A stalled pump (the server restarting, the machine busy) does not make the office's time jump. */
const MAX_STEP_REAL_MS = 500;

/**
 * The office server as a child process on one data folder and port, killed with SIGKILL and started again
 * on demand, and the office's clock: virtual time that runs `speed` times faster than real time, moved
 * through `POST /api/test/clock` by this driver alone.
 */
export class LoadServer {
  child: Child | undefined;
  restarts = 0;
  rssMaxMb = 0;
  /** Real-time windows (performance.now) from a kill until the server answered again. */
  readonly outages: { from: number; to: number }[] = [];
  private outageFrom: number | undefined;
  /** The furthest office time asked for: a restarted server starts there, so its clock never goes back. */
  sent: number;
  /** The office time the server last confirmed: every command answered after that ran at this time or later. */
  known: number;
  /** Office ms per real ms. */
  speed = 0;
  private pumping = false;
  private lastPump = 0;
  private timers: ReturnType<typeof setInterval>[] = [];
  private readonly clockWaiters: { at: number; resolve: () => void }[] = [];
  private log: WriteStream | undefined;
  /** CPU time of the server processes already killed. */
  private deadCpuMs = 0;

  readonly url: string;

  constructor(
    readonly port: number,
    readonly dataDir: string,
    private readonly tally: Tally,
    now: number,
    private readonly spawn: { entry: string; nodeFlags: string[]; log: string | undefined },
  ) {
    this.url = `http://127.0.0.1:${port}`;
    this.sent = now;
    this.known = now;
  }

  get up(): boolean {
    return this.child?.alive === true && this.outageFrom === undefined;
  }

  async start(): Promise<void> {
    const args = [
      '--demo',
      '--printer',
      'none',
      '--host',
      '127.0.0.1',
      '--port',
      String(this.port),
      '--data',
      this.dataDir,
      '--tick-ms',
      '0',
      '--now',
      String(this.sent),
    ];
    // as `npm start` runs the server: the same memory flag
    const flags = ['--max-semi-space-size=2', ...this.spawn.nodeFlags];
    this.child = spawnTs(this.spawn.entry, args, flags);
    // one log for every server process of the run (a restart appends to it)
    if (this.spawn.log) {
      this.log ??= createWriteStream(this.spawn.log, { flags: 'a' });
      this.child.proc.stdout?.pipe(this.log, { end: false });
      this.child.proc.stderr?.pipe(this.log, { end: false });
    }
    await waitUntilAnswered(`${this.url}/api/health`, this.child, 60_000);
    this.sampleRss();
  }

  /** kill -9, then the same server on the same folder and port; clients find it again by themselves. */
  async kill9AndRestart(): Promise<number> {
    const child = this.child;
    if (!child) return 0;
    this.outageFrom = performance.now();
    this.sampleRss();
    this.deadCpuMs += this.childCpuMs();
    child.proc.kill('SIGKILL');
    await child.exited;
    const t0 = performance.now();
    await this.start();
    this.restarts++;
    const downMs = performance.now() - (this.outageFrom ?? t0);
    this.outages.push({ from: this.outageFrom ?? t0, to: performance.now() + OUTAGE_GRACE_MS });
    this.outageFrom = undefined;
    note(`kill -9 #${this.restarts}: the server answered again after ${Math.round(downMs)} ms`);
    return downMs;
  }

  /** Was the server down (or just back) at any moment of [from, to]? */
  overlapsOutage(from: number, to = from): boolean {
    if (this.outageFrom !== undefined && to >= this.outageFrom) return true;
    return this.outages.some((o) => from <= o.to && to >= o.from);
  }

  /** The server's resident memory now (and the run's maximum updated), MB; NaN while it is down. */
  sampleRss(): number {
    const pid = this.child?.alive ? this.child.pid : undefined;
    if (pid === undefined) return Number.NaN;
    try {
      const rss = memoryMb(pid).rss;
      this.rssMaxMb = Math.max(this.rssMaxMb, rss);
      return rss;
    } catch {
      // the process has just gone
      return Number.NaN;
    }
  }

  private childCpuMs(): number {
    try {
      return this.child?.alive ? cpuMs(this.child.pid) : 0;
    } catch {
      return 0;
    }
  }

  /** CPU time (user + system) of every server process of the run so far. */
  cpuMs(): number {
    return this.deadCpuMs + this.childCpuMs();
  }

  /** Starts moving the clock at `speed` office ms per real ms, and sampling the server's memory. */
  run(speed: number): void {
    this.speed = speed;
    this.lastPump = performance.now();
    this.timers.push(setInterval(() => void this.pump(), PUMP_MS));
    this.timers.push(setInterval(() => this.sampleRss(), 250));
  }

  setSpeed(speed: number): void {
    this.speed = speed;
  }

  stopTimers(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }

  /** Resolves once the server has confirmed office time `at` or later. */
  until(at: number): Promise<void> {
    if (this.known >= at) return Promise.resolve();
    return new Promise((resolve) => this.clockWaiters.push({ at, resolve }));
  }

  /** Sets the clock to `at` (forward only) and waits for the server to confirm it. */
  async setClock(at: number): Promise<void> {
    this.sent = Math.max(this.sent, Math.round(at));
    await this.postClock(this.sent);
  }

  private async pump(): Promise<void> {
    if (this.pumping || !this.up) return;
    this.pumping = true;
    const t = performance.now();
    const step = Math.min(t - this.lastPump, MAX_STEP_REAL_MS) * this.speed;
    this.lastPump = t;
    this.sent = Math.round(this.sent + step);
    const started = performance.now();
    try {
      await this.postClock(this.sent);
    } catch (err) {
      if (!this.overlapsOutage(started, performance.now())) this.tally.error('clock', (err as Error).message);
    } finally {
      this.pumping = false;
    }
  }

  private async postClock(now: number): Promise<void> {
    const res = await request(`${this.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now }),
      headersTimeout: 15_000,
      bodyTimeout: 15_000,
    });
    const body = (await res.body.json()) as { now?: number };
    if (res.statusCode !== 200 || typeof body.now !== 'number')
      throw new Error(`clock: ${res.statusCode} ${JSON.stringify(body)}`);
    this.known = Math.max(this.known, body.now);
    for (let i = this.clockWaiters.length - 1; i >= 0; i--) {
      const w = this.clockWaiters[i];
      if (w && w.at <= this.known) {
        this.clockWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  async stop(): Promise<void> {
    this.stopTimers();
    // nothing waits on a clock that no longer moves
    for (const w of this.clockWaiters.splice(0)) w.resolve();
    await this.child?.stop();
    this.log?.end();
  }

  output(): string {
    return this.child?.output() ?? '';
  }
}

/** Waits up to `ms` for the server to come back (the kill loop may be restarting it). */
export async function whenUp(server: LoadServer, ms = 60_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!server.up) {
    if (performance.now() > deadline) throw new Error('the server did not come back');
    await sleep(50);
  }
}
