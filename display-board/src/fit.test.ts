import { describe, expect, it } from 'vitest';
import { fitGrid, MONO_ADVANCE, rowEm } from './fit.js';

describe('fitting call rows to their box', () => {
  it('a row is as wide as its characters in the monospaced font, plus its frame', () => {
    const a = rowEm('inline', 5, 6);
    const b = rowEm('inline', 5, 10);
    expect(b.width - a.width).toBeCloseTo(4 * MONO_ADVANCE * 1.05, 5);
    expect(rowEm('stacked', 5, 10).height).toBeGreaterThan(a.height);
  });

  it('picks the grid with the largest font, fewer columns on a tie, never wider than the box', () => {
    const em = rowEm('inline', 5, 10);
    const wide = fitGrid(4, { width: 1400, height: 500 }, em, 10, 1000);
    expect(wide.cols * wide.rows).toBeGreaterThanOrEqual(4);
    const cellW = (1400 - (wide.cols - 1) * 10) / wide.cols;
    expect(wide.font * em.width).toBeLessThanOrEqual(cellW);
    const cellH = (500 - (wide.rows - 1) * 10) / wide.rows;
    expect(wide.font * em.height).toBeLessThanOrEqual(cellH);
    expect(fitGrid(1, { width: 1400, height: 500 }, em, 10, 50)).toEqual({ cols: 1, rows: 1, font: 50 });
    expect(fitGrid(0, { width: 1400, height: 500 }, em, 10, 50).font).toBe(0);
  });
});
