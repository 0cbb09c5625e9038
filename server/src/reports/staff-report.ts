import type { StaffFigures, StaffTime } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { getOr } from './get-or.js';
import type { NameBook } from './norms.js';
import type { StaffKind, StaffTimeRow } from './timeline.js';
import type { ReportFilter } from './visit-report.js';

type DB = Database.Database;

const blank = (key: string, name: StaffTime['name']): StaffTime => ({
  key,
  name,
  loggedInSec: 0,
  readySec: 0,
  servingSec: 0,
  wrapUpSec: 0,
  breakSec: 0,
  breakByReason: {},
  idleWhileQueueSec: 0,
});

/** Adds milliseconds of one kind; seconds are rounded once at the end so the parts add up to the whole. */
function addMs(t: StaffTime & { ms?: Record<string, number> }, kind: StaffKind, reasonId: string, ms: number) {
  t.ms ??= {};
  const m = t.ms;
  const k = kind === 'break' ? `break:${reasonId}` : kind;
  m[k] = (m[k] ?? 0) + ms;
}

function finish(t: StaffTime & { ms?: Record<string, number> }): StaffTime {
  const m = t.ms ?? {};
  const sec = (ms: number) => Math.round(ms / 1000);
  let breakMs = 0;
  const breakByReason: Record<string, number> = {};
  for (const [k, ms] of Object.entries(m)) {
    if (!k.startsWith('break:')) continue;
    breakMs += ms;
    breakByReason[k.slice(6)] = sec(ms);
  }
  const ready = m.ready ?? 0;
  const serving = m.serving ?? 0;
  const wrapUp = m['wrap-up'] ?? 0;
  return {
    key: t.key,
    name: t.name,
    loggedInSec: sec(ready + serving + wrapUp + breakMs),
    readySec: sec(ready),
    servingSec: sec(serving),
    wrapUpSec: sec(wrapUp),
    breakSec: sec(breakMs),
    breakByReason,
    idleWhileQueueSec: sec(m['idle-queue'] ?? 0),
  };
}

/**
 * Operator and window time for the period: the stored daily sums plus the still-open interval
 * (`open`, for a period that reaches today). Service and topic filters do not apply: time at a
 * window is not per service.
 */
export function staffFigures(
  db: DB,
  from: string,
  to: string,
  filter: ReportFilter,
  open: readonly StaffTimeRow[],
  names: NameBook,
  breakReasonIds: readonly string[],
): StaffFigures {
  const where = ['day_key >= ?', 'day_key <= ?'];
  const params: string[] = [from, to];
  if (filter.operatorId !== undefined) {
    where.push('operator_id = ?');
    params.push(filter.operatorId);
  }
  if (filter.windowId !== undefined) {
    where.push('window_id = ?');
    params.push(filter.windowId);
  }
  const stored = db
    .prepare<string[], StaffTimeRow>(
      `SELECT operator_id AS operatorId, window_id AS windowId, kind, reason_id AS reasonId, SUM(ms) AS ms
       FROM report_staff_time WHERE ${where.join(' AND ')} GROUP BY operator_id, window_id, kind, reason_id`,
    )
    .all(...params);
  const live = open.filter(
    (r) =>
      r.day >= from &&
      r.day <= to &&
      (filter.operatorId === undefined || r.operatorId === filter.operatorId) &&
      (filter.windowId === undefined || r.windowId === filter.windowId),
  );

  type Acc = StaffTime & { ms?: Record<string, number> };
  const byOperator = new Map<string, Acc>();
  const byWindow = new Map<string, Acc>();
  const total: Acc = blank('', { ru: 'Итого', en: 'Total' });
  const reasons = new Set(breakReasonIds);
  for (const r of [...stored, ...live]) {
    const op = getOr(byOperator, r.operatorId, () => blank(r.operatorId, names.name('operator', r.operatorId)));
    const w = getOr(byWindow, r.windowId, () => blank(r.windowId, names.name('window', r.windowId)));
    for (const t of [op, w, total]) addMs(t, r.kind, r.reasonId, r.ms);
    if (r.kind === 'break') reasons.add(r.reasonId);
  }
  const sorted = (m: Map<string, Acc>) =>
    [...m.values()].map(finish).sort((a, b) => a.name.ru.localeCompare(b.name.ru, 'ru'));
  return {
    byOperator: sorted(byOperator),
    byWindow: sorted(byWindow),
    total: finish(total),
    breakReasons: [...reasons].map((id) => ({ id, name: names.name('break', id) })),
  };
}
