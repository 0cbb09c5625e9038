import { calendarOf, currentWaitMin, dayKeyOf, isCallable, isPriority, slackMin } from '@talon/engine';
import type { Alarm, EngineState, HallTicket, HallWindow, OfficeStatus, OperatorSession } from '@talon/protocol';
import { atWork } from '../monitor/projection.js';
import { takeMenuOf } from '../public/take.js';
import type { Store } from '../store/index.js';
import { type Estimator, type Place, placeOf } from '../visit-live/places.js';
import type { WireNorms } from './norms.js';

const placeFields = ({ ahead, estimate }: Place): Place => ({ ahead, estimate });

/** Figures of the office-local day's closed visits. */
export interface TodayFigures {
  served: number;
  /** Visits with a wait and a wait norm, and those of them called within it. */
  judged: number;
  within: number;
}

export interface StatusInput {
  state: Readonly<EngineState>;
  now: number;
  /** The admin monitor's active alarms. */
  alarms: readonly Pick<Alarm, 'kind' | 'message' | 'subject'>[];
  today: TodayFigures;
  profileVersion: number | null;
  softwareVersion: string;
  /** The twin's estimate of a waiting ticket: with it, the first tickets of the queue carry their place. */
  estimate?: Estimator;
}

const LIST_MAX = 200;
/** Queue entries that carry their place and estimate for head office's visitor page. */
const PLACES_MAX = 50;
const ALARMS_MAX = 50;
const DEVICE_ALARMS = new Set(['device-offline', 'printer-paper']);

function windowState(op: OperatorSession | undefined, state: Readonly<EngineState>): HallWindow['state'] {
  if (!op || op.status === 'logged-out') return 'closed';
  if (op.status === 'break') return 'break';
  if (op.status === 'wrap-up') return 'wrap-up';
  const t = op.ticketId ? state.tickets[op.ticketId] : undefined;
  if (t?.status === 'serving') return 'serving';
  if (t?.status === 'called') return 'calling';
  return op.status === 'serving' ? 'serving' : 'idle';
}

/**
 * The office's live figures for head office's company screen. Numbers only: a waiting ticket is its
 * number, service, wait and norm — nothing a visitor typed (152-ФЗ). Staff names are not visitors'.
 */
