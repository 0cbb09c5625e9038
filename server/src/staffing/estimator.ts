import {
  baselineEstimate,
  dayKeyOf,
  type OfficeHistory,
  type TwinModel,
  type TwinOptions,
  twinEstimate,
  type WaitEstimate,
  weekdayOf,
} from '@talon/engine';
import type { EngineState } from '@talon/protocol';
import type { HistoryCache, Presence } from './history.js';

/**
 * The office's twin model from its own history: today's weekday profile, service times, patience, priority
 * share, and — from the log — each operator's days (breaks, shift ends, later logins) with the breaks they
 * have taken today.
 */
export function twinModelFrom(
  history: OfficeHistory,
  state: EngineState,
  now: number,
  presence?: { days: Presence; breaksToday: Record<string, number> },
): TwinModel {
  const config = state.config;
  const weekday = config ? weekdayOf(dayKeyOf(now, config.timeZone)) : 'mon';
  const services: TwinModel['services'] = {};
  for (const s of config?.services ?? []) {
    const h = history.services[s.id];
    services[s.id] = { meanMin: h?.meanMin ?? s.serviceNormMin, cv: h?.cv ?? 0.6 };
  }
  const model: TwinModel = {
    services,
    arrivalsPerHour: history.arrivals[weekday] ?? {},
    priorityShare: history.priorityShare,
    intradayUpdate: true,
  };
  // The lognormal fitted to no-shows at call reads patience that grows with the wait far better than the
  // exponential estimate (time waited ÷ leavers), which overstates it 2–4× (docs/dispatch.md §7); the
  // exponential one stays the fallback while too few no-shows are on record for the fit.
  if (history.patience) model.patience = { meanMin: history.patience.meanMin, cv: history.patience.cv };
  else if (history.patienceMin !== null) model.patience = { meanMin: history.patienceMin, cv: 1 };
  if (presence) {
    // Without the operators' days the twin knew no breaks at all: a lunch hour's queue was under-predicted.
    model.operatorDays = presence.days.byOperator;
    model.breaksTakenToday = presence.breaksToday;
    if (presence.days.profile) Object.assign(model, presence.days.profile);
  }
  return model;
}

/**
 * The office's estimator for a new ticket (and for refreshing one later): the digital twin on the live state
 * with the office's own dispatch policy. The number of replays and their horizon are bounded (TWIN_DEFAULTS:
 * 40 replays, 4 h, a command budget), so an issue stays within milliseconds; `npm run bench:predict` measures it.
 */
/**
 * At most this much CPU per second goes to twin estimates (2% of the one writer), on average. An estimate
 * takes a few milliseconds, so this is several tickets a second: far above the busiest kiosk hour, and
 * under a flood of tickets the writer keeps its time for commands.
 */
export const TWIN_BUDGET_MS_PER_SEC = 20;
/**
 * A burst may spend up to this much before the baseline takes over: the first estimates of the day run on a
 * cold JIT and a slow machine, and a lone visitor should still get the twin's figure.
 */
export const TWIN_BURST_MS = 300;

export interface TwinEstimatorOptions extends TwinOptions {
  /** Monotonic milliseconds for the CPU budget; injectable so the budget can be tested without a slow machine. */
  cpuNow?: () => number;
  budgetMsPerSec?: number;
  burstMs?: number;
}

export function createTwinEstimator(
  history: Pick<HistoryCache, 'get'> & Partial<Pick<HistoryCache, 'presence' | 'breaksToday'>>,
  options: TwinEstimatorOptions = {},
) {
  const {
    cpuNow = () => performance.now(),
    budgetMsPerSec = TWIN_BUDGET_MS_PER_SEC,
    burstMs = TWIN_BURST_MS,
  } = options;
  // The kiosk's answer and the printer ask for the same ticket on the same state: compute it once.
  const recent = new Map<string, WaitEstimate | null>();
  // Leaky bucket: the time spent drains at the budgeted rate.
  let spentMs = 0;
  let at = cpuNow();
  return (state: EngineState, ticketId: string, now: number): WaitEstimate | null => {
    if (!state.config) return null;
    // Nobody at a window who serves this ticket: any figure would be the replay's horizon, not a wait.
    const serviceId = state.tickets[ticketId]?.serviceId;
    const staffed = Object.values(state.operators).some(
      (op) => op.status !== 'logged-out' && serviceId !== undefined && op.skills.includes(serviceId),
    );
    if (!staffed) return null;
    const key = `${ticketId}|${state.seq}|${Math.floor(now / 30_000)}`;
    const hit = recent.get(key);
    if (hit !== undefined) return hit;
    const t = cpuNow();
    spentMs = Math.max(0, spentMs - ((t - at) / 1000) * budgetMsPerSec);
    at = t;
    // Under a burst of tickets the twin would eat the one writer's time: past its budget the baseline
    // answers (and says so in `method`) until the bucket drains.
    if (spentMs > burstMs) return baselineEstimate(state, ticketId, now);
    // The history is read once per day and cached; only the replays count against the budget.
    const presence =
      history.presence && history.breaksToday
        ? { days: history.presence(state.config, now), breaksToday: history.breaksToday(state.config, now) }
        : undefined;
    const model = twinModelFrom(history.get(state.config, now), state, now, presence);
    const started = cpuNow();
    const e = twinEstimate(state, ticketId, now, model, options);
    spentMs += cpuNow() - started;
    let printed: WaitEstimate | null = null;
    if (e) {
      const { samples: _samples, ...rest } = e;
      printed = rest;
    }
    recent.set(key, printed);
    if (recent.size > 64) recent.delete(recent.keys().next().value as string);
    return printed;
  };
}
