import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { erlangC, erlangCMeanWait, erlangCWithin } from '@talon/engine';
import { describe, expect, it } from 'vitest';
import { simulate } from './run.js';
import { loadScenario, parseScenario } from './scenario.js';
import { simDay } from './visitors.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const scenario = (name: string) => loadScenario(join(ROOT, 'bench/scenarios', `${name}.json`));
const strip = <T extends { elapsedMs: number; cpuMs: number }>(r: T) => ({ ...r, elapsedMs: 0, cpuMs: 0 });

describe('office-day simulator', () => {
  it('is deterministic for a seed and different for another seed', () => {
    const s = scenario('normal-day');
    const a = simulate(s, { policy: 'norm-deadline', days: 8, seed: 5 });
    const b = simulate(s, { policy: 'norm-deadline', days: 8, seed: 5 });
    const c = simulate(s, { policy: 'norm-deadline', days: 8, seed: 6 });
    expect(strip(a)).toEqual(strip(b));
    expect(c.tickets).not.toBe(a.tickets);
  });

  it('gives every policy the same visitors (common random numbers)', () => {
    const s = scenario('payment-deadline');
    expect(simDay(s, 3, 2)).toEqual(simDay(s, 3, 2));
    const fifo = simulate(s, { policy: 'oldest-overall', days: 6, seed: 3 });
    const nd = simulate(s, { policy: 'norm-deadline', days: 6, seed: 3 });
    expect(nd.tickets).toBe(fifo.tickets);
    expect(nd.perService.cash?.tickets).toBe(fifo.perService.cash?.tickets);
    // FIFO never overtakes within a service; the deadline policy does, by design.
    expect(fifo.overtakenShare).toBe(0);
    expect(nd.overtakenShare).toBeGreaterThan(0);
  });

  it('reproduces Erlang C for an M/M/3 office under first-come-first-served', () => {
    // 20 tickets an hour, exponential 6-min services, 3 windows, round the clock, nobody leaves: a = 2.
    const s = parseScenario({
      name: 'mmc',
      open: '00:00',
      close: '24:00',
      services: [{ id: 'x', waitNormMin: 4, serviceMeanMin: 6 }],
      arrivals: { perHour: new Array(24).fill(20), mix: { x: 1 } },
      serviceTime: { distribution: 'exponential', cv: 1 },
      operators: ['a', 'b', 'c'].map((id) => ({ id, services: ['x'], shifts: [['00:00', '24:00']] })),
      walkMin: 0,
      callCostMin: 0,
    });
    const r = simulate(s, { policy: 'oldest-overall', days: 30, seed: 1 });
    expect(r.abandonedShare).toBe(0);
    expect(erlangC(3, 2)).toBeCloseTo(0.444, 3);
    expect(r.withinTargetShare).toBeCloseTo(erlangCWithin(3, 2, 4, 6), 1);
    expect(Math.abs(r.meanWaitMin - erlangCMeanWait(3, 2, 6))).toBeLessThan(0.35);
  });

  it('plays breaks, absences, bookings and two-stage visits through the engine', () => {
    const appts = simulate(scenario('appointments'), { policy: 'norm-deadline', days: 5, seed: 2 });
    expect(appts.appointments?.tickets).toBeGreaterThan(40);
    const twoStage = simulate(scenario('consult-then-cash'), { policy: 'norm-deadline', days: 5, seed: 2 });
    // Every consult-then-cash visitor is transferred once; the engine accepted every transfer.
    expect(twoStage.perService['consult-cash']?.tickets).toBeGreaterThan(50);
    expect(twoStage.refusals.TICKET_NOT_SERVING ?? 0).toBe(0);
    const absent = simulate(scenario('absent-operator'), { policy: 'oldest-overall', days: 5, seed: 2 });
    const normal = simulate(scenario('normal-day'), { policy: 'oldest-overall', days: 5, seed: 2 });
    expect(absent.tickets).toBe(normal.tickets);
    expect(absent.meanWaitMin).toBeGreaterThan(normal.meanWaitMin);
    // No visitor is left in the hall at the end of a day.
    for (const r of [appts, twoStage, absent]) expect(r.refusals.NOT_CONFIGURED ?? 0).toBe(0);
  });

  it('the norm-aware policy calls more visitors within their norm than oldest-first', () => {
    const s = scenario('normal-day');
    const fifo = simulate(s, { policy: 'oldest-overall', days: 60, seed: 9 });
    const nd = simulate(s, { policy: 'norm-deadline', days: 60, seed: 9 });
    expect(nd.withinTargetShare - fifo.withinTargetShare).toBeGreaterThan(0.015);
  });

  it('scores the digital twin against the vendor-style baseline with --predict', () => {
    const r = simulate(scenario('normal-day'), { policy: 'norm-deadline', days: 3, seed: 4, predict: true });
    expect(r.predictions).toBeGreaterThan(200);
    expect(r.predictMaeMin).toBeLessThan(r.baselineMaeMin ?? 0);
    expect(r.underPredictOver2MinShare).toBeLessThan(0.2);
  });

  it('npm run sim prints one JSON object with the issue’s keys, for the issue’s minimal scenario format', async () => {
    const run = promisify(execFile);
    const file = join(ROOT, 'bench/scenarios/examples/issue-minimal.json');
    const { stdout } = await run(
      'npm',
      [
        'run',
        '--silent',
        'sim',
        '--',
        '--scenario',
        file,
        '--policy',
        'norm-deadline',
        '--days',
        '2',
        '--seed',
        '1',
      ].concat(['--predict', '--json']),
      { cwd: ROOT },
    );
    const r = JSON.parse(stdout);
    for (const k of [
      'policy',
      'days',
      'tickets',
      'withinTargetShare',
      'meanWaitMin',
      'p90WaitMin',
      'maxWaitMin',
      'overtakenShare',
      'abandonedShare',
      'perService',
      // issue 18's fairness figures
      'overtakenByP99',
      'overtakenByMax',
      'pastNormP90Min',
    ])
      expect(r).toHaveProperty(k);
    expect(Object.keys(r.perService).sort()).toEqual(['cash', 'consult']);
    expect(r.days).toBe(2);
    for (const k of ['predictMaeMin', 'baselineMaeMin', 'underPredictOver2MinShare'])
      expect(typeof r[k]).toBe('number');
  });
});
