import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  for (const dir of ['kiosk/dist', 'display-board/dist', 'operator-console/dist'])
    if (!existsSync(join(REPO_ROOT, dir, 'index.html')))
      throw new Error(`${dir} is not built: run "npm run build:ui" first`);
  s = await startTestServer();
  browser = await launchBrowser({ autoplay: true });
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function pairingCode(role: 'kiosk' | 'board', name: string) {
  const admin = await s.login('admin', 'admin-talon');
  const res = await fetch(`${s.url}/api/devices/pairing-codes`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
    body: JSON.stringify({ role, name }),
  });
  return ((await res.json()) as { code: string }).code;
}

describe('one whole visit in real Chromium', () => {
  it('ticket at the kiosk → called on the board → served and finished at the operator console', async () => {
    const kioskCtx = await browser.newContext({
      viewport: { width: 1080, height: 1920 },
      hasTouch: true,
      locale: 'ru-RU',
    });
    const kiosk = await kioskCtx.newPage();
    await kiosk.goto(`${s.url}/kiosk/?pair=${await pairingCode('kiosk', 'Киоск у входа')}`);
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-billing').click();
    // this topic asks for an account number (optional): skip it
    await kiosk.getByTestId('visitor-data-skip').click();
    const number = kiosk.getByTestId('kiosk-ticket-number');
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).toContain('К-001');
    expect(Object.values(s.office.view().tickets).map((t) => t.number)).toEqual(['К-001']);

    const boardCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' });
    const board = await boardCtx.newPage();
    await board.goto(`${s.url}/board/?pair=${await pairingCode('board', 'Табло')}`);
    await board.waitForSelector('body');

    const consoleCtx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' });
    const op = await consoleCtx.newPage();
    await op.goto(`${s.url}/operator/`);
    await op.getByTestId('login').fill('operator1');
    await op.getByTestId('password').fill('talon1');
    await op.getByTestId('login-submit').click();
    await op.getByTestId('window-w1').click();
    await op.getByTestId('call-next').click();
    await expect.poll(() => op.getByTestId('current-ticket').textContent(), { timeout: 10_000 }).toContain('К-001');

    const call = board.locator('[data-testid="board-call"][data-number="К-001"]');
    await call.first().waitFor({ timeout: 10_000 });
    expect(await call.first().getAttribute('data-window')).toBe('1');

    await op.getByTestId('start-service').click();
    await expect.poll(() => s.office.view().tickets['2026-11-26/К-001']?.status, { timeout: 10_000 }).toBe('serving');
    // the console asks for the visit's outcome before it finishes
    await op.getByTestId('finish-service').click();
    await op.getByTestId('outcome-required').waitFor({ timeout: 10_000 });
    expect(s.store.visits({}).length).toBe(0);
    await op.getByTestId('outcome-consultation').check();
    await op.getByTestId('finish-service').click();
    await expect.poll(() => s.store.visits({}).length, { timeout: 10_000 }).toBe(1);
    expect(s.store.visits({})[0]).toMatchObject({
      number: 'К-001',
      outcome: 'served',
      outcomes: ['consultation'],
      operatorId: 'op1',
      windowId: 'w1',
    });
    await expect.poll(() => op.getByTestId('current-ticket').textContent(), { timeout: 10_000 }).not.toContain('К-001');
  });

  it('a call postponed at the window leaves the board at once, so nobody goes there for it; called again, it shows again', async () => {
    const board = await (
      await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'ru-RU' })
    ).newPage();
    await board.goto(`${s.url}/board/?pair=${await pairingCode('board', 'Табло 2')}`);
    await board.getByTestId('board').waitFor({ timeout: 15_000 });
    // operator1 is still at window 1 from the visit above
    const op = (await s.login('operator1', 'talon1')).token;
    expect(s.office.view().operators.op1?.windowId).toBe('w1');
    const kiosk = (await s.pair('kiosk', 'Киоск 2')).token;
    const issued = await s.command(kiosk, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' });
    const number = issued.body.ok ? String((issued.body.result as { number?: string }).number) : '';
    expect(number).toMatch(/^К-\d{3}$/);
    const shown = board.locator(`[data-testid="board-call"][data-number="${number}"]`);

    const called = await s.command(op, { type: 'callNext' });
    expect(called.body, JSON.stringify(called.body)).toMatchObject({ ok: true });
    await shown.first().waitFor({ timeout: 10_000 });
    expect(await shown.first().getAttribute('data-window')).toBe('1');
    expect((await s.command(op, { type: 'postpone', reason: 'Ушёл за документами', returnInMin: 10 })).body.ok).toBe(
      true,
    );
    // well within the 8 s a call stays large: it goes because the call no longer stands
    await shown.first().waitFor({ state: 'detached', timeout: 3_000 });

    s.clock.advance(11 * 60_000);
    expect((await s.command(op, { type: 'callNext' })).body.ok).toBe(true);
    await shown.first().waitFor({ timeout: 10_000 });
  });
});
