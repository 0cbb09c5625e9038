/**
 * A year of a busy office for the reports bench: the real engine decides every command (so every
 * event has the shape and the figures the server would store) and the real store commits each day
 * in one append. Arrivals, service times, no-shows, transfers, postponements, breaks and ratings
 * come from a seeded generator, so two runs build the same year.
 */
import { applyEvent, configure, decide, initialState } from '@talon/engine';
import {
  type Actor,
  Command,
  type CommandInput,
  type DomainEvent,
  type EngineState,
  OfficeConfig,
} from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import { DateTime } from 'luxon';
import type { Store } from '../../../server/src/store/index.js';

const EVERY_DAY = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['08:00', '20:00']]]),
);

/** The demo office open every day, every operator able to serve every service (nobody starves). */
export function benchOffice(): OfficeConfig {
  const demo = rosatomDemoOffice();
  const all = demo.services.map((s) => s.id);
  return OfficeConfig.parse({
    ...demo,
    officeHours: EVERY_DAY,
    receptionHours: EVERY_DAY,
    holidays: [],
    operators: demo.operators.map((o) => ({ ...o, skills: all })),
  });
}

/** mulberry32: small, fast and good enough for a workload. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Phase = 'ready' | 'called' | 'serving' | 'break' | 'off';
interface Op {
  id: string;
  windowId: string;
  phase: Phase;
  at: number;
  noShow: boolean;
  lunchAt: number;
  lunched: boolean;
}

export interface YearOptions {
  days: number;
  visitsPerDay: number;
  /** First day, office-local. */
  start: string;
  seed: number;
}

export interface YearResult {
  events: number;
  /** Commands the engine refused other than «queue empty»: should stay near zero. */
  refused: number;
}

const KIOSK: Actor = { kind: 'device', deviceId: 'kiosk-1', role: 'kiosk' };
const ADMIN: Actor = { kind: 'user', userId: 'admin', roles: ['hall_admin'] };
const RATING: Actor = { kind: 'device', deviceId: 'rating-1', role: 'rating' };
const opActor = (id: string): Actor => ({ kind: 'user', userId: `u-${id}`, operatorId: id, roles: ['operator'] });

