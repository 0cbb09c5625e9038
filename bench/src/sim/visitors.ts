import { exponential, lognormal, normal, poisson, type Random, seeded, seedOf } from '@talon/engine';
import type { Scenario } from './scenario.js';
import { toMin } from './scenario.js';

/**
 * One simulated day's visitors, drawn before the day is played and independently of the dispatch policy:
 * every policy meets exactly the same people, service times and patience (common random numbers), so
 * differences between policies are the policies' own.
 */
export interface SimVisitor {
  /** Minutes after local midnight when the visitor reaches the kiosk. */
  arriveMin: number;
  serviceId: string;
  priority: boolean;
  serviceMin: number;
  /** Minutes the visitor is willing to wait (Infinity without a patience model). */
  patienceMin: number;
  next?: { serviceId: string; serviceMin: number };
  /** A booking: its code and slot (minutes after midnight). */
  booking?: { code: string; slotMin: number };
}

export interface SimDay {
  visitors: SimVisitor[];
  /** Every booked slot, including no-shows (imported into the engine at the start of the day). */
  bookings: { code: string; serviceId: string; slotMin: number }[];
}

function drawService(r: Random, s: Scenario, serviceId: string): number {
  const x = s.services.find((v) => v.id === serviceId);
  const mean = x?.serviceMeanMin ?? 5;
  switch (s.serviceTime.distribution) {
    case 'fixed':
      return mean;
    case 'exponential':
      return exponential(r, mean);
    default:
      return lognormal(r, mean, x?.serviceCv ?? s.serviceTime.cv);
  }
}

function drawVisitor(r: Random, s: Scenario, serviceId: string, arriveMin: number, priority: boolean): SimVisitor {
  const serviceMin = drawService(r, s, serviceId);
  const patienceMin = s.patienceMin ? lognormal(r, s.patienceMin, s.patienceCv) : Number.POSITIVE_INFINITY;
  const next = s.services.find((v) => v.id === serviceId)?.next;
  const v: SimVisitor = { arriveMin, serviceId, priority, serviceMin, patienceMin };
  if (next) v.next = { serviceId: next, serviceMin: drawService(r, s, next) };
  return v;
}

export function simDay(s: Scenario, seed: number, day: number): SimDay {
  const r = seeded(seedOf(seed, day, 'walk-ins'));
  const open = toMin(s.open);
  const mix = Object.entries(s.arrivals.mix).filter(([, w]) => w > 0);
  const total = mix.reduce((a, [, w]) => a + w, 0);
  const visitors: SimVisitor[] = [];
  for (const [h, perHour] of s.arrivals.perHour.entries()) {
    const n = poisson(r, perHour * s.arrivals.volumeFactor);
    for (let i = 0; i < n; i++) {
      const arriveMin = open + 60 * h + 60 * r();
      let u = r() * total;
      let serviceId = mix[mix.length - 1]?.[0] ?? s.services[0]?.id ?? '';
      for (const [id, w] of mix) {
        if (u < w) {
          serviceId = id;
          break;
        }
        u -= w;
      }
      visitors.push(drawVisitor(r, s, serviceId, arriveMin, r() < s.arrivals.priorityShare));
    }
  }
  const bookings: SimDay['bookings'] = [];
  const a = s.appointments;
  if (a) {
    const rb = seeded(seedOf(seed, day, 'bookings'));
    for (const [h, k] of a.perHour.entries()) {
      for (let i = 0; i < k; i++) {
        const slotMin = open + 60 * h + Math.round((60 * i) / k);
        const code = `B${day}x${h}x${i}`;
        bookings.push({ code, serviceId: a.service, slotMin });
        const comes = rb() >= a.noShowShare;
        const offset = a.punctualityMeanMin + a.punctualitySdMin * normal(rb);
        const v = drawVisitor(rb, s, a.service, slotMin + offset, false);
        if (!comes) continue;
        visitors.push({ ...v, booking: { code, slotMin } });
      }
    }
  }
  visitors.sort((x, y) => x.arriveMin - y.arriveMin);
  return { visitors, bookings };
}
