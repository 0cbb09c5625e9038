import {
  type Actor,
  Command,
  type CommandInput,
  type EngineState,
  type StoredEvent,
  type TickCommand,
} from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { decide, fold, initialState } from './index.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk, admin, system } = actors;
const OPERATORS = ['anna', 'boris', 'vera'] as const;
const SERVICES = ['consultation', 'cash', 'documents'] as const;
const TOPICS = ['readings', 'recalc', 'payment', 'contract'] as const;

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

/** mulberry32: a small seeded generator, so that the scenario is the same on every run. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  return { next, pick, chance: (p: number) => next() < p };
}

type Step = { cmd: CommandInput | TickCommand; actor: Actor };

/** One random but plausible command against the current state. */
function randomStep(h: Harness, r: ReturnType<typeof rng>): Step {
  const opId = r.pick(OPERATORS);
  const op = actors.operator(opId);
  const tickets = Object.values(h.state.tickets);
  const anyTicket = tickets.length ? r.pick(tickets).id : 'none';
  const session = h.state.operators[opId];
  if (session?.status === 'logged-out' && r.chance(0.7)) {
    const taken = new Set(Object.values(h.state.operators).map((o) => o.windowId));
    const free = ['w1', 'w2', 'w3'].filter((w) => !taken.has(w));
    if (free.length) return { cmd: { type: 'operatorLogin', windowId: r.pick(free) }, actor: op };
  }
  if (session?.status === 'break' && r.chance(0.3)) return { cmd: { type: 'endBreak' }, actor: op };
  const x = r.next();
  if (x < 0.25) {
    const cmd: CommandInput = r.chance(0.5)
      ? { type: 'issueTicket', topicId: r.pick(TOPICS), segmentId: r.pick(['individual', 'business']) }
      : { type: 'issueTicket', serviceId: r.pick(SERVICES) };
    if (r.chance(0.15)) cmd.priorityCategoryId = 'disabled';
    if (r.chance(0.1)) cmd.visitorData = { account: '12345678' };
    return { cmd, actor: r.chance(0.1) ? admin : kiosk };
  }
  if (x < 0.36) return { cmd: { type: 'callNext' }, actor: op };
  if (x < 0.37) return { cmd: { type: 'callTicket', ticketId: anyTicket }, actor: op };
  if (x < 0.42) return { cmd: { type: 'recall' }, actor: op };
  if (x < 0.52) return { cmd: { type: 'startService' }, actor: op };
  if (x < 0.62) {
    const outcomes = r.chance(0.5) ? ['consulted'] : r.chance(0.1) ? ['bogus'] : [];
    return {
      cmd: { type: 'finishService', outcomes, digitalOnboarding: r.chance(0.3), extraSale: r.chance(0.2) },
      actor: op,
    };
  }
  if (x < 0.64) return { cmd: { type: 'markNoShow' }, actor: op };
  if (x < 0.66)
    return { cmd: { type: 'postpone', reason: 'вернётся', returnInMin: Math.floor(r.next() * 10) }, actor: op };
  if (x < 0.7) {
    const toOperatorId = r.chance(0.5) ? r.pick(OPERATORS) : undefined;
    const toServiceId = !toOperatorId || r.chance(0.3) ? r.pick(SERVICES) : undefined;
    return {
      cmd: { type: 'transfer', toServiceId, toOperatorId, returnToOrigin: r.chance(0.4), comment: 'перевод' },
      actor: op,
    };
  }
  if (x < 0.72) return { cmd: { type: 'cancelTicket', ticketId: anyTicket }, actor: admin };
  if (x < 0.75) return { cmd: { type: 'startBreak', reasonId: r.pick(['lunch', 'technical']) }, actor: op };
  if (x < 0.76)
    return { cmd: { type: 'startBreak', reasonId: 'lunch', operatorId: opId, override: true }, actor: admin };
  if (x < 0.8) return { cmd: { type: 'endBreak' }, actor: op };
  if (x < 0.81) return { cmd: { type: 'startWrapUp' }, actor: op };
  if (x < 0.83) return { cmd: { type: 'operatorLogin', windowId: r.pick(['w1', 'w2', 'w3']) }, actor: op };
  if (x < 0.84) return { cmd: { type: 'operatorLogout' }, actor: op };
  if (x < 0.86) return { cmd: { type: 'serveWalkIn', serviceId: r.pick(SERVICES) }, actor: op };
  if (x < 0.87) {
    const serviceIds = SERVICES.filter(() => r.chance(0.6));
    return { cmd: { type: 'setSkills', operatorId: opId, serviceIds }, actor: admin };
  }
  if (x < 0.89) {
    const code = `B${Math.floor(r.next() * 40)}X`;
    return {
      cmd: {
        type: 'createAppointment',
        code,
        serviceId: r.pick(SERVICES),
        slotAt: h.now + Math.floor(r.next() * 90) * 60_000,
      },
      actor: admin,
    };
  }
  if (x < 0.93) {
    const booked = Object.values(h.state.appointments).filter((a) => a.status === 'booked');
    const code = booked.length && r.chance(0.8) ? r.pick(booked).code.toLowerCase() : `b${Math.floor(r.next() * 40)}x`;
    return { cmd: { type: 'checkIn', code }, actor: kiosk };
  }
  // Live-queue mode is rare and short.
  if (x < 0.935 || (h.state.liveQueue && r.chance(0.3)))
    return { cmd: { type: 'setLiveQueueMode', on: !h.state.liveQueue, reason: 'сбой' }, actor: admin };
  return { cmd: { type: 'tick' }, actor: system };
}

