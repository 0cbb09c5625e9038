import { actors, Harness } from '@talon/engine/testing';
import type { StaffTime } from '@talon/protocol';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ReportService } from './index.js';
import { type FixtureStore, fixtureOffice, writeStore } from './test-fixture.js';

const anna = actors.operator('anna');
const boris = actors.operator('boris');
const MIN = 60;

let fx: FixtureStore | undefined;
let reports: ReportService | undefined;
afterEach(() => {
  reports?.close();
  fx?.cleanup();
  reports = undefined;
  fx = undefined;
});

function open(h: Harness, now: number) {
  fx = writeStore(h);
  reports = new ReportService({ dbPath: fx.dbPath, now: () => now });
  return reports;
}

/** The cursor the operator-time projection has committed, read through a connection of the test's own. */
function committedSeq(dbPath: string): number {
  const db = new Database(dbPath, { readonly: true });
  try {
    return (db.prepare('SELECT seq FROM report_progress').get() as { seq: number } | undefined)?.seq ?? 0;
  } finally {
    db.close();
  }
}

const pick = (t: StaffTime | undefined) =>
  t && {
    loggedIn: t.loggedInSec / MIN,
    ready: t.readySec / MIN,
    serving: t.servingSec / MIN,
    wrapUp: t.wrapUpSec / MIN,
    break: t.breakSec / MIN,
    byReason: Object.fromEntries(Object.entries(t.breakByReason).map(([k, v]) => [k, v / MIN])),
    idle: t.idleWhileQueueSec / MIN,
  };

/**
 * 09:00 anna (w1) and boris (w2) log in; К-001 issued.
 * 09:04 anna calls К-001, starts 09:05, finishes 09:10, wraps up until 09:12.
 * 09:15–09:45 boris at lunch. 09:20 О-001 (cash) issued; anna calls it 09:26, finishes 09:30.
 * 09:50–09:55 boris on a technical break.
 * 09:56 К-002 issued and called by anna at once; started 09:57, postponed 1 min at 09:58 (callable 09:59).
 * 10:00 both log out.
 *
 * By hand — anna: ready 4+14+26+2 = 46, serving 6+4+2 = 12, wrap-up 2; idle while a ticket she
 * could call waited: 09:00–09:04 (К-001), 09:20–09:26 (О-001), 09:59–10:00 (К-002) = 11.
 * boris: ready 15+5+5 = 25, lunch 30, technical 5; idle 09:00–09:04 and 09:59–10:00 = 5
 * (О-001 is cash, which boris does not serve; К-002 was not callable 09:58–09:59).
 */
function staffDay(h: Harness) {
  const at = (hhmm: string) => h.at(`2025-03-03T${hhmm}`);
  at('09:00');
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok({ type: 'issueTicket', topicId: 'readings', segmentId: 'individual' }, actors.kiosk);
  at('09:04').ok({ type: 'callNext' }, anna);
  at('09:05').ok({ type: 'startService' }, anna);
  at('09:10').ok({ type: 'finishService' }, anna);
  h.ok({ type: 'startWrapUp' }, anna);
  at('09:12').ok({ type: 'endBreak' }, anna);
  at('09:15').ok({ type: 'startBreak', reasonId: 'lunch' }, boris);
  at('09:20').ok({ type: 'issueTicket', topicId: 'payment', segmentId: 'individual' }, actors.kiosk);
  at('09:26').ok({ type: 'callNext' }, anna);
  h.ok({ type: 'startService' }, anna);
  at('09:30').ok({ type: 'finishService' }, anna);
  at('09:45').ok({ type: 'endBreak' }, boris);
  at('09:50').ok({ type: 'startBreak', reasonId: 'technical' }, boris);
  at('09:55').ok({ type: 'endBreak' }, boris);
  at('09:56').ok({ type: 'issueTicket', topicId: 'recalc', segmentId: 'individual' }, actors.kiosk);
  h.ok({ type: 'callNext' }, anna);
  at('09:57').ok({ type: 'startService' }, anna);
  at('09:58').ok({ type: 'postpone', reason: 'ищет квитанцию', returnInMin: 1 }, anna);
  at('10:00').ok({ type: 'operatorLogout' }, anna);
  // К-002 is still postponed: the last operator leaves it only by the hall administrator's decision (issue 16)
  h.ok({ type: 'operatorLogout', operatorId: 'boris', override: true }, actors.admin);
}

