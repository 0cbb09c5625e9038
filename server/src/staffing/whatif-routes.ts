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
import {
  type EngineState,
  type OfficeConfig,
  PLAN_MAX_WINDOWS,
  type PlanHour,
  type RulesWhatIfAnswer,
} from '@talon/protocol';
import { actorOf } from '../edge/identity.js';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { AdminAudit } from '../settings/audit.js';
import type { HistoryCache } from './history.js';
import type { StaffingPlans } from './plans.js';
import { WhatIfJobs, type WhatIfJobsOptions, whatIfKey } from './whatif.js';

export interface WhatIfDeps {
  office: Office;
  history: HistoryCache;
  plans: StaffingPlans;
  audit: Pick<AdminAudit, 'record'>;
  /** Simulated days per plan (the within-norm share's 95% interval is about ±1 point at 120). */
  days?: number;
  jobs?: WhatIfJobsOptions;
}

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

/** A plan's hours must be the day's reception hours, each once, with at most `PLAN_MAX_WINDOWS` windows. */
function planRefusal(plan: readonly PlanHour[], day: string, hours: readonly number[], path: string) {
  const open = new Set(hours);
  const seen = new Set<number>();
  for (const p of plan) {
    if (!open.has(p.hour))
      return invalid(`${p.hour}:00 — не час приёма ${day}`, `${p.hour}:00 is not a reception hour on ${day}`, path);
    if (p.windows > PLAN_MAX_WINDOWS)
      return invalid(`Не больше ${PLAN_MAX_WINDOWS} окон в час`, `At most ${PLAN_MAX_WINDOWS} windows an hour`, path);
    if (seen.has(p.hour)) return invalid(`${p.hour}:00 указан дважды`, `${p.hour}:00 is given twice`, path);
    seen.add(p.hour);
  }
  return null;
}

/**
 * GET /api/staffing/whatif — the advisor's plan and the office's plan played on a day's expected visitors.
 * GET /api/staffing/rules-whatif — the rescue settings' effect, current values against proposed ones.
 * Both answer «pending» at once and the result once the background run is done (the screen asks again).
 */
export function registerWhatIf(
  edge: Edge,
  { office, history, plans, audit, days = 120, jobs: jobOptions }: WhatIfDeps,
) {
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
    return { config, day, hours, history: history.get(config, now, weeks), state, now };
  };

  const run = (state: EngineState, config: OfficeConfig, day: string, h: OfficeHistory, variants: WhatIfVariant[]) => {
    // the day's bookings made so far are part of what is played (a new booking starts a new run)
    const model = whatIfModelOf(h, config, day, Object.values(state.appointments));
    const key = whatIfKey({ day, variants, config, h: [h.fromDay, h.toDay, h.visits], b: model.bookings, days });
    return jobs.answer(key, day, () => {
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
            bookings: model.bookings.length,
            bookingShowShare: Math.round(model.bookingShowShare * 1000) / 1000,
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
    // the plan in the query, or the one the office keeps for the day
    const entered = query.entered !== undefined ? parsePlan(query.entered) : plans.get(c.day).hours;
    if (entered) {
      const refusal = planRefusal(entered, c.day, c.hours, 'entered');
      if (refusal) return refusal;
      // an hour the plan leaves out has no window open
      variants.push({
        id: 'entered',
        plan: c.hours.map((hour) => entered.find((p) => p.hour === hour) ?? { hour, windows: 0 }),
      });
    }
    return run(c.state, c.config, c.day, c.history, variants);
  });

  edge.serve('staffingPlan', ({ query }) => plans.get(query.date));

  edge.serve('saveStaffingPlan', ({ body, identity }) => {
    const c = context(body.date, 8);
    if (!('config' in c)) return c;
    const refusal = planRefusal(body.hours, c.day, c.hours, 'hours');
    if (refusal) return refusal;
    const saved = plans.put(c.day, body.hours, actorOf(identity), c.now);
    const text = (saved.hours ?? []).map((h) => `${h.hour}:00 ${h.windows}`).join(', ');
    audit.record(
      c.now,
      actorOf(identity),
      'staffing.plan-saved',
      c.day,
      saved.hours
        ? [{ ru: `План окон на ${c.day}: ${text}`, en: `Plan of windows for ${c.day}: ${text}` }]
        : [{ ru: `План окон на ${c.day} удалён`, en: `Plan of windows for ${c.day} removed` }],
    );
    return saved;
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
    const a = run(c.state, c.config, c.day, c.history, variants);
    // unchanged values: one run, shown in both columns
    const answer =
      a.status === 'done' && same
        ? { ...a, plans: [...a.plans, { ...(a.plans[0] as (typeof a.plans)[0]), id: 'changed' }] }
        : a;
    return { ...answer, current, changed } satisfies RulesWhatIfAnswer;
  });
}
