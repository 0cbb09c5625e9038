import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { sleep } from './stats.js';

/** The repository root: the server is started from there exactly as in production. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** A port nobody listens on right now (the OS picks it; released before the child binds it). */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => res(port));
    });
  });
}

/** A child node process whose output is kept (not printed) so that `--json` stdout stays clean. */
export class Child {
  private out: string[] = [];
  readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined;

  constructor(readonly proc: ChildProcess) {
    const keep = (b: Buffer) => {
      this.out.push(b.toString());
      if (this.out.length > 400) this.out.splice(0, 200);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    this.exited = new Promise((res) =>
      proc.once('exit', (code) => {
        this.exitCode = code;
        res(code);
      }),
    );
  }

  get pid(): number {
    if (this.proc.pid === undefined) throw new Error('child has no pid');
    return this.proc.pid;
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  output(): string {
    return this.out.join('');
  }

  /** Resolves with the first match of `re` in the child's output so far or to come. */
  waitFor(re: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = re.exec(this.output());
        if (!m) return false;
        cleanup();
        resolve(m);
        return true;
      };
      const onExit = () => {
        cleanup();
        reject(new Error(`child exited before printing ${re}:\n${this.output()}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`child did not print ${re} within ${timeoutMs} ms:\n${this.output()}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.proc.stdout?.off('data', check);
        this.proc.off('exit', onExit);
      };
      if (check()) return;
      this.proc.stdout?.on('data', check);
      this.proc.once('exit', onExit);
    });
  }

  /** SIGTERM (the server closes cleanly, which also writes a --cpu-prof profile), SIGKILL after 5 s. */
  async stop(): Promise<void> {
    if (!this.alive) return;
    this.proc.kill('SIGTERM');
    const done = await Promise.race([this.exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      this.proc.kill('SIGKILL');
      await this.exited;
    }
  }
}

const live = new Set<Child>();
// Never leave a server behind, whatever ends the bench.
process.once('exit', () => {
  for (const c of live) if (c.alive) c.proc.kill('SIGKILL');
});

/**
 * `node [flags] --import tsx <script> [args]` from the repository root (no tsx for a built .js/.mjs script);
 * `logFile` also receives everything the child prints.
 */
export function spawnTs(script: string, args: string[], nodeFlags: string[] = [], logFile?: string): Child {
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const proc = spawn(process.execPath, [...nodeFlags, ...loader, script, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (logFile) {
    const log = createWriteStream(logFile);
    proc.stdout?.pipe(log, { end: false });
    proc.stderr?.pipe(log, { end: false });
    proc.once('exit', () => log.end());
  }
  const child = new Child(proc);
  live.add(child);
  void child.exited.then(() => live.delete(child));
  return child;
}

/** Polls until the URL answers 2xx; returns when it first did. Fails if the child dies first. */
export async function waitUntilAnswered(url: string, child: Child, timeoutMs = 30_000): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (!child.alive) throw new Error(`server exited before answering:\n${child.output()}`);
    try {
      const res = await request(url, { method: 'GET', headersTimeout: 2000, bodyTimeout: 2000 });
      await res.body.dump();
      if (res.statusCode >= 200 && res.statusCode < 300) return performance.now();
    } catch {
      // not listening yet
    }
    await sleep(5);
  }
  throw new Error(`no answer from ${url} within ${timeoutMs} ms:\n${child.output()}`);
}

/** Resident memory of a process in MB (VmRSS), and its peak (VmHWM). Linux only. */
export function memoryMb(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    if (!m?.[1]) throw new Error(`${key} missing in /proc/${pid}/status`);
    return Number(m[1]);
  };
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * Where a process's resident memory is, in MB, from /proc/<pid>/status: anonymous (the V8 heap, malloc,
 * buffers) and file-backed (the node binary, native modules). Linux only.
 */
export function residentMb(pid: number): { anon: number; file: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { anon: kb('RssAnon') / 1024, file: kb('RssFile') / 1024 };
}

/** CPU time (user + system) a process has used so far, in ms, from /proc/<pid>/stat. Linux only. */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name; utime and stime are the 14th and 15th fields overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SEC;
}

/** USER_HZ: 100 on every Linux that Node supports. */
const CLOCK_TICKS_PER_SEC = 100;

export interface MachineCpu {
  /** CPU-seconds spent busy (not idle, not waiting for I/O) by every process, and stolen by the hypervisor. */
  busyMs: number;
  iowaitMs: number;
  stealMs: number;
}

/** Whole-machine CPU counters from /proc/stat, to tell a slow server from a busy machine. */
export function machineCpu(): MachineCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user, nice, system, , iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  const ms = (t: number | undefined) => ((t ?? 0) * 1000) / CLOCK_TICKS_PER_SEC;
  return {
    busyMs: ms(user) + ms(nice) + ms(system) + ms(irq) + ms(softirq),
    iowaitMs: ms(iowait),
    stealMs: ms(steal),
  };
}

export interface CpuWindow {
  /** Server CPU (user + system) per ms of wall time, i.e. how many CPUs it kept busy. */
  server: number;
  bench: number;
  /** Every other process on the machine: a busy machine explains a slow run. */
  others: number;
  iowait: number;
  steal: number;
  serverCpuMs: number;
}

/** Starts counting CPU time; `end()` says how it was shared over the elapsed wall time. */
export function cpuWindow(serverPid: number): { end(): CpuWindow } {
  const t0 = performance.now();
  const server0 = cpuMs(serverPid);
  const bench0 = process.cpuUsage();
  const machine0 = machineCpu();
  return {
    end() {
      const wall = performance.now() - t0;
      const serverCpuMs = cpuMs(serverPid) - server0;
      const b = process.cpuUsage(bench0);
      const benchMs = (b.user + b.system) / 1000;
      const m = machineCpu();
      return {
        server: serverCpuMs / wall,
        bench: benchMs / wall,
        others: Math.max(0, m.busyMs - machine0.busyMs - serverCpuMs - benchMs) / wall,
        iowait: (m.iowaitMs - machine0.iowaitMs) / wall,
        steal: (m.stealMs - machine0.stealMs) / wall,
        serverCpuMs,
      };
    },
  };
}
