import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FollowUpCreateBody } from '@talon/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, openAdmin, signIn, type Variant, variants } from './cells.js';

/**
 * The follow-ups register (issue 16) on the desk PCs' two monitors in both languages and contrasts: a
 * register with every state (new, in work, due today, overdue, answered, closed), the new-entry and answer
 * forms open, and the on-time report.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const msk = (day: string, hhmm = '10:00') => Date.parse(`${day}T${hhmm}:00+03:00`);

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('admin-followups', SIZES);

/** Three weeks of follow-ups, seen on Thu 26 Nov 2026. */
async function register() {
  const adminId = s.store.db.prepare<[], string>("SELECT id FROM users WHERE login = 'admin'").pluck().get() ?? '';
  const by = { name: 'Администратор зала', userId: adminId };
  const add = (body: FollowUpCreateBody) => {
    const r = s.followUps.create(body, by);
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    return r.value.id;
  };
  // Mon 9 Nov: a complaint nobody answered (due 23 Nov), a review answered three days later
  const overdue = add({
    type: 'complaint',
    text: 'Письменная жалоба: неверно начислена плата за октябрь, просьба сделать перерасчёт и ответить письмом по адресу регистрации',
    ticketNumber: 'К-014',
    contact: '+7 900 123-45-67',
  });
  s.followUps.take(overdue, adminId, by);
  const review = add({ type: 'review', text: 'Книга отзывов, стр. 12: благодарность операторам окна 3' });
  s.clock.set(msk('2026-11-12'));
  s.followUps.answer(review, 'Передано руководителю офиса, благодарность объявлена', by);
  // Thu 12 Nov: due on 26 Nov, today
  add({ type: 'other', text: 'Звонок: уточнить график приёма юридических лиц в декабре', ownerId: adminId });
  s.clock.set(msk('2026-11-24'));
  add({ type: 'proposal', text: 'Предложение: поставить второй терминал самообслуживания у входа' });
  const closed = add({ type: 'proposal', text: 'Дубликат записи о терминале' });
  s.followUps.close(closed, undefined, by);
  s.clock.set(msk('2026-11-26'));
  add({ type: 'contract-legal', text: 'Проект договора энергоснабжения, ООО «Ромашка»', ticketNumber: 'Д-003' });
  s.monitor.evaluate();
}

const signInHere = (page: Page) => signIn(page, 'admin', 'admin-talon');

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  s = await startTestServer({ now: msk('2026-11-09') });
  await register();
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

describe('the follow-ups register × 2 sizes × ru/en × normal/high contrast', () => {
  it('the register, its forms, the report', async () => {
    await each(async (v) => {
      await signInHere(v.page);
      await v.page.locator('[data-testid="alarm-bar-item"][data-kind="follow-up-deadline"]').first().waitFor();
      await v.page.getByTestId('nav-followups').click();
      await v.page.locator('[data-testid="followup-list"][data-count="6"]').waitFor({ timeout: 15_000 });
    });
    const page = (vs[0] as Variant).page;
    const urgency = await page
      .getByTestId('followup-item')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-type')}:${e.getAttribute('data-urgency')}`));
    expect(urgency).toEqual([
      'contract-legal:ok',
      'proposal:done',
      'proposal:ok',
      'other:soon',
      'review:done',
      'complaint:overdue',
    ]);
    const problems = await m.state('register', vs);

    await each(async (v) => {
      await v.page.getByTestId('followup-new').click();
      await v.page
        .getByTestId('followup-create-text')
        .fill('Запись в книге отзывов: просьба продлить приём по субботам');
      await v.page.getByTestId('followup-create-contact').fill('ivanov@example.ru');
      await v.page
        .locator('[data-testid="followup-item"][data-type="complaint"] [data-testid="followup-answer"]')
        .click();
      await v.page
        .locator('[data-testid="followup-answer-text"]')
        .fill('Перерасчёт сделан, ответ отправлен заказным письмом');
    });
    problems.push(
      ...(await m.state('forms', vs, async (v) => {
        await v.page.getByTestId('followup-create-form').scrollIntoViewIfNeeded();
      })),
    );
    problems.push(
      ...(await m.state('forms-answer', vs, async (v) => {
        await v.page.getByTestId('followup-answer-text').scrollIntoViewIfNeeded();
      })),
    );

    await each(async (v) => {
      await v.page.getByTestId('followups-tab-report').click();
      await v.page.locator('[data-testid="followup-report-row"][data-type="total"]').waitFor({ timeout: 15_000 });
    });
    expect(await page.locator('[data-testid="followup-report-row"][data-type="total"]').textContent()).toBe(
      'Итого62013',
    );
    problems.push(...(await m.state('report', vs)));
    expect(problems).toEqual([]);
  }, 180_000);
});
