import { peopleAhead } from '@talon/engine';
import { actors, Harness, testOffice } from '@talon/engine/testing';
import { OfficeStatus } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { officeStatus } from '../sync/status.js';
import { placeOf } from './places.js';
import { visitView } from './view.js';

function hall() {
  const h = new Harness({ config: testOffice() });
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, actors.operator('anna'));
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const r = h.ok({ type: 'issueTicket', topicId: 'readings', segmentId: 'individual' }, actors.kiosk);
    ids.push(r.result?.ticketId ?? '');
    h.advanceMin(1);
  }
  return { h, ids };
}

describe('a waiting ticket’s place for the visitor’s page', () => {
  it('is the engine’s own count; the estimate is asked again only when the place moves or half a minute passed', () => {
    const { h, ids } = hall();
    const asked: string[] = [];
    const estimate = (id: string) => {
      asked.push(id);
      return { lowMin: 4.4, highMin: 9.2 };
    };
    const last = h.state.tickets[ids[3] as string];
    if (!last) throw new Error('no ticket');
    const p = placeOf(h.state, h.now, last, estimate);
    expect(p).toMatchObject({ ahead: peopleAhead(h.state, last, h.now), estimate: { lowMin: 4, highMin: 10 } });
    // a commit that does not move it (another ticket issued behind it): the same figure, not asked again
    h.ok({ type: 'issueTicket', topicId: 'readings', segmentId: 'individual' }, actors.kiosk);
    placeOf(h.state, h.now, last, estimate);
    expect(asked).toHaveLength(1);
    // the queue moves: asked again
    h.ok({ type: 'callNext' }, actors.operator('anna'));
    expect(placeOf(h.state, h.now, last, estimate).ahead).toBe(peopleAhead(h.state, last, h.now));
    expect(asked).toHaveLength(2);
    h.advanceMin(1);
    placeOf(h.state, h.now, last, estimate);
    expect(asked).toHaveLength(3);
  });

  it('says one figure while the range is narrow, as the kiosk does, and the range once it is wide', () => {
    const { h, ids } = hall();
    const last = h.state.tickets[ids[3] as string];
    if (!last) throw new Error('no ticket');
    const read = (e: { lowMin: number; highMin: number; pointMin?: number }) =>
      placeOf({ ...h.state }, h.now, last, () => e).estimate;
    expect(read({ lowMin: 5, highMin: 8, pointMin: 6.6 })).toEqual({ lowMin: 7, highMin: 7 });
    expect(read({ lowMin: 20, highMin: 35, pointMin: 26 })).toEqual({ lowMin: 20, highMin: 35 });
    expect(read({ lowMin: 0, highMin: 0.6, pointMin: 0 })).toEqual({ lowMin: 0, highMin: 1 });
  });

  it('rides on the office status for the first tickets only, and the status still parses', () => {
    const { h, ids } = hall();
    const st = officeStatus({
      state: h.state,
      now: h.now,
      alarms: [],
      today: { served: 0, judged: 0, within: 0 },
      profileVersion: null,
      softwareVersion: 't',
      estimate: () => ({ lowMin: 1, highMin: 3 }),
    });
    expect(OfficeStatus.safeParse(st).success).toBe(true);
    const byNumber = new Map(st.queue.map((q) => [q.number, q]));
    for (const id of ids) {
      const t = h.state.tickets[id];
      if (!t) throw new Error('no ticket');
      expect(byNumber.get(t.number)).toMatchObject({
        ahead: peopleAhead(h.state, t, h.now),
        estimate: { lowMin: 1, highMin: 3 },
      });
    }
    // without an estimator (head office's old shape) nothing is added
    const plain = officeStatus({
      state: h.state,
      now: h.now,
      alarms: [],
      today: { served: 0, judged: 0, within: 0 },
      profileVersion: null,
      softwareVersion: 't',
    });
    expect(plain.queue[0]).not.toHaveProperty('ahead');
  });

  it('names the state of a visit in plain terms: waiting, called with its call key, over', () => {
    const { h, ids } = hall();
    const src = () => ({ state: h.state, now: h.now, estimate: () => null, closed: () => null });
    expect(visitView(src(), ids[0] as string)).toMatchObject({ state: 'waiting', ahead: 0, estimate: null });
    h.ok({ type: 'callNext' }, actors.operator('anna'));
    const called = visitView(src(), ids[0] as string);
    expect(called).toMatchObject({ state: 'called', windowId: 'w1', recalled: false });
    expect(called.callKey).not.toBeNull();
    expect(visitView(src(), 'nobody')).toMatchObject({ state: 'unknown' });
    const closed = { ...src(), closed: () => ({ number: 'К-009', serviceId: 's', outcome: 'no-show' as const }) };
    expect(visitView(closed, 'gone')).toMatchObject({ state: 'no-show', number: 'К-009' });
  });
});
