import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { VisitSummary } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import type { DayResult, TicketRecord } from './day.js';
import { Metrics, overtakenByCounts } from './metrics.js';
import { loadScenario, parseScenario } from './scenario.js';

const MIN = 60_000;
const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** A ticket issued at `issued` and first called at `called` (minutes), served unless it `left`. */
function ticket(cls: string, issued: number, called: number | undefined, left = false): TicketRecord {
  const visit = {
    outcome: left ? 'no-show' : 'served',
    ...(called === undefined ? {} : { firstWaitSec: (called - issued) * 60, waitSec: (called - issued) * 60 }),
  } as VisitSummary;
  return {
    cls,
    issuedAt: issued * MIN,
    booking: false,
    priority: false,
    ...(called === undefined ? {} : { firstCalledAt: called * MIN }),
    visit,
  };
}

const day = (tickets: TicketRecord[]): DayResult => ({
  dayStart: 0,
  closeAt: 600 * MIN,
  lastCloseAt: 600 * MIN,
  records: new Map(tickets.map((t, i) => [`t${i}`, t])),
  refusals: {},
});

const office = parseScenario({
  name: 'tiny',
  open: '09:00',
  close: '18:00',
  services: [
    { id: 'consult', waitNormMin: 8, serviceMeanMin: 8 },
    { id: 'cash', waitNormMin: 4, serviceMeanMin: 4 },
  ],
  arrivals: { perHour: [1], mix: { consult: 1, cash: 1 } },
  operators: [{ id: 'a', services: ['consult', 'cash'], shifts: [['09:00', '18:00']] }],
});

describe('fairness figures', () => {
  it('counts, for each ticket, the later-issued tickets called before it', () => {
    // Issued 0,1,2,3; called in the order 3,1,0,2 → ticket 0 is overtaken by 1 and 3, ticket 2 by 3.
    expect(
      overtakenByCounts([
        [0, 30],
        [1, 20],
        [2, 40],
        [3, 10],
      ]),
    ).toEqual([2, 1, 1, 0]);
    // First come, first called: nobody is overtaken.
    expect(
      overtakenByCounts([
        [0, 1],
        [1, 2],
        [2, 3],
      ]),
    ).toEqual([0, 0, 0]);
    // Issued at the same instant is not later; called at the same instant is not before.
    expect(
      overtakenByCounts([
        [5, 9],
        [5, 8],
        [6, 9],
      ]),
    ).toEqual([0, 0, 0]);
    expect(overtakenByCounts([])).toEqual([]);
  });

  it('agrees with counting every pair on a shuffled day', () => {
    let x = 7;
    const next = () => {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      return x / 2 ** 31;
    };
    const pairs = Array.from({ length: 300 }, () => [Math.floor(next() * 200), Math.floor(next() * 200)] as const);
    const brute = pairs.map(([i, c]) => pairs.filter(([j, d]) => j > i && d < c).length);
    expect(overtakenByCounts(pairs)).toEqual(brute);
  });

  it('reports overtaking across services and the time past the norm on a hand-built day', () => {
    const m = new Metrics(office);
    m.addDay(
      day([
        // A consultation (norm 8) issued first waits 20 min: called at 20, 12 min past its norm.
        ticket('consult', 0, 20),
        // Three cash tickets (norm 4) issued after it are called before it, each within its norm.
        ticket('cash', 1, 3),
        ticket('cash', 2, 5),
        ticket('cash', 3, 6),
        // A second consultation issued at 2.5, called at 15: 4.5 min past the norm, overtaken by cash@3 only
        // (called at 6; cash@1 and cash@2 were issued before it).
        ticket('consult', 2.5, 15),
        // A cash visitor who left: called (no-show) at 30, 20 min past the norm, overtaken by nobody.
        ticket('cash', 6, 30, true),
      ]),
    );
    const r = m.result();
    expect(r.overtakenByMax).toBe(4);
    // Counts 4,0,0,0,1,0: the 99th percentile interpolates between the two largest (1 and 4).
    expect(r.overtakenByP99).toBeCloseTo(1 + 0.95 * 3, 2);
    expect(r.overtakenByMean).toBeCloseTo(5 / 6, 3);
    // Same-service overtaking (the older figure) sees one ticket of the six: consult@0, behind consult@2.5;
    // the three cash tickets that went before it are invisible to it.
    expect(r.overtakenShare).toBeCloseTo(1 / 6, 4);
    // Past the norm: 12, 4.5 and 20 min (the leaver too: their ticket stayed in the queue past its norm).
    expect(r.pastNormShare).toBeCloseTo(3 / 6, 4);
    expect(r.pastNormMaxMin).toBe(20);
    expect(r.pastNormP90Min).toBeCloseTo(12 + 0.8 * 8, 2);
    expect(r.perService.consult?.overtakenByMax).toBe(4);
    expect(r.perService.consult?.pastNormP90Min).toBeCloseTo(4.5 + 0.9 * 7.5, 2);
    expect(r.perService.cash?.overtakenByMax).toBe(0);
    expect(r.abandonedShare).toBeCloseTo(1 / 6, 4);
  });

  it("averages each day's longest wait, where the longest of all is one day's", () => {
    const m = new Metrics(office);
    m.addDay(day([ticket('consult', 0, 20), ticket('cash', 1, 3)]));
    m.addDay(day([ticket('consult', 0, 6), ticket('cash', 1, 2)]));
    const r = m.result();
    expect(r.maxWaitMin).toBe(20);
    expect(r.meanDailyLongestWaitMin).toBe(13);
  });

  it('reports zeros for a day where everyone is called at once', () => {
    const m = new Metrics(office);
    m.addDay(day([ticket('consult', 0, 1), ticket('cash', 2, 2)]));
    const r = m.result();
    expect([r.overtakenByP99, r.overtakenByMax, r.pastNormP90Min, r.pastNormShare]).toEqual([0, 0, 0, 0]);
  });
});

