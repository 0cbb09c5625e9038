import type { PlanHour, VisitSummary } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
// The office-day simulator of the benches (a dev workspace) is the independent judge here: it draws its
// visitors from the scenario itself, not from the history the what-if reads.
import { dateOf, playDay } from '../../../bench/src/sim/day.js';
import { simulate } from '../../../bench/src/sim/run.js';
import { officeConfigOf, parseScenario, type Scenario, type ScenarioInput } from '../../../bench/src/sim/scenario.js';
import { officeHistory } from './history.js';
import { dayPlan } from './plan.js';
import { WhatIfSim, whatIfModelOf } from './whatif.js';
import { shiftsOf } from './whatif-day.js';

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const flat = (from: number, to: number, windows: number): PlanHour[] =>
  Array.from({ length: to - from }, (_, i) => ({ hour: from + i, windows }));

/** A city office (S1's services, arrivals and patience), every window serving every service. */
const BASE: ScenarioInput = {
  name: 'whatif-office',
  open: '09:00',
  close: '18:00',
  patienceMin: 40,
  patienceCv: 0.6,
  services: [
    { id: 'consult', prefix: 'К', waitNormMin: 8, serviceMeanMin: 8, serviceCv: 0.7 },
    { id: 'cash', prefix: 'О', waitNormMin: 4, serviceMeanMin: 4, serviceCv: 0.5 },
    { id: 'consult-cash', prefix: 'С', waitNormMin: 12, serviceMeanMin: 16, serviceCv: 0.6 },
  ],
  arrivals: {
    perHour: [11.7, 18.2, 19.5, 16.9, 13.0, 13.0, 14.3, 13.0, 10.4],
    mix: { consult: 0.55, cash: 0.3, 'consult-cash': 0.15 },
    priorityShare: 0.04,
  },
  operators: [],
};

/** The scenario staffed by a plan: the what-if's reading of "windows per hour", played by the bench. */
function staffed(plan: PlanHour[]): Scenario {
  return parseScenario({
    ...BASE,
    operators: shiftsOf(plan).map((shifts, i) => ({
      id: `op${i + 1}`,
      services: ['consult', 'cash', 'consult-cash'],
      shifts: shifts.map(([a, b]) => [hhmm(a), hhmm(b)] as [string, string]),
    })),
  });
}

describe('shifts of a plan of windows per hour', () => {
  it('staffs window k in every hour with at least k windows, consecutive hours as one shift', () => {
    const plan = [...flat(9, 12, 2), ...flat(12, 14, 1), ...flat(14, 18, 3)];
    expect(shiftsOf(plan)).toEqual([
      [[540, 1080]],
      [
        [540, 720],
        [840, 1080],
      ],
      [[840, 1080]],
    ]);
  });
});

