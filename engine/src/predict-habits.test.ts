import { describe, expect, it } from 'vitest';
import { habitPools, pickHabits } from './predict-habits.js';
import { seeded } from './predict-random.js';
import { type TwinModel, twinEstimate } from './predict-twin.js';
import { type OperatorDay, operatorDaysFrom } from './staffing/presence.js';
import { actors, Harness, testOffice } from './testing.js';

const { kiosk } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');

describe("operators' days from the log", () => {
  it('reads sessions, windows and breaks in local minutes, a logout ending the break it interrupts', () => {
    const h = new Harness({ config: testOffice(), now: '2025-03-03T08:55' });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.at('2025-03-03T09:02').ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.at('2025-03-03T13:00').ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    h.at('2025-03-03T13:40').ok({ type: 'endBreak' }, anna);
    h.at('2025-03-03T15:10').ok({ type: 'startBreak', reasonId: 'technical' }, boris);
    h.at('2025-03-03T15:20').ok({ type: 'operatorLogout', operatorId: 'boris', override: true }, actors.admin);
    h.at('2025-03-04T09:00').ok({ type: 'operatorLogin', windowId: 'w2' }, boris);

    const days = operatorDaysFrom(h.log, 'Europe/Moscow');
    const find = (dayKey: string, id: string) => days.find((d) => d.dayKey === dayKey && d.operatorId === id);
    expect(find('2025-03-03', 'anna')).toEqual({
      dayKey: '2025-03-03',
      operatorId: 'anna',
      sessions: [{ from: 8 * 60 + 55, to: null, windowId: 'w1' }],
      breaks: [{ from: 13 * 60, to: 13 * 60 + 40 }],
    });
    expect(find('2025-03-03', 'boris')).toEqual({
      dayKey: '2025-03-03',
      operatorId: 'boris',
      sessions: [{ from: 9 * 60 + 2, to: 15 * 60 + 20, windowId: 'w2' }],
      breaks: [{ from: 15 * 60 + 10, to: 15 * 60 + 20 }],
    });
    expect(find('2025-03-04', 'boris')?.sessions).toEqual([{ from: 9 * 60, to: null, windowId: 'w2' }]);
    expect(days).toHaveLength(3);
  });
});

/** Anna and Boris at work on Monday 10:00, 40 consultations waiting, fixed 8-minute services. */
function hall() {
  const operators = [
    { id: 'anna', name: 'Анна', skills: ['consultation', 'cash'] },
    { id: 'boris', name: 'Борис', skills: ['consultation'] },
    { id: 'vera', name: 'Вера', skills: ['consultation', 'cash', 'documents'] },
  ];
  const h = new Harness({ config: testOffice({ operators, rules: { dispatchPolicy: 'oldest-overall' } }) });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  for (let i = 0; i < 40; i++) h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
  const model: TwinModel = { services: { consultation: { meanMin: 8, cv: 0 } }, arrivalsPerHour: {}, walkMin: 0 };
  return { h, model, id: h.ticket('К-030').id };
}

const day = (dayKey: string, operatorId: string, p: Partial<OperatorDay>): OperatorDay => ({
  dayKey,
  operatorId,
  sessions: [{ from: 9 * 60, to: null, windowId: operatorId === 'anna' ? 'w1' : 'w2' }],
  breaks: [],
  ...p,
});

