import { actors, Harness, testOffice } from '@talon/engine/testing';
import type { DomainEvent, OfficeConfig } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import type { Store } from '../store/index.js';
import { tempStores } from '../store/test-support.js';
import { createTwinEstimator } from './estimator.js';
import { HistoryCache } from './history.js';

const { kiosk } = actors;
const anna = actors.operator('anna');
const boris = actors.operator('boris');

const open = tempStores();

/**
 * Three Mondays and a Tuesday in the office's log: Anna at window 1 from 9:00 with lunch 10:30–11:10 and
 * Boris at window 2 all day; then the live Monday at 10:00 with 40 consultations waiting.
 */
function weeks(s: Store) {
  const config = testOffice({ rules: { dispatchPolicy: 'oldest-overall' } });
  for (const day of ['2025-02-10', '2025-02-17', '2025-02-24', '2025-02-25']) {
    const h = new Harness({ config, now: `${day}T08:58` });
    h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.at(`${day}T10:30`).ok({ type: 'startBreak', reasonId: 'lunch' }, anna);
    h.at(`${day}T11:10`).ok({ type: 'endBreak' }, anna);
    h.at(`${day}T18:05`).ok({ type: 'operatorLogout' }, anna);
    h.ok({ type: 'operatorLogout', operatorId: 'boris', override: true }, actors.admin);
    s.append(h.log.map(({ seq: _seq, ...e }) => e as DomainEvent));
  }
  const live = new Harness({ config, now: '2025-03-03T09:00' });
  live.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  live.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  live.at('2025-03-03T10:00');
  for (let i = 0; i < 40; i++) live.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
  return { config, live };
}

describe("the office's operators from its log (issue 18)", () => {
  it("reads each operator's days and the office's break habit over the history's weeks, and today's breaks", () => {
    const s = open();
    const { config, live } = weeks(s);
    const history = new HistoryCache(s);
    const p = history.presence(config, live.now);
    expect(p.byOperator.anna?.map((d) => d.dayKey)).toEqual(['2025-02-10', '2025-02-17', '2025-02-24', '2025-02-25']);
    expect(p.byOperator.anna?.[0]).toEqual({
      dayKey: '2025-02-10',
      operatorId: 'anna',
      sessions: [{ from: 8 * 60 + 58, to: 18 * 60 + 5, windowId: 'w1' }],
      breaks: [{ from: 10 * 60 + 30, to: 11 * 60 + 10 }],
    });
    // One lunch per operator-day in the 10 o'clock hour for Anna, none for Boris: 0.5 of the operators.
    expect(p.profile?.breakStartsPerHour[10]).toBe(0.5);
    expect(p.profile?.breakMin).toBe(40);
    // The query reads the presence events through their partial index, not the whole log.
    const plan = s.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT payload FROM events WHERE type IN ('OperatorLoggedIn', 'OperatorLoggedOut', 'BreakStarted', 'BreakEnded') AND at >= 0 AND at < 1`,
      )
      .all() as { detail: string }[];
    expect(plan.map((r) => r.detail).join(' ')).toContain('events_presence');

    expect(history.breaksToday(config, live.now)).toEqual({});
    const today = new Harness({ config, now: '2025-03-03T09:30' });
    today.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
    today.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    today.ok({ type: 'startBreak', reasonId: 'technical' }, anna);
    s.append(today.log.map(({ seq: _seq, ...e }) => e as DomainEvent));
    expect(history.breaksToday(config, live.now)).toEqual({ anna: 1 });
  });

  it("predicts the wait with Anna's lunch ahead: longer than a twin that knows no breaks", () => {
    const s = open();
    const { live } = weeks(s);
    const id = live.ticket('К-030').id;
    const history = new HistoryCache(s);
    const withLog = createTwinEstimator(history, { runs: 10, maxCommands: 1e6 });
    const withoutLog = createTwinEstimator(
      { get: (c: OfficeConfig, now: number) => history.get(c, now) },
      { runs: 10, maxCommands: 1e6 },
    );
    const known = withLog(live.state, id, live.now);
    const blind = withoutLog(live.state, id, live.now);
    expect(known?.method).toBe('twin');
    // 40 window-minutes fewer before К-030 is called: about five of Anna's visitors go to Boris.
    expect((known?.pointMin ?? 0) - (blind?.pointMin ?? 0)).toBeGreaterThanOrEqual(8);
  });
});
