import type { EngineState, OfficeConfig } from '@talon/protocol';
import type { Random } from './predict-random.js';
import type { OfficeRunner } from './predict-runner.js';
import type { TwinModel } from './predict-twin.js';
import { weekdayOf } from './staffing/history.js';
import type { OperatorDay } from './staffing/presence.js';
import { localMinuteOfDay, localTimeToEpoch } from './time.js';

const MIN = 60_000;
/** With this many past days on today's weekday an operator's habit is read from those alone. */
export const HABIT_SAME_WEEKDAY_DAYS = 3;
/** A logout this close to the office's closing time is the end of the day, not an early leave. */
const END_OF_DAY_SLACK_MIN = 15;

/**
 * Each operator's days a replay draws from (today's weekday first), breaks at their planned starts; with
 * today's local midnight and closing minute, which every replay needs (reading a zone is not cheap).
 */
export interface HabitPools {
  days: ReadonlyMap<string, readonly OperatorDay[]>;
  midnight: number;
  closeMin: number;
}

const NO_HABITS: HabitPools = { days: new Map(), midnight: 0, closeMin: 0 };

/**
 * The days each operator's habit is read from, once per estimate: days before today, the same weekday alone
 * once there are `HABIT_SAME_WEEKDAY_DAYS` of them (an operator who works late on Thursdays does so on
 * Thursdays), each break moved to its planned start (`plannedStart`).
 */
export function habitPools(model: TwinModel, config: OfficeConfig, dayKey: string): HabitPools {
  const all = model.operatorDays;
  if (!all) return NO_HABITS;
  // The same days serve every estimate of the day (the office's history is read once a day): built once.
  const cached = poolCache.get(all);
  if (cached?.dayKey === dayKey && cached.config === config) return cached.pools;
  const days = new Map<string, OperatorDay[]>();
  const weekday = weekdayOf(dayKey);
  for (const [id, list] of Object.entries(all)) {
    const past = list.filter((d) => d.dayKey < dayKey);
    if (past.length === 0) continue;
    const same = past.filter((d) => weekdayOf(d.dayKey) === weekday);
    const pool = same.length >= HABIT_SAME_WEEKDAY_DAYS ? same : past;
    const plans: number[] = [];
    days.set(
      id,
      pool.map((d) => ({ ...d, breaks: d.breaks.map((b, k) => plannedStart(pool, k, b, plans)) })),
    );
  }
  const closeMin = Math.max(
    0,
    ...(config.receptionHours[weekday] ?? []).map(([, b]) => {
      const [h, m] = b.split(':').map(Number) as [number, number];
      return h * 60 + m;
    }),
  );
  const pools = { days, midnight: localTimeToEpoch(dayKey, '00:00', config.timeZone), closeMin };
  poolCache.set(all, { dayKey, config, pools });
  return pools;
}

const poolCache = new WeakMap<object, { dayKey: string; config: OfficeConfig; pools: HabitPools }>();

/**
 * One day per operator for a replay: the break under way, the breaks still to come and the end of the shift
 * all come from one and the same day.
 */
export function pickHabits(pools: HabitPools, r: Random): Map<string, OperatorDay> {
  const picked = new Map<string, OperatorDay>();
  for (const [id, pool] of pools.days) {
    const d = pool[Math.floor(r() * pool.length)];
    if (d) picked.set(id, d);
  }
  return picked;
}

/** The low quantile of a break's starts over the days: where the operator's plan for it lies. */
export const HABIT_PLAN_QUANTILE = 0.2;

/**
 * A break starts when the operator is free after its planned time, so the log's starts are the plan plus the
 * rest of whichever visit was under way; replaying them as the plan would add that wait twice. The days'
 * low quantile of the n-th break's start is taken as its plan; its length is the drawn day's own.
 */
