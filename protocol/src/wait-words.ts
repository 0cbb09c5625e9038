/**
 * How a wait estimate is said to a visitor (issue 18), the same on the kiosk and the printed ticket: «скоро»
 * when the call is a minute away at most, one figure (the estimate's point) while the 80% range is narrow,
 * and the range itself once it is wider than a few minutes («примерно 25–40 мин»): a wide range is the honest
 * answer in a long queue, and one figure there would promise more than anyone knows.
 */
export const RANGE_SHOWN_WIDER_THAN_MIN = 4;

export type WaitWords =
  | { kind: 'soon' }
  | { kind: 'about'; min: number }
  | { kind: 'range'; low: number; high: number };

export function waitWords(e: { lowMin: number; highMin: number; pointMin?: number | undefined }): WaitWords {
  if (e.highMin <= 1) return { kind: 'soon' };
  if (e.pointMin === undefined || e.highMin - e.lowMin > RANGE_SHOWN_WIDER_THAN_MIN)
    return { kind: 'range', low: e.lowMin, high: e.highMin };
  // the point lies in the range; never «≈ 0 мин» for a call more than a minute away
  return { kind: 'about', min: Math.min(e.highMin, Math.max(2, e.lowMin, Math.round(e.pointMin))) };
}

/** A range of minutes as printed on a page: «8», «8–14», never broken across lines (word joiners by the dash). */
export function minutesRange(e: { lowMin: number; highMin: number }): string {
  return e.lowMin === e.highMin ? `${e.highMin}` : `${e.lowMin}\u2060–\u2060${e.highMin}`;
}
