/**
 * The figure columns shared by `rollup_service` and `rollup_operator` (migration 001), in table order:
 * the ingest adds to them, the reports sum them (every one adds up; `wait_max` is a maximum).
 */
export const ROLLUP_FIGURES = [
  'visits',
  'served',
  'no_show',
  'cancelled',
  'wait_n',
  'wait_sum',
  'wait_max',
  'wait_within',
  'wait_normed',
  'service_n',
  'service_sum',
  'service_within',
  'service_normed',
  'total_within',
  'total_normed',
  'b1',
  'b2',
  'b3',
  'b4',
  'b5',
  'ratings',
  'rating_sum',
] as const;
export type RollupFigure = (typeof ROLLUP_FIGURES)[number];
