import type { StoredEvent } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { OfficeRunner } from './predict-runner.js';
import { initialState } from './state.js';
import { testOffice } from './testing.js';
import { localTimeToEpoch } from './time.js';

const at = (hhmm: string) => localTimeToEpoch('2025-03-03', hhmm, 'Europe/Moscow');
const MIN = 60_000;

function office() {
  const log: StoredEvent[] = [];
  const r = new OfficeRunner(initialState(), { now: at('08:50'), walkMin: 0, onEvents: (e) => log.push(...e) });
  r.configure(testOffice());
  const when = (type: string, pred: (e: StoredEvent) => boolean = () => true) =>
    log.filter((e) => e.type === type && pred(e)).map((e) => e.at);
  return { r, log, when };
}

describe('office runner (drives the real engine)', () => {
  it('defers a break the engine refuses because it would empty the hall, and takes it when a colleague returns', () => {
    const { r, when, log } = office();
    r.at(at('09:00'), () => r.login('anna', 'w1'));
    r.at(at('09:00'), () => r.login('boris', 'w2'));
    r.at(at('12:00'), () => r.planBreak('anna', 30, at('13:00')));
    r.at(at('12:00'), () => r.planBreak('boris', 30, at('13:00')));
    r.run(at('14:00'));
    const op = (id: string) => (e: StoredEvent) => 'operatorId' in e && e.operatorId === id;
    expect(when('BreakStarted', op('anna'))).toEqual([at('12:00')]);
    expect(when('BreakEnded', op('anna'))).toEqual([at('12:30')]);
    // boris asks at 12:00 and every minute while idle (30 refusals); the first try after anna is back succeeds.
    expect(when('BreakStarted', op('boris'))).toEqual([at('12:30')]);
    expect(r.refusals.BREAK_WOULD_EMPTY_HALL).toBe(30);
    expect(log.filter((e) => e.type === 'BreakStarted')).toHaveLength(2);
  });

  it('serves the last visitors after closing, then logs out; a leaver is found out at the call', () => {
    const { r, when } = office();
    r.at(at('09:00'), () => r.login('boris', 'w2'));
    r.at(at('17:50'), () => {
      r.issue({ type: 'issueTicket', serviceId: 'consultation' }, { serviceMin: 10, leaveAt: Infinity });
      r.issue({ type: 'issueTicket', serviceId: 'consultation' }, { serviceMin: 10, leaveAt: at('17:55') });
      r.issue({ type: 'issueTicket', serviceId: 'consultation' }, { serviceMin: 10, leaveAt: Infinity });
    });
    r.at(at('18:00'), () => r.endShift('boris', true));
    r.run();
    expect(when('ServiceFinished')).toEqual([at('18:00'), at('18:10') + 0.5 * MIN]);
    // The second visitor had left: called at 18:00, marked a no-show half a minute later.
    expect(when('TicketNoShow')).toEqual([at('18:00') + 0.5 * MIN]);
    expect(when('OperatorLoggedOut')).toEqual([at('18:10') + 0.5 * MIN]);
    expect(r.pending).toBe(0);
  });

  it('transfers a two-stage visitor to the next service, who is then served there', () => {
    const { r, when, log } = office();
    r.at(at('09:00'), () => r.login('boris', 'w2'));
    r.at(at('09:00'), () => r.login('vera', 'w3'));
    r.at(at('09:01'), () =>
      r.issue(
        { type: 'issueTicket', serviceId: 'consultation' },
        { serviceMin: 5, leaveAt: Infinity, next: { serviceId: 'cash', serviceMin: 3 } },
      ),
    );
    r.run(at('10:00'));
    expect(when('TicketTransferred')).toEqual([at('09:06')]);
    const calls = log.filter((e) => e.type === 'TicketCalled');
    expect(calls.map((e) => ('operatorId' in e ? e.operatorId : ''))).toEqual(['boris', 'vera']);
    // The first stage ends in the transfer; the visit ends at the cash window.
    expect(when('ServiceFinished')).toEqual([at('09:09')]);
    expect(log.filter((e) => e.type === 'ServiceFinished').at(-1)).toMatchObject({ visit: { transfers: 1 } });
  });
});
