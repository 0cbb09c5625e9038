import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { REPO_ROOT } from '../support/process.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

/**
 * Issue 15's main flow, end to end in Chromium: a visitor books a slot on the public page on a 360×640
 * phone → the office has the booking → the kiosk's scanner reads the confirmation's QR (the code) → the
 * ticket's page on the phone shows the place and the estimate → an operator calls it → the phone shows the
 * window within a second → after service the visitor rates the visit → the rating is at the office.
 */
let s: TestServer;
let browser: Browser;
let phone: Page;

const ok = async (r: Promise<{ body: { ok: boolean } }>) => {
  const x = await r;
  if (!x.body.ok) throw new Error(JSON.stringify(x.body));
  return x.body as { ok: true; result?: { ticketId?: string; number?: string } };
};

beforeAll(async () => {
  requireKioskBuild();
  if (!existsSync(join(REPO_ROOT, 'visitor/dist/index.html')))
    throw new Error('visitor/dist is not built: run "npm run build -w @talon/visitor" first');
  s = await startTestServer({ server: { printing: { virtualPrinter: true, printerPollMs: 0 } } });
  browser = await launchBrowser();
  const ctx = await browser.newContext({ viewport: { width: 360, height: 640 }, hasTouch: true, locale: 'ru-RU' });
  phone = await ctx.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

const testId = (id: string) => phone.getByTestId(id);
const attr = (id: string, name: string) =>
  testId(id)
    .getAttribute(name, { timeout: 2000 })
    .catch(() => null);

describe('book on the phone, check in at the kiosk, be called on the phone, rate', () => {
  it('goes from the booking page to the rating at the office', async () => {
    const admin = (await s.login('admin', 'admin-talon')).token;
    const adminLive = await s.connect('admin', admin);
    const op = (await s.login('operator1', 'talon1')).token;
    await ok(s.command(op, { type: 'operatorLogin', windowId: 'w1' }));
    // the window is busy with a walk-in visitor: the booked one will wait for the end of that visit
    const kioskToken = (await s.pair('kiosk', 'Киоск для очереди')).token;
    await ok(s.command(kioskToken, { type: 'issueTicket', topicId: 'billing', segmentId: 'individual' }));
    await ok(s.command(op, { type: 'callNext' }));
    await ok(s.command(op, { type: 'startService' }));

    // the public page, Russian first, on the phone
    const slotAt = OFFICE_MORNING + 15 * 60_000; // 10:15 in Moscow, today
    await phone.goto(`${s.url}/book`);
    await testId('service-consult').click();
    await testId('day-2026-11-26').click();
    // 10:15 is free; the page says the times are the office's
    await testId(`slot-${slotAt}`).click();
    await testId('name').fill('Иванов Иван');
    await testId('phone').fill('+7 900 123-45-67');
    // without the consent the page does not send
    await testId('book').click();
    expect(await testId('problem').textContent()).toContain('согласие');
    await testId('consent').check();
    await testId('book').click();
    await testId('confirmation').waitFor({ timeout: 10_000 });
    const code = (await testId('booking-code').textContent()) ?? '';
    expect(code).toMatch(/^[A-Z0-9]{6}$/);
    await expect.poll(() => attr('booking-qr', 'data-qr')).toBe(code);
    expect(await phone.locator('[data-testid="booking-qr"] svg').count()).toBe(1);
    expect(await testId('check-in-rule').textContent()).toBe(
      'Подойдите к терминалу за 30 минут до времени записи и отсканируйте QR-код или введите код.',
    );
    expect(await testId('booking-when').textContent()).toContain('10:15');
    expect(await testId('manage-link').getAttribute('href')).toMatch(new RegExp(`^${s.url}/book/m/`));

    // the office has it: the administrator's live state carries the booking, made on the public page
    const id = `${code}@${slotAt}`;
    await adminLive.until(() =>
      adminLive.events.some((e) => e.type === 'AppointmentCreated' && e.appointment.id === id),
    );
    expect(s.office.view().appointments[id]).toMatchObject({
      status: 'booked',
      source: 'public',
      serviceId: 'consult',
    });
    // the administrator's bookings screen shows it, expected, with the caller's name and phone
    const desk = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    await desk.goto(`${s.url}/admin/#bookings`);
    await desk.getByTestId('login').fill('admin');
    await desk.getByTestId('password').fill('admin-talon');
    await desk.getByTestId('login-submit').click();
    const row = desk.locator(`[data-testid="booking-row"][data-code="${code}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.getAttribute('data-status')).toBe('expected');
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('10:15');
    expect(rowText).toContain('Иванов Иван');

    // the kiosk's scanner is a keyboard: the code typed fast and Enter, on the start screen
    const kiosk = await openKiosk(browser, s, 'Киоск со сканером', 'segment-individual', { width: 1280, height: 1024 });
    await kiosk.keyboard.type(code, { delay: 5 });
    await kiosk.keyboard.press('Enter');
    await kiosk.getByTestId('kiosk-ticket-number').waitFor({ timeout: 10_000 });
    const number = ((await kiosk.getByTestId('kiosk-ticket-number').textContent()) ?? '').trim();
    expect(s.office.view().appointments[id]?.status).toBe('checked-in');
    // …and the screen follows: checked in, with the ticket's number
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 5000 }).toBe('checked-in');
    expect(await row.textContent()).toContain(number);
    await desk.close();
    const printed = await s.virtualPrinter?.waitForTicket((t) => t.lines.some((l) => l.includes(number)));
    const visitUrl = printed?.qr[0] ?? '';
    expect(visitUrl).toMatch(/\/v\//);

    // the ticket's QR on the phone: the place in the queue and the estimate
    await phone.goto(visitUrl);
    expect(await attr('ticket-status', 'data-status')).toBe('waiting');
    // a booking at its time goes first: next, once the visit at the window ends
    expect(await attr('ticket-ahead', 'data-ahead')).toBe('0');
    expect(await testId('ticket-ahead').textContent()).toBe('Вы следующий');
    expect(Number(await attr('ticket-estimate', 'data-high'))).toBeGreaterThan(0);

    // the operator finishes the visit before, then calls the booked visitor at the slot's time
    s.clock.advance(15 * 60_000);
    await ok(s.command(op, { type: 'finishService', outcomes: ['consultation'] }));
    const called = await ok(s.command(op, { type: 'callNext' }));
    expect(called.result?.number ?? number).toBe(number);
    await expect.poll(() => attr('ticket-status', 'data-status'), { timeout: 1000, interval: 50 }).toBe('called');
    expect(await testId('ticket-window').textContent()).toBe('Окно 1');

    // served, then rated on the same page
    await ok(s.command(op, { type: 'startService' }));
    s.clock.advance(5 * 60_000);
    await ok(s.command(op, { type: 'finishService', outcomes: ['consultation'] }));
    await testId('rating-form').waitFor({ timeout: 10_000 });
    await phone.locator('label', { has: testId('score-5') }).click();
    await testId('rating-submit').click();
    await testId('rating-thanks').waitFor();
    const ticketId = s.office.view().appointments[id]?.ticketId;
    expect(s.store.ratings({}).find((r) => r.ticketId === ticketId)).toMatchObject({ score: 5, channel: 'qr' });
  }, 180_000);

  it('manages the booking through its link: moves it, then cancels it after asking', async () => {
    const slotAt = OFFICE_MORNING + 2 * 3600_000; // 12:00
    const later = slotAt + 3600_000;
    const r = await fetch(`${s.url}/api/public/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        serviceId: 'contract',
        slotAt,
        name: 'Петрова',
        phone: '+7 900 765-43-21',
        consent: true,
      }),
    });
    const booked = (await r.json()) as { manageToken: string; code: string };
    await phone.goto(`${s.url}/book/m/${booked.manageToken}?lang=en`);
    expect(await attr('manage', 'data-status')).toBe('booked');
    expect(await testId('booking-code').textContent()).toBe(booked.code);
    expect(await testId('booking-status').textContent()).toBe('We are expecting you');
    await testId('move').click();
    await testId('day-2026-11-26').click();
    // its own time is not offered again
    expect(await testId(`slot-${slotAt}`).isDisabled()).toBe(true);
    await testId(`slot-${later}`).click();
    await expect.poll(() => testId('manage-note').textContent()).toContain('moved');
    expect(await testId('booking-when').textContent()).toContain('13:00');
    expect(s.office.view().appointments[`${booked.code}@${later}`]?.status).toBe('booked');
    // the address is the moved booking's own link now: a reload shows it
    await phone.reload();
    expect(await testId('booking-when').textContent()).toContain('13:00');
    await testId('cancel').click();
    await testId('cancel-no').click();
    expect(s.office.view().appointments[`${booked.code}@${later}`]?.status).toBe('booked');
    await testId('cancel').click();
    await testId('cancel-yes').click();
    await expect.poll(() => attr('manage', 'data-status')).toBe('cancelled');
    expect(s.office.view().appointments[`${booked.code}@${later}`]?.status).toBe('cancelled');
  }, 60_000);

  it('takes a virtual ticket from the entrance QR and lands on its live page', async () => {
    await phone.goto(`${s.url}/take`);
    await testId('segment-individual').click();
    await testId('topic-billing').click();
    await testId('phone').fill('+7 900 222-33-44');
    await testId('consent').check();
    await testId('take').click();
    await phone.waitForURL(/\/v\//, { timeout: 10_000 });
    await testId('ticket-status').waitFor();
    const mine = Object.values(s.office.view().tickets).find((t) => t.channel === 'phone');
    expect(await testId('ticket-number').textContent()).toBe(mine?.number);
  }, 60_000);
});
