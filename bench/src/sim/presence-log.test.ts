import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { playDay } from './day.js';
import { PresenceLog } from './presence-log.js';
import { loadScenario, officeConfigOf } from './scenario.js';
import { twinModelOf } from './twin-model.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

describe("the bench's twin reads the operators' days from the run's own log (issue 18)", () => {
  it('knows each earlier day, never the day it predicts, and the break habit from them instead of the scenario', () => {
    const s = loadScenario(join(ROOT, 'bench/scenarios/overload-small-town.json'));
    const config = officeConfigOf(s, 'norm-deadline');
    const log = new PresenceLog(s.timeZone);
    const first = log.apply(twinModelOf(s));
    // A new office: nothing on record, so no breaks guessed from the scenario either.
    expect(first.operatorDays).toEqual({});
    expect(first.breakStartsPerHour).toBeUndefined();

    for (let day = 0; day < 3; day++) {
      playDay(s, config, 1, day, undefined, log.tap);
      log.endDay();
    }
    const m = log.apply(twinModelOf(s));
    expect(Object.keys(m.operatorDays ?? {}).sort()).toEqual(['op1', 'op2']);
    const op1 = m.operatorDays?.op1 ?? [];
    expect(op1.map((d) => d.dayKey)).toHaveLength(3);
    for (const d of op1) {
      // Lunch planned at 12:30 for 30 minutes: taken once the visitor at the window is done, for 30 minutes.
      expect(d.breaks).toHaveLength(1);
      expect(d.breaks[0]?.from).toBeGreaterThanOrEqual(12 * 60 + 30);
      expect(d.breaks[0]?.from).toBeLessThan(13 * 60 + 30);
      expect((d.breaks[0]?.to ?? 0) - (d.breaks[0]?.from ?? 0)).toBe(30);
      expect(d.sessions[0]).toMatchObject({ from: 9 * 60, windowId: 'w1' });
    }
    // One lunch per operator a day, in the 12 o'clock hour for op1 and mostly the 13 o'clock one for op2.
    const starts = m.breakStartsPerHour ?? [];
    expect((starts[12] ?? 0) + (starts[13] ?? 0)).toBeCloseTo(1, 6);
    expect(m.breakMin).toBe(30);
  });
});
