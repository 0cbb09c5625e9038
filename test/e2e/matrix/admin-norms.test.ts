import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, openAdmin, signIn, type Variant, variants } from './cells.js';

/**
 * Every norm watched (issue 16): the service and total-visit alarms on the monitor and the alarms page,
 * and the reports' shares within the service and the total norm, on the desk PCs' two monitors in both
 * languages and contrasts.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const MIN = 60_000;

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('admin-norms', SIZES);

const ok = async (token: string, command: Record<string, unknown>) => {
  const r = await s.command(token, command);
  if (!r.body.ok) throw new Error(`${String(command.type)}: ${JSON.stringify(r.body)}`);
};

/**
 * Four visits served today, then three in service now. Served (consultation 8, cash 4, total 33 min):
 *  К-001 10 min with digital onboarding (norm 12): within both; О-001 6 min: over the service norm;
 *  К-002 9 min: over; К-003 waited 25 min and was served 10: over both.
 * Service within norm 1 of 4, total 3 of 4. Now: К-004 waited 20 min and is 9 min in service (service
 * norm passed, total 29 of 33: soon); О-002 3 min in service (a minute left of 4: soon).
 */
async function normsDay() {
  const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  const [op1, op2, op3] = (await Promise.all(
    [1, 2, 3].map(async (n) => (await s.login(`operator${n}`, `talon${n}`)).token),
  )) as [string, string, string];
  await ok(op1, { type: 'operatorLogin', windowId: 'w1' });
  await ok(op2, { type: 'operatorLogin', windowId: 'w2' });
  await ok(op3, { type: 'operatorLogin', windowId: 'w3' });
  const visit = async (op: string, topicId: string, waitMin: number, serveMin: number, digitalOnboarding = false) => {
    await ok(kiosk, { type: 'issueTicket', topicId, segmentId: 'individual' });
    s.clock.advance(waitMin * MIN);
    await ok(op, { type: 'callNext' });
    await ok(op, { type: 'startService' });
    s.clock.advance(serveMin * MIN);
    await ok(op, { type: 'finishService', outcomes: ['resolved'], digitalOnboarding });
  };
  await visit(op1, 'billing', 0, 10, true);
  await visit(op2, 'payment', 0, 6);
  await visit(op1, 'billing', 0, 9);
  await visit(op3, 'billing', 25, 10);

  await ok(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
  s.clock.advance(20 * MIN);
  await ok(op1, { type: 'callNext' });
  await ok(op1, { type: 'startService' });
  s.clock.advance(6 * MIN);
  await ok(kiosk, { type: 'issueTicket', topicId: 'payment', segmentId: 'individual' });
  await ok(op2, { type: 'callNext' });
  await ok(op2, { type: 'startService' });
  s.clock.advance(3 * MIN);
  s.monitor.evaluate();
}

const signInHere = (page: Page) => signIn(page, 'admin', 'admin-talon');

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  s = await startTestServer();
  await normsDay();
  browser = await launchBrowser();
  vs = await variants(
    browser,
    SIZES[0] as (typeof SIZES)[number],
    openAdmin(() => s.url),
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const each = (f: (v: Variant) => Promise<unknown>) => Promise.all(vs.map(f));

/** The report tables wider than their panel at the narrow desk size, below the fold included. */
async function tablesPastTheirPanel(): Promise<string[]> {
  const found = await Promise.all(
    vs.map(async (v) => {
      await v.page.setViewportSize(SIZES[0] as (typeof SIZES)[number]);
      const ids = await v.page.evaluate(() =>
        [...document.querySelectorAll('table.report-table')]
          .filter((t) => {
            const panel = t.closest('.panel');
            return panel !== null && t.getBoundingClientRect().right > panel.getBoundingClientRect().right + 0.5;
          })
          .map((t) => t.closest('[data-testid]')?.getAttribute('data-testid') ?? '?'),
      );
      return ids.map((id) => `${id} ${v.lang} ${v.contrast}`);
    }),
  );
  return found.flat();
}

describe('every norm watched: the alarms and the report columns × 2 sizes × ru/en × normal/high contrast', () => {
  it('the monitor and the alarms page with service and total-visit alarms', async () => {
    const bar = (page: Page, kind: string) => page.locator(`[data-testid="alarm-bar-item"][data-kind="${kind}"]`);
    await each(async (v) => {
      await signInHere(v.page);
      for (const kind of ['service-norm-passed', 'service-norm-soon', 'total-norm-soon'])
        await bar(v.page, kind).first().waitFor({ timeout: 10_000 });
    });
    const ru = vs.find((v) => v.lang === 'ru') as Variant;
    expect(await bar(ru.page, 'service-norm-passed').textContent()).toContain(
      'Талон К-004 обслуживается в окне 1 дольше норматива 8 мин',
    );
    const problems = await m.state('monitor-norms', vs);
    await each(async (v) => {
      await v.page.getByTestId('nav-alarms').click();
      await v.page.locator('[data-testid="alarm-item"][data-kind="total-norm-soon"]').waitFor({ timeout: 10_000 });
    });
    problems.push(...(await m.state('alarms-norms', vs)));
    // the wall monitor: the same alarms in the hall's own words
    await each(async (v) => {
      await v.page.getByTestId('nav-monitor').click();
      await v.page.getByTestId('wall-toggle').click();
      await v.page.getByTestId('wall').waitFor();
      await v.page.getByTestId('win-card').first().waitFor({ timeout: 10_000 });
    });
    problems.push(...(await m.state('wall-norms', vs)));
    await each(async (v) => {
      await v.page.getByTestId('wall-exit').click();
      await v.page.getByTestId('monitor').waitFor();
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it('the reports: shares within the service and the total norm by service, topic, operator and day', async () => {
    await each(async (v) => {
      await v.page.getByTestId('nav-reports').click();
      await v.page.locator('[data-testid="summary-served"][data-value="4"]').waitFor({ timeout: 15_000 });
    });
    const page = (vs[0] as Variant).page;
    expect(await page.getByTestId('service-share').getAttribute('data-share')).toBe(String(1 / 4));
    expect(await page.getByTestId('total-share').getAttribute('data-share')).toBe(String(3 / 4));
    const consult = page.locator('[data-testid="row-service"][data-key="consult"]');
    expect(await consult.getAttribute('data-service-share')).toBe(String(1 / 3));
    expect(await consult.getAttribute('data-total-share')).toBe(String(2 / 3));
    const cash = page.locator('[data-testid="row-service"][data-key="cash"]');
    expect([await cash.getAttribute('data-service-share'), await cash.getAttribute('data-total-share')]).toEqual([
      '0',
      '1',
    ]);
    const problems = await m.state('reports-norms', vs);
    expect(await tablesPastTheirPanel()).toEqual([]);
    // the tables further down: by topic and by operator, each with its norm columns
    problems.push(
      ...(await m.state('reports-norms-tables', vs, async (v) => {
        await v.page.getByTestId('group-operator').scrollIntoViewIfNeeded();
      })),
    );
    await each(async (v) => {
      await v.page.getByTestId('reports-tab-log').click();
      await v.page.getByTestId('log-row').first().waitFor({ timeout: 15_000 });
    });
    problems.push(...(await m.state('reports-log-norms', vs)));
    // the month: the daily chart with its line for the total norm
    await each(async (v) => {
      await v.page.getByTestId('reports-tab-figures').click();
      await v.page.getByTestId('period-month').click();
      await v.page.getByTestId('chart-days').waitFor({ timeout: 15_000 });
    });
    problems.push(
      ...(await m.state('reports-norms-month', vs, async (v) => {
        await v.page.getByTestId('chart-days').scrollIntoViewIfNeeded();
      })),
    );
    expect(await tablesPastTheirPanel()).toEqual([]);
    expect(problems).toEqual([]);
  }, 180_000);
});