describe('operator time from the event log', () => {
  it('ready, serving, wrap-up, breaks by reason and idle-while-queue match the hand count', () => {
    const h = new Harness({ now: '2025-03-03T08:00', config: fixtureOffice() });
    staffDay(h);
    const r = open(h, h.now).report({ period: 'day', date: '2025-03-03' });
    const byOp = Object.fromEntries(r.staff.byOperator.map((t) => [t.key, pick(t)]));
    expect(byOp.anna).toEqual({ loggedIn: 60, ready: 46, serving: 12, wrapUp: 2, break: 0, byReason: {}, idle: 11 });
    expect(byOp.boris).toEqual({
      loggedIn: 60,
      ready: 25,
      serving: 0,
      wrapUp: 0,
      break: 35,
      byReason: { lunch: 30, technical: 5 },
      idle: 5,
    });
    expect(pick(r.staff.total)).toEqual({
      loggedIn: 120,
      ready: 71,
      serving: 12,
      wrapUp: 2,
      break: 35,
      byReason: { lunch: 30, technical: 5 },
      idle: 16,
    });
    expect(r.staff.byWindow.map((w) => [w.key, w.loggedInSec / MIN])).toEqual([
      ['w1', 60],
      ['w2', 60],
    ]);
    expect(r.staff.breakReasons.map((b) => b.name.ru)).toEqual(['Обед', 'Технический перерыв']);
    const borisOnly = reports?.report({ period: 'day', date: '2025-03-03', operatorId: 'boris' });
    expect(borisOnly?.staff.byOperator.map((t) => t.key)).toEqual(['boris']);
  });

  it('splits time at local midnight and counts the still-open interval up to now', () => {
    const h = new Harness({ now: '2025-03-03T08:00', config: fixtureOffice() });
    h.at('2025-03-03T23:50').ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    // The only operator in the hall: the break needs the hall administrator's override.
    h.at('2025-03-04T00:20').ok(
      { type: 'startBreak', reasonId: 'lunch', operatorId: 'anna', override: true },
      actors.admin,
    );
    // Still on a break when the report is asked for at 00:45: 25 minutes of it so far.
    const now = Date.parse('2025-03-03T21:45:00Z');
    const svc = open(h, now);
    const day1 = svc.report({ period: 'day', date: '2025-03-03' });
    expect(pick(day1.staff.total)).toMatchObject({ loggedIn: 10, ready: 10, break: 0 });
    const day2 = svc.report({ period: 'day', date: '2025-03-04' });
    expect(pick(day2.staff.total)).toMatchObject({ loggedIn: 45, ready: 20, break: 25, byReason: { lunch: 25 } });
    const both = svc.report({ period: 'custom', from: '2025-03-03', to: '2025-03-04' });
    expect(pick(both.staff.total)).toMatchObject({ loggedIn: 55, ready: 30, break: 25 });
  });

  it('the background catch-up waits while commands keep coming, but not for ever', async () => {
    const h = new Harness({ now: '2025-03-03T08:00', config: fixtureOffice() });
    staffDay(h);
    fx = writeStore(h);
    const dbPath = fx.dbPath;
    const committed = () => committedSeq(dbPath);
    let busy = true;
    reports = new ReportService({ dbPath, now: () => h.now, busy: () => busy, maxDeferMs: 60_000 });
    reports.scheduleCatchUp(0);
    await new Promise((r) => setTimeout(r, 600));
    expect(committed()).toBe(0);
    busy = false;
    await expect.poll(committed, { timeout: 5000 }).toBe(h.state.seq);

    // Busy for good: it folds anyway once it has waited its longest.
    reports.close();
    fx.cleanup();
    fx = writeStore(h);
    const again = fx.dbPath;
    reports = new ReportService({ dbPath: again, now: () => h.now, busy: () => true, maxDeferMs: 300 });
    reports.scheduleCatchUp(0);
    await expect.poll(() => committedSeq(again), { timeout: 5000 }).toBe(h.state.seq);
  });

  it('survives a restart: the cursor resumes and nothing is counted twice', () => {
    const h = new Harness({ now: '2025-03-03T08:00', config: fixtureOffice() });
    staffDay(h);
    const first = open(h, h.now);
    const before = first.report({ period: 'day', date: '2025-03-03' }).staff.total;
    first.close();
    const again = new ReportService({ dbPath: fx?.dbPath ?? '', now: () => h.now });
    reports = again;
    expect(again.report({ period: 'day', date: '2025-03-03' }).staff.total).toEqual(before);
  });
});

describe('norms in force when the visit was issued', () => {
  it('judges each visit on its own day’s configuration and flags the change', () => {
    const h = new Harness({ now: '2025-03-03T08:00', config: fixtureOffice() });
    const visit = (day: string) => {
      h.at(`${day}T09:00`).ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
      h.ok({ type: 'issueTicket', topicId: 'recalc', segmentId: 'individual' }, actors.kiosk);
      h.at(`${day}T09:09`).ok({ type: 'callNext' }, boris);
      h.ok({ type: 'startService' }, boris);
      h.at(`${day}T09:15`).ok({ type: 'finishService' }, boris);
      h.ok({ type: 'operatorLogout' }, boris);
    };
    visit('2025-03-03');
    // The next morning the office allows 10 minutes of waiting for a consultation.
    h.at('2025-03-04T08:00').configure(fixtureOffice({ consultationWaitMin: 10 }));
    visit('2025-03-04');
    const svc = open(h, h.now);
    const day1 = svc.report({ period: 'day', date: '2025-03-03' });
    expect(day1.summary.wait).toMatchObject({ n: 1, meanSec: 540, withinNorm: 0, normMin: 8 });
    expect(day1.normsChanged).toBe(false);
    const day2 = svc.report({ period: 'day', date: '2025-03-04' });
    expect(day2.summary.wait).toMatchObject({ n: 1, meanSec: 540, withinNorm: 1, normMin: 10 });
    expect(day2.normsChanged).toBe(true);
    const month = svc.report({ period: 'month', date: '2025-03-03' });
    expect(month.summary.wait).toMatchObject({ n: 2, withinNorm: 1, share: 0.5, normMin: null, meanNormMin: 9 });
    expect(month.normsChanged).toBe(true);
    expect(
      svc
        .visitLog({ period: 'month', date: '2025-03-03', page: 1, pageSize: 10, lang: 'ru' })
        .rows.map((v) => v.waitWithinNorm),
    ).toEqual([false, true]);
  });
});
