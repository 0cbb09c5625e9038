import {
  type OfficeConfig,
  OfficeConfig as OfficeConfigSchema,
  type PlanHour,
  type Rules,
  type StoredEvent,
  type VisitSummary,
} from '@talon/protocol';
import type { DispatchPolicy } from '../dispatch.js';
import { lognormal, poisson, type Random } from '../predict-random.js';
import { type IssueCommand, OfficeRunner } from '../predict-runner.js';
import { initialState } from '../state.js';
import { localTimeToEpoch } from '../time.js';
import { weekdayOf } from './history.js';
import type { WhatIfModel } from './whatif.js';

/** One simulated day of the what-if (whatif.ts): the day's visitors, the plan's operators, the engine. */

/** A plan as 24 window counts, one per local hour. */
export function planArray(plan: readonly PlanHour[]): number[] {
  const out = new Array<number>(24).fill(0);
  for (const p of plan) if (p.hour >= 0 && p.hour < 24) out[p.hour] = Math.max(0, Math.floor(p.windows));
  return out;
}

/**
 * Shifts of the virtual operators a plan of windows per hour implies: window k is staffed in every hour whose
 * plan has at least k windows; consecutive hours make one shift. Minutes after local midnight, [from, to).
 */
export function shiftsOf(plan: readonly PlanHour[]): [number, number][][] {
  const arr = planArray(plan);
  const most = Math.max(0, ...arr);
  const out: [number, number][][] = [];
  for (let k = 1; k <= most; k++) {
    const shifts: [number, number][] = [];
    for (let h = 0; h < 24; h++) {
      if ((arr[h] ?? 0) < k) continue;
      const last = shifts.at(-1);
      if (last && last[1] === h * 60) last[1] = (h + 1) * 60;
      else shifts.push([h * 60, (h + 1) * 60]);
    }
    out.push(shifts);
  }
  return out;
}

export interface Arrival {
  atMin: number;
  serviceId: string;
  priority: boolean;
  serviceMin: number;
  patienceMin: number;
  /** A booked visitor: the booking's code, checked in at the kiosk instead of taking a ticket. */
  booking?: string;
}

/** Booked visitors come a little before their slot (the twin assumes the same). */
const BOOKED_EARLY_MIN = 3;

const MIN = 60_000;
const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The office as the what-if plays it: the plan's windows, each serving every service (as the advisor assumes). */
export function simConfig(config: OfficeConfig, windows: number, rules: Partial<Rules> | undefined): OfficeConfig {
  const hallId = config.halls[0]?.id ?? 'hall';
  const taken = new Set(config.windows.map((w) => w.number));
  const extra: OfficeConfig['windows'] = [];
  for (let n = 1; config.windows.length + extra.length < windows; n++)
    if (!taken.has(n)) extra.push({ id: `whatif-w${n}`, number: n, hallId, kind: 'window' });
  const skills = config.services.map((s) => s.id);
  return OfficeConfigSchema.parse({
    ...config,
    windows: [...config.windows, ...extra],
    operators: Array.from({ length: windows }, (_, i) => ({ id: `whatif-${i + 1}`, name: `${i + 1}`, skills })),
    rules: { ...config.rules, ...rules },
    // Ratings play no part in a simulated day; a short retention keeps the fold's ratable visits tiny.
    rating: { ...config.rating, rateWithinHours: 0.01 },
  });
}

/** Open minutes of a local hour: [from, to) pieces of the day's reception ranges inside it. */
function openPieces(config: OfficeConfig, dayKey: string, hour: number): [number, number][] {
  const ranges = config.holidays.includes(dayKey) ? [] : (config.receptionHours[weekdayOf(dayKey)] ?? []);
  const out: [number, number][] = [];
  for (const [a, b] of ranges) {
    const from = Math.max(toMin(a), hour * 60);
    const to = Math.min(toMin(b), (hour + 1) * 60);
    if (to > from) out.push([from, to]);
  }
  return out;
}

