import { builtInPolicies, TWIN_DEFAULTS, type TwinOptions } from '@talon/engine';
import { playDay } from './day.js';
import { Metrics, type PredictionFigures } from './metrics.js';
import { PresenceLog } from './presence-log.js';
import { officeConfigOf, type Scenario } from './scenario.js';
import { twinModelOf } from './twin-model.js';
import { policyTable } from './variants.js';

export interface SimOptions {
  policy: string;
  days: number;
  seed: number;
  /** Score the digital twin against the vendor-style baseline on every `predictEvery`-th ticket. */
  predict?: boolean;
  predictEvery?: number;
  /** Give the twin the rota (planned breaks and shift ends). */
  rota?: boolean;
  /**
   * Give the twin each operator's days from the run's own log, as the office server reads them from its log
   * (`PresenceLog`; default on). Off: the scenario's hourly break profile (phase 3).
   */
  habits?: boolean;
  twin?: TwinOptions;
  /** Include each day's within-target share (for paired comparisons between policies). */
  daily?: boolean;
}

export type SimResult = ReturnType<Metrics['result']> & {
  scenario: string;
  policy: string;
  days: number;
  seed: number;
  elapsedMs: number;
  /** CPU time of this process (user + system): steadier than elapsed time on a shared machine. */
  cpuMs: number;
  refusals: Record<string, number>;
  dailyWithinShares?: number[];
  dailyAbandonedShares?: number[];
} & Partial<PredictionFigures & { predictEvery: number; twinRuns: number; twinPointQuantile: number }>;

export function simulate(s: Scenario, o: SimOptions): SimResult {
  const policies = policyTable(o.policy);
  if (!policies)
    throw new Error(
      `unknown policy ${o.policy}; known: ${Object.keys(builtInPolicies).join(', ')}, norm-deadline~past<min>~x<times>`,
    );
  const config = officeConfigOf(s, o.policy);
  const metrics = new Metrics(s);
  const every = Math.max(1, o.predictEvery ?? 1);
  const twin = { ...TWIN_DEFAULTS, ...o.twin, ...(policies === builtInPolicies ? {} : { policies }) };
  const habits = o.predict === true && o.habits !== false && !o.rota ? new PresenceLog(s.timeZone) : undefined;
  const model = (dayStart: number) => {
    const m = twinModelOf(s, { rota: o.rota ?? false, dayStart });
    return habits ? habits.apply(m) : m;
  };
  const predict = o.predict ? { model, options: twin, every } : undefined;
  const started = Date.now();
  const cpu0 = process.cpuUsage();
  for (let day = 0; day < o.days; day++) {
    metrics.addDay(playDay(s, config, o.seed, day, predict, habits?.tap, policies));
    habits?.endDay();
  }
  const out: SimResult = {
    scenario: s.name,
    policy: o.policy,
    days: o.days,
    seed: o.seed,
    ...metrics.result(),
    refusals: metrics.refusals,
    ...(o.daily
      ? {
          dailyWithinShares: metrics.dailyShares.map((x) => Math.round(x * 1e5) / 1e5),
          dailyAbandonedShares: metrics.dailyAbandoned.map((x) => Math.round(x * 1e5) / 1e5),
        }
      : {}),
    elapsedMs: Date.now() - started,
    cpuMs: Math.round((process.cpuUsage().user - cpu0.user + process.cpuUsage().system - cpu0.system) / 1000),
  };
  if (o.predict)
    Object.assign(out, metrics.predictions(), {
      predictEvery: every,
      twinRuns: twin.runs,
      twinPointQuantile: twin.pointQuantile,
    });
  return out;
}
