import {
  addDays,
  dayKeyOf,
  dayPlan,
  type OfficeHistory,
  receptionHoursOf,
  seedOf,
  WhatIfSim,
  type WhatIfVariant,
  weekdayOf,
  whatIfModelOf,
} from '@talon/engine';
import type { EngineState, OfficeConfig, PlanHour, RulesWhatIfAnswer } from '@talon/protocol';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { HistoryCache } from './history.js';
import { WhatIfJobs, type WhatIfJobsOptions, whatIfKey } from './whatif.js';

export interface WhatIfDeps {
  office: Office;
  history: HistoryCache;
  /** Simulated days per plan (the within-norm share's 95% interval is about ±1 point at 120). */
  days?: number;
  jobs?: WhatIfJobsOptions;
}

/** The most windows a plan may ask for in an hour. */
const MAX_WINDOWS = 40;
/** How far ahead a day may be checked: the history's weekday profile says nothing more precise. */
const AHEAD_DAYS = 62;

const invalid = (ru: string, en: string, path: string) => refuse('VALIDATION_FAILED', [{ path, message: { ru, en } }]);

/** The next local date after `today` with reception hours (tomorrow, or Monday after a weekend). */
function nextReceptionDay(config: OfficeConfig, today: string): string {
  for (let i = 1; i <= 14; i++) {
    const d = addDays(today, i);
    if (receptionHoursOf(config, d).length > 0) return d;
  }
  return addDays(today, 1);
}

function parsePlan(text: string): PlanHour[] {
  return text.split(',').map((pair) => {
    const [h, w] = pair.split(':').map(Number) as [number, number];
    return { hour: h, windows: w };
  });
}

/**
 * GET /api/staffing/whatif — the advisor's plan and the office's plan played on a day's expected visitors.
 * GET /api/staffing/rules-whatif — the rescue settings' effect, current values against proposed ones.
 * Both answer «pending» at once and the result once the background run is done (the screen asks again).
 */
export function registerWhatIf(edge: Edge, { office, history, days = 120, jobs: jobOptions }: WhatIfDeps) {
  const jobs = new WhatIfJobs(jobOptions);
  edge.app.addHook('onClose', async () => jobs.stop());

  const context = (date: string | undefined, weeks: number) => {
    const state = office.view() as EngineState;
    const config = state.config;
    if (!config) return refuse('NOT_CONFIGURED');
    const now = office.clock.now();
    const today = dayKeyOf(now, config.timeZone);
    const day = date ?? nextReceptionDay(config, today);
    if (day < today || day > addDays(today, AHEAD_DAYS))
      return invalid(
        `Дату можно выбрать с сегодняшней до ${addDays(today, AHEAD_DAYS)}`,
        `Choose a date from today to ${addDays(today, AHEAD_DAYS)}`,
        'date',
      );
    const hours = receptionHoursOf(config, day);
    if (hours.length === 0) return invalid(`${day}: приёма нет`, `${day}: no reception that day`, 'date');
    return { config, day, hours, history: history.get(config, now, weeks) };
  };

  const run = (config: OfficeConfig, day: string, h: OfficeHistory, variants: WhatIfVariant[]) => {
    const key = whatIfKey({ day, variants, config, h: [h.fromDay, h.toDay, h.visits], days });
    return jobs.answer(key, day, () => {
      const model = whatIfModelOf(h, config, day);
      return {
        sim: new WhatIfSim(config, day, model, variants, { days, seed: seedOf(day) }),
        meta: {
          date: day,
          weekday: weekdayOf(day),
          policy: config.rules.dispatchPolicy,
          basis: {
            historyVisits: h.visits,
            patienceMin: Math.round(model.patience.meanMin * 10) / 10,
            patienceFromHistory: model.patienceFromHistory,
          },
        },
      };
    });
  };

  edge.serve('staffingWhatIf', ({ query }) => {
    const c = context(query.date, query.weeks);
    if (!('config' in c)) return c;
    const proposed = dayPlan(c.history, c.config, c.day, {
      weeks: query.weeks,
      targetShare: query.target,
      maxAbandonShare: query.maxAbandon,
    }).hours.map((x) => ({ hour: x.hour, windows: x.recommended }));
    const variants: WhatIfVariant[] = [{ id: 'proposed', plan: proposed }];
    if (query.entered !== undefined) {
      const entered = parsePlan(query.entered);
      const open = new Set(c.hours);
      const bad = entered.find((p) => !open.has(p.hour) || p.windows > MAX_WINDOWS);
      if (bad)
        return open.has(bad.hour)
          ? invalid(`Не больше ${MAX_WINDOWS} окон в час`, `At most ${MAX_WINDOWS} windows an hour`, 'entered')
          : invalid(
              `${bad.hour}:00 — не час приёма ${c.day}`,
              `${bad.hour}:00 is not a reception hour on ${c.day}`,
              'entered',
            );
      // an hour the plan leaves out has no window open
      variants.push({
        id: 'entered',
        plan: c.hours.map((hour) => entered.find((p) => p.hour === hour) ?? { hour, windows: 0 }),
      });
    }
    return run(c.config, c.day, c.history, variants);
  });

  edge.serve('rulesWhatIf', ({ query }) => {
    const c = context(query.date, 8);
    if (!('config' in c)) return c;
    const plan = dayPlan(c.history, c.config, c.day, { weeks: 8, targetShare: 0.8, maxAbandonShare: 0.03 }).hours.map(
      (x) => ({ hour: x.hour, windows: x.recommended }),
    );
    const rules = c.config.rules;
    const current = {
      rescueAfterNormTimes: rules.rescueAfterNormTimes,
      rescuePastNormMin: rules.rescuePastNormMin ?? null,
    };
    const changed = {
      rescueAfterNormTimes: query.rescueAfterNormTimes ?? current.rescueAfterNormTimes,
      rescuePastNormMin:
        query.rescuePastNormMin === undefined
          ? current.rescuePastNormMin
          : query.rescuePastNormMin === 'off'
            ? null
            : query.rescuePastNormMin,
    };
    const same = JSON.stringify(current) === JSON.stringify(changed);
    const variants: WhatIfVariant[] = [{ id: 'current', plan }];
    if (!same)
      variants.push({
        id: 'changed',
        plan,
        rules: {
          rescueAfterNormTimes: changed.rescueAfterNormTimes,
          rescuePastNormMin: changed.rescuePastNormMin ?? undefined,
        },
      });
    const a = run(c.config, c.day, c.history, variants);
    // unchanged values: one run, shown in both columns
    const answer =
      a.status === 'done' && same
        ? { ...a, plans: [...a.plans, { ...(a.plans[0] as (typeof a.plans)[0]), id: 'changed' }] }
        : a;
    return { ...answer, current, changed } satisfies RulesWhatIfAnswer;
  });
}
