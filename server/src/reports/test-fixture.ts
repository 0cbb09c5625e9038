import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actors, Harness, testOffice } from '@talon/engine/testing';
import type { DomainEvent, GroupFigures, OfficeConfig, ReportResponse } from '@talon/protocol';
import { openStore } from '../store/index.js';
import { ReportService } from './index.js';

/**
 * The fixture office: the engine's test office (К consultation 8/8, О cash 4/4, Д documents 15/20
 * minutes wait/service) with a topic norm (readings: 5 min service, seed 001 annex style) and a
 * 20-minute total norm.
 */
export function fixtureOffice(overrides: { consultationWaitMin?: number } = {}): OfficeConfig {
  const base = testOffice({ rules: { totalNormMin: 20, recallMinIntervalSec: 0 } });
  return {
    ...base,
    services: base.services.map((s) =>
      s.id === 'consultation' && overrides.consultationWaitMin
        ? { ...s, waitNormMin: overrides.consultationWaitMin }
        : s,
    ),
    topics: base.topics.map((t) => (t.id === 'readings' ? { ...t, serviceNormMin: 5 } : t)),
  };
}

export const DAY = '2025-03-03';
const anna = actors.operator('anna');
const boris = actors.operator('boris');
const vera = actors.operator('vera');
const rating = { kind: 'device', deviceId: 'rating-1', role: 'rating' } as const;
const id = (number: string, day = DAY) => `${day}/${number}`;

/**
 * Monday 3 March 2025, nine visits with known times (local Moscow time). The expected figures in
 * visits.test.ts are worked out by hand from this list, not from the code:
 *
 *  V1 К-001 readings  09:00 issue, anna calls 09:02, starts 09:03, finishes 09:07
 *  V2 К-002 recalc    09:01 issue, boris calls and starts 09:10, finishes 09:20
 *  V3 О-001 payment   09:05 issue, vera calls and starts 09:08, finishes 09:11
 *  V4 О-002 payment   09:06 issue, anna calls 09:12, no-show 09:15
 *  V5 Д-001 contract  09:20 issue (business), vera calls 09:36, starts 09:37, finishes 10:00
 *  V6 К-003 recalc    09:30 issue, cancelled by the hall administrator 09:35
 *  V7 К-004 readings  09:40 issue, boris calls and starts 09:50, transfers to cash 09:55;
 *                     anna calls and starts 09:58, finishes 10:01
 *  V8 БТ-001 walk-in  boris serves a consultation without a ticket 10:05–10:10
 *  V9 О-003 payment   10:00 issue, vera calls and starts 10:02, postpones 5 min at 10:03;
 *                     calls and starts again 10:10, finishes 10:12
 */
