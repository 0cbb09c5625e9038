/**
 * Sizes the board's call rows to their box. The rows are set in a monospaced font (DejaVu Sans Mono
 * Bold: every glyph advances 1233/2048 em), so the width of a row is known from its character count
 * alone, and the largest font that fits a grid of rows is computed, not guessed.
 */

/** Advance of every glyph of DejaVu Sans Mono, in em. */
export const MONO_ADVANCE = 1233 / 2048;
/** Kept free in every row so that rounding never pushes a cell over its box. */
const SAFETY = 1.05;

/**
 * Row metrics in em, matching board.css: `.board-call` has a border of 0.05em, padding 0.12em 0.35em,
 * line-height 1.2, column gap 0.4em; `.board-call-stacked` puts the window (at 0.6em) under the number.
 */
export const ROW = { border: 0.05, padX: 0.35, padY: 0.12, line: 1.2, gap: 0.4, stackedWindow: 0.6 } as const;

export type RowShape = 'inline' | 'stacked';

/** Width and height of a row in em of its font, for a number and a window label of so many characters. */
export function rowEm(shape: RowShape, numberChars: number, windowChars: number): { width: number; height: number } {
  const frame = 2 * (ROW.border + ROW.padX);
  const frameY = 2 * (ROW.border + ROW.padY);
  if (shape === 'inline') {
    // number · arrow · window, two gaps
    const width = MONO_ADVANCE * (numberChars + 1 + windowChars) + 2 * ROW.gap + frame;
    return { width: width * SAFETY, height: ROW.line + frameY };
  }
  const width = Math.max(MONO_ADVANCE * numberChars, ROW.stackedWindow * MONO_ADVANCE * windowChars) + frame;
  return { width: width * SAFETY, height: ROW.line + ROW.stackedWindow * ROW.line + frameY };
}

export interface GridFit {
  cols: number;
  rows: number;
  /** Font size of the rows, px (whole pixels, rounded down). */
  font: number;
}

/**
 * The grid of `n` equal rows of `em` (width × height in em) in a box of `width` × `height` px with
 * `gap` px between rows and columns that gives the largest font, capped at `maxFont`; fewer columns
 * win a tie.
 */
export function fitGrid(
  n: number,
  box: { width: number; height: number },
  em: { width: number; height: number },
  gap: number,
  maxFont: number,
  maxCols = 4,
): GridFit {
  let best: GridFit = { cols: 1, rows: Math.max(1, n), font: 0 };
  if (n <= 0 || box.width <= 0 || box.height <= 0) return best;
  for (let cols = 1; cols <= Math.min(n, maxCols); cols++) {
    const rows = Math.ceil(n / cols);
    const cellW = (box.width - (cols - 1) * gap) / cols;
    const cellH = (box.height - (rows - 1) * gap) / rows;
    const font = Math.floor(Math.min(cellW / em.width, cellH / em.height, maxFont));
    if (font > best.font) best = { cols, rows, font };
  }
  return best;
}
