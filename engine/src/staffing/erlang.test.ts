import { describe, expect, it } from 'vitest';
import { exponential, seeded } from '../predict-random.js';
import { adviseHour } from './advisor.js';
import { erlangA, erlangB, erlangC, erlangCMeanWait, erlangCWithin } from './erlang.js';

describe('Erlang B and C against published values', () => {
  it('Erlang B: 5 erlangs on 10 lines block 1.84% (standard Erlang B tables, e.g. ITU-T E-series)', () => {
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 5);
    // Wolfram's Mathematica documentation example: 30 lines at 25 erlangs block "approximately 0.05".
    expect(erlangB(30, 25)).toBeCloseTo(0.0526, 3);
  });

  it('Erlang C: 100 calls per 30 min, 180 s handling, 14 agents (pyworkforce 0.1 README; R package ErlangC 0.1.0)', () => {
    // Both publish: traffic 10 erlangs, wait probability 0.1741319, service level (20 s) 0.88835,
    // average speed of answer 7.83593701177724 s.
    const a = 100 * (3 / 30);
    expect(a).toBe(10);
    expect(erlangC(14, a)).toBeCloseTo(0.1741319, 7);
    expect(erlangCWithin(14, a, 20 / 60, 3)).toBeCloseTo(0.88835, 5);
    expect(erlangCMeanWait(14, a, 3) * 60).toBeCloseTo(7.835937, 5);
    // The same packages' agent search starts at 11 agents: wait probability 0.6821182, service level 0.3896138.
    expect(erlangC(11, a)).toBeCloseTo(0.6821182, 7);
    expect(erlangCWithin(11, a, 20 / 60, 3)).toBeCloseTo(0.3896138, 7);
  });

  it('Erlang C: queue-science.md §6 (λ = 12/h, 8-min service): 2 windows wait > 8 min 48%, mean 14.2 min', () => {
    expect(1 - erlangCWithin(2, 1.6, 8, 8)).toBeCloseTo(0.4767, 3);
    expect(erlangCMeanWait(2, 1.6, 8)).toBeCloseTo(14.22, 2);
    expect(1 - erlangCWithin(3, 1.6, 8, 8)).toBeCloseTo(0.068, 3);
    expect(erlangC(3, 3)).toBe(1);
  });
});

