import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

const T = 15_000;
let s: TestServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  // a draft contract for an individual is due 10 working days after the visit (seed 001 annex 1.6)
  const config = rosatomDemoOffice();
  config.topics = config.topics.map((t) =>
    t.id === 'new-contract' ? { ...t, followUp: 'contract-individual' as const } : t,
  );
  s = await startTestServer({ server: { initialConfig: config } });
  browser = await launchBrowser();
  page = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const item = (id: number | string) => page.locator(`[data-testid="followup-item"][data-id="${id}"]`);

describe('the follow-ups register in Chromium', () => {
  it('the administrator records a complaint, takes it in work and answers it; the report counts it on time', async () => {
    await page.goto(`${s.url}/admin/`);
    await page.getByTestId('login').fill('admin');
    await page.getByTestId('password').fill('admin-talon');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('monitor').waitFor({ timeout: T });
    await page.getByTestId('nav-followups').click();
    await page.locator('[data-testid="followups"][data-loaded="true"]').waitFor({ timeout: T });
    await page.getByTestId('followup-none').waitFor({ timeout: T });

    await page.getByTestId('followup-new').click();
    await page.getByTestId('followup-create-type').selectOption('complaint');
    await page.getByTestId('followup-create-text').fill('Письменная жалоба на перерасчёт за октябрь');
    await page.getByTestId('followup-create-ticket').fill('К-012');
    await page.getByTestId('followup-create-contact').fill('+7 900 555-44-33');
    expect(await page.getByTestId('followup-create-form').textContent()).toContain('Срок ответа: 10 рабочих дней');
    await page.getByTestId('followup-create-save').click();

    const [created] = s.followUps.list({ limit: 10 }).items;
    expect(created).toMatchObject({
      type: 'complaint',
      source: 'admin',
      ticketNumber: 'К-012',
      contact: '+7 900 555-44-33',
      // Thu 26 Nov 2026 + 10 working days, no holidays in the demo office
      dueDay: '2026-12-10',
    });
    const id = created?.id ?? 0;
    await item(id).waitFor({ timeout: T });
    expect(await item(id).getByTestId('followup-due').textContent()).toBe(
      'Ответить до 10.12.2026 · Осталось 10 раб. дн.',
    );

    await item(id).getByTestId('followup-take').click();
    await page.locator(`[data-testid="followup-item"][data-id="${id}"][data-status="in-progress"]`).waitFor({
      timeout: T,
    });
    expect(await item(id).textContent()).toContain('Ответственный: Администратор зала');

    await item(id).getByTestId('followup-answer').click();
    await item(id).getByTestId('followup-answer-text').fill('Перерасчёт выполнен, ответ отправлен письмом');
    await item(id).getByTestId('followup-answer-save').click();
    await page.locator(`[data-testid="followup-item"][data-id="${id}"][data-status="answered"]`).waitFor({
      timeout: T,
    });
    expect(await item(id).getByTestId('followup-answer').textContent()).toContain('Перерасчёт выполнен');
    expect(s.followUps.get(id)).toMatchObject({ status: 'answered', answeredAt: s.clock.now() });

    // filters: nothing overdue, the one answered
    await page.getByTestId('followup-filter-overdue').check();
    await page.getByTestId('followup-none').waitFor({ timeout: T });
    await page.getByTestId('followup-filter-overdue').uncheck();
    await page.getByTestId('followup-filter-status').selectOption('answered');
    await page.locator('[data-testid="followup-list"][data-count="1"]').waitFor({ timeout: T });

    await page.getByTestId('followups-tab-report').click();
    const total = page.locator('[data-testid="followup-report-row"][data-type="total"]');
    await total.waitFor({ timeout: T });
    expect(await total.getByTestId('followup-report-ontime').textContent()).toBe('1');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('followup-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^talon-followups-2026-11-01_2026-11-26\.xlsx$/);
  }, 90_000);

  it('the operator finishing a draft-contract visit puts it on record from the console', async () => {
    const kiosk = (await s.pair('kiosk')).token;
    const issued = await s.command(kiosk, { type: 'issueTicket', topicId: 'new-contract', segmentId: 'individual' });
    if (!issued.body.ok) throw new Error(JSON.stringify(issued.body));
    const ticketId = issued.body.result?.ticketId ?? '';
    const op = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' })).newPage();
    await op.goto(`${s.url}/operator/`);
    await op.getByTestId('login').fill('operator3');
    await op.getByTestId('password').fill('talon3');
    await op.getByTestId('login-submit').click();
    await op.getByTestId('window-w3').click();
    await op.locator('[data-testid="call-next"]:not([disabled])').click({ timeout: T });
    await op.locator('[data-testid="start-service"]:not([disabled])').click({ timeout: T });
    const offer = op.getByTestId('follow-up-offer');
    await offer.waitFor({ timeout: T });
    expect(await offer.isChecked()).toBe(true);
    expect(await op.getByTestId('outcomes').textContent()).toContain(
      'Поставить на контроль: Проект договора (ФЛ), срок 10 раб. дн.',
    );
    await op.getByTestId('outcome-docs-accepted').check();
    await op.getByTestId('finish-service').click();
    await expect
      .poll(() => s.followUps.list({ limit: 10, type: 'contract-individual' }).items, { timeout: T })
      .toEqual([
        expect.objectContaining({
          source: 'visit',
          ticketId,
          ownerName: 'Смирнова Елена Викторовна',
          dueDay: '2026-12-10',
        }),
      ]);
  }, 60_000);
});
