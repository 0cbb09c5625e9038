import { builtInPolicies } from '@talon/engine';
import type { StoredEvent } from '@talon/protocol';
import { playDay } from '../sim/day.js';
import { loadScenario, officeConfigOf, type Scenario } from '../sim/scenario.js';

export type OfficeEvent = Omit<StoredEvent, 'seq'>;

const SCENARIO_DIR = new URL('../../scenarios/', import.meta.url);
const cache = new Map<string, Scenario>();

export function scenario(name = 'normal-day'): Scenario {
  let s = cache.get(name);
  if (!s) {
    s = loadScenario(new URL(`${name}.json`, SCENARIO_DIR).pathname);
    cache.set(name, s);
  }
  return s;
}

/** One office day of a scenario moved to a date and a time zone (the demo's offices play today). */
export function officeDayEventsOn(seed: number, date: string, timeZone: string, name = 'normal-day'): OfficeEvent[] {
  const s = { ...scenario(name), startDate: date, timeZone };
  const policy = builtInPolicies['norm-deadline'] ? 'norm-deadline' : 'oldest-with-priority';
  const config = officeConfigOf(s, policy);
  const out: OfficeEvent[] = [];
  playDay(s, config, seed, 0, undefined, (events) => {
    for (const { seq: _seq, ...e } of events) out.push({ ...e, at: Math.round(e.at) } as OfficeEvent);
  });
  return out;
}

/**
 * One office day as the real engine plays it (the project's office-day simulator): every event an
 * office would commit, in order, without seq (the office's log numbers them). Deterministic per seed.
 */
export function officeDayEvents(seed: number, day = 0, name = 'normal-day'): OfficeEvent[] {
  const s = scenario(name);
  const policy = builtInPolicies['norm-deadline'] ? 'norm-deadline' : Object.keys(builtInPolicies)[0];
  const config = officeConfigOf(s, policy ?? 'oldest-with-priority');
  const out: OfficeEvent[] = [];
  playDay(s, config, seed, day, undefined, (events) => {
    // The simulator's clock has fractions of a millisecond; an office's clock has none.
    for (const { seq: _seq, ...e } of events) out.push({ ...e, at: Math.round(e.at) } as OfficeEvent);
  });
  return out;
}

/** Events of a simulated office between local hours, shifted so that the window ends at `endAt` (epoch ms). */
export function hourOfEvents(seed: number, endAt: number, hours = 1): OfficeEvent[] {
  const day = officeDayEvents(seed);
  if (day.length === 0) return [];
  const mid = day[Math.floor(day.length / 2)]?.at ?? 0;
  const from = mid - hours * 1_800_000;
  const to = mid + hours * 1_800_000;
  const shift = endAt - to;
  const config = day.find((e) => e.type === 'OfficeConfigured');
  const window = day.filter((e) => e.at >= from && e.at < to);
  // The configuration first, as a real office's log has it before any ticket.
  return [...(config ? [config] : []), ...window].map((e) => ({ ...e, at: e.at + shift }) as OfficeEvent);
}