describe('Erlang A (M/M/c+M)', () => {
  it('with patience equal to the service time it is the M/M/∞ queue (Mandelbaum & Zeltyn, the Palm/Erlang-A note)', () => {
    // θ = μ: the number in the office is Poisson(a) whatever c; P(wait) = P(N ≥ c), P(abandon) = E[(N − c)⁺] / a.
    const a = 3.2;
    const c = 3;
    const pois = (n: number) => (Math.exp(-a) * a ** n) / [...Array(n).keys()].reduce((f, k) => f * (k + 1), 1);
    let wait = 0;
    let excess = 0;
    for (let n = 0; n < 80; n++) {
      if (n >= c) wait += pois(n);
      excess += Math.max(0, n - c) * pois(n);
    }
    const q = erlangA(c, a / 10, 10, 10);
    expect(q.waitProbability).toBeCloseTo(wait, 9);
    expect(q.abandonProbability).toBeCloseTo(excess / a, 9);
    // Little's law and the Erlang-A identity P(Ab) = θ·E[W] (the note's §4.6).
    expect(q.abandonProbability).toBeCloseTo(q.meanWaitMin / 10, 9);
  });

  it('tends to Erlang C as patience grows', () => {
    const q = erlangA(2, 12 / 60, 8, 1e9);
    expect(q.waitProbability).toBeCloseTo(erlangC(2, 1.6), 6);
    expect(q.offeredWithin(8)).toBeCloseTo(erlangCWithin(2, 1.6, 8, 8), 6);
    expect(q.meanWaitMin).toBeCloseTo(erlangCMeanWait(2, 1.6, 8), 3);
  });

  it('matches queue-science.md §6 (λ = 12/h, 8-min service, 30-min patience)', () => {
    const two = erlangA(2, 12 / 60, 8, 30);
    expect(1 - two.offeredWithin(8)).toBeCloseTo(0.23, 2);
    expect(two.meanWaitMin).toBeCloseTo(3.8, 1);
    expect(two.abandonProbability).toBeCloseTo(0.125, 3);
    const three = erlangA(3, 12 / 60, 8, 30);
    expect(1 - three.offeredWithin(8)).toBeCloseTo(0.042, 3);
    expect(three.abandonProbability).toBeCloseTo(0.033, 3);
    // Overload (24/h on 3 windows): Erlang C has no answer, Erlang A gives 18% leaving, 35% waiting over 8 min.
    const over = erlangA(3, 24 / 60, 8, 30);
    expect(over.abandonProbability).toBeCloseTo(0.18, 2);
    expect(1 - over.offeredWithin(8)).toBeCloseTo(0.35, 2);
  });

  it('agrees with a direct simulation of the M/M/c+M queue', () => {
    const c = 3;
    const lambda = 0.35;
    const S = 8;
    const P = 20;
    const D = 6;
    const r = seeded(11);
    // FCFS with c servers: each arrival's offered wait is when a server frees up for it.
    const free = new Array<number>(c).fill(0);
    const queue: { at: number; leaveAt: number }[] = [];
    let t = 0;
    let n = 0;
    let left = 0;
    let within = 0;
    // Event-driven: arrivals in order; a server takes the oldest patient visitor still there.
    const arrivals: { at: number; leaveAt: number }[] = [];
    for (let i = 0; i < 300_000; i++) {
      t += exponential(r, 1 / lambda);
      arrivals.push({ at: t, leaveAt: t + exponential(r, P) });
    }
    let next = 0;
    for (;;) {
      const s = free.indexOf(Math.min(...free));
      const serverAt = free[s] as number;
      // Bring in every arrival up to the moment this server frees (or the next arrival if it is free earlier).
      while (next < arrivals.length && (arrivals[next] as { at: number }).at <= serverAt)
        queue.push(arrivals[next++] as never);
      while (queue.length > 0 && (queue[0] as { leaveAt: number }).leaveAt <= serverAt) {
        queue.shift();
        left += 1;
        n += 1;
      }
      let v = queue.shift();
      let start = serverAt;
      if (!v) {
        if (next >= arrivals.length) break;
        v = arrivals[next++] as { at: number; leaveAt: number };
        start = v.at;
      }
      n += 1;
      if (start - v.at <= D) within += 1;
      free[s] = start + exponential(r, S);
    }
    const q = erlangA(c, lambda, S, P);
    expect(left / n).toBeCloseTo(q.abandonProbability, 2);
    expect(within / n).toBeCloseTo(q.servedWithin(D), 2);
  });
});

describe('staffing advice for an hour', () => {
  const consult = { perHour: 12, meanServiceMin: 8, waitNormMin: 8 };

  it('finds the fewest windows that call 80% within the norm (queue-science.md §6 table: 12/h → 3)', () => {
    const a = adviseHour([consult], { share: 0.8, maxAbandonShare: 1, open: true });
    expect(a.recommended).toBe(3);
    expect(a.recommendedErlangC).toBe(3);
    expect(a.expectedShare).toBeGreaterThanOrEqual(0.8);
    expect(a.offeredLoad).toBeCloseTo(1.6, 9);
  });

  it('with patience, Erlang A also caps the share who leave', () => {
    const loose = adviseHour([consult], { share: 0.7, maxAbandonShare: 0.2, patienceMin: 30, open: true });
    const tight = adviseHour([consult], { share: 0.7, maxAbandonShare: 0.02, patienceMin: 30, open: true });
    expect(loose.recommended).toBe(2);
    expect(tight.recommended).toBe(4);
    expect(tight.expectedAbandonShare).toBeLessThanOrEqual(0.02);
  });

  it('dedicated windows per service cost more than pooled ones', () => {
    const cash = { perHour: 8, meanServiceMin: 4, waitNormMin: 4 };
    const a = adviseHour([consult, cash], { share: 0.8, maxAbandonShare: 1, open: true });
    expect(a.dedicated).toBeGreaterThan(a.recommended);
  });

  it('keeps one window open in reception hours even with nobody expected (seed 000 §7.4.3)', () => {
    expect(adviseHour([{ ...consult, perHour: 0 }], { share: 0.8, maxAbandonShare: 1, open: true }).recommended).toBe(
      1,
    );
    expect(adviseHour([{ ...consult, perHour: 0 }], { share: 0.8, maxAbandonShare: 1, open: false }).recommended).toBe(
      0,
    );
  });
});