/** Draws one simulated day's visitors; independent of the plan, so every plan meets the same people. */
export function drawDay(config: OfficeConfig, dayKey: string, model: WhatIfModel, r: Random): Arrival[] {
  const out: Arrival[] = [];
  const show = model.bookingShowShare;
  // booked visitors expected per service and hour from the bookings made so far
  const known = new Map<string, number>();
  for (const b of model.bookings) {
    const k = `${b.serviceId}|${Math.floor(b.slotMin / 60)}`;
    known.set(k, (known.get(k) ?? 0) + show);
  }
  for (let hour = 0; hour < 24; hour++) {
    const pieces = openPieces(config, dayKey, hour);
    const open = pieces.reduce((a, [x, y]) => a + y - x, 0);
    for (const s of config.services) {
      const all = model.arrivalsPerHour[s.id]?.[hour] ?? 0;
      const booked = model.bookedPerHour[s.id]?.[hour] ?? 0;
      // walk-ins, plus the booked visitors the history expects beyond the bookings made so far
      const rate = Math.max(0, all - booked) + Math.max(0, booked - (known.get(`${s.id}|${hour}`) ?? 0));
      const n = poisson(r, rate);
      const sm = model.services[s.id] ?? { meanMin: s.serviceNormMin, cv: 0.6 };
      for (let i = 0; i < n; i++) {
        // uniform over the open minutes of the hour (a lunch closure inside it takes nobody)
        let u = r() * Math.max(open, 1e-9);
        let atMin = hour * 60 + 60 * r();
        for (const [x, y] of pieces) {
          if (u < y - x) {
            atMin = x + u;
            break;
          }
          u -= y - x;
        }
        out.push({
          atMin,
          serviceId: s.id,
          priority: r() < model.priorityShare,
          serviceMin: lognormal(r, sm.meanMin, sm.cv),
          patienceMin: lognormal(r, model.patience.meanMin, model.patience.cv),
        });
      }
    }
  }
  for (const [i, b] of model.bookings.entries()) {
    const comes = r() < show;
    const sm = model.services[b.serviceId] ?? { meanMin: 15, cv: 0.6 };
    const serviceMin = lognormal(r, sm.meanMin, sm.cv);
    const patienceMin = lognormal(r, model.patience.meanMin, model.patience.cv);
    if (comes)
      out.push({
        atMin: Math.max(0, b.slotMin - BOOKED_EARLY_MIN),
        serviceId: b.serviceId,
        priority: false,
        serviceMin,
        patienceMin,
        booking: bookingCode(i),
      });
  }
  out.sort((a, b) => a.atMin - b.atMin);
  return out;
}

/** The simulated day's code for the i-th booking of `WhatIfModel.bookings`. */
const bookingCode = (i: number) => `whatif-${i + 1}`;

export interface Rec {
  hour: number;
  serviceId: string;
  visit?: VisitSummary;
}

/** One plan on one simulated day, played in slices of virtual time. */
export class DayPlay {
  readonly runner: OfficeRunner;
  readonly records = new Map<string, Rec>();
  /** Visitors the engine refused a ticket (nobody to serve them at that hour): they count as not served. */
  readonly turnedAway: number[] = [];
  sliceAt: number;

  constructor(
    config: OfficeConfig,
    dayKey: string,
    plan: PlanHour[],
    arrivals: readonly Arrival[],
    policies: Record<string, DispatchPolicy> | undefined,
    bookings: WhatIfModel['bookings'] = [],
  ) {
    const dayStart = localTimeToEpoch(dayKey, '00:00', config.timeZone);
    const at = (min: number) => dayStart + Math.round(min * MIN);
    const shifts = shiftsOf(plan);
    const first = Math.min(arrivals[0]?.atMin ?? 24 * 60, ...shifts.map((s) => s[0]?.[0] ?? 24 * 60));
    const onEvents = (events: StoredEvent[]) => {
      for (const e of events) {
        if (e.type === 'TicketIssued') {
          const hour = Math.floor((e.ticket.issuedAt - dayStart) / (60 * MIN));
          this.records.set(e.ticket.id, { hour, serviceId: e.ticket.originServiceId ?? e.ticket.serviceId });
        } else if (
          (e.type === 'ServiceFinished' || e.type === 'TicketNoShow' || e.type === 'TicketCancelled') &&
          e.visit
        ) {
          const rec = this.records.get(e.ticketId);
          if (rec) rec.visit = e.visit;
        }
      }
    };
    this.runner = new OfficeRunner(initialState(), {
      now: at(first - 60),
      onEvents,
      ...(policies ? { policies } : {}),
    });
    this.sliceAt = at(first);
    this.runner.configure(config);
    const closeMin = Math.max(...shifts.flatMap((s) => s.map(([, b]) => b)), 0);
    for (const [i, list] of shifts.entries()) {
      const id = `whatif-${i + 1}`;
      const windowId = config.windows[i]?.id ?? `whatif-w${i + 1}`;
      for (const [a, b] of list) {
        this.runner.at(at(a), () => this.runner.login(id, windowId));
        // the last shift of the day serves everyone still waiting, as an office does at closing
        this.runner.at(at(b), () => this.runner.endShift(id, b >= closeMin));
      }
    }
    // every booking of the day is in the office's book, whether its visitor comes or not
    for (const [i, b] of bookings.entries())
      this.runner.admin({
        type: 'createAppointment',
        code: bookingCode(i),
        serviceId: b.serviceId,
        slotAt: at(b.slotMin),
        source: 'import',
      });
    const priorityId = config.priorityCategories.find((c) => !c.individual)?.id;
    for (const v of arrivals) {
      const cmd: IssueCommand =
        v.priority && priorityId
          ? { type: 'issueTicket', serviceId: v.serviceId, priorityCategoryId: priorityId }
          : { type: 'issueTicket', serviceId: v.serviceId };
      const visitor = { serviceMin: v.serviceMin, leaveAt: at(v.atMin + v.patienceMin) };
      const code = v.booking;
      this.runner.at(at(v.atMin), () => {
        const id = code ? this.runner.checkIn(code, visitor, cmd).ticketId : this.runner.issue(cmd, visitor);
        if (id === null) this.turnedAway.push(Math.floor(v.atMin / 60));
      });
    }
  }

  /** Plays the next hour of virtual time; true when the day is over. */
  step(): boolean {
    this.sliceAt += 60 * MIN;
    this.runner.run(this.sliceAt);
    return this.runner.pending === 0;
  }
}
