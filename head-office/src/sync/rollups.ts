import type { SyncEvent } from '@talon/protocol';
import type { Queryable } from '../context.js';
import { ROLLUP_FIGURES } from '../rollup-columns.js';
import { closingVisit, isDay, norm, num, type Payload, str, type WireVisit } from './payload.js';

const FIGURES = ROLLUP_FIGURES;
type Figure = (typeof FIGURES)[number];
const AT = Object.fromEntries(FIGURES.map((f, i) => [f, i])) as Record<Figure, number>;
const BIG = new Set<Figure>(['wait_sum', 'service_sum']);

/** Upper edges of the wait buckets b1..b4 in seconds (8, 12, 20, 33 minutes); b5 is beyond 33. */
const BUCKET_EDGES_SEC = [8, 12, 20, 33].map((m) => m * 60);

export function bucketIndex(waitSec: number): number {
  const i = BUCKET_EDGES_SEC.findIndex((edge) => waitSec <= edge);
  return i === -1 ? BUCKET_EDGES_SEC.length : i;
}

class Rows {
  readonly rows = new Map<string, { key: string[]; f: number[] }>();
  get(key: string[]): number[] {
    const k = key.join('\u0000');
    let r = this.rows.get(k);
    if (!r) {
      r = { key, f: new Array<number>(FIGURES.length).fill(0) };
      this.rows.set(k, r);
    }
    return r.f;
  }
}

/** What one closed visit adds: the office's own rules (server/src/reports/figures.ts), as sums. */
function addVisit(f: number[], v: WireVisit): void {
  const inc = (k: Figure, by = 1) => {
    f[AT[k]] = (f[AT[k]] ?? 0) + by;
  };
  inc('visits');
  inc(v.outcome === 'served' ? 'served' : v.outcome === 'no-show' ? 'no_show' : 'cancelled');
  // The wait counts every visitor who was called, no-shows included: they did wait that long.
  const wait = num(v.firstWaitSec);
  if (wait !== undefined) {
    const w = Math.max(0, Math.round(wait));
    inc('wait_n');
    inc('wait_sum', w);
    f[AT.wait_max] = Math.max(f[AT.wait_max] ?? 0, w);
    inc(`b${bucketIndex(w) + 1}` as Figure);
    const n = norm(v.norms?.waitSec);
    if (n !== null) {
      inc('wait_normed');
      if (w <= n) inc('wait_within');
    }
  }
  if (v.outcome !== 'served') return;
  const service = num(v.serviceSec);
  if (service !== undefined) {
    const s = Math.max(0, Math.round(service));
    inc('service_n');
    inc('service_sum', s);
    const n = norm(v.norms?.serviceSec);
    if (n !== null) {
      inc('service_normed');
      if (s <= n) inc('service_within');
    }
  }
  const total = num(v.totalSec);
  const n = norm(v.norms?.totalSec);
  if (total !== undefined && n !== null) {
    inc('total_normed');
    if (total <= n) inc('total_within');
  }
}

export interface RollupBatch {
  service: Rows;
  operator: Rows;
}

/** The batch's rollup increments, summed in memory first: then one upsert per table. */
export function aggregate(events: readonly SyncEvent[]): RollupBatch {
  const service = new Rows();
  const operator = new Rows();
  for (const e of events) {
    const p = e.payload as Payload;
    if (e.type === 'ServiceFinished' || e.type === 'TicketNoShow' || e.type === 'TicketCancelled') {
      const v = closingVisit(p);
      if (!v) continue;
      // Topics are counted under the service the visitor asked for, as in the office's reports.
      addVisit(service.get([v.dayKey, v.originServiceId ?? v.serviceId, v.topicId ?? '']), v);
      if (v.operatorId) addVisit(operator.get([v.dayKey, v.operatorId]), v);
    } else if (e.type === 'VisitRated') {
      const score = num(p.score);
      const serviceId = str(p.serviceId);
      if (!isDay(p.dayKey) || score === undefined || !serviceId) continue;
      const rate = (f: number[]) => {
        f[AT.ratings] = (f[AT.ratings] ?? 0) + 1;
        f[AT.rating_sum] = (f[AT.rating_sum] ?? 0) + Math.round(score);
      };
      rate(service.get([p.dayKey, serviceId, str(p.topicId) ?? '']));
      const op = str(p.operatorId);
      if (op) rate(operator.get([p.dayKey, op]));
    }
  }
  return { service, operator };
}

function upsertSql(table: string, keys: string[]): string {
  const cols = [...keys, ...FIGURES];
  const arrays = [
    '$2::date[]',
    ...keys.slice(1).map((_, i) => `$${i + 3}::text[]`),
    ...FIGURES.map((f, i) => `$${i + 2 + keys.length}::${BIG.has(f) ? 'bigint' : 'int'}[]`),
  ];
  const set = FIGURES.map((f) =>
    f === 'wait_max' ? `${f} = GREATEST(t.${f}, EXCLUDED.${f})` : `${f} = t.${f} + EXCLUDED.${f}`,
  );
  return `INSERT INTO ${table} AS t (office_id, ${cols.join(', ')})
          SELECT $1, u.* FROM unnest(${arrays.join(', ')}) AS u
          ON CONFLICT (office_id, ${keys.join(', ')}) DO UPDATE SET ${set.join(', ')}`;
}

const SERVICE_SQL = upsertSql('rollup_service', ['day', 'service_id', 'topic_id']);
const OPERATOR_SQL = upsertSql('rollup_operator', ['day', 'operator_id']);

/** The upsert's parameters after `$1` (the office): key columns, then one array per figure. */
function upsertParams(rows: Rows, keyCount: number): unknown[] {
  const keys: string[][] = Array.from({ length: keyCount }, () => []);
  const figures: number[][] = FIGURES.map(() => []);
  for (const { key, f } of rows.rows.values()) {
    for (const [i, k] of key.entries()) keys[i]?.push(k);
    for (const [i, v] of f.entries()) figures[i]?.push(v);
  }
  return [...keys, ...figures];
}

/**
 * The two upserts as statement parts for one combined statement (`$1` is the office; their other
 * parameters follow `rollupParams`, numbered from 2). Empty arrays add nothing.
 */
export const ROLLUP_PARTS = { service: SERVICE_SQL, operator: OPERATOR_SQL } as const;

export function rollupParams(batch: RollupBatch): { service: unknown[]; operator: unknown[] } {
  return { service: upsertParams(batch.service, 3), operator: upsertParams(batch.operator, 2) };
}

/** Adds the batch's increments to the rollups: sums, so any split of events into batches adds up the same. */
export async function applyRollups(db: Queryable, officeId: string, batch: RollupBatch): Promise<void> {
  const p = rollupParams(batch);
  if (batch.service.rows.size > 0) await db.query(SERVICE_SQL, [officeId, ...p.service]);
  if (batch.operator.rows.size > 0) await db.query(OPERATOR_SQL, [officeId, ...p.operator]);
}
