import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Seed 001 §3.5 in the operator's hands: ticking «digital onboarding» during service makes the service
 * norm 4 minutes longer at once — on the console's bar and for the administrator's alarms.
 */
let s: TestServer;
let browser: Browser;
const T = 10_000;
const MIN = 60_000;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'operator-console/dist/index.html')))
    throw new Error('operator-console/dist is not built: run "npm run build -w operator-console" first');
  s = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);
const ticket = () => s.office.view().tickets['2026-11-26/К-001'];
const serviceAlarms = () => {
  s.monitor.evaluate();
  return s.monitor.alarms
    .active()
    .filter((a) => a.kind.startsWith('service-norm'))
    .map((a) => a.kind);
};

describe('digital onboarding ticked during service', () => {
  it('extends the norm on the console bar and for the alarms, and is kept in the visit', async () => {
    const kiosk = await s.pair('kiosk');
    expect(
      (await s.command(kiosk.token, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' })).body.ok,
    ).toBe(true);
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const op = await ctx.newPage();
    await op.goto(`${s.url}/operator/`);
    await op.getByTestId('login').fill('operator1');
    await op.getByTestId('password').fill('talon1');
    await op.getByTestId('login-submit').click();
    await op.getByTestId('window-w1').click();
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    await op.getByTestId('call-next').click();
    await expect.poll(() => op.getByTestId('start-service').isEnabled(), { timeout: T }).toBe(true);
    await op.getByTestId('start-service').click();
    await expect.poll(() => attr(op, 'current-ticket', 'data-status'), { timeout: T }).toBe('serving');

    s.clock.advance(9 * MIN);
    expect(serviceAlarms()).toEqual(['service-norm-passed']);
    // the console reads the server's time from a snapshot: a reload brings the moved clock
    await op.reload();
    await expect.poll(() => attr(op, 'current-service-norm', 'data-norm'), { timeout: T }).toBe('over');
    expect(await op.getByTestId('current-service-norm').textContent()).toContain('8');

    await op.getByTestId('digital-onboarding').check();
    await expect.poll(() => ticket()?.digitalOnboarding, { timeout: T }).toBe(true);
    // 9 of 12 minutes: within the norm on the bar, and the administrator's alarm is gone
    await expect.poll(() => attr(op, 'current-service-norm', 'data-norm'), { timeout: T }).toBe('within');
    expect(await op.getByTestId('current-service-norm').textContent()).toContain('12');
    expect(serviceAlarms()).toEqual([]);

    await op.getByTestId('digital-onboarding').uncheck();
    await expect.poll(() => ticket()?.digitalOnboarding, { timeout: T }).toBeUndefined();
    await expect.poll(() => attr(op, 'current-service-norm', 'data-norm'), { timeout: T }).toBe('over');
    expect(serviceAlarms()).toEqual(['service-norm-passed']);

    await op.getByTestId('digital-onboarding').check();
    await expect.poll(() => ticket()?.digitalOnboarding, { timeout: T }).toBe(true);
    await op.getByTestId('outcome-resolved').check();
    await op.getByTestId('finish-service').click();
    await expect.poll(() => s.store.visits({}).length, { timeout: T }).toBe(1);
    expect(s.store.visits({})[0]).toMatchObject({ number: 'К-001', digitalOnboarding: true, serviceSec: 9 * 60 });
    expect(serviceAlarms()).toEqual([]);
    await ctx.close();
  }, 60_000);
});
