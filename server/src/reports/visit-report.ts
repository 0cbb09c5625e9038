import type { DayFigures, GroupFigures, HourFigures, ReportQuery, VisitFigures } from '@talon/protocol';
import { type DayFacts, F, FLAG } from './facts.js';
import { VisitAcc, type VisitFacts } from './figures.js';
import { getOr } from './get-or.js';
import { type NameBook, withOnboardingSec } from './norms.js';
import { eachDay } from './period.js';

export type ReportFilter = Pick<ReportQuery, 'serviceId' | 'topicId' | 'operatorId' | 'windowId'>;

/**
 * The filter columns. A visit belongs to the service it first asked for (its wait was for that queue,
 * DOMAIN.md) and to the operator and window that closed it.
 */
const FILTER_COLUMNS = [
  ['serviceId', 'origin_service_id'],
  ['topicId', 'topic_id'],
  ['operatorId', 'operator_id'],
  ['windowId', 'window_id'],
] as const;

export function filterSql(filter: ReportFilter): { where: string; params: string[] } {
  const where: string[] = ['day_key >= ?', 'day_key <= ?'];
  const params: string[] = [];
  for (const [k, col] of FILTER_COLUMNS) {
    const v = filter[k];
    if (v === undefined) continue;
    where.push(`${col} = ?`);
    params.push(v);
  }
  return { where: where.join(' AND '), params };
}

export interface VisitReportPart {
  summary: VisitFigures;
  byService: GroupFigures[];
  byTopic: GroupFigures[];
  byOperator: GroupFigures[];
  byWindow: GroupFigures[];
  bySegment: GroupFigures[];
  byDay: DayFigures[];
  byHour: HourFigures[];
}

/** The indexes a filter value has in one day's dictionary (-2: never matches, the id is absent that day). */
function filterIndexes(dict: string[], filter: ReportFilter) {
  const at = (id: string | undefined) =>
    id === undefined ? undefined : dict.indexOf(id) === -1 ? -2 : dict.indexOf(id);
  return {
    service: at(filter.serviceId),
    topic: at(filter.topicId),
    operator: at(filter.operatorId),
    window: at(filter.windowId),
  };
}

/**
 * Every visit figure of the report in one pass over the period's day facts: the office summary, the
 * breakdowns, the days and the hours. Each visit carries the norms in force when it was issued.
 */
export function visitReport(
  days: readonly DayFacts[],
  from: string,
  to: string,
  filter: ReportFilter,
  names: NameBook,
): VisitReportPart {
  const summary = new VisitAcc();
  const groups = {
    service: new Map<string, VisitAcc>(),
    topic: new Map<string, VisitAcc>(),
    operator: new Map<string, VisitAcc>(),
    window: new Map<string, VisitAcc>(),
    segment: new Map<string, VisitAcc>(),
  };
  const perDay = new Map<string, VisitAcc>();
  const hours = Array.from({ length: 24 }, () => ({ issued: 0, waitSum: 0, waitN: 0 }));
  const val = (x: number | undefined) => (x === undefined || x < 0 ? null : x);

  for (const { day, dict, data } of days) {
    const want = filterIndexes(dict, filter);
    const key = (i: number | undefined) => (i === undefined || i < 0 ? '' : (dict[i] ?? ''));
    // One accumulator per dictionary entry of this day, resolved once rather than per visit.
    const accOf = (m: Map<string, VisitAcc>) => {
      const local = new Map<number, VisitAcc>();
      return (i: number) => getOr(local, i, () => getOr(m, key(i), () => new VisitAcc()));
    };
    const acc = {
      service: accOf(groups.service),
      topic: accOf(groups.topic),
      operator: accOf(groups.operator),
      window: accOf(groups.window),
      segment: accOf(groups.segment),
    };
    const dayAcc = new VisitAcc(false);
    let counted = 0;
    for (let o = 0; o < data.length; o += F.SIZE) {
      const service = data[o + F.service] ?? -1;
      const topic = data[o + F.topic] ?? -1;
      const operator = data[o + F.operator] ?? -1;
      const window = data[o + F.window] ?? -1;
      if (want.service !== undefined && service !== want.service) continue;
      if (want.topic !== undefined && topic !== want.topic) continue;
      if (want.operator !== undefined && operator !== want.operator) continue;
      if (want.window !== undefined && window !== want.window) continue;
      const flags = data[o + F.flags] ?? 0;
      const digital = (flags & FLAG.digital) !== 0;
      const f: VisitFacts = {
        outcome: flags & FLAG.noShow ? 'no-show' : flags & FLAG.cancelled ? 'cancelled' : 'served',
        walkIn: (flags & FLAG.walkIn) !== 0,
        priority: (flags & FLAG.priority) !== 0,
        appointment: (flags & FLAG.appointment) !== 0,
        digitalOnboarding: digital,
        extraSale: (flags & FLAG.extra) !== 0,
        firstWaitSec: val(data[o + F.firstWait]),
        serviceSec: val(data[o + F.service_sec]),
        totalSec: data[o + F.total] ?? 0,
        waitNormSec: val(data[o + F.waitNorm]),
        serviceNormSec: withOnboardingSec(val(data[o + F.serviceNorm]), digital),
        totalNormSec: val(data[o + F.totalNorm]),
        transfers: data[o + F.transfers] ?? 0,
        postponements: data[o + F.postponements] ?? 0,
        recalls: data[o + F.recalls] ?? 0,
      };
      counted++;
      summary.add(f);
      acc.service(service).add(f);
      acc.topic(topic).add(f);
      acc.operator(operator).add(f);
      acc.window(window).add(f);
      acc.segment(data[o + F.segment] ?? -1).add(f);
      dayAcc.add(f);
      const h = hours[data[o + F.hour] ?? 0];
      if (h) {
        h.issued++;
        if (f.firstWaitSec !== null) {
          h.waitSum += f.firstWaitSec;
          h.waitN++;
        }
      }
    }
    if (counted > 0) perDay.set(day, dayAcc);
  }

  const rows = (kind: keyof typeof groups): GroupFigures[] =>
    [...groups[kind].entries()]
      .map(([key, a]) => ({ key, name: names.name(kind, key), ...a.finish() }))
      .sort((a, b) => b.visits - a.visits || collator.compare(a.name.ru, b.name.ru));
  const activeDays = perDay.size;
  return {
    summary: summary.finish(),
    byService: rows('service'),
    byTopic: rows('topic'),
    byOperator: rows('operator'),
    byWindow: rows('window'),
    bySegment: rows('segment'),
    // Every day of the period, so that a chart shows the quiet days too.
    byDay: eachDay(from, to).map((day) => {
      const a = perDay.get(day);
      return {
        day,
        visits: a?.visits ?? 0,
        served: a?.served ?? 0,
        meanWaitSec: a?.wait.meanSec ?? null,
        waitShare: a?.wait.share ?? null,
        serviceShare: a?.service.share ?? null,
        totalShare: a?.total.share ?? null,
        allNormsShare: a?.allShare ?? null,
      };
    }),
    byHour: hours.map((h, hour) => ({
      hour,
      issued: h.issued,
      perDay: activeDays === 0 ? 0 : h.issued / activeDays,
      meanWaitSec: h.waitN === 0 ? null : h.waitSum / h.waitN,
    })),
  };
}

const collator = new Intl.Collator('ru');
