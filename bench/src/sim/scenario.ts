import { readFileSync } from 'node:fs';
import { OfficeConfig, Rules } from '@talon/protocol';
import { z } from 'zod';

/**
 * An office-day scenario (issue 7's minimum format, extended). Every added field is optional, so a file in
 * the minimum format keeps working.
 */
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const Range = z.tuple([HHMM, HHMM]);
const Id = z.string().regex(/^[A-Za-z0-9_.-]+$/);

export const ScenarioService = z.object({
  id: Id,
  waitNormMin: z.number().positive(),
  serviceMeanMin: z.number().positive(),
  /** Overrides `serviceTime.cv` for this service. */
  serviceCv: z.number().min(0).optional(),
  /** Ticket prefix letter; assigned from a list when absent. */
  prefix: z
    .string()
    .regex(/^[А-ЯЁA-Z]$/)
    .optional(),
  name: z.string().optional(),
  /**
   * Two-stage service: after this one the visitor is transferred to `next` (served with that service's
   * time). The wait norm then applies to the sum of both waits (queue-science.md S8).
   */
  next: Id.optional(),
});

export const Scenario = z.object({
  name: z.string(),
  description: z.string().optional(),
  timeZone: z.string().default('Europe/Moscow'),
  /** The first simulated day (local date); each further day is the next date. */
  startDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .default('2025-03-03'),
  open: HHMM,
  close: HHMM,
  /** Reception pauses (a one-window office's lunch closure): no tickets are issued then. */
  closed: z.array(Range).default([]),
  services: z.array(ScenarioService).min(1),
  arrivals: z.object({
    /** Expected walk-in tickets per opening hour, from `open`. */
    perHour: z.array(z.number().min(0)).min(1),
    mix: z.record(z.string(), z.number().min(0)),
    priorityShare: z.number().min(0).max(1).default(0),
    /** Actual volume ÷ planned (S7: 1.2). The digital twin is told the plan, not the actual. */
    volumeFactor: z.number().positive().default(1),
  }),
  serviceTime: z
    .object({ distribution: z.enum(['lognormal', 'exponential', 'fixed']).default('lognormal'), cv: z.number().min(0) })
    .default({ distribution: 'lognormal', cv: 0.6 }),
  operators: z
    .array(
      z.object({
        id: Id,
        services: z.array(Id).min(1),
        shifts: z.array(Range).min(1),
        breaks: z.array(Range).default([]),
      }),
    )
    .min(1),
  /** Mean patience (minutes) before a waiting visitor leaves; absent = nobody leaves. */
  patienceMin: z.number().positive().optional(),
  patienceCv: z.number().min(0).default(0.6),
  appointments: z
    .object({
      /** Booked slots per opening hour, evenly spaced within the hour. */
      perHour: z.array(z.number().int().min(0)),
      service: Id,
      noShowShare: z.number().min(0).max(1).default(0),
      /** Arrival relative to the slot: normal(mean, sd) minutes (queue-science.md S5: −3, 4). */
      punctualityMeanMin: z.number().default(-3),
      punctualitySdMin: z.number().min(0).default(4),
      /** A booking is within target when called by slot + this (seed 003 §8.6.5: 5 min). */
      targetMin: z.number().positive().default(5),
    })
    .optional(),
  /** From the call to the window; not part of the wait. */
  walkMin: z.number().min(0).default(0.25),
  /** Time an operator loses calling a visitor who has left. */
  callCostMin: z.number().min(0).default(0.5),
  /** Office rules over the defaults (priorityMaxInRow, rescueAfterNormTimes…). */
  rules: Rules.partial().default({}),
});
export type Scenario = z.infer<typeof Scenario>;
export type ScenarioInput = z.input<typeof Scenario>;

