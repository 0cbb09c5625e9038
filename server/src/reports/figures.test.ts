import { describe, expect, it } from 'vitest';
import { bucketOf, percentile, TimeAcc } from './figures.js';
import { resolvePeriod } from './period.js';

describe('time figures', () => {
  it('p90 from the histogram equals the nearest rank of the sorted values, long and odd values included', () => {
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (const n of [1, 2, 3, 7, 10, 11, 100, 1001]) {
      const acc = new TimeAcc();
      const values: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = rand();
        // Mostly whole seconds; some past four hours; a few fractions and a zero.
        const v =
          r < 0.05
            ? 20_000 + Math.floor(rand() * 5000)
            : r < 0.08
              ? rand() * 600
              : r < 0.1
                ? 0
                : Math.floor(rand() * 3000);
        values.push(v);
        acc.add(v, null);
      }
      const sorted = [...values].sort((a, b) => a - b);
      expect(acc.finish().p90Sec, `n=${n}`).toBe(percentile(sorted, 0.9));
    }
    expect(new TimeAcc().finish().p90Sec).toBeNull();
  });

  it('buckets: an edge belongs to the bucket it starts', () => {
    expect([0, 179, 180, 359, 360, 540, 720, 899, 900, 5000].map(bucketOf)).toEqual([0, 0, 1, 1, 2, 3, 4, 4, 5, 5]);
  });

  it('a norm met exactly counts as within', () => {
    const acc = new TimeAcc();
    acc.add(480, 480);
    acc.add(481, 480);
    expect(acc.finish()).toMatchObject({ judged: 2, withinNorm: 1, share: 0.5, normMin: 8 });
  });
});

describe('periods', () => {
  it('resolves calendar periods and refuses impossible ones', () => {
    expect(resolvePeriod({ period: 'month', date: '2024-02-10' })).toEqual({
      kind: 'month',
      from: '2024-02-01',
      to: '2024-02-29',
      days: 29,
    });
    expect(resolvePeriod({ period: 'quarter', date: '2025-11-30' })).toMatchObject({
      from: '2025-10-01',
      to: '2025-12-31',
    });
    expect(resolvePeriod({ period: 'half', date: '2025-06-30' })).toMatchObject({
      from: '2025-01-01',
      to: '2025-06-30',
      days: 181,
    });
    expect(resolvePeriod({ period: 'year', date: '2024-07-01' })).toMatchObject({ days: 366 });
    expect(() => resolvePeriod({ period: 'day', date: '2025-02-29' })).toThrow(RangeError);
    expect(() => resolvePeriod({ period: 'custom', from: '2020-01-01', to: '2025-01-01' })).toThrow(/at most/);
  });
});