describe('scenarios', () => {
  it('every shipped scenario, overload ones included, passes the scenario schema', () => {
    const files = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(
      expect.arrayContaining([
        'overload-small-town.json',
        'overload-deadline-monday.json',
        'overload-sick-operator.json',
      ]),
    );
    for (const f of files) expect(() => loadScenario(join(SCENARIOS, f))).not.toThrow();
  });

  it('the overload scenarios ask for more than the windows can serve', () => {
    for (const name of ['overload-small-town', 'overload-deadline-monday', 'overload-sick-operator']) {
      const s = loadScenario(join(SCENARIOS, `${name}.json`));
      const mix = Object.entries(s.arrivals.mix);
      const total = mix.reduce((a, [, w]) => a + w, 0);
      const meanService =
        mix.reduce((a, [id, w]) => a + w * (s.services.find((x) => x.id === id)?.serviceMeanMin ?? 0), 0) / total +
        s.walkMin;
      const peak = Math.max(...s.arrivals.perHour) * s.arrivals.volumeFactor;
      // At the busiest hour, even with every window open and fully pooled, the load is at least 100%.
      expect((peak * meanService) / (60 * s.operators.length)).toBeGreaterThanOrEqual(1);
      expect(s.patienceMin).toBeGreaterThan(0);
    }
  });
});

describe('prediction figures', () => {
  it('judges the point, and separately what the visitor was told: one figure while narrow, the range once wide', () => {
    const predicted = (issued: number, called: number, lowMin: number, highMin: number, pointMin: number) => ({
      ...ticket('consult', issued, called),
      prediction: { twin: { lowMin, highMin, pointMin, method: 'twin' }, baseline: null, twinMs: 1, twinCpuMs: 1 },
    });
    const m = new Metrics(office);
    m.addDay(
      day([
        // told «примерно 7 мин», waited 10: under by more than 2 min either way
        predicted(0, 10, 5, 8, 7),
        // told «примерно 20–35 мин», waited 30: inside the range, though 4 min past the point
        predicted(0, 30, 20, 35, 26),
        // told «около минуты», waited 4
        predicted(0, 4, 0, 1, 0),
      ]),
    );
    const p = m.predictions();
    expect(p.predictions).toBe(3);
    expect(p.underPredictOver2MinShare).toBe(1);
    expect(p.underToldOver2MinShare).toBe(0.6667);
    expect(p.toldRangeShare).toBe(0.3333);
  });
});
