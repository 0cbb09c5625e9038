import { fieldIssue, type HqReportQuery, type LocalText } from '@talon/protocol';
import type { HqDeps, HqIdentity } from '../context.js';
import { refuse } from '../context.js';
import { reportCsv, reportTables, reportXlsx } from './export.js';
import { buildReport, type ReportScope } from './query.js';

const realDay = (d: string) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === d;
};

/**
 * The offices a report covers: those the caller may see, narrowed by branch and by a chosen list.
 * Offices outside what the caller may see are left out silently, as if they did not exist.
 */
async function scopeOf(deps: HqDeps, identity: HqIdentity, q: HqReportQuery): Promise<ReportScope> {
  const visible = await deps.visibleOffices(identity);
  let ids: string[] | null = visible === 'all' ? null : visible;
  if (q.branchId !== undefined) {
    const { rows } = await deps.pool.query<{ id: string }>('SELECT id FROM offices WHERE branch_id = $1', [q.branchId]);
    const inBranch = rows.map((r) => r.id);
    ids = ids === null ? inBranch : inBranch.filter((id) => ids?.includes(id));
  }
  if (q.officeIds !== undefined) {
    const chosen = q.officeIds
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const allowed = ids === null ? null : new Set(ids);
    ids = allowed === null ? chosen : chosen.filter((id) => allowed.has(id));
  }
  return { from: q.from, to: q.to, officeIds: ids };
}

function checkPeriod(q: HqReportQuery) {
  if (!realDay(q.from) || !realDay(q.to) || q.from > q.to)
    return refuse('VALIDATION_FAILED', [
      fieldIssue('from', '«с» и «по» — даты, «с» не позже «по»', 'from and to are days, from ≤ to'),
    ]);
  return null;
}

export function registerReports(deps: HqDeps): void {
  deps.serve('hqReport', async ({ identity, query }) => {
    const bad = checkPeriod(query);
    if (bad) return bad;
    return buildReport(deps.pool, await scopeOf(deps, identity, query));
  });

  deps.serve('hqReportExport', async ({ identity, query, reply }) => {
    const bad = checkPeriod(query);
    if (bad) return bad;
    const [report, branches] = await Promise.all([
      scopeOf(deps, identity, query).then((s) => buildReport(deps.pool, s)),
      deps.pool.query<{ id: string; name: LocalText }>('SELECT id, name FROM branches'),
    ]);
    const tables = reportTables(report, new Map(branches.rows.map((b) => [b.id, b.name])));
    const title = `Сводный отчёт за ${query.from} — ${query.to}`;
    const file = `talon-hq-${query.from}_${query.to}.${query.format}`;
    reply.header('content-disposition', `attachment; filename="${file}"`).header('cache-control', 'no-store');
    if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(reportCsv(tables, title));
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(await reportXlsx(tables, title));
  });
}