describe('what-if: a plan checked before the day', () => {
  // Half a year of the office's past, played by the bench simulator with three windows all day (seed 7).
  const past = staffed(flat(9, 18, 3));
  const config = officeConfigOf(past, 'norm-deadline');
  const visits: VisitSummary[] = [];
  const WEEKS = 26;
  for (let d = 0; d < WEEKS * 7; d++)
    for (const rec of playDay(past, config, 7, d).records.values()) if (rec.visit) visits.push(rec.visit);
  const history = officeHistory(visits, config, {
    fromDay: past.startDate,
    toDay: dateOf(past.startDate, WEEKS * 7 - 1),
  });
  const day = dateOf(past.startDate, WEEKS * 7);
  const proposed = dayPlan(history, config, day, { weeks: WEEKS, targetShare: 0.8, maxAbandonShare: 0.03 }).hours.map(
    (h) => ({ hour: h.hour, windows: h.recommended }),
  );
  // What an office might enter: two windows to open, three for the busy late morning, two over lunch.
  const entered = [...flat(9, 10, 2), ...flat(10, 12, 3), ...flat(12, 14, 2), ...flat(14, 18, 3)];

  it('predicts each plan within 3 points of what the simulator measures on other visitors', () => {
    const sim = new WhatIfSim(
      config,
      day,
      whatIfModelOf(history, config, day),
      [
        { id: 'proposed', plan: proposed },
        { id: 'entered', plan: entered },
      ],
      { days: 150, seed: 11 },
    );
    const [p, e] = sim.runAll();
    expect(sim.daysPlayed).toBe(150);
    // The independent measurement: the scenario itself, a different seed, 200 days per plan.
    const truthP = simulate(staffed(proposed), { policy: 'norm-deadline', days: 200, seed: 12345 });
    const truthE = simulate(staffed(entered), { policy: 'norm-deadline', days: 200, seed: 12345 });
    const report = {
      proposed: [p?.day.withinShare, truthP.withinTargetShare, p?.day.abandonedShare, truthP.abandonedShare],
      entered: [e?.day.withinShare, truthE.withinTargetShare, e?.day.abandonedShare, truthE.abandonedShare],
    };
    console.log(
      history.visits / (WEEKS * 7),
      Object.entries(history.arrivals)
        .map(
          ([w, r]) =>
            `${w}:${Object.values(r)
              .flat()
              .reduce((a, b) => a + b, 0)
              .toFixed(1)}`,
        )
        .join(' '),
      JSON.stringify(report),
      p?.day.tickets,
      truthP.tickets / 300,
      JSON.stringify(history.patience),
      JSON.stringify(history.services),
    );
    expect(Math.abs((p?.day.withinShare ?? 0) - truthP.withinTargetShare), JSON.stringify(report)).toBeLessThanOrEqual(
      0.03,
    );
    expect(Math.abs((e?.day.withinShare ?? 0) - truthE.withinTargetShare), JSON.stringify(report)).toBeLessThanOrEqual(
      0.03,
    );
    // The plans differ enough for the comparison to mean something, and the hours add up to the day.
    console.info('what-if vs simulator (within, within, left, left):', JSON.stringify(report));
    expect(Math.abs(truthP.withinTargetShare - truthE.withinTargetShare)).toBeGreaterThan(0.02);
    const perDay = (p?.hours ?? []).reduce((a, h) => a + h.tickets, 0);
    expect(perDay).toBeCloseTo(p?.day.tickets ?? 0, 1);
    expect(p?.day.tickets).toBeGreaterThan(110);
    expect(p?.day.tickets).toBeLessThan(150);
  }, 60_000);

  it('is deterministic for a seed, and a plan with fewer windows is worse on the same visitors', () => {
    const model = whatIfModelOf(history, config, day);
    const run = (plans: PlanHour[][]) =>
      new WhatIfSim(
        config,
        day,
        model,
        plans.map((plan, i) => ({ id: String(i), plan })),
        { days: 6, seed: 3 },
      ).runAll();
    const [a] = run([entered]);
    const [b, fewer] = run([entered, flat(9, 18, 2)]);
    expect(b).toEqual(a);
    expect(fewer?.day.withinShare).toBeLessThan(b?.day.withinShare ?? 0);
    expect(fewer?.day.p90WaitMin).toBeGreaterThan(b?.day.p90WaitMin ?? 0);
  });

  it('counts visitors who came to an hour with no window open as not served', () => {
    const gap = [...flat(9, 12, 3), ...flat(14, 18, 3)];
    const [r] = new WhatIfSim(config, day, whatIfModelOf(history, config, day), [{ id: 'gap', plan: gap }], {
      days: 4,
      seed: 5,
    }).runAll();
    const noon = r?.hours.find((h) => h.hour === 12);
    expect(noon?.tickets).toBeGreaterThan(5);
    // They wait for 14:00 (or leave): nobody from that hour is within the norm.
    expect(noon?.withinShare).toBeLessThan(0.2);
  });
});
