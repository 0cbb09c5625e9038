import type { TwinModel } from '@talon/engine';
import { type Scenario, toMin } from './scenario.js';

const cvOf = (s: Scenario, cv: number | undefined) =>
  s.serviceTime.distribution === 'fixed'
    ? 0
    : s.serviceTime.distribution === 'exponential'
      ? 1
      : (cv ?? s.serviceTime.cv);

/**
 * What a deployed office's twin would know: the planned arrival profile (not the actual volume, so a busier
 * day than planned is a real forecast error), service-time and patience parameters as history would give
 * them, and the usual break length. The rota (who takes a break when) only with `rota`: the office server
 * does not have it today.
 */
export function twinModelOf(s: Scenario, opts: { rota?: boolean; dayStart?: number } = {}): TwinModel {
  const services: TwinModel['services'] = {};
  for (const x of s.services) {
    const next = x.next ? s.services.find((y) => y.id === x.next) : undefined;
    services[x.id] = {
      meanMin: x.serviceMeanMin,
      cv: cvOf(s, x.serviceCv),
      ...(next ? { next: { serviceId: next.id, meanMin: next.serviceMeanMin, cv: cvOf(s, next.serviceCv) } } : {}),
    };
  }
  const total = Object.values(s.arrivals.mix).reduce((a, b) => a + b, 0) || 1;
  const arrivalsPerHour: Record<string, number[]> = {};
  const open = toMin(s.open);
  for (const [id, w] of Object.entries(s.arrivals.mix)) {
    const perHour = new Array<number>(24).fill(0);
    for (const [h, n] of s.arrivals.perHour.entries()) {
      const hour = Math.floor((open + 60 * h) / 60);
      if (hour < 24) perHour[hour] = (perHour[hour] ?? 0) + (n * w) / total;
    }
    arrivalsPerHour[id] = perHour;
  }
  const breaks = s.operators.flatMap((o) => o.breaks.map(([a, b]) => toMin(b) - toMin(a)));
  const model: TwinModel = {
    services,
    arrivalsPerHour,
    priorityShare: s.arrivals.priorityShare,
    walkMin: s.walkMin,
    callCostMin: s.callCostMin,
    breakMin: breaks.length ? breaks.reduce((a, b) => a + b, 0) / breaks.length : 30,
    bookingShowShare: 1 - (s.appointments?.noShowShare ?? 0),
  };
  // What the office's break log would show: break starts per operator in each local hour.
  const starts = new Array<number>(24).fill(0);
  for (const o of s.operators)
    for (const [a] of o.breaks) {
      const h = Math.floor(toMin(a) / 60);
      if (h < 24) starts[h] = (starts[h] ?? 0) + 1 / Math.max(1, s.operators.length);
    }
  if (starts.some((x) => x > 0)) model.breakStartsPerHour = starts;
  if (s.patienceMin) model.patience = { meanMin: s.patienceMin, cv: s.patienceCv };
  if (opts.rota && opts.dayStart !== undefined) {
    const at = (hhmm: string) => (opts.dayStart as number) + toMin(hhmm) * 60_000;
    const close = toMin(s.close);
    model.plan = s.operators.map((o) => {
      const last = o.shifts.reduce((m, [, b]) => Math.max(m, toMin(b)), 0);
      return {
        operatorId: o.id,
        breaks: o.breaks.map(([a, b]) => [at(a), at(b)] as [number, number]),
        leaveAt: (opts.dayStart as number) + last * 60_000,
        final: last >= close,
      };
    });
  }
  return model;
}
