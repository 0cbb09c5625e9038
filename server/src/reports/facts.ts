import type Database from 'better-sqlite3';
import { IANAZone } from 'luxon';
import { getOr } from './get-or.js';
import type { NormBook } from './norms.js';

type DB = Database.Database;

/**
 * Day facts: each office-local day's closed visits as one packed Float64Array (a row of F.SIZE
 * numbers per visit, ids replaced by indexes into the day's own dictionary, norms in force at issue
 * already resolved). A year report then reads 365 small blobs instead of converting 100 000 SQLite
 * rows into JavaScript values, and every figure (p90 included) stays exact because nothing is
 * pre-aggregated. A day is rebuilt when its visits change (count or newest seq) or when a
 * configuration that could apply to it arrives later.
 */
export const F = {
  service: 0,
  topic: 1,
  operator: 2,
  window: 3,
  segment: 4,
  flags: 5,
  firstWait: 6,
  service_sec: 7,
  total: 8,
  waitNorm: 9,
  serviceNorm: 10,
  totalNorm: 11,
  hour: 12,
  transfers: 13,
  postponements: 14,
  recalls: 15,
  SIZE: 16,
} as const;

export const FLAG = {
  noShow: 1,
  cancelled: 2,
  walkIn: 4,
  priority: 8,
  appointment: 16,
  digital: 32,
  extra: 64,
} as const;

export interface DayFacts {
  day: string;
  /** Ids referred to by index from the service … segment fields; -1 (NaN-free) means none. */
  dict: string[];
  data: Float64Array;
}

interface VisitRow {
  issued_at: number;
  origin_service_id: string;
  topic_id: string | null;
  operator_id: string | null;
  window_id: string | null;
  segment_id: string | null;
  outcome: string;
  walk_in: number;
  priority_category_id: string | null;
  appointment_id: string | null;
  digital_onboarding: number;
  extra_sale: number;
  first_wait_sec: number | null;
  service_sec: number | null;
  total_sec: number;
  transfers: number;
  postponements: number;
  recalls: number;
}

/** Local hour of an instant; the zone's offset is looked up once per UTC hour (DST changes on the hour). */
class HourOf {
  private readonly cache = new Map<string, Map<number, number>>();
  hour(at: number, zone: string): number {
    const z = getOr(this.cache, zone, () => new Map<number, number>());
    const offsetMin = getOr(z, Math.floor(at / 3_600_000), () => IANAZone.create(zone).offset(at));
    return Math.floor((at + offsetMin * 60_000) / 3_600_000) % 24;
  }
}

export function packDay(day: string, rows: readonly VisitRow[], norms: NormBook): DayFacts {
  const dict: string[] = [];
  const index = new Map<string, number>();
  const idx = (id: string | null) => (id === null ? -1 : getOr(index, id, () => dict.push(id) - 1));
  const hourOf = new HourOf();
  const data = new Float64Array(rows.length * F.SIZE);
  const num = (v: number | null) => (v === null ? -1 : v);
  rows.forEach((r, i) => {
    const n = norms.normsFor(r.issued_at, r.origin_service_id, r.topic_id);
    const o = i * F.SIZE;
    data[o + F.service] = idx(r.origin_service_id);
    data[o + F.topic] = idx(r.topic_id);
    data[o + F.operator] = idx(r.operator_id);
    data[o + F.window] = idx(r.window_id);
    data[o + F.segment] = idx(r.segment_id);
    data[o + F.flags] =
      (r.outcome === 'no-show' ? FLAG.noShow : r.outcome === 'cancelled' ? FLAG.cancelled : 0) |
      (r.walk_in ? FLAG.walkIn : 0) |
      (r.priority_category_id !== null ? FLAG.priority : 0) |
      (r.appointment_id !== null ? FLAG.appointment : 0) |
      (r.digital_onboarding ? FLAG.digital : 0) |
      (r.extra_sale ? FLAG.extra : 0);
    data[o + F.firstWait] = num(r.first_wait_sec);
    data[o + F.service_sec] = num(r.service_sec);
    data[o + F.total] = r.total_sec;
    data[o + F.waitNorm] = num(n.waitNormSec);
    data[o + F.serviceNorm] = num(n.serviceNormSec);
    data[o + F.totalNorm] = num(n.totalNormSec);
    data[o + F.hour] = hourOf.hour(r.issued_at, n.timeZone);
    data[o + F.transfers] = r.transfers;
    data[o + F.postponements] = r.postponements;
    data[o + F.recalls] = r.recalls;
  });
  return { day, dict, data };
}

