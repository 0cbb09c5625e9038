import { actors } from '@talon/engine/testing';
import type { ReportResponse } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/index.js';
import { ReportService } from './index.js';
import {
  DAY,
  type DayReport,
  type FixtureStore,
  fixtureHarness,
  groupOf,
  openDayReport,
  writeStore,
} from './test-fixture.js';

let day: DayReport | undefined;
let fx: FixtureStore;
let reports: ReportService;
let r: ReportResponse;

beforeAll(() => {
  day = openDayReport(fixtureHarness());
  ({ fx, reports, r } = day);
});
afterAll(() => day?.close());

const group = groupOf;

/*
 * Hand-computed from the visit list in fixture.ts (norms: consultation wait 8 / service 8,
 * readings topic service 5, cash 4 / 4, documents 15 / 20, total 20 minutes):
 *
 *        wait  ok?   service  ok?   total  ok?
 *  V1    120   ≤480  240      ≤300  420    yes
 *  V2    540   no    600      no    1140   yes
 *  V3    180   ≤240  180      ≤240  360    yes
 *  V4    360   no    (no-show)
 *  V5    960   no    1380     no    2400   no
 *  V6    (cancelled while waiting: no figures)
 *  V7    600   no    300+180  no    1260   no     (service judged on the readings topic: 5 min)
 *  V8    —           300      ≤480  300    yes    (walk-in: no wait)
 *  V9    120   ≤240  60+120   ≤240  720    yes
 */
