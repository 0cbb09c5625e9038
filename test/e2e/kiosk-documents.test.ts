import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

/**
 * The documents checklist (`topic.documents`, seed 004: «перечень документов») before a ticket, and the
 * kiosk walked through in English from the first screen to the ticket.
 */
let s: TestServer;
let browser: Browser;

beforeAll(async () => {
  requireKioskBuild();
  s = await startTestServer();
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';

describe('the kiosk in Chromium', () => {
  it('a topic with documents shows its checklist first; «Назад» returns to the topics; the ticket follows', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск документы', 'segment-individual', { width: 1280, height: 1024 });
    await kiosk.getByTestId('segment-individual').click();
    // a topic without documents goes straight on (to the account question here)
    await kiosk.getByTestId('topic-billing').click();
    await kiosk.getByTestId('visitor-data-skip').waitFor();
    expect(await kiosk.getByTestId('kiosk-documents').count()).toBe(0);
    await kiosk.getByTestId('back').click();

    await kiosk.getByTestId('topic-re-register').click();
    const docs = kiosk.getByTestId('kiosk-documents');
    await docs.waitFor();
    expect(await docs.textContent()).toBe(
      'Паспорт и документ о смене собственника (договор купли-продажи, дарения, свидетельство)',
    );
    expect(await kiosk.locator('.kiosk-crumb').textContent()).toBe('Переоформление лицевого счёта');
    expect(await kiosk.locator('h1.kiosk-title').textContent()).toBe('Для этого обращения понадобятся документы');
    expect(await kiosk.locator('.kiosk-hint').textContent()).toContain('специалист подскажет');
    // nothing is issued by reading the list
    const before = Object.keys(s.office.view().tickets).length;
    await kiosk.getByTestId('back').click();
    await kiosk.getByTestId('topics-list').waitFor();
    expect(Object.keys(s.office.view().tickets).length).toBe(before);

    await kiosk.getByTestId('topic-re-register').click();
    await kiosk.getByTestId('get-ticket').click();
    // the topic asks for the account: skipping it still gives the ticket
    await kiosk.getByTestId('visitor-data-skip').click();
    const number = kiosk.getByTestId('kiosk-ticket-number');
    await expect.poll(() => number.textContent(), { timeout: 10_000 }).toMatch(/^[А-ЯЁ]-\d{3}$/);
    const shown = await number.textContent();
    const issued = Object.values(s.office.view().tickets).find((t) => t.number === shown);
    expect(issued?.topicId).toBe('re-register');
    await kiosk.context().close();
  }, 60_000);

  it('in English from the first screen to the ticket, and back to Russian for the next visitor', async () => {
    const kiosk = await openKiosk(browser, s, 'Kiosk English', 'segment-individual', { width: 1080, height: 1920 });
    await kiosk.getByTestId('lang-toggle').click();
    await kiosk.waitForFunction(() => document.documentElement.lang === 'en');
    expect(await kiosk.locator('h1.kiosk-title').first().textContent()).toMatch(/[A-Za-z]/);
    expect(await text(kiosk, 'help-button')).toContain('Call a staff member');
    expect(await text(kiosk, 'segment-individual')).not.toMatch(/[А-Яа-яЁё]/);

    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topics-list').waitFor();
    expect(await kiosk.locator('h1.kiosk-title').textContent()).toBe('Please choose the purpose of your visit');
    expect(await text(kiosk, 'topic-re-register')).toContain('Re-register an account');

    await kiosk.getByTestId('topic-re-register').click();
    await kiosk.getByTestId('kiosk-documents').waitFor();
    expect(await kiosk.locator('h1.kiosk-title').textContent()).toBe('For this request you will need');
    expect(await text(kiosk, 'kiosk-documents')).toBe(
      'Passport and a document proving the change of owner (sale, gift, certificate)',
    );
    expect(await text(kiosk, 'get-ticket')).toBe('Get a ticket');
    expect(await text(kiosk, 'back')).toContain('Back');

    await kiosk.getByTestId('get-ticket').click();
    await kiosk.getByTestId('visitor-data-skip').waitFor();
    expect(await text(kiosk, 'visitor-data-skip')).not.toMatch(/[А-Яа-яЁё]/);
    await kiosk.getByTestId('visitor-data-skip').click();
    await kiosk.getByTestId('kiosk-ticket-number').waitFor({ timeout: 10_000 });
    // the result in English: the service's name and the wait line, no Russian words
    expect(await text(kiosk, 'kiosk-service')).not.toMatch(/[А-Яа-яЁё]/);
    expect(await kiosk.locator('main').textContent()).toContain('Your ticket');

    // «Done»: the next visitor starts afresh, in Russian
    await kiosk.getByTestId('done').click();
    await kiosk.waitForFunction(() => document.documentElement.lang === 'ru');
    expect(await text(kiosk, 'help-button')).toContain('Позвать сотрудника');
    await kiosk.context().close();
  }, 60_000);
});
