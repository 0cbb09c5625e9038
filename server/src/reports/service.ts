import { dayKeyOf, localTimeToEpoch } from '@talon/engine';
import type { LocalText, ReportQuery, ReportResponse, VisitLogQuery, VisitLogResponse } from '@talon/protocol';
import Database from 'better-sqlite3';
import { deviceUptime } from './device-uptime.js';
import { DayFactsCache } from './facts.js';
import { type ConfigVersion, NameBook, NormBook } from './norms.js';
import { addDays, eachDay, nextDay, resolvePeriod } from './period.js';
import { ReportProjection } from './projection.js';
import { ratingFigures } from './rating-figures.js';
import { staffFigures } from './staff-report.js';
import { VisitLog } from './visit-log.js';
import { type ReportFilter, visitReport } from './visit-report.js';

/** Events folded per slice of background catch-up, so the event loop is never held for long. */
const SLICE = 5000;
/** How far back the background warm-up builds day facts: a year report and then some. */
const WARM_DAYS = 400;
const MAX_DEFER_MS = 10_000;
const DEFER_STEP_MS = 250;

export interface ReportServiceOptions {
  /** The office's SQLite file, already opened and migrated by the store. */
  dbPath: string;
  now: () => number;
  log?: (msg: string, err?: unknown) => void;
  /** True while commands keep coming: the background catch-up waits (at most MAX_DEFER_MS) for a pause. */
  busy?: () => boolean;
  /** How long the catch-up may wait for a pause (MAX_DEFER_MS by default). */
  maxDeferMs?: number;
}

const filterOf = (q: ReportFilter): ReportFilter => {
  const f: ReportFilter = {};
  if (q.serviceId !== undefined) f.serviceId = q.serviceId;
  if (q.topicId !== undefined) f.topicId = q.topicId;
  if (q.operatorId !== undefined) f.operatorId = q.operatorId;
  if (q.windowId !== undefined) f.windowId = q.windowId;
  return f;
};

/**
 * Reports read the office's SQLite file through their own connection: WAL lets them read while the
 * one writer commits, and their own tables (operator time, configuration history) are written
 * only here. Everything is synchronous, so in this process a report never interleaves with a commit.
 */
export class ReportService {
  private readonly db: Database.Database;
  private readonly projection: ReportProjection;
  private readonly facts: DayFactsCache;
  readonly log: VisitLog;
  private books: { versions: ConfigVersion[]; norms: NormBook; names: NameBook } | null = null;
  private timer: NodeJS.Timeout | undefined;
  /** performance.now() when the background catch-up first waited for a pause; null when it is not waiting. */
  private deferredSince: number | null = null;
  private readonly warmQueue: [string, string][] = [];
  private closed = false;

  constructor(private readonly opts: ReportServiceOptions) {
    this.db = new Database(opts.dbPath, { fileMustExist: true });
    this.db.pragma('busy_timeout = 5000');
    this.projection = new ReportProjection(this.db);
    this.facts = new DayFactsCache(this.db);
    this.log = new VisitLog(
      this.db,
      () => this.book().norms,
      () => this.book().names,
    );
  }

  private book() {
    const versions = this.projection.configs();
    if (this.books?.versions !== versions) {
      this.books = { versions, norms: new NormBook(versions), names: new NameBook(versions.map((v) => v.config)) };
    }
    return this.books;
  }

  /** Brings the operator-time projection up to the end of the log; reports call it first. */
  catchUp(): void {
    this.projection.catchUp();
  }