describe('the fixture day, against figures worked out by hand', () => {
  it('counts visits by outcome, transfers and postponements', () => {
    expect(r.summary).toMatchObject({
      visits: 9,
      served: 7,
      noShows: 1,
      cancelled: 1,
      walkIns: 1,
      transferred: 1,
      transfers: 1,
      postponed: 1,
      postponements: 1,
      recalls: 0,
    });
  });

  it('wait: mean, p90, share within norm, buckets', () => {
    expect(r.summary.wait).toEqual({
      n: 7,
      meanSec: 2880 / 7,
      // sorted 120 120 180 360 540 600 960; rank ceil(0.9 × 7) = 7
      p90Sec: 960,
      maxSec: 960,
      judged: 7,
      withinNorm: 3,
      share: 3 / 7,
      normMin: null,
      meanNormMin: 3060 / 7 / 60,
      buckets: [2, 1, 1, 2, 0, 1],
    });
  });

  it('service: topic norm overrides the service norm', () => {
    expect(r.summary.service).toEqual({
      n: 7,
      meanSec: 480,
      p90Sec: 1380,
      maxSec: 1380,
      judged: 7,
      withinNorm: 4,
      share: 4 / 7,
      normMin: null,
      meanNormMin: 3240 / 7 / 60,
      buckets: [0, 4, 1, 1, 0, 1],
    });
  });

  it('total: served visits against the 20-minute total norm', () => {
    expect(r.summary.total).toEqual({
      n: 7,
      meanSec: 6600 / 7,
      p90Sec: 2400,
      maxSec: 2400,
      judged: 7,
      withinNorm: 5,
      share: 5 / 7,
      normMin: 20,
      meanNormMin: 20,
      buckets: [0, 1, 2, 0, 1, 3],
    });
    expect(r.summary.allNorms).toEqual({ judged: 7, within: 4, share: 4 / 7 });
  });

  it('by service (the one first asked for), topic, operator, window and segment', () => {
    const consultation = group(r.byService, 'consultation');
    expect(consultation).toMatchObject({ visits: 5, served: 4, cancelled: 1, transfers: 1 });
    expect(consultation.name).toEqual({ ru: 'Консультация', en: 'Consultation' });
    expect(consultation.wait).toMatchObject({ n: 3, meanSec: 420, p90Sec: 600, withinNorm: 1, normMin: 8 });
    const cash = group(r.byService, 'cash');
    expect(cash).toMatchObject({ visits: 3, served: 2, noShows: 1, postponements: 1 });
    expect(cash.wait).toMatchObject({ n: 3, meanSec: 220, p90Sec: 360, withinNorm: 2, share: 2 / 3, normMin: 4 });
    expect(cash.wait.buckets).toEqual([1, 1, 1, 0, 0, 0]);
    expect(group(r.byService, 'documents').wait).toMatchObject({ n: 1, p90Sec: 960, withinNorm: 0, share: 0 });

    expect(r.byTopic.map((g) => [g.key, g.visits])).toEqual([
      ['payment', 3],
      ['recalc', 2],
      ['readings', 2],
      ['', 1],
      ['contract', 1],
    ]);
    expect(group(r.byTopic, 'readings').service).toMatchObject({ n: 2, meanSec: 360, withinNorm: 1, normMin: 5 });
    expect(group(r.byTopic, '').name.ru).toBe('Без темы');

    expect(Object.fromEntries(r.byOperator.map((g) => [g.key, g.visits]))).toEqual({
      anna: 3,
      boris: 2,
      vera: 3,
      '': 1,
    });
    expect(group(r.byOperator, 'anna')).toMatchObject({ served: 2, noShows: 1, name: { ru: 'Анна', en: 'Анна' } });
    expect(group(r.byOperator, 'boris').service).toMatchObject({ n: 2, meanSec: 450, withinNorm: 1 });
    expect(group(r.byWindow, 'w3')).toMatchObject({ visits: 3, served: 3, name: { ru: 'Окно 3', en: 'Window 3' } });
    expect(group(r.byWindow, 'w3').service).toMatchObject({ n: 3, meanSec: 580, withinNorm: 2 });
    expect(Object.fromEntries(r.bySegment.map((g) => [g.key, g.visits]))).toEqual({
      individual: 7,
      business: 1,
      '': 1,
    });
  });

  it('by day and by hour of issue', () => {
    expect(r.byDay).toEqual([
      {
        day: DAY,
        visits: 9,
        served: 7,
        meanWaitSec: 2880 / 7,
        waitShare: 3 / 7,
        serviceShare: 4 / 7,
        totalShare: 5 / 7,
        allNormsShare: 4 / 7,
      },
    ]);
    expect(r.byHour.filter((h) => h.issued > 0)).toEqual([
      { hour: 9, issued: 7, perDay: 7, meanWaitSec: (120 + 540 + 180 + 360 + 960 + 600) / 6 },
      { hour: 10, issued: 2, perDay: 2, meanWaitSec: 120 },
    ]);
    expect(r.byHour).toHaveLength(24);
  });

  it('filters narrow every figure', () => {
    const f = reports.report({ period: 'day', date: DAY, operatorId: 'vera' });
    expect(f.summary).toMatchObject({ visits: 3, served: 3 });
    expect(f.summary.wait).toMatchObject({ n: 3, meanSec: (180 + 960 + 120) / 3, withinNorm: 2 });
    expect(f.byOperator.map((g) => g.key)).toEqual(['vera']);
    const t = reports.report({ period: 'day', date: DAY, topicId: 'readings' });
    expect(t.summary).toMatchObject({ visits: 2, served: 2, transfers: 1 });
    const none = reports.report({ period: 'day', date: '2025-03-04' });
    expect(none.summary.visits).toBe(0);
    expect(none.summary.wait).toMatchObject({ n: 0, meanSec: null, p90Sec: null, share: null });
  });

  it('the month and year contain the day; quarters and half-years resolve to calendar spans', () => {
    for (const period of ['month', 'quarter', 'half', 'year'] as const) {
      const p = reports.report({ period, date: DAY });
      expect(p.summary.wait).toEqual(r.summary.wait);
    }
    expect(reports.report({ period: 'quarter', date: DAY }).period).toMatchObject({
      from: '2025-01-01',
      to: '2025-03-31',
      days: 90,
    });
    expect(reports.report({ period: 'half', date: '2025-08-15' }).period).toMatchObject({
      from: '2025-07-01',
      to: '2025-12-31',
    });
    expect(reports.report({ period: 'month', date: DAY }).byDay).toHaveLength(31);
    const custom = reports.report({ period: 'custom', from: '2025-03-02', to: DAY });
    expect(custom.summary.visits).toBe(9);
    expect(custom.byDay.map((d) => d.visits)).toEqual([0, 9]);
  });
});