export function fixtureDay(h: Harness): void {
  h.at(`${DAY}T09:00`);
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
  const issue = (at: string, topicId: string, segmentId = 'individual') => {
    h.at(`${DAY}T${at}`);
    h.ok({ type: 'issueTicket', topicId, segmentId }, actors.kiosk);
  };
  const step = (at: string, command: Parameters<Harness['ok']>[0], actor = anna) => {
    h.at(`${DAY}T${at}`);
    h.ok(command, actor);
  };
  issue('09:00', 'readings');
  issue('09:01', 'recalc');
  step('09:02', { type: 'callTicket', ticketId: id('К-001') }, anna);
  step('09:03', { type: 'startService' }, anna);
  issue('09:05', 'payment');
  issue('09:06', 'payment');
  step('09:07', { type: 'finishService', outcomes: ['consulted'] }, anna);
  step('09:08', { type: 'callTicket', ticketId: id('О-001') }, vera);
  step('09:08', { type: 'startService' }, vera);
  step('09:10', { type: 'callTicket', ticketId: id('К-002') }, boris);
  step('09:10', { type: 'startService' }, boris);
  step('09:11', { type: 'finishService', outcomes: ['paid'] }, vera);
  step('09:12', { type: 'callTicket', ticketId: id('О-002') }, anna);
  step('09:15', { type: 'markNoShow' }, anna);
  step('09:20', { type: 'finishService', outcomes: ['consulted'] }, boris);
  issue('09:20', 'contract', 'business');
  issue('09:30', 'recalc');
  step('09:35', { type: 'cancelTicket', ticketId: id('К-003'), reason: 'ушёл' }, actors.admin);
  step('09:36', { type: 'callTicket', ticketId: id('Д-001') }, vera);
  step('09:37', { type: 'startService' }, vera);
  issue('09:40', 'readings');
  step('09:50', { type: 'callTicket', ticketId: id('К-004') }, boris);
  step('09:50', { type: 'startService' }, boris);
  step('09:55', { type: 'transfer', toServiceId: 'cash', comment: 'оплата' }, boris);
  step('09:58', { type: 'callTicket', ticketId: id('К-004') }, anna);
  step('09:58', { type: 'startService' }, anna);
  step('10:00', { type: 'finishService' }, vera);
  issue('10:00', 'payment');
  step('10:01', { type: 'finishService', outcomes: ['paid'] }, anna);
  step('10:02', { type: 'callTicket', ticketId: id('О-003') }, vera);
  step('10:02', { type: 'startService' }, vera);
  step('10:03', { type: 'postpone', reason: 'за документами', returnInMin: 5 }, vera);
  step('10:05', { type: 'serveWalkIn', serviceId: 'consultation' }, boris);
  step('10:10', { type: 'finishService' }, boris);
  step('10:10', { type: 'callTicket', ticketId: id('О-003') }, vera);
  step('10:10', { type: 'startService' }, vera);
  step('10:12', { type: 'finishService', outcomes: ['paid'] }, vera);
  // Ratings: V1 five stars by QR; V2 two stars at the terminal for the long wait, with an anonymous complaint.
  step('10:15', { type: 'rateVisit', ticketId: id('К-001'), score: 5, channel: 'qr' }, rating);
  step(
    '10:16',
    {
      type: 'rateVisit',
      ticketId: id('К-002'),
      score: 2,
      reasons: ['long-wait'],
      channel: 'terminal',
      feedback: { type: 'complaint', text: 'Долго ждал' },
    },
    rating,
  );
  step('18:00', { type: 'operatorLogout' }, anna);
  step('18:00', { type: 'operatorLogout' }, boris);
  step('18:00', { type: 'operatorLogout' }, vera);
}

export interface FixtureStore {
  dir: string;
  dbPath: string;
  cleanup(): void;
}

/** Writes what the harness committed into a real office store, as the server would have. */
export function writeStore(h: Harness, dir = mkdtempSync(join(tmpdir(), 'talon-reports-'))): FixtureStore {
  const dbPath = join(dir, 'office.sqlite');
  const store = openStore(dbPath);
  const events = h.log.map(({ seq: _seq, ...e }) => e as DomainEvent);
  store.append(events);
  store.close();
  return { dir, dbPath, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function fixtureHarness(): Harness {
  const h = new Harness({ now: `${DAY}T08:00`, config: fixtureOffice() });
  fixtureDay(h);
  return h;
}

/** The evening of the fixture day: reports are asked after the office closed. */
const EVENING = Date.parse(`${DAY}T20:00:00Z`);

export interface DayReport {
  fx: FixtureStore;
  reports: ReportService;
  /** The day's report of the harness's office. */
  r: ReportResponse;
  close(): void;
}

/** The harness's day written to a real store, a report service over it and the day's report. */
export function openDayReport(h: Harness): DayReport {
  const fx = writeStore(h);
  const reports = new ReportService({ dbPath: fx.dbPath, now: () => EVENING });
  return {
    fx,
    reports,
    r: reports.report({ period: 'day', date: DAY }),
    close: () => {
      reports.close();
      fx.cleanup();
    },
  };
}

/** One row of a breakdown by its key; a missing row fails the test with its key. */
export function groupOf(rows: GroupFigures[], key: string): GroupFigures {
  const g = rows.find((x) => x.key === key);
  if (!g) throw new Error(`no group ${key}`);
  return g;
}