describe("the twin follows each operator's habit (issue 18)", () => {
  it('replays the lunch an operator takes every day, and not once it is taken today', () => {
    const { h, model, id } = hall();
    const none = twinEstimate(h.state, id, h.now, model, { runs: 10, maxCommands: 1e6 })?.pointMin ?? 0;
    // Anna lunches 10:30–11:10 every day of the last week.
    const annaDays = ['2025-02-24', '2025-02-25', '2025-02-26', '2025-02-27', '2025-02-28'].map((d) =>
      day(d, 'anna', { breaks: [{ from: 10 * 60 + 30, to: 11 * 60 + 10 }] }),
    );
    const habit = { ...model, operatorDays: { anna: annaDays } };
    const lunch = twinEstimate(h.state, id, h.now, habit, { runs: 10, maxCommands: 1e6 });
    // 40 window-minutes fewer before К-030's call: about five of anna's 8-minute visitors go to boris.
    expect(lunch?.pointMin).toBeGreaterThanOrEqual(none + 15);
    expect(lunch?.lowMin).toBe(lunch?.highMin);
    // Anna had her break this morning already: her habit's first break is today's, so none is replayed.
    const taken = twinEstimate(h.state, id, h.now, { ...habit, breaksTakenToday: { anna: 1 } }, { runs: 10 });
    expect(taken?.pointMin).toBe(none);
  });

  it("ends the shift where the operator's days end before closing time, and logs in an operator who comes later", () => {
    const { h, model, id } = hall();
    const none = twinEstimate(h.state, id, h.now, model, { runs: 10, maxCommands: 1e6 })?.pointMin ?? 0;
    const leaves = ['2025-02-24', '2025-02-25', '2025-02-26'].map((d) =>
      day(d, 'boris', { sessions: [{ from: 9 * 60, to: 11 * 60, windowId: 'w2' }] }),
    );
    const early = twinEstimate(h.state, id, h.now, { ...model, operatorDays: { boris: leaves } }, { runs: 10 });
    expect(early?.pointMin).toBeGreaterThan(none + 30);
    // Boris on the office's closing time is the end of his day, not an early leave.
    const close = leaves.map((d) => ({ ...d, sessions: [{ from: 9 * 60, to: 18 * 60 + 5, windowId: 'w2' }] }));
    expect(twinEstimate(h.state, id, h.now, { ...model, operatorDays: { boris: close } }, { runs: 10 })?.pointMin).toBe(
      none,
    );
    // Vera is not at work yet; she comes at 10:30 every day: a third window from then on.
    const vera = ['2025-02-24', '2025-02-25', '2025-02-26'].map((d) =>
      day(d, 'vera', { sessions: [{ from: 10 * 60 + 30, to: null, windowId: 'w3' }] }),
    );
    const comes = twinEstimate(h.state, id, h.now, { ...model, operatorDays: { vera } }, { runs: 10 });
    expect(comes?.pointMin).toBeLessThan(none - 20);
  });

  it('reads the habit from the same weekday once there are enough of them', () => {
    const monday = ['2025-02-03', '2025-02-10', '2025-02-17'].map((d) => day(d, 'anna', { breaks: [] }));
    const other = ['2025-02-25', '2025-02-26', '2025-02-27', '2025-02-28'].map((d) =>
      day(d, 'anna', { breaks: [{ from: 600, to: 640 }] }),
    );
    const model: TwinModel = { services: {}, arrivalsPerHour: {}, operatorDays: { anna: [...other, ...monday] } };
    const r = seeded(7);
    for (let i = 0; i < 20; i++)
      expect(pickHabits(habitPools(model, testOffice(), '2025-03-03'), r).get('anna')?.breaks).toEqual([]);
    // Two Mondays are too few: any day of the pool.
    const few: TwinModel = { ...model, operatorDays: { anna: [...other, ...monday.slice(0, 2)] } };
    const seen = new Set<number>();
    for (let i = 0; i < 40; i++)
      seen.add(pickHabits(habitPools(few, testOffice(), '2025-03-03'), r).get('anna')?.breaks.length ?? -1);
    expect(seen).toEqual(new Set([0, 1]));
    // A break starts once the visitor at the window is done: the days' early starts are the plan, and every
    // drawn day's lunch is replayed from there, with its own length.
    const late = [600, 604, 611, 615, 629].map((from, i) =>
      day(`2025-02-2${i}`, 'anna', { breaks: [{ from, to: from + 30 + i }] }),
    );
    const pools = habitPools({ ...model, operatorDays: { anna: late } }, testOffice(), '2025-03-03');
    expect(pools.days.get('anna')?.map((d) => d.breaks[0])).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({ from: 600, to: 630 + i })),
    );
    // Today's own (partial) day is never a habit.
    const todayOnly: TwinModel = { ...model, operatorDays: { anna: [day('2025-03-03', 'anna', {})] } };
    expect(pickHabits(habitPools(todayOnly, testOffice(), '2025-03-03'), r).size).toBe(0);
  });
});
