import { performance } from 'node:perf_hooks';
import {
  baselineEstimate,
  type DispatchPolicy,
  initialState,
  localTimeToEpoch,
  OfficeRunner,
  type TwinModel,
  type TwinOptions,
  twinEstimate,
  type WaitEstimate,
} from '@talon/engine';
import type { EngineState, OfficeConfig, StoredEvent, VisitSummary } from '@talon/protocol';
import { type Scenario, toMin } from './scenario.js';
import { simDay } from './visitors.js';

/** What the simulator learns about one ticket from the engine's own events. */
export interface TicketRecord {
  /** The service the visitor asked for (for a two-stage visit, the first one). */
  cls: string;
  issuedAt: number;
  booking: boolean;
  priority: boolean;
  firstCalledAt?: number;
  visit?: VisitSummary;
  prediction?: { twin: WaitEstimate; baseline: WaitEstimate | null; twinMs: number; twinCpuMs: number };
}

export interface DayResult {
  /** Local midnight of the simulated date. */
  dayStart: number;
  closeAt: number;
  records: Map<string, TicketRecord>;
  /** Last visit closed (for overtime). */
  lastCloseAt: number;
  /** Engine refusals by code (issue outside hours, a deferred break…): a sanity signal for scenarios. */
  refusals: Partial<Record<string, number>>;
}

export interface PredictSetup {
  /** The twin's knowledge for the day that starts at `dayStart` (the rota is per day). */
  model: (dayStart: number) => TwinModel;
  options: TwinOptions;
  /** Predict for every k-th ticket of the day (1 = all). */
  every: number;
  /** Sees each predicted ticket's state (diagnostics: replaying heavy estimates). */
  onPredict?: (state: EngineState, ticketId: string, now: number) => void;
}

const MIN = 60_000;

export function dateOf(start: string, day: number): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + day)).toISOString().slice(0, 10);
}

/** One office day through the real engine. Deterministic for (scenario, policy, seed, day). */
export function playDay(
  s: Scenario,
  config: OfficeConfig,
  seed: number,
  day: number,
  predict?: PredictSetup,
  /** Sees every event the engine commits (the head-office benchmark's simulated offices replay them). */
  tap?: (events: StoredEvent[]) => void,
  /** The engine's policy table; a bench variant adds itself to the built-in ones. */
  policies?: Record<string, DispatchPolicy>,
): DayResult {
  const date = dateOf(s.startDate, day);
  const dayStart = localTimeToEpoch(date, '00:00', s.timeZone);
  const at = (min: number) => dayStart + Math.round(min * MIN);
  const records = new Map<string, TicketRecord>();
  const model = predict?.model(dayStart);
  let lastCloseAt = 0;
  let issued = 0;
  // What the office server reads from today's log for the twin: breaks each operator has started so far.
  const breaksToday: Record<string, number> = {};

  const onEvents = (events: StoredEvent[], run: OfficeRunner) => {
    tap?.(events);
    for (const e of events) {
      switch (e.type) {
        case 'TicketIssued': {
          const t = e.ticket;
          const rec: TicketRecord = {
            cls: t.serviceId,
            issuedAt: t.issuedAt,
            booking: t.appointmentId !== undefined,
            priority: t.priorityCategoryId !== undefined,
          };
          records.set(t.id, rec);
          if (predict && model && issued++ % predict.every === 0) {
            predict.onPredict?.(run.state, t.id, run.now);
            const started = performance.now();
            const cpu = process.cpuUsage();
            const known = model.operatorDays ? { ...model, breaksTakenToday: { ...breaksToday } } : model;
            const twin = twinEstimate(run.state, t.id, run.now, known, predict.options);
            const twinMs = performance.now() - started;
            const used = process.cpuUsage(cpu);
            const twinCpuMs = (used.user + used.system) / 1000;
            if (twin) {
              const { samples: _samples, ...printed } = twin;
              rec.prediction = {
                twin: printed,
                baseline: baselineEstimate(run.state, t.id, run.now),
                twinMs,
                twinCpuMs,
              };
            }
          }
          break;
        }
        case 'BreakStarted':
          breaksToday[e.operatorId] = (breaksToday[e.operatorId] ?? 0) + 1;
          break;
        case 'TicketCalled': {
          const rec = records.get(e.ticketId);
          if (rec && rec.firstCalledAt === undefined) rec.firstCalledAt = e.at;
          break;
        }
        case 'ServiceFinished':
        case 'TicketNoShow':
        case 'TicketCancelled': {
          if (!e.visit) break;
          const rec = records.get(e.ticketId);
          if (rec) rec.visit = e.visit;
          lastCloseAt = Math.max(lastCloseAt, e.at);
          break;
        }
      }
    }
  };

  const runner = new OfficeRunner(initialState(), {
    now: at(toMin(s.open) - 60),
    walkMin: s.walkMin,
    callCostMin: s.callCostMin,
    onEvents,
    ...(policies ? { policies } : {}),
  });
  runner.configure(config);
  const plan = simDay(s, seed, day);
  if (plan.bookings.length > 0)
    runner.admin({
      type: 'importAppointments',
      items: plan.bookings.map((b) => ({ code: b.code, serviceId: b.serviceId, slotAt: at(b.slotMin) })),
    });

  const close = toMin(s.close);
  for (const [i, op] of s.operators.entries()) {
    const lastEnd = Math.max(...op.shifts.map(([, b]) => toMin(b)));
    for (const [a, b] of op.shifts) {
      runner.at(at(toMin(a)), () => runner.login(op.id, `w${i + 1}`));
      const final = toMin(b) === lastEnd && toMin(b) >= close;
      runner.at(at(toMin(b)), () => runner.endShift(op.id, final));
    }
    for (const [a, b] of op.breaks)
      runner.at(at(toMin(a)), () => runner.planBreak(op.id, toMin(b) - toMin(a), at(toMin(b))));
  }

  const earlyMin = config.rules.appointmentEarlyCheckInMin;
  const open = toMin(s.open);
  for (const v of plan.visitors) {
    // A booked visitor who comes too early, or before the doors open, checks in as soon as allowed.
    const arrive = v.booking ? Math.max(v.arriveMin, v.booking.slotMin - earlyMin, open) : v.arriveMin;
    const waitFrom = v.booking ? Math.max(arrive, v.booking.slotMin) : arrive;
    const visitor = {
      serviceMin: v.serviceMin,
      leaveAt: at(waitFrom + v.patienceMin),
      ...(v.next ? { next: { ...v.next } } : {}),
    };
    const cmd = v.priority
      ? { type: 'issueTicket' as const, serviceId: v.serviceId, priorityCategoryId: 'priority' }
      : { type: 'issueTicket' as const, serviceId: v.serviceId };
    const booking = v.booking;
    runner.at(at(arrive), () => {
      if (booking) runner.checkIn(booking.code, visitor, cmd);
      else runner.issue(cmd, visitor);
    });
  }
  runner.run();
  return { dayStart, closeAt: at(close), records, lastCloseAt, refusals: runner.refusals };
}