const VISIT_COLUMNS = `issued_at, origin_service_id, topic_id, operator_id, window_id, segment_id, outcome, walk_in,
  priority_category_id, appointment_id, digital_onboarding, extra_sale, first_wait_sec, service_sec, total_sec,
  transfers, postponements, recalls`;

export class DayFactsCache {
  private readonly q;

  constructor(db: DB) {
    this.q = {
      // Served by the visits_day_seq index alone: cheap even over a year.
      state: db.prepare<[string, string], { day_key: string; n: number; max_seq: number }>(
        'SELECT day_key, COUNT(*) AS n, MAX(seq) AS max_seq FROM visits WHERE day_key >= ? AND day_key <= ? GROUP BY day_key',
      ),
      cached: db.prepare<
        [string, string],
        { day_key: string; visits: number; max_seq: number; cfg_seq: number; dict: string; facts: Buffer }
      >(
        'SELECT day_key, visits, max_seq, cfg_seq, dict, facts FROM report_day_facts WHERE day_key >= ? AND day_key <= ?',
      ),
      visits: db.prepare<[string], VisitRow>(
        `SELECT ${VISIT_COLUMNS} FROM visits WHERE day_key = ? ORDER BY issued_at, ticket_id`,
      ),
      save: db.prepare<[string, number, number, number, string, Buffer]>(
        `INSERT INTO report_day_facts (day_key, visits, max_seq, cfg_seq, dict, facts) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(day_key) DO UPDATE SET visits = excluded.visits, max_seq = excluded.max_seq,
           cfg_seq = excluded.cfg_seq, dict = excluded.dict, facts = excluded.facts`,
      ),
      transaction: <T>(fn: () => T) => db.transaction(fn)(),
    };
  }

  /**
   * The facts of every day in [from, to] that has visits, rebuilding the stale ones.
   * `cfgSeq` is the newest configuration event; `configAtAfter(seq)` tells the earliest instant a
   * configuration newer than `seq` took effect, so only the days it could apply to are rebuilt.
   */
  load(
    from: string,
    to: string,
    norms: NormBook,
    cfgSeq: number,
    dayEnd: (day: string) => number,
    configAtAfter: (seq: number) => number | null,
  ): DayFacts[] {
    const live = this.q.state.all(from, to);
    const cached = new Map(this.q.cached.all(from, to).map((c) => [c.day_key, c]));
    const out: DayFacts[] = [];
    const rebuilt: [DayFacts, number, number][] = [];
    for (const d of live) {
      const c = cached.get(d.day_key);
      const newerConfig = c && c.cfg_seq < cfgSeq ? configAtAfter(c.cfg_seq) : null;
      const fresh =
        c && c.visits === d.n && c.max_seq === d.max_seq && (newerConfig === null || newerConfig >= dayEnd(d.day_key));
      if (c && fresh) {
        // Copied out of the row's Buffer: SQLite's bytes need not be 8-byte aligned for a Float64Array view.
        const bytes = new Uint8Array(c.facts);
        out.push({ day: d.day_key, dict: JSON.parse(c.dict) as string[], data: new Float64Array(bytes.buffer) });
        continue;
      }
      const facts = packDay(d.day_key, this.q.visits.all(d.day_key), norms);
      out.push(facts);
      rebuilt.push([facts, d.n, d.max_seq]);
    }
    if (rebuilt.length > 0)
      this.q.transaction(() => {
        for (const [f, n, maxSeq] of rebuilt)
          this.q.save.run(f.day, n, maxSeq, cfgSeq, JSON.stringify(f.dict), Buffer.from(f.data.buffer));
      });
    return out;
  }
}
