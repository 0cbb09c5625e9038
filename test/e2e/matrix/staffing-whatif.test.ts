import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { localTimeToEpoch } from '@talon/engine';
import type { RulesWhatIfAnswer, StaffingPlan, WhatIfAnswer } from '@talon/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeHistory } from '../../sim/history.js';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, openAdmin, signIn, type Variant, variants } from './cells.js';

/**
 * Plans checked before the day (issue 18): the staffing view's what-if (the advised plan and the office's
 * plan played through the engine, side by side) and the rescue settings in plain words with their predicted
 * effect, on the desk PCs' two monitors in both languages and contrasts — and the routes behind them.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const DAY = 24 * 3_600_000;

let s: TestServer;
let browser: Browser;
let vs: Variant[];
let admin = '';
const m = new Matrix('staffing-whatif', SIZES);

const get = async <T>(path: string, token = admin) => {
  const res = await fetch(s.url + path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as T };
};

/** Asks until the background run is done, as the screen does. */
async function settled<T extends { status: string }>(path: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const r = await get<T>(path);
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.status === 'done') return r.body;
    await new Promise((done) => setTimeout(done, 200));
  }
  throw new Error(`${path}: never done`);
}

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  s = await startTestServer({ now: OFFICE_MORNING - 21 * DAY });
  // three weeks: 30 consultations from 10:00, 4 minutes each at two windows, the last one of a day gone
  writeHistory(s, OFFICE_MORNING - 21 * DAY, 21, { perDay: 30, gapMin: 2, serviceMin: 4 });
  s.clock.set(OFFICE_MORNING + 30 * 60_000);
  admin = (await s.login('admin', 'admin-talon')).token;
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    openAdmin(() => s.url),
  );
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