export function loadScenario(path: string): Scenario {
  const parsed = Scenario.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success)
    throw new Error(`${path}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return checked(parsed.data, path);
}

function checked(s: Scenario, where: string): Scenario {
  const ids = new Set(s.services.map((x) => x.id));
  const problems: string[] = [];
  for (const k of Object.keys(s.arrivals.mix)) if (!ids.has(k)) problems.push(`arrivals.mix: unknown service ${k}`);
  for (const x of s.services) if (x.next && !ids.has(x.next)) problems.push(`${x.id}.next: unknown service ${x.next}`);
  for (const op of s.operators)
    for (const x of op.services) if (!ids.has(x)) problems.push(`operator ${op.id}: unknown service ${x}`);
  if (s.appointments && !ids.has(s.appointments.service))
    problems.push(`appointments.service: unknown ${s.appointments.service}`);
  if (toMin(s.close) <= toMin(s.open)) problems.push('close must be after open');
  if (problems.length) throw new Error(`${where}: ${problems.join('; ')}`);
  return s;
}

export function parseScenario(input: ScenarioInput, where = 'scenario'): Scenario {
  return checked(Scenario.parse(input), where);
}

export const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const toHhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const PREFIXES = 'КОСДЦПЗРБВГЕЖИЛМНТУФХЧШЭЮЯ';

/** Reception hours = [open, close) minus the closed ranges, every day of the week (the simulator runs any date). */
function receptionRanges(s: Scenario): [string, string][] {
  let ranges: [number, number][] = [[toMin(s.open), toMin(s.close)]];
  for (const [a, b] of s.closed) {
    const from = toMin(a);
    const to = toMin(b);
    ranges = ranges.flatMap(([x, y]): [number, number][] =>
      to <= x || from >= y
        ? [[x, y]]
        : ([
            [x, Math.max(x, from)],
            [Math.min(y, to), y],
          ] as [number, number][]),
    );
    ranges = ranges.filter(([x, y]) => y > x);
  }
  return ranges.map(([a, b]) => [toHhmm(a), toHhmm(b)]);
}

/** The office the engine runs: one hall, one window per operator, the scenario's services and norms. */
export function officeConfigOf(s: Scenario, dispatchPolicy: string): OfficeConfig {
  const taken = new Set(s.services.flatMap((x) => (x.prefix ? [x.prefix] : [])));
  const free = [...PREFIXES].filter((p) => !taken.has(p));
  const week = (ranges: [string, string][]) =>
    Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ranges]));
  const lastEnd = Math.max(toMin(s.close), ...s.operators.flatMap((o) => o.shifts.map(([, b]) => toMin(b))));
  return OfficeConfig.parse({
    officeId: 'sim-office',
    name: { ru: `Симуляция: ${s.name}`, en: `Simulation: ${s.name}` },
    timeZone: s.timeZone,
    officeHours: week([[s.open, toHhmm(Math.min(24 * 60, lastEnd + 120))]]),
    receptionHours: week(receptionRanges(s)),
    halls: [{ id: 'hall', name: { ru: 'Зал', en: 'Hall' } }],
    windows: s.operators.map((_, i) => ({ id: `w${i + 1}`, number: i + 1, hallId: 'hall' })),
    segments: [{ id: 'all', name: { ru: 'Все', en: 'All' } }],
    services: s.services.map((x) => ({
      id: x.id,
      name: { ru: x.name ?? x.id, en: x.name ?? x.id },
      prefix: x.prefix ?? free.shift() ?? 'Z',
      waitNormMin: x.waitNormMin,
      serviceNormMin: x.serviceMeanMin,
      ...(x.next ? { thenServiceId: x.next } : {}),
    })),
    topics: [],
    operators: s.operators.map((o) => ({ id: o.id, name: o.id, skills: o.services })),
    priorityCategories: [{ id: 'priority', name: { ru: 'Приоритет', en: 'Priority' } }],
    breakReasons: [{ id: 'lunch', name: { ru: 'Обед', en: 'Lunch' } }],
    outcomeCodes: [{ id: 'done', name: { ru: 'Обслужен', en: 'Served' } }],
    rules: { ...s.rules, dispatchPolicy },
    // Ratings play no part in a simulated day; a short retention keeps the fold's list of ratable visits tiny.
    rating: { rateWithinHours: 0.01 },
  });
}
