import { type WhatIfModel, WhatIfSim } from '@talon/engine';
import { testOffice } from '@talon/engine/testing';
import { describe, expect, it } from 'vitest';
import { WhatIfJobs, whatIfKey } from './whatif.js';

const config = testOffice();
const DAY = '2026-12-07'; // a Monday
const hours = Array.from({ length: 24 }, (_, h) => (h >= 9 && h < 18 ? 8 : 0));
const model: WhatIfModel = {
  arrivalsPerHour: { consultation: hours },
  services: { consultation: { meanMin: 10, cv: 0.6 }, cash: { meanMin: 4, cv: 0.5 } },
  patience: { meanMin: 40, cv: 0.6 },
  patienceFromHistory: false,
  priorityShare: 0,
  bookedPerHour: {},
  bookings: [],
  bookingShowShare: 0.9,
};
const plan = Array.from({ length: 9 }, (_, i) => ({ hour: 9 + i, windows: 2 }));
const meta = {
  date: DAY,
  weekday: 'mon' as const,
  policy: 'norm-deadline',
  basis: { historyVisits: 0, patienceMin: 40, patienceFromHistory: false, bookings: 0, bookingShowShare: 0.9 },
};
const make = (days: number) => () => ({
  sim: new WhatIfSim(config, DAY, model, [{ id: 'proposed', plan }], { days, seed: 1 }),
  meta,
});
const settle = async (jobs: WhatIfJobs, key: string, days: number) => {
  for (let i = 0; i < 10_000; i++) {
    const a = jobs.answer(key, DAY, make(days));
    if (a.status === 'done') return a;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('the what-if never finished');
};

describe('what-if runs in the background', () => {
  it('answers «pending» at once, then the result, then the cached result', async () => {
    const jobs = new WhatIfJobs({ budgetMsPerSec: 1000 });
    const first = jobs.answer('k', DAY, make(3));
    expect(first).toEqual({ status: 'pending', date: DAY, done: 0, total: 3 });
    const done = await settle(jobs, 'k', 3);
    expect(done).toMatchObject({ status: 'done', date: DAY, days: 3, policy: 'norm-deadline' });
    expect(done.plans[0]?.day.tickets).toBeGreaterThan(40);
    let built = 0;
    const again = jobs.answer('k', DAY, () => {
      built += 1;
      return make(3)();
    });
    expect(again).toEqual(done);
    expect(built).toBe(0);
    jobs.stop();
  });

  it('stops at its CPU cap on a day boundary, with the days played so far', async () => {
    // every reading of the fake clock moves it 40 ms: each slice is one step and "costs" 40 ms
    let t = 0;
    const jobs = new WhatIfJobs({ cpuNow: () => (t += 40), maxCpuMs: 1_000, budgetMsPerSec: 1000 });
    const done = await settle(jobs, 'cap', 500);
    expect(done.days).toBeGreaterThan(0);
    expect(done.days).toBeLessThan(500);
    expect(done.cpuMs).toBeGreaterThanOrEqual(1_000);
    jobs.stop();
  });

  it('keys runs by what decides them', () => {
    expect(whatIfKey({ a: 1, plan })).toBe(whatIfKey({ a: 1, plan }));
    expect(whatIfKey({ a: 1, plan })).not.toBe(whatIfKey({ a: 2, plan }));
  });
});
