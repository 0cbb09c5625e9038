import { officeHistory } from '@talon/engine';
import { actors, Harness, testOffice } from '@talon/engine/testing';
import { describe, expect, it } from 'vitest';
import { createTwinEstimator, twinModelFrom } from './estimator.js';

const { kiosk } = actors;
const boris = actors.operator('boris');

function office() {
  const h = new Harness({ config: testOffice() });
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  return h;
}

const emptyHistory = {
  get: (config: Parameters<typeof officeHistory>[1]) =>
    officeHistory([], config, { fromDay: '2026-10-01', toDay: '2026-11-25' }),
};

describe('twin estimator CPU budget', () => {
  it('answers with the twin while within budget, the baseline past it, and the twin again once the bucket drains', () => {
    // Each reading of the fake CPU clock moves it 500 ms on, so every replay "costs" 500 ms.
    let cpu = 0;
    const estimate = createTwinEstimator(emptyHistory, {
      runs: 4,
      cpuNow: () => (cpu += 500),
      budgetMsPerSec: 100,
      burstMs: 1_000,
    });
    const h = office();
    const issue = () => h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    const methods = [1, 2, 3, 4].map(() => estimate(h.state, issue(), h.now)?.method);
    // 500 spent per replay, 150 drained between them: 500, 850, 1200 → the fourth is past the 1 s burst.
    expect(methods).toEqual(['twin', 'twin', 'twin', 'baseline']);
    // 20 s later the bucket has drained (100 ms/s) and the twin answers again.
    cpu += 20_000;
    expect(estimate(h.state, issue(), h.now)?.method).toBe('twin');
  });

  it('says nothing when nobody who serves the ticket is at a window', () => {
    const estimate = createTwinEstimator(emptyHistory);
    const h = new Harness({ config: testOffice() });
    const id = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk).result?.ticketId ?? '';
    expect(estimate(h.state, id, h.now)).toBeNull();
  });
});

describe('the twin model from the office history', () => {
  it('takes the lognormal patience fitted to no-shows at call, and the exponential estimate only without it', () => {
    const h = office();
    const base = emptyHistory.get(h.state.config as Parameters<typeof officeHistory>[1]);
    const fitted = twinModelFrom(
      { ...base, patienceMin: 150, patience: { meanMin: 40, cv: 0.6, leavers: 30 } },
      h.state,
      h.now,
    );
    expect(fitted.patience).toEqual({ meanMin: 40, cv: 0.6 });
    const fallback = twinModelFrom({ ...base, patienceMin: 150, patience: null }, h.state, h.now);
    expect(fallback.patience).toEqual({ meanMin: 150, cv: 1 });
    expect(twinModelFrom({ ...base, patienceMin: null, patience: null }, h.state, h.now).patience).toBeUndefined();
  });
});
