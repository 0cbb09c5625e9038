import type { Appointment } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { testOffice } from '../testing.js';
import { localTimeToEpoch } from '../time.js';
import { officeHistory } from './history.js';
import { type WhatIfModel, WhatIfSim, whatIfModelOf } from './whatif.js';

/** The what-if plays the day's bookings made so far (issue 18): booked visitors check in at their slot. */
const config = testOffice();
const DAY = '2026-12-07'; // a Monday
const zero = () => new Array<number>(24).fill(0);
const at10 = (n: number) => zero().map((_, h) => (h === 10 ? n : 0));
const plan = Array.from({ length: 9 }, (_, i) => ({ hour: 9 + i, windows: 2 }));
const slot = (hhmm: string) => localTimeToEpoch(DAY, hhmm, config.timeZone);

function model(over: Partial<WhatIfModel>): WhatIfModel {
  return {
    arrivalsPerHour: {},
    services: { consultation: { meanMin: 10, cv: 0.5 }, cash: { meanMin: 4, cv: 0.5 } },
    patience: { meanMin: 40, cv: 0.6 },
    patienceFromHistory: false,
    priorityShare: 0,
    bookedPerHour: {},
    bookings: [],
    bookingShowShare: 1,
    ...over,
  };
}
const play = (m: WhatIfModel, days = 40) =>
  new WhatIfSim(config, DAY, m, [{ id: 'p', plan }], { days, seed: 3 }).runAll()[0];
const booking = (i: number, hhmm: string, status: Appointment['status'] = 'booked'): Appointment => ({
  id: `a${i}`,
  code: `C${i}00`,
  serviceId: 'consultation',
  slotAt: slot(hhmm),
  status,
});

describe('what-if with the day’s bookings', () => {
  it('takes the bookings of that day still to come, by local slot minute', () => {
    const history = officeHistory([], config, { fromDay: '2026-11-01', toDay: '2026-12-06' });
    const m = whatIfModelOf(history, config, DAY, [
      booking(1, '10:15'),
      booking(2, '10:00'),
      booking(3, '11:00', 'cancelled'),
      { ...booking(4, '10:00'), slotAt: slot('10:00') + 86_400_000 },
    ]);
    expect(m.bookings).toEqual([
      { serviceId: 'consultation', slotMin: 600 },
      { serviceId: 'consultation', slotMin: 615 },
    ]);
    // no bookings ended in the history: most visitors come
    expect(m.bookingShowShare).toBe(0.9);
    // the office's own share once 20 bookings have ended
    const range = { fromDay: '2026-11-01', toDay: '2026-12-06' };
    expect(officeHistory([], config, range, { came: 15, noShow: 5 }).bookingShowShare).toBe(0.75);
    expect(officeHistory([], config, range, { came: 15, noShow: 4 }).bookingShowShare).toBeNull();
  });

  it('plays each booked visitor who comes as a check-in, and the history’s booked visitors only beyond them', () => {
    const bookings = Array.from({ length: 6 }, (_, i) => ({ serviceId: 'consultation', slotMin: 600 + 5 * i }));
    // the history: 4 visitors at 10:00, all of them booked
    const history = { arrivalsPerHour: { consultation: at10(4) }, bookedPerHour: { consultation: at10(4) } };
    // six bookings made, all come: six visitors a day, no more drawn
    const all = play(model({ ...history, bookings }))?.day;
    expect(all?.tickets).toBe(6);
    // checked in and served, not turned away
    expect(all?.abandonedShare).toBe(0);
    // none made yet: the history's four, on average
    const drawn = play(model(history), 200)?.day.tickets ?? 0;
    expect(drawn).toBeGreaterThan(3.6);
    expect(drawn).toBeLessThan(4.4);
    // half of the booked visitors come, the other half are no-shows (not tickets)
    const half = play(model({ bookings, bookingShowShare: 0.5 }), 200)?.day.tickets ?? 0;
    expect(half).toBeGreaterThan(2.6);
    expect(half).toBeLessThan(3.4);
  });

  it('a morning crowded with bookings shows in the figures of its hour', () => {
    const walkIns = { arrivalsPerHour: { consultation: zero().map((_, h) => (h >= 9 && h < 18 ? 6 : 0)) } };
    const calm = play(model(walkIns));
    const bookings = Array.from({ length: 12 }, (_, i) => ({ serviceId: 'consultation', slotMin: 603 + 4 * i }));
    const busy = play(model({ ...walkIns, bookings }));
    const hour = (r: typeof calm, h: number) => r?.hours.find((x) => x.hour === h);
    expect((hour(busy, 10)?.tickets ?? 0) - (hour(calm, 10)?.tickets ?? 0)).toBeGreaterThan(10);
    expect(hour(busy, 10)?.p90WaitMin ?? 0).toBeGreaterThan(hour(calm, 10)?.p90WaitMin ?? 0);
  });
});