  /**
   * Called after commits: folds new events a little later, in slices, off the command path. Once
   * caught up, builds the day facts of the past months a month at a time (after an upgrade, or a
   * restore from backup), so that the first year report does not pay for them.
   */
  scheduleCatchUp(delayMs = 1000): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed) return;
      // Folding a second's events takes milliseconds that a call in a busy hall would wait behind; it
      // waits for a pause instead, but never longer than MAX_DEFER_MS.
      if (this.opts.busy?.()) {
        this.deferredSince ??= performance.now();
        if (performance.now() - this.deferredSince < (this.opts.maxDeferMs ?? MAX_DEFER_MS))
          return this.scheduleCatchUp(DEFER_STEP_MS);
      }
      this.deferredSince = null;
      try {
        if (!this.projection.catchUp(SLICE)) return this.scheduleCatchUp(0);
        const month = this.warmQueue.shift();
        if (month) {
          this.dayFacts(month[0], month[1]);
          this.scheduleCatchUp(0);
        }
      } catch (err) {
        // A report asked for later catches up synchronously and shows the error to whoever asked.
        (this.opts.log ?? console.error)('reports: background catch-up failed', err);
      }
    }, delayMs);
    this.timer.unref();
  }

  /** Queues the day facts of the last `days` days for building in the background. */
  warmInBackground(days = WARM_DAYS): void {
    const zone = this.book().versions.at(-1)?.config.timeZone ?? this.projection.timeZone ?? 'UTC';
    let to = dayKeyOf(this.opts.now(), zone);
    for (let left = days; left > 0; left -= 31) {
      const from = addDays(to, -Math.min(31, left) + 1);
      this.warmQueue.push([from, to]);
      to = addDays(from, -1);
    }
    this.scheduleCatchUp(0);
  }

  report(q: ReportQuery): ReportResponse {
    this.catchUp();
    const period = resolvePeriod(q);
    const filter = filterOf(q);
    const { norms, names, versions } = this.book();
    const latest = versions.at(-1)?.config;
    const timeZone = latest?.timeZone ?? this.projection.timeZone ?? 'UTC';
    const now = this.opts.now();
    const start = localTimeToEpoch(period.from, '00:00', timeZone);
    const end = localTimeToEpoch(nextDay(period.to), '00:00', timeZone);
    const visits = visitReport(this.dayFacts(period.from, period.to), period.from, period.to, filter, names);
    const reasonNames = new Map<string, LocalText>();
    for (const v of versions) for (const r of v.config.ratingReasons ?? []) reasonNames.set(r.id, r.name);
    return {
      generatedAt: now,
      timeZone,
      period,
      filter,
      normsChanged: norms.changedWithin(start, end),
      ...visits,
      staff: staffFigures(
        this.db,
        period.from,
        period.to,
        filter,
        end > this.projection.lastAt ? this.projection.openIntervals(now) : [],
        names,
        latest?.breakReasons.map((r) => r.id) ?? [],
      ),
      ratings: ratingFigures(this.db, period.from, period.to, filter, names, reasonNames),
      devices: deviceUptime(this.db, eachDay(period.from, period.to), now, latest),
    };
  }

  /** The packed visits of each day in the range, rebuilt where the visits or the norms changed. */
  private dayFacts(from: string, to: string) {
    const { versions, norms } = this.book();
    const zone = versions.at(-1)?.config.timeZone ?? 'UTC';
    const cfgSeq = versions.at(-1)?.seq ?? 0;
    return this.facts.load(
      from,
      to,
      norms,
      cfgSeq,
      (day) => localTimeToEpoch(nextDay(day), '00:00', zone),
      (seq) => {
        const later = versions.filter((v) => v.seq > seq).map((v) => v.at);
        return later.length === 0 ? null : Math.min(...later);
      },
    );
  }

  /** Builds the day facts of every day with visits, so that the first year report does not pay for it. */
  warm(from: string, to: string): void {
    this.catchUp();
    this.dayFacts(from, to);
  }

  visitLog(q: VisitLogQuery): VisitLogResponse {
    this.catchUp();
    const period = resolvePeriod(q);
    const filter = filterOf(q);
    const timeZone = this.book().versions.at(-1)?.config.timeZone ?? 'UTC';
    return {
      period,
      timeZone,
      page: q.page,
      pageSize: q.pageSize,
      total: this.log.count(period.from, period.to, filter),
      rows: this.log.page(period.from, period.to, filter, q.page, q.pageSize, q.lang),
    };
  }

  /** The configuration history, newest last (names and norms for exports). */
  get names(): NameBook {
    return this.book().names;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.db.close();
  }
}