export function generateYear(store: Store, opts: YearOptions, progress?: (day: number) => void): YearResult {
  const config = benchOffice();
  const zone = config.timeZone;
  const rand = rng(opts.seed);
  const state: EngineState = initialState();
  let seq = store.lastSeq();
  let buffer: DomainEvent[] = [];
  let now = DateTime.fromISO(`${opts.start}T07:00`, { zone }).toMillis();
  let refused = 0;
  let events = 0;

  const commit = (evs: readonly DomainEvent[]) => {
    for (const e of evs) applyEvent(state, { ...e, seq: ++seq } as never);
    buffer.push(...evs);
  };
  const run = (cmd: CommandInput, actor: Actor): boolean => {
    const d = decide(state, Command.parse(cmd), { now, actor, noPeopleAhead: true });
    if (!d.ok) {
      // An operator asking for the next visitor of an empty queue is normal; anything else is counted.
      if (d.error.code !== 'QUEUE_EMPTY') refused++;
      return false;
    }
    commit(d.events);
    return true;
  };
  const c = configure(config, { now, actor: ADMIN });
  if (!c.ok) throw new Error(`bench office refused: ${c.error.code}`);
  commit(c.events);

  const topics = config.topics;
  const services = config.services.map((s) => s.id);
  const served: string[] = [];

  for (let day = 0; day < opts.days; day++) {
    const d0 = DateTime.fromISO(opts.start, { zone }).plus({ days: day });
    const at = (h: number, m = 0) => d0.set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
    const open = at(8);
    const lastArrival = at(19, 30);
    const arrivals = Array.from({ length: opts.visitsPerDay }, () => open + rand() * (lastArrival - open)).sort(
      (a, b) => a - b,
    );
    const wakeups: number[] = [];
    now = open;
    const ops: Op[] = config.operators.map((o, i) => ({
      id: o.id,
      windowId: config.windows[i % config.windows.length]?.id ?? 'w1',
      phase: 'ready',
      at: Number.POSITIVE_INFINITY,
      noShow: false,
      lunchAt: at(12) + i * 30 * 60_000,
      lunched: false,
    }));
    for (const op of ops) run({ type: 'operatorLogin', windowId: op.windowId }, opActor(op.id));

    const tryCall = (op: Op) => {
      if (op.phase !== 'ready') return;
      if (!op.lunched && now >= op.lunchAt) {
        op.lunched = true;
        if (run({ type: 'startBreak', reasonId: 'lunch' }, opActor(op.id))) {
          op.phase = 'break';
          op.at = now + 30 * 60_000;
          return;
        }
      }
      if (!run({ type: 'callNext' }, opActor(op.id))) return;
      op.phase = 'called';
      op.noShow = rand() < 0.03;
      op.at = now + (op.noShow ? 150_000 : 20_000 + rand() * 60_000);
    };
    const callAll = () => {
      for (const op of ops) tryCall(op);
    };

    let next = 0;
    for (;;) {
      let t = arrivals[next] ?? Number.POSITIVE_INFINITY;
      let who: Op | 'arrival' | 'wake' = 'arrival';
      for (const op of ops)
        if (op.at < t) {
          t = op.at;
          who = op;
        }
      const wake = wakeups[0];
      if (wake !== undefined && wake < t) {
        t = wake;
        who = 'wake';
      }
      if (!Number.isFinite(t)) break;
      now = Math.max(now, Math.round(t));
      if (who === 'arrival') {
        next++;
        const topic = topics[Math.floor(rand() * topics.length)];
        if (topic) run({ type: 'issueTicket', topicId: topic.id, segmentId: topic.segmentIds[0] }, KIOSK);
        callAll();
      } else if (who === 'wake') {
        wakeups.shift();
        callAll();
      } else if (who.phase === 'called') {
        if (who.noShow) {
          run({ type: 'markNoShow' }, opActor(who.id));
          who.phase = 'ready';
          who.at = Number.POSITIVE_INFINITY;
          tryCall(who);
        } else {
          run({ type: 'startService' }, opActor(who.id));
          who.phase = 'serving';
          // Service times: mostly a few minutes, a long tail past the norms.
          who.at = now + (90 + -Math.log(1 - rand()) * 330) * 1000;
        }
      } else if (who.phase === 'serving') {
        const ticketId = state.operators[who.id]?.ticketId ?? undefined;
        const roll = rand();
        if (roll < 0.03) {
          const to = services[Math.floor(rand() * services.length)] ?? 'cash';
          run({ type: 'transfer', toServiceId: to, comment: 'перевод' }, opActor(who.id));
        } else if (roll < 0.04) {
          run({ type: 'postpone', reason: 'за документами', returnInMin: 3 }, opActor(who.id));
          wakeups.push(now + 3 * 60_000 + 1);
          wakeups.sort((a, b) => a - b);
        } else {
          run({ type: 'finishService', outcomes: ['resolved'], digitalOnboarding: rand() < 0.2 }, opActor(who.id));
          if (ticketId) served.push(ticketId);
        }
        who.phase = 'ready';
        who.at = Number.POSITIVE_INFINITY;
        callAll();
      } else if (who.phase === 'break') {
        run({ type: 'endBreak' }, opActor(who.id));
        who.phase = 'ready';
        who.at = Number.POSITIVE_INFINITY;
        tryCall(who);
      }
    }
    // Whoever is still waiting at closing time is cancelled, so no day leaks into the next.
    now = Math.max(now, at(20));
    for (const t of Object.values(state.tickets))
      run({ type: 'cancelTicket', ticketId: t.id, reason: 'закрытие' }, ADMIN);
    for (const op of ops) run({ type: 'operatorLogout' }, opActor(op.id));
    // A third of the served visits are rated the same evening.
    for (const ticketId of served) {
      if (rand() >= 0.3) continue;
      const score = 1 + Math.floor(rand() * 5);
      run(
        { type: 'rateVisit', ticketId, score, channel: 'qr', ...(score <= 2 ? { reasons: ['long-wait'] } : {}) },
        RATING,
      );
    }
    served.length = 0;
    store.append(buffer);
    events += buffer.length;
    buffer = [];
    progress?.(day);
  }
  return { events, refused };
}
