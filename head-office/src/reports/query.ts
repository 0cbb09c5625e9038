import type { HqFigures, HqReport, LocalText } from '@talon/protocol';
import type pg from 'pg';
import { ROLLUP_FIGURES } from '../rollup-columns.js';

/**
 * The consolidated report is sums of rollup rows (every figure in them adds up), grouped by
 * PostgreSQL over the period's rows (found through the `day` indexes). Measured with
 * `npm run bench:hq` (monthReportMs): a month of 500 offices is ≈ 230,000 service rows and 124,000 operator rows.
 */

const COLUMNS = ROLLUP_FIGURES;

/** The aggregates of a group of rows (`max` for the longest wait, `sum` for the rest); float8 reaches JS as a number. */
const sums = (from: string, cast = '::float8') =>
  COLUMNS.map((c) => `${c === 'wait_max' ? 'max' : 'sum'}(${from}.${c})${cast} AS ${c}`).join(', ');
const plain = (from: string) => COLUMNS.map((c) => `${from}.${c}::float8 AS ${c}`).join(', ');

type Sums = Record<(typeof COLUMNS)[number], number | null>;

const ratio = (a: number | null, b: number | null) => (b ? (a ?? 0) / b : null);

/** The figures of one group from its sums (a group with no rows has all sums null). */
export function figures(s: Sums): HqFigures {
  const n = (v: number | null) => v ?? 0;
  return {
    visits: n(s.visits),
    served: n(s.served),
    noShow: n(s.no_show),
    cancelled: n(s.cancelled),
    avgWaitSec: ratio(s.wait_sum, s.wait_n),
    maxWaitSec: s.wait_n ? n(s.wait_max) : null,
    avgServiceSec: ratio(s.service_sum, s.service_n),
    waitWithinNorm: ratio(s.wait_within, s.wait_normed),
    serviceWithinNorm: ratio(s.service_within, s.service_normed),
    totalWithinNorm: ratio(s.total_within, s.total_normed),
    waitBuckets: [n(s.b1), n(s.b2), n(s.b3), n(s.b4), n(s.b5)],
    ratings: n(s.ratings),
    avgRating: ratio(s.rating_sum, s.ratings),
  };
}

export interface ReportScope {
  from: string;
  to: string;
  /** Offices to cover; null: every office (no office condition at all, the cheapest plan). */
  officeIds: string[] | null;
}

/** An operator's name in the catalogue: a plain string or localized text, whichever the ingest stored. */
function plainName(name: unknown): string | null {
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object') return (name as LocalText).ru ?? null;
  return null;
}

const byShareThenVisits = (a: HqReport['offices'][number], b: HqReport['offices'][number]) =>
  (b.waitWithinNorm ?? -1) - (a.waitWithinNorm ?? -1) || b.visits - a.visits || a.code.localeCompare(b.code);

/** Competition ranking (1, 2, 2, 4): offices with the same share stand level; offices with no share come last. */
function ranked(rows: Omit<HqReport['offices'][number], 'rank'>[]): HqReport['offices'] {
  const sorted = rows.map((r) => ({ ...r, rank: 0 })).sort(byShareThenVisits);
  sorted.forEach((r, i) => {
    const prev = sorted[i - 1];
    r.rank = prev && prev.waitWithinNorm === r.waitWithinNorm ? prev.rank : i + 1;
  });
  return sorted;
}

/**
 * One pass over the period's service rows groups them twice (GROUPING SETS): by office × service ×
 * topic, whose few thousand rows then give the offices, services, topics and the total, and by day.
 * Operators are a second query and the office list a third; the three run at once on the pool.
 */
const serviceSql = (where: string) => `
  WITH g AS (
    SELECT grouping(r.day) AS fine, r.office_id, r.service_id, r.topic_id, r.day, ${sums('r', '')}
      FROM rollup_service r WHERE ${where}
     GROUP BY GROUPING SETS ((r.office_id, r.service_id, r.topic_id), (r.day))
  ), f AS (SELECT * FROM g WHERE fine = 1)
  SELECT 'office' AS kind, f.office_id AS k1, NULL AS k2, ${sums('f')} FROM f GROUP BY f.office_id
  UNION ALL
  SELECT 'service', f.service_id, NULL, ${sums('f')} FROM f GROUP BY f.service_id
  UNION ALL
  SELECT 'topic', f.service_id, f.topic_id, ${sums('f')} FROM f WHERE f.topic_id <> '' GROUP BY f.service_id, f.topic_id
  UNION ALL
  SELECT 'total', NULL, NULL, ${sums('f')} FROM f
  UNION ALL
  SELECT 'day', to_char(g.day, 'YYYY-MM-DD'), NULL, ${plain('g')} FROM g WHERE g.fine = 0`;