function plannedStart(pool: readonly OperatorDay[], k: number, b: { from: number; to: number }, plans: number[]) {
  let plan = plans[k];
  if (plan === undefined) {
    const starts = pool.flatMap((d) => (d.breaks[k] ? [d.breaks[k].from] : [])).sort((x, y) => x - y);
    plan = starts[Math.floor(HABIT_PLAN_QUANTILE * (starts.length - 1))] ?? b.from;
    plans[k] = plan;
  }
  return { from: plan, to: plan + (b.to - b.from) };
}

/** How long the break an operator is on lasts in their habit day: the one they are on is the n-th today. */
export function habitBreakMin(day: OperatorDay, takenToday: number): number | undefined {
  const b = day.breaks[Math.max(0, takenToday - 1)];
  return b && b.to > b.from ? b.to - b.from : undefined;
}

/**
 * The rest of today as each operator's habit day has it: the breaks not yet taken today (the first
 * `breaksTakenToday` of the day are), a break overdue by less than its own length taken at once and one
 * overdue by more left out (today went otherwise); an end of a session before closing time is an early leave
 * (after the visitor at the window); a session starting later is a login at its window. The engine still
 * refuses a break or a logout that would leave the hall empty, as in the day.
 */
export function scheduleHabits(
  runner: OfficeRunner,
  habits: ReadonlyMap<string, OperatorDay>,
  pools: HabitPools,
  model: TwinModel,
  state: EngineState,
  now: number,
): void {
  if (habits.size === 0) return;
  const { midnight, closeMin } = pools;
  const at = (minute: number) => midnight + minute * MIN;
  for (const [id, day] of habits) {
    const op = state.operators[id];
    const atWork = op !== undefined && op.status !== 'logged-out';
    const taken = model.breaksTakenToday?.[id] ?? 0;
    for (const b of day.breaks.slice(taken)) {
      const len = b.to - b.from;
      if (len <= 0 || at(b.to) <= now) continue;
      const start = Math.max(now, at(b.from));
      runner.at(start, () => runner.planBreak(id, len, start + len * MIN));
    }
    for (const s of day.sessions) {
      if (at(s.from) > now) runner.at(at(s.from), () => runner.login(id, s.windowId));
      if (s.to !== null && s.to < closeMin - END_OF_DAY_SLACK_MIN && at(s.to) > now && (atWork || at(s.from) > now))
        runner.at(at(s.to), () => runner.endShift(id, false));
    }
  }
}

/**
 * Breaks the office's history says operators take, for the operators the twin has no days of: for each one
 * at work (not already on break), one break whose start falls in each coming hour with that hour's share (the
 * first hour pro rata), at a uniform moment in it. The twin does not know who has had a break today, so the
 * hour's share is the chance itself: drawing hour by hour ("given none yet") made a lunch that is certain in
 * the office (0.5 + 0.5 of the operators in two hours) a 75% chance (docs/dispatch.md §6.6).
 */
export function scheduleBreaks(
  runner: OfficeRunner,
  model: TwinModel,
  timeZone: string,
  from: number,
  to: number,
  r: Random,
  skip: ReadonlyMap<string, unknown>,
) {
  const perHour = model.breakStartsPerHour ?? [];
  const len = model.breakMin ?? 30;
  const minute0 = localMinuteOfDay(from, timeZone);
  for (const op of Object.values(runner.state.operators)) {
    if (op.status === 'logged-out' || op.status === 'break' || skip.has(op.operatorId)) continue;
    const u = r();
    let mass = 0;
    let t = from;
    while (t < to) {
      const hour = Math.floor((minute0 + (t - from) / MIN) / 60);
      if (hour >= 24) break;
      const end = Math.min(to, from + ((hour + 1) * 60 - minute0) * MIN);
      const p = (perHour[hour] ?? 0) * ((end - t) / (60 * MIN));
      if (p > 0 && u < mass + p) {
        const start = t + ((u - mass) / p) * (end - t);
        runner.at(start, () => runner.planBreak(op.operatorId, len, start + len * MIN));
        break;
      }
      mass += p;
      t = end;
    }
  }
}