describe('the what-if routes', () => {
  it('answer «pending» at once, then the advised plan and the entered one played on the next reception day', async () => {
    const first = await get<WhatIfAnswer>('/api/staffing/whatif?entered=10:1,11:1');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'pending', done: 0 });
    const r = await settled<Extract<WhatIfAnswer, { status: 'done' }>>('/api/staffing/whatif?entered=10:1,11:1');
    // Thursday 26 November today: Friday is the next reception day
    expect(r.date).toBe('2026-11-27');
    expect(r.plans.map((p) => p.id)).toEqual(['proposed', 'entered']);
    const [proposed, entered] = r.plans;
    // the history's 30 consultations an hour at 10:00, 4 minutes each: two erlangs
    const ten = proposed?.hours.find((h) => h.hour === 10);
    expect(ten?.tickets).toBeGreaterThan(20);
    expect(proposed?.plan.find((p) => p.hour === 10)?.windows).toBeGreaterThanOrEqual(3);
    // one window for two erlangs: fewer within the norm, longer waits, more leave
    const one = entered?.hours.find((h) => h.hour === 10);
    expect(one?.withinShare).toBeLessThan(ten?.withinShare ?? 0);
    expect(one?.p90WaitMin).toBeGreaterThan(ten?.p90WaitMin ?? 0);
    expect(entered?.day.abandonedShare).toBeGreaterThan(proposed?.day.abandonedShare ?? 1);
    expect(entered?.plan.find((p) => p.hour === 9)?.windows).toBe(0);
    expect(r.basis.patienceFromHistory).toBe(true);
  }, 120_000);

  it('refuses a plan for hours without reception, a day off, and other roles', async () => {
    const night = await get<{ error: { code: string; details: unknown } }>('/api/staffing/whatif?entered=3:2');
    expect(night.status).toBe(400);
    expect(night.body.error.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(night.body.error.details)).toContain('3:00');
    // Sunday is closed in the demo office
    const sunday = await get<{ error: { code: string } }>('/api/staffing/whatif?date=2026-11-29');
    expect(sunday.status).toBe(400);
    const past = await get<{ error: { code: string } }>('/api/staffing/whatif?date=2026-11-20');
    expect(past.status).toBe(400);
    const operator = (await s.login('operator1', 'talon1')).token;
    expect((await get('/api/staffing/whatif', operator)).status).toBe(403);
    expect((await get('/api/staffing/rules-whatif', operator)).status).toBe(403);
  });

  it("keeps the office's plan for a day on the server, plays it by default, and audits it", async () => {
    const put = async (body: unknown, token = admin) => {
      const res = await fetch(`${s.url}/api/staffing/plan`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as StaffingPlan & { error?: { code: string } } };
    };
    const date = '2026-12-01'; // a Tuesday: nothing else in this file plans it
    expect((await get<StaffingPlan>(`/api/staffing/plan?date=${date}`)).body.hours).toBeNull();
    // bad plans change nothing: an hour without reception, an hour twice, a closed day, another role
    for (const hours of [
      [{ hour: 3, windows: 1 }],
      [
        { hour: 10, windows: 1 },
        { hour: 10, windows: 2 },
      ],
    ]) {
      const r = await put({ date, hours });
      expect(r.status).toBe(400);
      expect(r.body.error?.code).toBe('VALIDATION_FAILED');
    }
    expect((await put({ date: '2026-11-29', hours: [{ hour: 10, windows: 1 }] })).status).toBe(400);
    const operator = (await s.login('operator1', 'talon1')).token;
    expect((await put({ date, hours: [{ hour: 10, windows: 1 }] }, operator)).status).toBe(403);
    expect((await get<StaffingPlan>(`/api/staffing/plan?date=${date}`)).body.hours).toBeNull();

    const saved = await put({
      date,
      hours: [
        { hour: 11, windows: 2 },
        { hour: 10, windows: 1 },
      ],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.hours).toEqual([
      { hour: 10, windows: 1 },
      { hour: 11, windows: 2 },
    ]);
    expect(saved.body.updatedBy?.login).toBe('admin');
    // another administrator's screen (any session) reads the same plan; the what-if plays it without being told
    expect((await get<StaffingPlan>(`/api/staffing/plan?date=${date}`)).body.hours).toHaveLength(2);
    const r = await settled<Extract<WhatIfAnswer, { status: 'done' }>>(`/api/staffing/whatif?date=${date}`);
    expect(r.plans.map((p) => p.id)).toEqual(['proposed', 'entered']);
    expect(r.plans[1]?.plan.find((p) => p.hour === 10)?.windows).toBe(1);
    expect(r.plans[1]?.plan.find((p) => p.hour === 12)?.windows).toBe(0);
    const audit = await get<{ action: string; target: string | null }[]>(
      `/api/config/audit?from=${OFFICE_MORNING - DAY}&to=${OFFICE_MORNING + 30 * DAY}`,
    );
    expect(JSON.stringify(audit.body)).toContain('staffing.plan-saved');
    // an empty plan removes it: the what-if plays the advised plan alone again
    expect((await put({ date, hours: [] })).body.hours).toBeNull();
    const again = await settled<Extract<WhatIfAnswer, { status: 'done' }>>(`/api/staffing/whatif?date=${date}`);
    expect(again.plans.map((p) => p.id)).toEqual(['proposed']);
  }, 120_000);

  it("plays the day's bookings made so far", async () => {
    const date = '2026-12-02'; // a Wednesday
    const before = await settled<Extract<WhatIfAnswer, { status: 'done' }>>(`/api/staffing/whatif?date=${date}`);
    expect(before.basis.bookings).toBe(0);
    // booked visitors come a few minutes before their slot: these all come within the 14:00 hour
    for (const [i, hhmm] of ['14:15', '14:30', '14:30'].entries()) {
      const res = await fetch(`${s.url}/api/bookings`, {
        method: 'POST',
        headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          commandId: `whatif-booking-${i}`,
          serviceId: 'consult',
          slotAt: localTimeToEpoch(date, hhmm, 'Europe/Moscow'),
          visitorName: 'Иванов',
        }),
      });
      expect(res.status).toBe(200);
    }
    const after = await settled<Extract<WhatIfAnswer, { status: 'done' }>>(`/api/staffing/whatif?date=${date}`);
    expect(after.basis.bookings).toBe(3);
    // nobody came at 14:00 in the history: the booked visitors are the hour's only tickets
    const at14 = (a: typeof after) => a.plans[0]?.hours.find((h) => h.hour === 14)?.tickets ?? 0;
    expect(at14(after) - at14(before)).toBeGreaterThan(1.5);
  }, 120_000);

  it('predicts the effect of a rescue bound: the saved values against the proposed ones', async () => {
    const r = await settled<RulesWhatIfAnswer & { status: 'done' }>('/api/staffing/rules-whatif?rescuePastNormMin=0');
    expect(r.current).toEqual({ rescueAfterNormTimes: 2, rescuePastNormMin: null });
    expect(r.changed).toEqual({ rescueAfterNormTimes: 2, rescuePastNormMin: 0 });
    expect(r.plans.map((p) => p.id)).toEqual(['current', 'changed']);
    const same = await settled<RulesWhatIfAnswer & { status: 'done' }>('/api/staffing/rules-whatif');
    expect(same.plans[1]?.day).toEqual(same.plans[0]?.day);
  }, 120_000);
});

const scrollTo = (id: string) => async (v: Variant) => {
  await v.page.getByTestId(id).scrollIntoViewIfNeeded();
};

