import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { baselineEstimate } from './predict.js';
import { lognormal, quantileOf, seeded, seedOf } from './predict-random.js';
import { cloneForTwin, type TwinModel, twinEstimate, withIntradayUpdate } from './predict-twin.js';
import { actors, Harness, testOffice } from './testing.js';
import { dayKeyOf, localClock, localMinuteOfDay } from './time.js';

const { kiosk } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');

/** Fixed service times and no newcomers: the replay has exactly one outcome. */
const fixed: TwinModel = {
  services: {
    consultation: { meanMin: 5, cv: 0 },
    cash: { meanMin: 2, cv: 0 },
    documents: { meanMin: 20, cv: 0 },
  },
  arrivalsPerHour: {},
  walkMin: 0,
};

function office(policy = 'oldest-with-priority') {
  const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: policy } }) });
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  return h;
}

describe('digital twin', () => {
  it('replays the queue through the engine: two ahead of a busy window with 5-minute services → 15 min', () => {
    const h = office();
    for (let i = 0; i < 4; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    const id = h.ticket('К-004').id;
    const e = twinEstimate(h.state, id, h.now, fixed, { runs: 10 });
    expect(e).toMatchObject({ lowMin: 15, highMin: 15, pointMin: 15, method: 'twin' });
    expect(e?.samples).toEqual(new Array(10).fill(15));
  });

  it('counts the elapsed part of the current service and a second window', () => {
    const h = office();
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    for (let i = 0; i < 3; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, boris);
    h.ok({ type: 'startService' }, boris);
    h.ok({ type: 'callNext' }, anna);
    h.ok({ type: 'startService' }, anna);
    h.advanceMin(4);
    // Both windows finish in 1 min (5 − 4 elapsed); К-003 is called then.
    expect(twinEstimate(h.state, h.ticket('К-003').id, h.now, fixed, { runs: 5 })?.pointMin).toBe(1);
  });

  it("uses the office's own policy: a cash ticket with a tighter norm goes first under norm-deadline", () => {
    const model: TwinModel = { ...fixed, services: { ...fixed.services } };
    const run = (policy: string) => {
      const h = new Harness({ config: testOffice({ rules: { dispatchPolicy: policy } }) });
      h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
      h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
      h.ok({ type: 'callNext' }, anna);
      h.ok({ type: 'startService' }, anna);
      h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
      h.advanceMin(1);
      h.ok({ type: 'issueTicket', serviceId: 'cash' }, kiosk);
      return twinEstimate(h.state, h.ticket('О-001').id, h.now, model, { runs: 3 })?.pointMin;
    };
    // anna is busy for 4 more minutes; under FIFO the consultation (5 min) is served before the cash ticket.
    expect(run('oldest-overall')).toBe(9);
    expect(run('norm-deadline')).toBe(4);
  });

  it('is deterministic for a state, and does not touch the live state', () => {
    const h = office();
    for (let i = 0; i < 5; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    const model: TwinModel = {
      services: { consultation: { meanMin: 8, cv: 0.7 }, cash: { meanMin: 4, cv: 0.5 } },
      arrivalsPerHour: { consultation: new Array(24).fill(20) },
      priorityShare: 0.1,
      patience: { meanMin: 30, cv: 0.6 },
    };
    const before = JSON.stringify(h.state);
    const id = h.ticket('К-005').id;
    const a = twinEstimate(h.state, id, h.now, model);
    const b = twinEstimate(h.state, id, h.now, model);
    expect(a).toEqual(b);
    expect(JSON.stringify(h.state)).toBe(before);
    expect(a?.samples).toHaveLength(40);
    if (!a) throw new Error('no estimate');
    expect(a.lowMin).toBeLessThanOrEqual(a.pointMin ?? 0);
    expect(a.pointMin).toBeLessThanOrEqual(a.highMin);
    // Four 8-minute services ahead at one window: about half an hour, not minutes and not hours.
    expect(a.pointMin).toBeGreaterThan(20);
    expect(a.pointMin).toBeLessThan(60);
  });

  it('stops spending once its command budget is used, after at least 8 replays', () => {
    const h = office();
    for (let i = 0; i < 30; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    const e = twinEstimate(h.state, h.ticket('К-030').id, h.now, fixed, { runs: 40, maxCommands: 100 });
    expect(e?.samples).toHaveLength(8);
  });

  it('answers 0 for a ticket already called and null for an unknown one', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    h.ok({ type: 'callNext' }, boris);
    expect(twinEstimate(h.state, h.ticket('К-001').id, h.now, fixed)).toMatchObject({ lowMin: 0, highMin: 0 });
    expect(twinEstimate(h.state, 'nope', h.now, fixed)).toBeNull();
  });

  it('rescales the rest of the day by how busy it has been (intraday update)', () => {
    const h = new Harness({ now: '2025-03-03T12:00', config: testOffice() });
    for (let i = 0; i < 30; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    const profile = new Array(24).fill(0);
    for (let hour = 9; hour < 18; hour++) profile[hour] = 5;
    // 3 hours × 5 expected = 15, 30 came: twice as busy.
    const m = withIntradayUpdate(h.state, { ...fixed, arrivalsPerHour: { consultation: profile } }, h.now);
    expect(m.arrivalsPerHour.consultation?.[14]).toBe(10);
  });

  it('the vendor-style baseline counts people ahead × the service norm ÷ open windows', () => {
    const h = office();
    for (let i = 0; i < 3; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    // Two ahead, one window, norm 8: (2 + 0.5) × 8 = 20.
    expect(baselineEstimate(h.state, h.ticket('К-003').id, h.now)).toMatchObject({ pointMin: 20, lowMin: 16 });
  });

  it('copies exactly what a replay mutates', () => {
    const h = office();
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    const copy = cloneForTwin(h.state);
    expect(copy.config).toBe(h.state.config);
    expect(copy.tickets).toEqual(h.state.tickets);
    expect(copy.tickets).not.toBe(h.state.tickets);
    expect(Object.values(copy.tickets)[0]).not.toBe(Object.values(h.state.tickets)[0]);
    expect(copy.operators.boris).not.toBe(h.state.operators.boris);
  });
});

describe('seeded randomness', () => {
  it('repeats for a seed and differs between seeds', () => {
    const a = seeded(seedOf(1, 'x'));
    const b = seeded(seedOf(1, 'x'));
    const c = seeded(seedOf(2, 'x'));
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
  });

  it('draws lognormal service times with the asked mean and coefficient of variation', () => {
    const r = seeded(7);
    const xs = Array.from({ length: 200_000 }, () => lognormal(r, 8, 0.7));
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length);
    expect(mean).toBeCloseTo(8, 1);
    expect(sd / mean).toBeCloseTo(0.7, 1);
    expect(quantileOf([1, 2, 3, 4], 0.5)).toBe(2.5);
  });
});

describe('cached local time', () => {
  it('agrees with Luxon around DST changes and midnights', () => {
    for (const zone of ['Europe/Moscow', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata']) {
      const start = DateTime.fromISO('2025-03-07T00:00', { zone }).toMillis();
      for (let t = start; t < start + 40 * 24 * 3_600_000; t += 37 * 60_000 + 13_000) {
        const d = DateTime.fromMillis(t, { zone });
        const c = localClock(t, zone);
        expect(c.dayKey).toBe(d.toISODate());
        expect(c.hhmm).toBe(d.toFormat('HH:mm'));
        expect(dayKeyOf(t, zone)).toBe(d.toISODate());
        expect(localMinuteOfDay(t, zone)).toBe(d.hour * 60 + d.minute);
      }
    }
  });
});
