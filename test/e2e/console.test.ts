import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { previewNext } from '@talon/engine';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'operator-console/dist/index.html')))
    throw new Error('operator-console/dist is not built: run "npm run build:ui" first');
  s = await startTestServer();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const T = 10_000;

async function issue(account?: string) {
  const kiosk = await s.pair('kiosk');
  const r = await s.command(kiosk.token, {
    type: 'issueTicket',
    topicId: 'billing',
    segmentId: 'individual',
    ...(account ? { visitorData: { account } } : {}),
  });
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return r.body.result?.number ?? '';
}

async function signIn(page: Page, login: string, password: string) {
  await page.goto(`${s.url}/operator/`);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('login-submit').click();
}

const moveClock = (advanceMs: number) =>
  fetch(`${s.url}/api/test/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceMs }),
  });

const attr = (page: Page, testId: string, name: string) => page.getByTestId(testId).first().getAttribute(name);

/**
 * Presses the shortcut of an action once its button is enabled: the console ignores keys while a
 * command is still in flight, and the realtime event may show the new state before the answer arrives.
 */
async function press(page: Page, key: string, testId: string) {
  await expect.poll(() => page.getByTestId(testId).isEnabled(), { timeout: T }).toBe(true);
  await page.keyboard.press(key);
}
const ticketNumber = (page: Page) => attr(page, 'current-ticket', 'data-number');

describe('operator console in real Chromium at 1366×768', () => {
  it('logs in, calls, recalls within the limits, transfers with return, finishes with outcomes', async () => {
    // This office's consultations go on to the cash desk (a two-stage service): the transfer offers it first.
    const demo = s.office.view().config;
    if (!demo) throw new Error('the test office is not configured');
    s.office.configure(
      { ...demo, services: demo.services.map((x) => (x.id === 'consult' ? { ...x, thenServiceId: 'cash' } : x)) },
      { kind: 'system' },
    );
    await issue('1234567');
    await issue();
    await issue();
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const op = await ctx.newPage();
    await signIn(op, 'operator1', 'talon1');
    await op.getByTestId('window-w1').click();
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    expect(await op.evaluate(() => localStorage.getItem('talon.operator.window'))).toBe('w1');

    // the waiting list: three tickets, the kiosk data, the reason the next one is next
    await expect.poll(() => op.getByTestId('queue-item').count(), { timeout: T }).toBe(3);
    expect(await op.getByTestId('queue-account').textContent()).toContain('1234567');
    // The console shows the same choice and rule the office's dispatch policy makes on the server.
    const expected = previewNext(s.office.view(), 'op1', s.clock.now());
    expect(expected?.ticketId).toBe('2026-11-26/К-001');
    expect(await attr(op, 'next-preview', 'data-rule')).toBe(expected?.reason.rule);
    expect(await op.getByTestId('next-preview').textContent()).toContain('К-001');
    expect(await attr(op, 'queue-wait', 'data-norm')).toBe('within');
    // wait norm 8 min: at 7 min the timers turn «near», past 8 «over» (a reload takes the server's clock)
    await moveClock(7 * 60_000);
    await op.reload();
    await expect.poll(() => attr(op, 'queue-wait', 'data-norm'), { timeout: T }).toBe('near');
    await moveClock(2 * 60_000);
    await op.reload();
    await expect.poll(() => attr(op, 'queue-wait', 'data-norm'), { timeout: T }).toBe('over');

    // everything fits the screen: no horizontal scroll, every action button visible
    expect(await op.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    for (const id of [
      'call-next',
      'recall',
      'start-service',
      'finish-service',
      'no-show',
      'postpone',
      'transfer',
      'walk-in',
      'break',
    ]) {
      const box = await op.getByTestId(id).boundingBox();
      expect(box && box.y + box.height <= 768 && box.x + box.width <= 1366, id).toBe(true);
    }

    await press(op, 'F1', 'call-next');
    await expect.poll(() => ticketNumber(op), { timeout: T }).toBe('К-001');
    expect(await attr(op, 'current-calls', 'data-count')).toBe('1');
    // a recall too soon is not offered: the button waits and says how long, on the server's clock
    expect(await op.getByTestId('recall').isEnabled()).toBe(false);
    expect(await op.getByTestId('recall').textContent()).toMatch(/через \d+ с/);
    await moveClock(16_000);
    await press(op, 'F2', 'recall');
    await expect.poll(() => attr(op, 'current-calls', 'data-count'), { timeout: T }).toBe('2');
    await expect.poll(() => op.getByTestId('console-error').count(), { timeout: T }).toBe(0);
    await press(op, 'F3', 'start-service');
    await expect.poll(() => attr(op, 'current-ticket', 'data-status'), { timeout: T }).toBe('serving');
    expect(await attr(op, 'current-service-norm', 'data-norm')).toBe('within');
    expect(await op.getByTestId('current-total-norm').textContent()).toContain('33');

    // transfer to a colleague with the return to this window
    const colleague = await s.login('operator3', 'talon3');
    await s.command(colleague.token, { type: 'operatorLogin', windowId: 'w3' });
    await press(op, 'F7', 'transfer');
    expect(await op.getByTestId('transfer-service').inputValue()).toBe('cash');
    await op.getByTestId('transfer-service').selectOption('');
    await op.getByTestId('transfer-operator').selectOption('op3');
    await op.getByTestId('transfer-comment').fill('Проверить договор');
    await op.getByTestId('transfer-return').check();
    await op.getByTestId('transfer-submit').click();
    await expect.poll(() => attr(op, 'current-ticket', 'data-status'), { timeout: T }).toBe('none');
    const id = '2026-11-26/К-001';
    expect(s.office.view().tickets[id]).toMatchObject({
      targetOperatorId: 'op3',
      comment: 'Проверить договор',
      returnTo: { operatorId: 'op1' },
    });
    for (const type of ['callNext', 'startService', 'finishService'] as const)
      expect((await s.command(colleague.token, { type })).body.ok).toBe(true);
    // back at this window, first in line and marked as sent personally
    await expect.poll(() => attr(op, 'next-preview', 'data-rule'), { timeout: T }).toBe('personal');
    await op.getByTestId('call-next').click();
    await expect.poll(() => ticketNumber(op), { timeout: T }).toBe('К-001');
    await op.getByTestId('start-service').click();
    await op.getByTestId('outcome-consultation').check();
    await op.getByTestId('digital-onboarding').check();
    await op.getByTestId('extra-sale').check();
    await press(op, 'F4', 'finish-service');
    await expect.poll(() => s.store.visits({}).length, { timeout: T }).toBe(1);
    expect(s.store.visits({})[0]).toMatchObject({
      number: 'К-001',
      outcome: 'served',
      operatorId: 'op1',
      windowId: 'w1',
      transfers: 1,
      recalls: 1,
      outcomes: ['consultation'],
      digitalOnboarding: true,
      extraSale: true,
    });
    await expect.poll(() => op.getByTestId('day-served').textContent(), { timeout: T }).toBe('1');

    // a specific ticket out of turn, with a confirmation against misclicks
    const row3 = op.locator('[data-testid="queue-item"][data-number="К-003"]');
    await row3.getByTestId('queue-call').click();
    expect(await op.getByTestId('confirm-call-dialog').textContent()).toContain('К-002');
    await op.keyboard.press('Escape');
    await expect.poll(() => op.getByTestId('confirm-call-dialog').count(), { timeout: T }).toBe(0);
    expect(await ticketNumber(op)).toBeNull();
    await row3.getByTestId('queue-call').click();
    await op.keyboard.press('Enter');
    await expect.poll(() => ticketNumber(op), { timeout: T }).toBe('К-003');
    expect(s.office.view().tickets['2026-11-26/К-003']?.status).toBe('called');

    // postpone with a reason and a return time
    await press(op, 'F6', 'postpone');
    await op.getByTestId('postpone-reason').fill('Ушёл за документами');
    await op.getByTestId('postpone-minutes').selectOption('15');
    await op.getByTestId('postpone-submit').click();
    await expect.poll(() => s.office.view().tickets['2026-11-26/К-003']?.status, { timeout: T }).toBe('postponed');
    expect(s.office.view().tickets['2026-11-26/К-003']).toMatchObject({ comment: 'Ушёл за документами' });

    // a walk-in without a ticket
    await press(op, 'F8', 'walk-in');
    await op.getByTestId('walk-in-service-digital').click();
    await op.getByTestId('walk-in-submit').click();
    await expect.poll(() => ticketNumber(op), { timeout: T }).toBe('БТ-001');
    // no visit ends without its outcome: F4 asks for one first
    await press(op, 'F4', 'finish-service');
    await op.getByTestId('outcome-required').waitFor({ timeout: T });
    expect(await attr(op, 'current-ticket', 'data-status')).toBe('serving');
    await op.getByTestId('outcome-consultation').check();
    await press(op, 'F4', 'finish-service');
    await expect.poll(() => op.getByTestId('day-served').textContent(), { timeout: T }).toBe('2');
    expect(s.store.visits({}).find((v) => v.number === 'БТ-001')?.outcomes).toEqual(['consultation']);

    // the printable desk identifier
    const pdf = op.waitForResponse((r) => r.url().includes('/api/rating/desk-card.pdf'));
    await op.getByTestId('desk-card').click();
    const res = await pdf;
    expect([res.status(), res.headers()['content-type']]).toEqual([200, 'application/pdf']);
    await ctx.close();
  });

  it('explains the refused break when the operator is the last one at work, and remembers the window', async () => {
    // nobody else is at work in the hall any more: with visitors still waiting, the last colleague leaves only
    // by the hall administrator's decision (issue 16)
    const admin = (await s.login('admin', 'admin-talon')).token;
    for (const n of [1, 3])
      if (s.office.view().operators[`op${n}`]?.status !== 'logged-out') {
        const r = await s.command(admin, { type: 'operatorLogout', operatorId: `op${n}`, override: true });
        expect(r.body).toMatchObject({ ok: true });
      }
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const op = await ctx.newPage();
    await op.goto(`${s.url}/operator/`);
    await op.evaluate(() => localStorage.setItem('talon.operator.window', 'w4'));
    await signIn(op, 'operator4', 'talon4');
    expect(await attr(op, 'window-w4', 'data-remembered')).toBe('true');
    await op.keyboard.press('Enter'); // the remembered window has the focus
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    expect(s.office.view().operators.op4?.windowId).toBe('w4');

    await press(op, 'F9', 'break');
    await op.getByTestId('break-reason-lunch').click();
    await expect.poll(() => attr(op, 'console-error', 'data-code'), { timeout: T }).toBe('BREAK_WOULD_EMPTY_HALL');
    expect(await op.getByTestId('console-error').textContent()).toContain('в зале не останется ни одного');
    expect(await attr(op, 'console-status', 'data-status')).toBe('ready');
    expect(s.office.view().operators.op4?.status).toBe('ready');

    // with a colleague at work the same break is taken, and «back» ends it
    const colleague = await s.login('operator5', 'talon5');
    await s.command(colleague.token, { type: 'operatorLogin', windowId: 'w5' });
    await op.getByTestId('break').click();
    await op.getByTestId('break-reason-lunch').click();
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('break');
    expect(await op.getByTestId('console-status').textContent()).toContain('Обед');
    await press(op, 'F9', 'end-break');
    await expect.poll(() => attr(op, 'console-status', 'data-status'), { timeout: T }).toBe('ready');
    await ctx.close();
  });
});