describe('the what-if on screen × 2 sizes × ru/en × normal/high contrast', () => {
  it('the staffing view: the advised plan, then the entered one beside it, per hour and for the day', async () => {
    await each(async (v) => {
      await signIn(v.page, 'admin', 'admin-talon');
      await v.page.getByTestId('nav-staffing').click();
      await v.page.getByTestId('whatif-result').waitFor({ timeout: 60_000 });
    });
    const problems = await m.state('whatif-advised', vs, scrollTo('whatif'));
    const ru = vs.find((v) => v.lang === 'ru' && v.contrast === 'normal') as Variant;
    // the rule played is named as in the settings, not by its id
    const intro = (await ru.page.getByTestId('whatif').textContent()) ?? '';
    expect(intro).toContain('«Срок по нормативу со страховкой»');
    expect(intro).not.toContain('norm-deadline');
    // the office's plan: one window at 10:00 (the advised is more); «считается…» until the run is done
    await each(async (v) => {
      await v.page.getByTestId('whatif-hour-10').fill('1');
      await v.page.getByTestId('whatif-check').click();
    });
    await ru.page.getByTestId('whatif-pending').waitFor({ timeout: 10_000 });
    expect(await ru.page.getByTestId('whatif-pending').textContent()).toContain('Считается');
    await each((v) =>
      v.page.locator('[data-testid="whatif-summary"] td[data-plan="entered"]').first().waitFor({ timeout: 60_000 }),
    );
    const within = ru.page.locator('[data-testid="whatif-summary"] tr[data-row="within"]');
    const [adv, yours] = await Promise.all([
      within.locator('td[data-plan="proposed"]').textContent(),
      within.locator('td[data-plan="entered"]').textContent(),
    ]);
    expect(Number.parseFloat((yours ?? '').replace(',', '.'))).toBeLessThan(
      Number.parseFloat((adv ?? '').replace(',', '.')),
    );
    problems.push(...(await m.state('whatif-compared', vs, scrollTo('whatif-summary'))));
    problems.push(...(await m.state('whatif-hours', vs, scrollTo('whatif-hours'))));
    // the plan is kept on the server: another screen (English) opened afresh shows it
    const en = vs.find((v) => v.lang === 'en' && v.contrast === 'normal') as Variant;
    await en.page.reload();
    await en.page
      .getByTestId('nav-staffing')
      .click()
      .catch(() => undefined);
    await en.page.getByTestId('whatif-saved').waitFor({ timeout: 60_000 });
    expect(await en.page.getByTestId('whatif-hour-10').inputValue()).toBe('1');
    await ru.page.reload();
    await ru.page
      .getByTestId('nav-staffing')
      .click()
      .catch(() => undefined);
    await ru.page
      .locator('[data-testid="whatif-summary"] td[data-plan="entered"]')
      .first()
      .waitFor({ timeout: 60_000 });
    expect(await ru.page.getByTestId('whatif-hour-10').inputValue()).toBe('1');
    expect(problems).toEqual([]);
  }, 240_000);

  it('the settings: when a ticket is called first, in sentences, with the effect of a change', async () => {
    const open = async (page: Page) => {
      // the rules are the configuration administrator's to change
      await page.getByTestId('logout').click();
      await signIn(page, 'config', 'config-talon', 'nav-config');
      await page.getByTestId('nav-config').click();
      await page.getByTestId('cfg-section-dispatch').click();
      await page.locator('[data-testid="rescue-whatif"]').waitFor({ timeout: 60_000 });
    };
    await each((v) => open(v.page));
    const ru = vs.find((v) => v.lang === 'ru' && v.contrast === 'normal') as Variant;
    const en = vs.find((v) => v.lang === 'en' && v.contrast === 'normal') as Variant;
    expect(await ru.page.getByTestId('rule-rescueAfterNormTimes').textContent()).toContain('Талон, ожидающий в');
    expect(await en.page.getByTestId('rule-rescuePastNormMin').textContent()).toContain('Off');
    const problems = await m.state('rescue-sentences', vs, scrollTo('rescue-rule'));
    // switched on at 4 minutes past the norm: the sentence reads so, and the forecast has both columns
    await each(async (v) => {
      await v.page.getByTestId('rule-rescuePastNormMin-on').check();
      await v.page.getByTestId('rule-rescuePastNormMin-value').fill('4');
      await v.page
        .locator('[data-testid="rescue-whatif"][data-edited="true"] td[data-plan="changed"]')
        .first()
        .waitFor({
          timeout: 60_000,
        });
    });
    expect(await en.page.getByTestId('rule-rescuePastNormMin').textContent()).toContain('min past its norm');
    expect(await ru.page.getByTestId('rescue-examples').textContent()).toContain('после 12 мин ожидания');
    problems.push(...(await m.state('rescue-changed', vs, scrollTo('rescue-whatif'))));
    expect(problems).toEqual([]);
  }, 240_000);
});