describe('the packed day facts behind every report', () => {
  it('a report read from the stored day facts equals the one that built them', () => {
    const again = new ReportService({ dbPath: fx.dbPath, now: () => r.generatedAt });
    try {
      expect(again.report({ period: 'day', date: DAY })).toEqual(r);
    } finally {
      again.close();
    }
  });

  it('a visit closed after the facts were built shows in the next report', () => {
    const h = fixtureHarness();
    const own = writeStore(h);
    const svc = new ReportService({ dbPath: own.dbPath, now: () => h.now });
    try {
      expect(svc.report({ period: 'day', date: DAY }).summary.visits).toBe(9);
      const from = h.log.length;
      const boris = actors.operator('boris');
      h.at(`${DAY}T18:30`).ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
      h.ok({ type: 'serveWalkIn', serviceId: 'consultation' }, boris);
      h.at(`${DAY}T18:40`).ok({ type: 'finishService' }, boris);
      const store = openStore(own.dbPath);
      store.append(h.log.slice(from).map(({ seq: _seq, ...e }) => e as never));
      store.close();
      const after = svc.report({ period: 'day', date: DAY });
      expect(after.summary).toMatchObject({ visits: 10, served: 8, walkIns: 2 });
      expect(after.summary.service).toMatchObject({ n: 8, meanSec: (3360 + 600) / 8 });
    } finally {
      svc.close();
      own.cleanup();
    }
  });
});

describe('ratings and feedback', () => {
  it('counts ratings on the day of the visit they rate, with reasons and feedback by type', () => {
    expect(r.ratings).toMatchObject({
      available: true,
      count: 2,
      mean: 3.5,
      distribution: [0, 1, 0, 0, 1],
      reasons: [{ id: 'long-wait', name: { ru: 'Долгое ожидание', en: 'Long wait' }, count: 1 }],
      feedback: [{ type: 'complaint', count: 1, actionable: 0 }],
    });
    expect(r.ratings.comments?.map((c) => [c.type, c.text, c.actionable, c.operatorId])).toEqual([
      ['complaint', 'Долго ждал', false, 'boris'],
    ]);
    const anna = reports.report({ period: 'day', date: DAY, operatorId: 'anna' });
    expect(anna.ratings).toMatchObject({ count: 1, mean: 5, feedback: [] });
  });
});

describe('the visitor log', () => {
  it('lists every visit in issue order with times, window, operator and outcome, paged', () => {
    const p1 = reports.visitLog({ period: 'day', date: DAY, page: 1, pageSize: 4, lang: 'ru' });
    expect(p1.total).toBe(9);
    expect(p1.rows.map((v) => v.number)).toEqual(['К-001', 'К-002', 'О-001', 'О-002']);
    expect(p1.rows[0]).toMatchObject({
      service: 'Консультация',
      topic: 'Показания',
      segment: 'Физические лица',
      window: 'Окно 1',
      operator: 'Анна',
      outcome: 'served',
      outcomeCodes: ['Консультация дана'],
      waitSec: 120,
      serviceSec: 240,
      totalSec: 420,
      waitWithinNorm: true,
      serviceWithinNorm: true,
      totalWithinNorm: true,
    });
    expect(p1.rows[3]).toMatchObject({ number: 'О-002', outcome: 'no-show', waitWithinNorm: false, serviceSec: null });
    const p3 = reports.visitLog({ period: 'day', date: DAY, page: 3, pageSize: 4, lang: 'en' });
    expect(p3.rows.map((v) => v.number)).toEqual(['БТ-001']);
    const p2 = reports.visitLog({ period: 'day', date: DAY, page: 2, pageSize: 4, lang: 'en' });
    expect(p2.rows.map((v) => v.number)).toEqual(['Д-001', 'К-003', 'К-004', 'О-003']);
    expect(p2.rows[2]).toMatchObject({
      service: 'Consultation',
      finalService: 'Payment',
      transfers: 1,
      operator: 'Анна',
      serviceWithinNorm: false,
      totalWithinNorm: false,
    });
    expect(p2.rows[1]).toMatchObject({ outcome: 'cancelled', window: null, operator: null, waitSec: null });
  });
});
