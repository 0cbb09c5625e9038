import { performance } from 'node:perf_hooks';
import { seedOf, type WhatIfSim } from '@talon/engine';
import type { WhatIfAnswer, WhatIfResult } from '@talon/protocol';

/**
 * The what-if runs in the background of the one writer's process and must never slow the hall: it is cut
 * into slices of a few milliseconds (one virtual hour of one simulated day each), run between the hall's
 * requests with `setImmediate`, and paced so that on average it takes at most `budgetMsPerSec` of CPU per
 * second. Each run has a cap on simulated days and on CPU; results are cached per (day, plans, rules,
 * configuration, history).
 */
export interface WhatIfJobsOptions {
  /** Average CPU per second of wall time (a quarter of a core by default: commands take a few ms each). */
  budgetMsPerSec?: number;
  /** Longest slice before yielding to the event loop. */
  sliceMs?: number;
  /** CPU cap per run: past it the run ends at the next day boundary with the days played so far. */
  maxCpuMs?: number;
  /** Results kept. */
  cacheSize?: number;
  /** Runs waiting at once; a further request is answered «pending» and started when there is room. */
  maxQueued?: number;
  /** Monotonic milliseconds (injectable for tests). */
  cpuNow?: () => number;
}

export const WHATIF_BUDGET_MS_PER_SEC = 250;
export const WHATIF_SLICE_MS = 8;
export const WHATIF_MAX_CPU_MS = 20_000;

type Meta = Omit<WhatIfResult, 'plans' | 'days' | 'cpuMs'>;

interface Job {
  key: string;
  sim: WhatIfSim;
  meta: Meta;
  spentMs: number;
}

/** A stable key for a run: the inputs that decide its result. */
export function whatIfKey(parts: unknown): string {
  const text = JSON.stringify(parts);
  return `${seedOf(text).toString(36)}-${text.length}`;
}

export class WhatIfJobs {
  private readonly done = new Map<string, WhatIfResult>();
  private readonly queue: Job[] = [];
  private running = false;
  private stopped = false;
  private timer: { cancel(): void } | null = null;
  private readonly budget: number;
  private readonly sliceMs: number;
  private readonly maxCpuMs: number;
  private readonly cacheSize: number;
  private readonly maxQueued: number;
  private readonly cpuNow: () => number;

  constructor(opts: WhatIfJobsOptions = {}) {
    this.budget = opts.budgetMsPerSec ?? WHATIF_BUDGET_MS_PER_SEC;
    this.sliceMs = opts.sliceMs ?? WHATIF_SLICE_MS;
    this.maxCpuMs = opts.maxCpuMs ?? WHATIF_MAX_CPU_MS;
    this.cacheSize = opts.cacheSize ?? 32;
    this.maxQueued = opts.maxQueued ?? 4;
    this.cpuNow = opts.cpuNow ?? (() => performance.now());
  }

  /**
   * The answer for `key`: the cached result, or «pending» with the progress of its run (started now if it
   * is new; `make` builds the simulation only then).
   */
  answer(key: string, date: string, make: () => { sim: WhatIfSim; meta: Meta }): WhatIfAnswer {
    const hit = this.done.get(key);
    if (hit) {
      // most recently used last
      this.done.delete(key);
      this.done.set(key, hit);
      return { status: 'done', ...hit };
    }
    let job = this.queue.find((j) => j.key === key);
    if (!job) {
      const { sim, meta } = make();
      job = { key, sim, meta, spentMs: 0 };
      // a new question replaces the oldest one nobody has started on
      if (this.queue.length >= this.maxQueued) this.queue.splice(1, 1);
      this.queue.push(job);
      this.schedule(0);
    }
    return { status: 'pending', date, done: job.sim.done, total: job.sim.total };
  }

  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
    this.timer = null;
    this.queue.length = 0;
  }

  private schedule(delayMs: number): void {
    if (this.stopped || this.running || this.timer) return;
    // unref'd: a run in progress never keeps a stopping server alive
    if (delayMs > 0) {
      const t = setTimeout(() => this.slice(), delayMs).unref();
      this.timer = { cancel: () => clearTimeout(t) };
    } else {
      const t = setImmediate(() => this.slice()).unref();
      this.timer = { cancel: () => clearImmediate(t) };
    }
  }

  private slice(): void {
    this.timer = null;
    const job = this.queue[0];
    if (!job || this.stopped) return;
    this.running = true;
    const t0 = this.cpuNow();
    let more = true;
    try {
      do more = job.sim.step();
      while (more && this.cpuNow() - t0 < this.sliceMs);
    } finally {
      this.running = false;
    }
    const used = this.cpuNow() - t0;
    job.spentMs += used;
    const capped = job.spentMs >= this.maxCpuMs && job.sim.atDayBoundary && job.sim.daysPlayed > 0;
    if (!more || capped) this.finish(job);
    // paced: a slice of `used` ms is followed by enough idle time to keep the average within the budget
    if (this.queue.length > 0) this.schedule(Math.max(0, used * (1000 / this.budget - 1)));
  }

  private finish(job: Job): void {
    this.queue.shift();
    this.done.set(job.key, {
      ...job.meta,
      days: job.sim.daysPlayed,
      cpuMs: Math.round(job.spentMs),
      plans: job.sim.result(),
    });
    while (this.done.size > this.cacheSize) this.done.delete(this.done.keys().next().value as string);
  }
}
