import { FOLLOW_UP_TYPES, type FollowUpReportRow, type FollowUpType } from '@talon/protocol';
import type { FollowUpRow } from './store.js';

/**
 * On-time answers of the follow-ups created in a period, per type and in total. Answered or closed
 * before the deadline was missed (`due_at`) is on time; open and past it at `now` is open overdue.
 */
export function followUpReportRows(rows: readonly FollowUpRow[], now: number): FollowUpReportRow[] {
  const empty = (type: FollowUpType | 'total'): FollowUpReportRow => ({
    type,
    count: 0,
    onTime: 0,
    late: 0,
    openOverdue: 0,
    openInTime: 0,
  });
  const byType = new Map<FollowUpType, FollowUpReportRow>(FOLLOW_UP_TYPES.map((t) => [t, empty(t)]));
  const total = empty('total');
  for (const r of rows) {
    const row = byType.get(r.type);
    if (!row) continue;
    const doneAt = r.answered_at ?? r.closed_at;
    const field: keyof Omit<FollowUpReportRow, 'type' | 'count'> =
      doneAt !== null ? (doneAt < r.due_at ? 'onTime' : 'late') : now >= r.due_at ? 'openOverdue' : 'openInTime';
    for (const x of [row, total]) {
      x.count++;
      x[field]++;
    }
  }
  return [...FOLLOW_UP_TYPES.map((t) => byType.get(t) as FollowUpReportRow).filter((r) => r.count > 0), total];
}