type Kind = 'office' | 'service' | 'topic' | 'total' | 'day';

/**
 * Runs one read with room to hash its groups in memory: PostgreSQL's default 4 MB makes it sort a
 * month of rows on disk instead, which is several times slower.
 */
async function roomyRead<R extends pg.QueryResultRow>(pool: pg.Pool, sql: string, params: unknown[]) {
  const c = await pool.connect();
  try {
    await c.query(`BEGIN READ ONLY; SET LOCAL work_mem = '${REPORT_WORK_MEM}'`);
    const r = await c.query<R>(sql, params);
    await c.query('COMMIT');
    return r;
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    c.release();
  }
}
const REPORT_WORK_MEM = '64MB';

export async function buildReport(db: pg.Pool, scope: ReportScope): Promise<HqReport> {
  const params: unknown[] = [scope.from, scope.to];
  let where = 'r.day BETWEEN $1::date AND $2::date';
  if (scope.officeIds) {
    params.push(scope.officeIds);
    where += ' AND r.office_id = ANY($3::text[])';
  }

  const [groups, operators, offices, names] = await Promise.all([
    roomyRead<Sums & { kind: Kind; k1: string | null; k2: string | null }>(db, serviceSql(where), params),
    db.query<Sums & { office_id: string; operator_id: string; name: unknown }>(
      `SELECT s.*, c.name FROM (SELECT r.office_id, r.operator_id, ${sums('r')} FROM rollup_operator r WHERE ${where}
                                 GROUP BY r.office_id, r.operator_id) s
         LEFT JOIN office_catalogue c ON c.office_id = s.office_id AND c.kind = 'operator' AND c.item_id = s.operator_id
        ORDER BY s.office_id, s.operator_id`,
      params,
    ),
    // every chosen office, with or without visits: an office that served nobody is ranked too
    db.query<{ id: string; code: string; name: LocalText; branch_id: string }>(
      `SELECT o.id, o.code, o.name, o.branch_id FROM offices o WHERE $1::text[] IS NULL OR o.id = ANY($1::text[])`,
      [scope.officeIds],
    ),
    // names of services and topics: any office's (profiles keep one catalogue for the company)
    db.query<{ kind: string; item_id: string; name: LocalText }>(
      `SELECT DISTINCT ON (kind, item_id) kind, item_id, name FROM office_catalogue
        WHERE kind IN ('service', 'topic') ORDER BY kind, item_id, office_id`,
    ),
  ]);

  const nameOf = new Map(names.rows.map((n) => [`${n.kind}/${n.item_id}`, n.name]));
  const of = (kind: Kind) => groups.rows.filter((g) => g.kind === kind);
  const byOffice = new Map(of('office').map((g) => [g.k1, g]));
  const byKey = (a: { k1: string | null; k2: string | null }, b: { k1: string | null; k2: string | null }) =>
    (a.k1 ?? '').localeCompare(b.k1 ?? '') || (a.k2 ?? '').localeCompare(b.k2 ?? '');
  return {
    from: scope.from,
    to: scope.to,
    total: figures(of('total')[0] ?? ({} as Sums)),
    offices: ranked(
      offices.rows.map((o) => ({
        ...figures(byOffice.get(o.id) ?? ({} as Sums)),
        officeId: o.id,
        code: o.code,
        name: o.name,
        branchId: o.branch_id,
      })),
    ),
    services: of('service')
      .sort(byKey)
      .map((g) => ({ ...figures(g), serviceId: g.k1 ?? '', name: nameOf.get(`service/${g.k1}`) ?? null })),
    topics: of('topic')
      .sort(byKey)
      .map((g) => ({
        ...figures(g),
        serviceId: g.k1 ?? '',
        topicId: g.k2 ?? '',
        name: nameOf.get(`topic/${g.k2}`) ?? null,
      })),
    operators: operators.rows.map((s) => ({
      ...figures(s),
      officeId: s.office_id,
      operatorId: s.operator_id,
      name: plainName(s.name),
    })),
    days: of('day')
      .sort(byKey)
      .map((g) => ({ ...figures(g), day: g.k1 ?? '' })),
  };
}
