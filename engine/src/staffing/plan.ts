import type {
  EngineState,
  OfficeConfig,
  StaffingDay,
  StaffingHour,
  StaffingNow,
  StaffingReport,
  VisitSummary,
} from '@talon/protocol';
import { localClock } from '../time.js';
import { adviseHour, type ServiceDemand, type StaffingTarget } from './advisor.js';
import { addDays, type OfficeHistory, weekdayOf } from './history.js';

export interface PlanParams {
  weeks: number;
  targetShare: number;
  maxAbandonShare: number;
}

const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Hours with reception open at any moment within them, for a local date. */
export function receptionHoursOf(config: OfficeConfig, dayKey: string): number[] {
  if (config.holidays.includes(dayKey)) return [];
  const ranges = config.receptionHours[weekdayOf(dayKey)] ?? [];
  const hours: number[] = [];
  for (let h = 0; h < 24; h++) if (ranges.some(([a, b]) => toMin(a) < (h + 1) * 60 && toMin(b) > h * 60)) hours.push(h);
  return hours;
}

/** The advisor's target from the view's parameters; `open`: at least one window (a reception hour). */
const targetOf = (history: OfficeHistory, p: PlanParams, open: boolean): StaffingTarget => ({
  share: p.targetShare,
  maxAbandonShare: p.maxAbandonShare,
  ...(history.patienceMin !== null ? { patienceMin: history.patienceMin } : {}),
  open,
});

/** The advisor's windows for each reception hour of a local date. */
export function dayPlan(history: OfficeHistory, config: OfficeConfig, dayKey: string, p: PlanParams): StaffingDay {
  const weekday = weekdayOf(dayKey);
  const byService = history.arrivals[weekday] ?? {};
  const hours: StaffingHour[] = receptionHoursOf(config, dayKey).map((hour) => {
    const demand: ServiceDemand[] = [];
    const forecastBy: Record<string, number> = {};
    for (const s of config.services) {
      const perHour = byService[s.id]?.[hour] ?? 0;
      if (perHour > 0) forecastBy[s.id] = perHour;
      demand.push({
        perHour,
        meanServiceMin: history.services[s.id]?.meanMin ?? s.serviceNormMin,
        waitNormMin: s.waitNormMin,
      });
    }
    const advice = adviseHour(demand, targetOf(history, p, true));
    return {
      hour,
      forecast: Object.values(forecastBy).reduce((a, b) => a + b, 0),
      byService: forecastBy,
      offeredLoad: advice.offeredLoad,
      recommended: advice.recommended,
      recommendedErlangC: advice.recommendedErlangC,
      dedicated: advice.dedicated,
      expectedShare: advice.expectedShare,
      expectedAbandonShare: advice.expectedAbandonShare,
      expectedMeanWaitMin: advice.expectedMeanWaitMin,
      unreachable: advice.unreachable,
    };
  });
  return { date: dayKey, weekday, hours };
}

/** Operators at work now: signed in and not on break (serving and wrap-up count: the window is open). */
export function openWindows(state: EngineState): number {
  return Object.values(state.operators).filter(
    (op) => op.windowId !== null && op.status !== 'logged-out' && op.status !== 'break',
  ).length;
}

const HOUR_MS = 3600_000;

/**
 * This hour's windows, from what the hall shows as well as the forecast: a forecast from little or no
 * history (a new office, a holiday's rush) must never advise closing windows while visitors wait past
 * their norm. The arrivals of the last 60 minutes go through the same advisor; the queue's own work
 * (each waiting ticket's mean service) is to be done within the hour beside them.
 */