/**
 * A long mixed day (and the night after): every step is also decided on a deep-frozen copy of the
 * state, which must give the same decision — `decide` neither mutates nor depends on hidden state.
 */
function scenario(seed: number, steps: number, onStep?: (h: Harness, i: number) => void) {
  const r = rng(seed);
  const h = new Harness({ config: testOffice(), now: '2025-03-03T08:55' });
  for (const [i, id] of OPERATORS.entries())
    h.ok({ type: 'operatorLogin', windowId: `w${i + 1}` }, actors.operator(id));
  let accepted = 0;
  let refused = 0;
  for (let i = 0; i < steps; i++) {
    // A day of reception, a late evening past local midnight, then the next morning.
    if (i === Math.floor(steps * 0.7)) h.at('2025-03-03T23:50');
    else if (i === Math.floor(steps * 0.75)) h.at('2025-03-04T09:00');
    else h.advance(Math.floor(r.next() * 40_000));
    const { cmd: input, actor } = randomStep(h, r);
    const cmd = input.type === 'tick' ? input : Command.parse(input);
    const frozen = deepFreeze(structuredClone(h.state));
    const before = JSON.stringify(h.state);
    const expected = decide(frozen, cmd, { now: h.now, actor });
    expect(JSON.stringify(h.state)).toBe(before);
    const d = h.run(input, actor);
    expect(d).toEqual(expected);
    if (d.ok) accepted++;
    else refused++;
    onStep?.(h, i);
  }
  return { h, accepted, refused };
}

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('determinism', () => {
  it('folding the stored events from scratch reproduces the state exactly', () => {
    const { h, accepted, refused } = scenario(20250303, 1500);
    expect(accepted).toBeGreaterThan(500);
    expect(refused).toBeGreaterThan(100);
    const types = new Set(h.log.map((e) => e.type));
    for (const t of [
      'OfficeConfigured',
      'TicketIssued',
      'TicketCalled',
      'TicketRecalled',
      'ServiceStarted',
      'ServiceFinished',
      'TicketNoShow',
      'TicketPostponed',
      'TicketTransferred',
      'TicketCancelled',
      'WalkInStarted',
      'BreakStarted',
      'BreakEnded',
      'SkillsChanged',
      'AppointmentCreated',
      'AppointmentCheckedIn',
      'AppointmentForfeited',
      'LiveQueueModeChanged',
    ])
      expect(types, t).toContain(t);
    // The scenario crosses local midnight: numbering restarted.
    expect(new Set(h.eventsOf('TicketIssued').map((e) => e.ticket.dayKey)).size).toBeGreaterThan(1);
    // Events as persisted (JSON) and folded into a fresh state.
    const replayed = fold(json(h.log));
    expect(replayed).toEqual(h.state);
    expect(json(replayed)).toStrictEqual(json(h.state));
    expect(replayed.seq).toBe(h.seq);
  });

  it('a snapshot plus the events after it gives the same state as the whole log', () => {
    let snapshot: EngineState | undefined;
    let snapshotSeq = 0;
    const { h } = scenario(7, 800, (hh, i) => {
      if (i === 400) {
        snapshot = json(hh.state);
        snapshotSeq = hh.seq;
      }
    });
    if (!snapshot) throw new Error('no snapshot');
    const rest: StoredEvent[] = json(h.log.filter((e) => e.seq > snapshotSeq));
    expect(json(fold(rest, snapshot))).toStrictEqual(json(h.state));
  });

  it('the same commands at the same times give the same event log', () => {
    const a = scenario(42, 600).h;
    const b = scenario(42, 600).h;
    expect(json(b.log)).toStrictEqual(json(a.log));
    expect(json(b.state)).toStrictEqual(json(a.state));
  });

  it('sequence numbers are gap-free and stamped in order', () => {
    const { h } = scenario(99, 300);
    expect(h.log.map((e) => e.seq)).toEqual(h.log.map((_, i) => i + 1));
    expect(h.state.seq).toBe(h.log.length);
  });

  it('applyEvent folds into the given state and returns it', () => {
    const s = initialState();
    expect(fold([], s)).toBe(s);
  });
});
