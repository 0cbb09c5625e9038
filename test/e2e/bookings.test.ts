import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BookingCreated } from '@talon/protocol';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../admin/http.js';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

// OFFICE_MORNING: Thursday 26 Nov 2026, 10:00 in Moscow; the demo office books consult (2 a slot) and contract (1)
const T = 15_000;
const MIN = 60_000;
let s: TestServer;
let browser: Browser;
let admin: Page;
let adminToken: string;
let commandNo = 0;

beforeAll(async () => {
  requireKioskBuild();
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  s = await startTestServer();
  adminToken = (await s.login('admin', 'admin-talon')).token;
  browser = await launchBrowser();
  admin = await (await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' })).newPage();
  await admin.goto(`${s.url}/admin/`);
  await admin.getByTestId('login').fill('admin');
  await admin.getByTestId('password').fill('admin-talon');
  await admin.getByTestId('login-submit').click();
  await admin.getByTestId('monitor').waitFor({ timeout: T });
  await admin.getByTestId('nav-bookings').click();
  await admin.locator('[data-testid="bookings"][data-loaded="true"]').waitFor({ timeout: T });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

/** A booking made over the screen's own route (as the create dialog does). */
async function bookForCaller(serviceId: string, slotAt: number, phone?: string): Promise<BookingCreated> {
  const r = await api<BookingCreated>(s, 'POST', '/api/bookings', adminToken, {
    commandId: `e2e-booking-${++commandNo}`,
    serviceId,
    slotAt,
    visitorName: 'Тестов Тест',
    ...(phone ? { phone } : {}),
  });
  expect(r.status).toBe(200);
  return r.body;
}

const row = (code: string) => admin.locator(`[data-testid="booking-row"][data-code="${code}"]`);
const ticketNumber = (kiosk: Page) => kiosk.getByTestId('kiosk-ticket-number').textContent();

describe('the bookings screen in Chromium', () => {
  it('books a caller: service, a free slot, name and phone; listed with its code; cancelled after a confirmation', async () => {
    await admin.getByTestId('bookings-none').waitFor({ timeout: T });
    await admin.getByTestId('booking-create').click();
    const dialog = admin.getByTestId('booking-create-dialog');
    await dialog.waitFor({ timeout: T });
    await admin.getByTestId('booking-service').selectOption('consult');
    await admin.getByTestId('booking-slots').waitFor({ timeout: T });
    // the first slot not yet begun: 10:15
    const first = admin.getByTestId('booking-slot').first();
    expect(Number(await first.getAttribute('data-at'))).toBe(OFFICE_MORNING + 15 * MIN);
    expect(await first.textContent()).toContain('10:15');
    await first.click();
    await admin.getByTestId('booking-name').fill('Звонков Пётр');
    await admin.getByTestId('booking-phone').fill('12');
    await admin.getByTestId('booking-phone-invalid').waitFor({ timeout: T });
    expect(await admin.getByTestId('booking-create-submit').isDisabled()).toBe(true);
    await admin.getByTestId('booking-phone').fill('+7 900 765-43-21');
    await admin.getByTestId('booking-create-submit').click();
    const created = admin.getByTestId('booking-created');
    await created.waitFor({ timeout: T });
    const code = (await created.getAttribute('data-code')) ?? '';
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    expect(await created.textContent()).toContain(code);
    await admin.getByTestId('booking-create-close').click();

    await row(code).waitFor({ timeout: T });
    const text = await row(code).textContent();
    expect(text).toContain('10:15');
    expect(text).toContain('Консультация');
    expect(text).toContain('Звонков Пётр');
    expect(text).toContain('+7 900 765-43-21');
    expect(text).toContain('офис (по телефону)');
    expect(await row(code).getAttribute('data-status')).toBe('expected');
    expect(s.office.view().appointments[`${code}@${OFFICE_MORNING + 15 * MIN}`]?.source).toBe('office');

    await row(code).getByTestId('booking-cancel').click();
    const confirm = admin.getByTestId('booking-cancel-dialog');
    await confirm.waitFor({ timeout: T });
    expect(await confirm.textContent()).toContain(code);
    await admin.getByTestId('booking-cancel-confirm').click();
    await expect.poll(() => row(code).getAttribute('data-status'), { timeout: T }).toBe('cancelled');
    expect(await row(code).textContent()).toContain('отменена');
    expect(await confirm.count()).toBe(0);
    expect(s.office.view().appointments[`${code}@${OFFICE_MORNING + 15 * MIN}`]?.status).toBe('cancelled');
  });

  it('the kiosk checks in by the phone number given when booking; the screen shows the ticket', async () => {
    const { code } = await bookForCaller('consult', OFFICE_MORNING + 15 * MIN, '+7 (900) 123-45-67');
    await row(code).waitFor({ timeout: T });
    const kiosk = await openKiosk(browser, s, 'Киоск записи');
    await kiosk.getByTestId('appointment').click();
    await kiosk.getByTestId('checkin-by-phone').click();
    // typed as people say it: 8 and ten digits
    for (const k of '89001234567') await kiosk.getByTestId(`keypad-${k}`).click();
    expect(await kiosk.getByTestId('checkin-phone').textContent()).toBe('89001234567');
    await kiosk.getByTestId('checkin-phone-submit').click();
    await expect.poll(() => ticketNumber(kiosk), { timeout: T }).toMatch(/^К-\d{3}$/);
    const number = (await ticketNumber(kiosk)) ?? '';
    expect(await kiosk.textContent('body')).toContain('Консультация');
    expect(await kiosk.textContent('body')).not.toContain('123-45-67');
    await expect.poll(() => row(code).getAttribute('data-status'), { timeout: T }).toBe('checked-in');
    expect(await row(code).textContent()).toContain(number);
    // 152-ФЗ: the number lives in the personal-data table, never in the event log
    const log = [...s.store.iterateEvents(0)].map((e) => JSON.stringify(e)).join('\n');
    expect(log).toContain(code);
    expect(log).not.toMatch(/123-45-67|9001234567/);
  });

  it('a number without a booking today: a polite message about the number, and the way back to it', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск 2');
    await kiosk.getByTestId('appointment').click();
    await kiosk.getByTestId('checkin-by-phone').click();
    for (const k of '12') await kiosk.getByTestId(`keypad-${k}`).click();
    await kiosk.getByTestId('checkin-phone-submit').click();
    await kiosk.getByTestId('checkin-phone-invalid').waitFor({ timeout: T });
    for (const k of '345678901') await kiosk.getByTestId(`keypad-${k}`).click();
    await kiosk.getByTestId('checkin-phone-submit').click();
    const message = kiosk.getByTestId('kiosk-message');
    await expect.poll(() => message.getAttribute('data-code'), { timeout: T }).toBe('APPOINTMENT_NOT_FOUND');
    expect(await message.textContent()).toContain('на этот номер');
    await kiosk.getByTestId('back').click();
    await kiosk.getByTestId('checkin-phone').waitFor({ timeout: T });
  });

  it("the booking's QR (its code) scanned on the start screen checks in at once", async () => {
    const { code } = await bookForCaller('contract', OFFICE_MORNING + 15 * MIN);
    const kiosk = await openKiosk(browser, s, 'Киоск со сканером');
    await kiosk.keyboard.type(code, { delay: 5 });
    await kiosk.keyboard.press('Enter');
    await expect.poll(() => ticketNumber(kiosk), { timeout: T }).toMatch(/^Д-\d{3}$/);
    await expect.poll(() => row(code).getAttribute('data-status'), { timeout: T }).toBe('checked-in');
  });

  it('late by phone (seed 003 §8.6.5): the general queue of the booked service is offered; the screen says late for the one who came, no-show for the other', async () => {
    const slotAt = OFFICE_MORNING + 60 * MIN;
    const late = await bookForCaller('contract', slotAt, '+7 900 222-33-44');
    const never = await bookForCaller('consult', slotAt, '+7 900 555-66-77');
    await api(s, 'POST', '/api/test/clock', undefined, { advanceMs: 70 * MIN }); // 11:10, both 10 min late
    await expect.poll(() => row(never.code).getAttribute('data-status'), { timeout: T }).toBe('no-show');
    expect(await row(never.code).textContent()).toContain('не явился');

    const kiosk = await openKiosk(browser, s, 'Киоск 3');
    await kiosk.getByTestId('appointment').click();
    await kiosk.getByTestId('checkin-by-phone').click();
    for (const k of '+79002223344') await kiosk.getByTestId(`keypad-${k === '+' ? 'plus' : k}`).click();
    await kiosk.getByTestId('checkin-phone-submit').click();
    await kiosk.getByTestId('kiosk-late').waitFor({ timeout: T });
    await kiosk.getByTestId('late-take-ticket').click();
    await expect.poll(() => ticketNumber(kiosk), { timeout: T }).toMatch(/^Д-\d{3}$/);
    const number = await ticketNumber(kiosk);
    const ticket = Object.values(s.office.view().tickets).find((t) => t.number === number);
    expect(ticket?.serviceId).toBe('contract');
    expect(ticket?.appointmentId).toBeUndefined();
    expect(s.office.view().appointments[late.appointmentId]?.status).toBe('forfeited');
    // the one who came is late on the screen, the one who never came stays a no-show
    await expect.poll(() => row(late.code).getAttribute('data-status'), { timeout: T }).toBe('late');
    expect(await row(never.code).getAttribute('data-status')).toBe('no-show');
  });

  it('the configuration administrator sets the booking settings: places per service, the website, the messages', async () => {
    const page = await (
      await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ru-RU' })
    ).newPage();
    await page.goto(`${s.url}/admin/#config/booking`);
    await page.getByTestId('login').fill('config');
    await page.getByTestId('password').fill('config-talon');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('cfg-page-booking').waitFor({ timeout: T });
    expect(await page.getByTestId('cfg-booking.capacity.consult').inputValue()).toBe('2');
    expect(await page.getByTestId('cfg-booking.enabled').isChecked()).toBe(true);
    await page.getByTestId('cfg-booking.capacity.consult').fill('4');
    await page.getByTestId('cfg-booking.capacity.contract').fill('0');
    await page.getByTestId('cfg-booking.enabled').uncheck();
    await page.getByTestId('cfg-booking.notify.aheadMax').fill('5');
    // a slot of 3 minutes is below the schema's 5: marked, and the save waits for a fix
    await page.getByTestId('cfg-booking.slotMin').fill('3');
    await page.getByTestId('config-issues').waitFor({ timeout: T });
    expect(await page.getByTestId('config-save').isDisabled()).toBe(true);
    await page.getByTestId('cfg-booking.slotMin').fill('20');
    await expect.poll(() => page.getByTestId('config-save').isDisabled(), { timeout: T }).toBe(false);
    await page.getByTestId('config-save').click();
    await page.getByTestId('config-changes').waitFor({ timeout: T });
    await page.getByTestId('config-confirm').click();
    await page.getByTestId('config-saved').waitFor({ timeout: T });
    expect(s.office.config?.booking).toMatchObject({
      enabled: false,
      slotMin: 20,
      capacity: { consult: 4 },
      notify: { aheadMax: 5 },
    });
    expect(s.office.config?.booking?.capacity).not.toHaveProperty('contract');
    // the slots follow at once: 20-minute slots of 4 places
    const slots = await api<{ slots: { at: number; capacity: number }[] }>(
      s,
      'GET',
      '/api/bookings/slots?serviceId=consult&day=2026-11-27',
      adminToken,
    );
    expect(slots.body.slots[1]?.at).toBe(Date.parse('2026-11-27T08:20:00+03:00'));
    expect(slots.body.slots[0]?.capacity).toBe(4);
  });
});