function adviseNow(
  history: OfficeHistory,
  config: OfficeConfig,
  state: EngineState,
  todayVisits: readonly VisitSummary[],
  now: number,
  p: PlanParams,
  forecast: StaffingHour | undefined,
): Pick<StaffingNow, 'recommended' | 'basis' | 'waiting' | 'overdue'> {
  const meanMin = (serviceId: string) => {
    const s = config.services.find((x) => x.id === serviceId);
    return history.services[serviceId]?.meanMin ?? s?.serviceNormMin ?? 10;
  };
  const lastHour = new Map<string, number>();
  const arrived = (serviceId: string, issuedAt: number, walkIn?: boolean) => {
    if (!walkIn && issuedAt > now - HOUR_MS && issuedAt <= now)
      lastHour.set(serviceId, (lastHour.get(serviceId) ?? 0) + 1);
  };
  for (const v of todayVisits) arrived(v.originServiceId ?? v.serviceId, v.issuedAt, v.walkIn);
  let waiting = 0;
  let overdue = 0;
  let queueMin = 0;
  for (const t of Object.values(state.tickets)) {
    arrived(t.serviceId, t.issuedAt, t.walkIn);
    if (t.status !== 'waiting') continue;
    waiting += 1;
    queueMin += meanMin(t.serviceId);
    const norm = config.services.find((x) => x.id === t.serviceId)?.waitNormMin;
    if (norm !== undefined && now - t.issuedAt > norm * 60_000) overdue += 1;
  }
  const observed = adviseHour(
    config.services.map((s) => ({
      perHour: lastHour.get(s.id) ?? 0,
      meanServiceMin: meanMin(s.id),
      waitNormMin: s.waitNormMin,
    })),
    targetOf(history, p, false),
  );
  const byQueue = waiting > 0 ? Math.ceil(observed.offeredLoad + queueMin / 60) : 0;
  const candidates: [StaffingNow['basis'], number][] = [
    ['forecast', forecast?.recommended ?? 0],
    ['arrivals', observed.recommended],
    ['queue', byQueue],
  ];
  const [basis, most] = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
  const recommended = forecast === undefined && most === 0 ? null : most;
  return { recommended, basis, waiting, overdue };
}

/**
 * The admin's staffing view: today hour by hour with what actually arrived and the windows open now, and a
 * week plan, all from the office's own history.
 */
export function staffingReport(
  history: OfficeHistory,
  config: OfficeConfig,
  state: EngineState,
  todayVisits: readonly VisitSummary[],
  now: number,
  p: PlanParams,
): StaffingReport {
  const clock = localClock(now, config.timeZone);
  const hourNow = Number(clock.hhmm.slice(0, 2));
  const week = Array.from({ length: 7 }, (_, i) => dayPlan(history, config, addDays(clock.dayKey, i), p));
  const today = week[0] as StaffingDay;
  const actual = new Array<number>(24).fill(0);
  const count = (issuedAt: number) => {
    const c = localClock(issuedAt, config.timeZone);
    if (c.dayKey !== clock.dayKey) return;
    const h = Number(c.hhmm.slice(0, 2));
    actual[h] = (actual[h] ?? 0) + 1;
  };
  for (const v of todayVisits) if (!v.walkIn) count(v.issuedAt);
  for (const t of Object.values(state.tickets)) if (!t.walkIn) count(t.issuedAt);
  const open = openWindows(state);
  today.hours = today.hours.map((h) => ({
    ...h,
    ...(h.hour <= hourNow ? { actual: actual[h.hour] ?? 0 } : {}),
    ...(h.hour === hourNow ? { openNow: open } : {}),
  }));
  return {
    officeId: config.officeId,
    generatedAt: now,
    timeZone: config.timeZone,
    params: { weeks: p.weeks, targetShare: p.targetShare, maxAbandonShare: p.maxAbandonShare },
    model: history.patienceMin !== null ? 'erlang-a' : 'erlang-c',
    history: {
      fromDay: history.fromDay,
      toDay: history.toDay,
      visits: history.visits,
      daysByWeekday: history.daysByWeekday,
    },
    services: config.services.map((s) => ({
      id: s.id,
      name: s.name,
      waitNormMin: s.waitNormMin,
      meanServiceMin: history.services[s.id]?.meanMin ?? s.serviceNormMin,
      serviceCv: history.services[s.id]?.cv ?? 0.6,
      samples: history.services[s.id]?.samples ?? 0,
    })),
    patienceMin: history.patienceMin,
    now: {
      date: clock.dayKey,
      hour: hourNow,
      openWindows: open,
      ...adviseNow(
        history,
        config,
        state,
        todayVisits,
        now,
        p,
        today.hours.find((h) => h.hour === hourNow),
      ),
    },
    today,
    week,
  };
}