export function officeStatus({
  state,
  now,
  alarms,
  today,
  profileVersion,
  softwareVersion,
  estimate,
}: StatusInput): OfficeStatus {
  const config = state.config;
  const waitNormSec = new Map((config?.services ?? []).map((s) => [s.id, Math.round(s.waitNormMin * 60)]));
  const waiting = Object.values(state.tickets).filter((t) => isCallable(t, now));
  // the order the office expects to call them: priority first, then the nearest norm deadline (docs/dispatch.md)
  const ordered = waiting
    .map((t) => ({ t, priority: isPriority(t, now), slack: slackMin(state as EngineState, t, now) }))
    .sort(
      (a, b) =>
        Number(b.priority) - Number(a.priority) ||
        a.slack - b.slack ||
        a.t.queuedAt - b.t.queuedAt ||
        (a.t.id < b.t.id ? -1 : 1),
    );
  const queue: HallTicket[] = ordered.slice(0, LIST_MAX).map(({ t, priority }, i) => ({
    number: t.number.slice(0, 16),
    serviceId: t.serviceId.slice(0, 64),
    waitSec: Math.floor(currentWaitMin(t, now) * 60),
    normSec: waitNormSec.get(t.serviceId) ?? null,
    priority,
    // the visitor's page on head office: place and estimate, bounded (each is a replay of the queue)
    ...(estimate && i < PLACES_MAX ? placeFields(placeOf(state, now, t, estimate)) : {}),
  }));
  let longest: HallTicket | null = null;
  for (const q of queue) if (!longest || q.waitSec > longest.waitSec) longest = q;
  // the cap may hide a longer wait further down the list
  for (const { t } of ordered.slice(LIST_MAX)) {
    const waitSec = Math.floor(currentWaitMin(t, now) * 60);
    if (!longest || waitSec > longest.waitSec)
      longest = {
        number: t.number,
        serviceId: t.serviceId,
        waitSec,
        normSec: waitNormSec.get(t.serviceId) ?? null,
        priority: false,
      };
  }

  const operators = Object.values(state.operators);
  const byWindow = new Map(operators.filter((o) => o.windowId !== null).map((o) => [o.windowId as string, o]));
  const windows: HallWindow[] = [...(config?.windows ?? [])]
    .sort((a, b) => a.number - b.number)
    .slice(0, LIST_MAX)
    .map((w) => {
      const op = byWindow.get(w.id);
      const open = op && op.status !== 'logged-out' ? op : undefined;
      const ticket = open?.ticketId ? state.tickets[open.ticketId] : undefined;
      return {
        windowNumber: w.number,
        operatorName: open ? open.name.slice(0, 120) : null,
        state: windowState(open, state),
        ticketNumber: ticket ? ticket.number.slice(0, 16) : null,
        sinceSec: open ? Math.max(0, Math.floor((now - open.since) / 1000)) : 0,
      };
    });

  const devices = new Set(
    alarms.filter((a) => DEVICE_ALARMS.has(a.kind) && a.subject.deviceId).map((a) => a.subject.deviceId),
  );
  return {
    at: now,
    dayKey: dayKeyOf(now, config?.timeZone ?? 'UTC'),
    waitingNow: waiting.length,
    longestWaitSec: longest?.waitSec ?? null,
    longestWaitNormSec: longest?.normSec ?? null,
    withinNormShareToday: today.judged > 0 ? today.within / today.judged : null,
    servedToday: today.served,
    operatorsAtWork: operators.filter(atWork).length,
    devicesInAlarm: devices.size,
    alarms: alarms.slice(0, ALARMS_MAX).map((a) => ({ kind: a.kind, text: a.message })),
    services: (config?.services ?? []).slice(0, LIST_MAX).map((s) => ({ id: s.id, name: s.name, prefix: s.prefix })),
    queue,
    windows,
    profileVersion,
    softwareVersion: softwareVersion.slice(0, 40),
    ...(config ? { booking: bookingCalendarOut(config), menu: takeMenuOut(state, now) } : {}),
  };
}

/** The entrance QR's menu for head office's `/o/<code>/take`; bounded like the rest of the status. */
function takeMenuOut(state: Readonly<EngineState>, now: number) {
  const m = takeMenuOf(state, now);
  return { ...m, segments: m.segments.slice(0, LIST_MAX), topics: m.topics.slice(0, 500) };
}

/** The office's slots as head office offers them; bounded like the rest of the status. */
function bookingCalendarOut(config: NonNullable<EngineState['config']>) {
  const c = calendarOf(config);
  return { ...c, holidays: c.holidays.slice(-400), services: c.services.slice(0, LIST_MAX) };
}

interface VisitRow {
  outcome: string;
  first_wait_sec: number | null;
  origin_service_id: string;
  topic_id: string | null;
  issued_at: number;
}

/** The day's closed visits from the visits projection, judged by the norms in force at issue (as reports do). */
export function todayFigures(store: Store, norms: WireNorms) {
  const rows = store.db.prepare<[string], VisitRow>(
    'SELECT outcome, first_wait_sec, origin_service_id, topic_id, issued_at FROM visits WHERE day_key = ?',
  );
  return (dayKey: string): TodayFigures => {
    const out: TodayFigures = { served: 0, judged: 0, within: 0 };
    for (const r of rows.all(dayKey)) {
      if (r.outcome === 'served') out.served += 1;
      if (r.first_wait_sec === null) continue;
      const norm = norms.normsAt(r.issued_at, r.origin_service_id, r.topic_id).waitSec;
      if (norm === null) continue;
      out.judged += 1;
      if (r.first_wait_sec <= norm) out.within += 1;
    }
    return out;
  };
}
