import {
  dayKeyOf,
  type OfficeHistory,
  type TwinModel,
  type TwinOptions,
  twinEstimate,
  type WaitEstimate,
  weekdayOf,
} from '@talon/engine';
import type { EngineState } from '@talon/protocol';
import type { HistoryCache } from './history.js';

/** The office's twin model from its own history: today's weekday profile, service times, patience, priority share. */
export function twinModelFrom(history: OfficeHistory, state: EngineState, now: number): TwinModel {
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
  // The history estimates exponential patience (time waited ÷ leavers).
  if (history.patienceMin !== null) model.patience = { meanMin: history.patienceMin, cv: 1 };
  return model;
}

/**
 * The office's estimator for a new ticket (and for refreshing one later): the digital twin on the live state
 * with the office's own dispatch policy. The number of replays and their horizon are bounded (TWIN_DEFAULTS:
 * 40 replays, 4 h, a command budget), so an issue stays within milliseconds; `npm run bench:predict` measures it.
 */
export function createTwinEstimator(history: HistoryCache, options: TwinOptions = {}) {
  return (state: EngineState, ticketId: string, now: number): WaitEstimate | null => {
    if (!state.config) return null;
    const model = twinModelFrom(history.get(state.config, now), state, now);
    const e = twinEstimate(state, ticketId, now, model, options);
    if (!e) return null;
    const { samples: _samples, ...printed } = e;
    return printed;
  };
}
