import type { Lang, VisitLogRow } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { verdicts } from './figures.js';
import { type NameBook, type NormBook, withOnboardingSec } from './norms.js';
import { filterSql, type ReportFilter } from './visit-report.js';

type DB = Database.Database;

interface Row {
  ticket_id: string;
  day_key: string;
  number: string;
  segment_id: string | null;
  topic_id: string | null;
  origin_service_id: string;
  service_id: string;
  priority_category_id: string | null;
  appointment_id: string | null;
  walk_in: number;
  issued_at: number;
  first_called_at: number | null;
  started_at: number | null;
  closed_at: number;
  first_wait_sec: number | null;
  service_sec: number | null;
  total_sec: number;
  window_id: string | null;
  operator_id: string | null;
  outcome: VisitLogRow['outcome'];
  outcomes: string;
  transfers: number;
  postponements: number;
  recalls: number;
  digital_onboarding: number;
}

const COLUMNS = `ticket_id, day_key, number, segment_id, topic_id, origin_service_id, service_id,
  priority_category_id, appointment_id, walk_in, issued_at, first_called_at, started_at, closed_at,
  first_wait_sec, service_sec, total_sec, window_id, operator_id, outcome, outcomes, transfers,
  postponements, recalls, digital_onboarding`;

/**
 * The visitor log (журнал приёма посетителей, seed 000 §11.1): every closed visit in issue order.
 * Numbers, never personal data (152-ФЗ): what the visitor typed at the kiosk is not in the visits table.
 */
export class VisitLog {
  constructor(
    private readonly db: DB,
    private readonly norms: () => NormBook,
    private readonly names: () => NameBook,
  ) {}

  count(from: string, to: string, filter: ReportFilter): number {
    const { where, params } = filterSql(filter);
    return (
      this.db
        .prepare<string[], { n: number }>(`SELECT COUNT(*) AS n FROM visits WHERE ${where}`)
        .get(from, to, ...params)?.n ?? 0
    );
  }

  page(
    from: string,
    to: string,
    filter: ReportFilter,
    page: number,
    pageSize: number,
    lang: Lang = 'ru',
  ): VisitLogRow[] {
    const { where, params } = filterSql(filter);
    const rows = this.db
      .prepare<(string | number)[], Row>(
        // The page is found in the visits_log_order index alone (no table row is read for the
        // skipped ones), then only its rows are fetched: page 2000 of a year costs about as much as page 1.
        `SELECT ${COLUMNS} FROM visits WHERE rowid IN (
           SELECT rowid FROM visits WHERE ${where} ORDER BY day_key, issued_at, ticket_id LIMIT ? OFFSET ?
         ) ORDER BY day_key, issued_at, ticket_id`,
      )
      .all(from, to, ...params, pageSize, (page - 1) * pageSize);
    return rows.map((r) => this.toRow(r, lang));
  }

  /**
   * Every row of the period in slices, for exports. Keyset paging with `.all()`, not one long
   * `.iterate()`: between slices the export yields to the event loop, and an open iteration
   * would leave this connection busy for the other reports meanwhile.
   */
  async *slices(
    from: string,
    to: string,
    filter: ReportFilter,
    lang: Lang,
    size = 2000,
  ): AsyncGenerator<VisitLogRow[]> {
    const { where, params } = filterSql(filter);
    const first = this.db.prepare<(string | number)[], Row>(
      `SELECT ${COLUMNS} FROM visits WHERE ${where} ORDER BY day_key, issued_at, ticket_id LIMIT ?`,
    );
    const next = this.db.prepare<(string | number)[], Row>(
      `SELECT ${COLUMNS} FROM visits WHERE ${where} AND (day_key, issued_at, ticket_id) > (?, ?, ?)
       ORDER BY day_key, issued_at, ticket_id LIMIT ?`,
    );
    let rows = first.all(from, to, ...params, size);
    while (rows.length > 0) {
      yield rows.map((r) => this.toRow(r, lang));
      const last = rows.at(-1);
      if (!last || rows.length < size) return;
      await new Promise((resolve) => setImmediate(resolve));
      rows = next.all(from, to, ...params, last.day_key, last.issued_at, last.ticket_id, size);
    }
  }

  private toRow(r: Row, lang: Lang): VisitLogRow {
    const names = this.names();
    const n = this.norms().normsFor(r.issued_at, r.origin_service_id, r.topic_id);
    const v = verdicts({
      outcome: r.outcome,
      walkIn: r.walk_in === 1,
      transfers: r.transfers,
      postponements: r.postponements,
      recalls: r.recalls,
      priority: r.priority_category_id !== null,
      appointment: r.appointment_id !== null,
      digitalOnboarding: r.digital_onboarding === 1,
      extraSale: false,
      firstWaitSec: r.first_wait_sec,
      serviceSec: r.service_sec,
      totalSec: r.total_sec,
      waitNormSec: n.waitNormSec,
      serviceNormSec: withOnboardingSec(n.serviceNormSec, r.digital_onboarding === 1),
      totalNormSec: n.totalNormSec,
    });
    return {
      ticketId: r.ticket_id,
      day: r.day_key,
      number: r.number,
      segment: r.segment_id === null ? null : names.name('segment', r.segment_id)[lang],
      topic: r.topic_id === null ? null : names.name('topic', r.topic_id)[lang],
      service: names.name('service', r.origin_service_id)[lang],
      finalService: r.service_id === r.origin_service_id ? null : names.name('service', r.service_id)[lang],
      priority: r.priority_category_id === null ? null : names.name('priority', r.priority_category_id)[lang],
      appointment: r.appointment_id !== null,
      walkIn: r.walk_in === 1,
      issuedAt: r.issued_at,
      firstCalledAt: r.first_called_at,
      startedAt: r.started_at,
      closedAt: r.closed_at,
      waitSec: r.first_wait_sec,
      serviceSec: r.service_sec,
      totalSec: r.total_sec,
      window: r.window_id === null ? null : names.name('window', r.window_id)[lang],
      operator: r.operator_id === null ? null : names.name('operator', r.operator_id)[lang],
      outcome: r.outcome,
      outcomeCodes: (JSON.parse(r.outcomes) as string[]).map((id) => names.name('outcome', id)[lang]),
      transfers: r.transfers,
      postponements: r.postponements,
      recalls: r.recalls,
      waitWithinNorm: v.wait,
      serviceWithinNorm: v.service,
      totalWithinNorm: v.total,
    };
  }
}
