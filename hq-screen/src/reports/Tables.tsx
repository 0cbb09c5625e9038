import type { HqFigures, Lang } from '@talon/protocol';
import { type Pair, useI18n } from '@talon/ui';
import type { ReactNode } from 'react';
import { avgMinutes, count, percent, rating } from '../format.js';
import { S } from '../strings.js';

export interface Column<R> {
  label: Pair;
  numeric?: boolean;
  cell: (r: R, lang: Lang) => ReactNode;
}

type F = HqFigures;
export const FIG = {
  visits: { label: S.visits, numeric: true, cell: (r: F, l: Lang) => count(r.visits, l) },
  served: { label: S.served, numeric: true, cell: (r: F, l: Lang) => count(r.served, l) },
  noShow: { label: S.noShow, numeric: true, cell: (r: F, l: Lang) => count(r.noShow, l) },
  avgWait: { label: S.avgWait, numeric: true, cell: (r: F, l: Lang) => avgMinutes(r.avgWaitSec, l) },
  avgService: { label: S.avgService, numeric: true, cell: (r: F, l: Lang) => avgMinutes(r.avgServiceSec, l) },
  waitWithin: { label: S.waitWithin, numeric: true, cell: (r: F, l: Lang) => percent(r.waitWithinNorm, l, 1) },
  serviceWithin: {
    label: S.serviceWithin,
    numeric: true,
    cell: (r: F, l: Lang) => percent(r.serviceWithinNorm, l, 1),
  },
  totalWithin: { label: S.totalWithin, numeric: true, cell: (r: F, l: Lang) => percent(r.totalWithinNorm, l, 1) },
  avgRating: { label: S.avgRating, numeric: true, cell: (r: F, l: Lang) => rating(r.avgRating, l) },
} satisfies Record<string, Column<F>>;

/** One report table: a heading, the columns given, a note when the period has nothing. */
export function FiguresTable<R>({
  title,
  rows,
  columns,
  rowKey,
  testId,
}: {
  title: Pair;
  rows: readonly R[];
  columns: readonly Column<R>[];
  rowKey: (r: R) => string;
  testId: string;
}) {
  const { t, lang } = useI18n();
  return (
    <section className="panel card" data-testid={testId}>
      <h2>{t(title)}</h2>
      {rows.length === 0 ? (
        <p className="muted">{t(S.nothing)}</p>
      ) : (
        <div className="table-scroll">
          <table className="grid report-table">
            <thead>
              <tr>
                {columns.map((c) => (
                  <th key={c.label[0]} className={c.numeric ? 'num' : ''}>
                    {t(c.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)} data-testid={`${testId}-row`}>
                  {columns.map((c) => (
                    <td key={c.label[0]} className={c.numeric ? 'num' : ''}>
                      {c.cell(r, lang)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
