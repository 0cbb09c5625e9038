import type { ReportPeriodKind, ReportQuery } from '@talon/protocol';

export interface ReportParams {
  period: ReportPeriodKind;
  date: string;
  from: string;
  to: string;
  serviceId: string;
  topicId: string;
  operatorId: string;
  windowId: string;
}

/** The query the report routes take: empty filters and the unused dates are left out. */
export function queryOf(p: ReportParams): ReportQuery {
  const q: ReportQuery =
    p.period === 'custom' ? { period: p.period, from: p.from, to: p.to } : { period: p.period, date: p.date };
  for (const k of ['serviceId', 'topicId', 'operatorId', 'windowId'] as const) if (p[k]) q[k] = p[k];
  return q;
}
