import { describe, expect, it } from 'vitest';
import { exponential, lognormal, seeded } from '../predict-random.js';
import { fitPatience, normalCdf } from './patience.js';

describe('patience from no-shows at call', () => {
  it('normal CDF', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });

  it('recovers lognormal patience (mean 40, CV 0.6) from who was still there when called', () => {
    // Offered waits as in a busy office (exponential, mean 12 min): a visitor called after w is served if
    // their patience lasted, else a no-show at the call.
    const r = seeded(4);
    const served: number[] = [];
    const left: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const w = exponential(r, 12);
      (lognormal(r, 40, 0.6) > w ? served : left).push(w);
    }
    const fit = fitPatience(served, left);
    expect(fit?.cv).toBe(0.6);
    expect(fit?.meanMin).toBeGreaterThan(36);
    expect(fit?.meanMin).toBeLessThan(44);
    // The exponential estimate (time waited ÷ leavers) reads the same office as far more patient.
    const exposure = [...served, ...left].reduce((a, b) => a + b, 0);
    expect(exposure / left.length).toBeGreaterThan(80);
  });

  it('says nothing with too few leavers', () => {
    expect(fitPatience([1, 2, 3], [5, 6], 5)).toBeNull();
  });
});
