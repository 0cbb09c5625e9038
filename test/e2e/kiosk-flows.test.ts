import { ticketsCalledBefore } from '@talon/engine';
import { pluralRu } from '@talon/protocol';
import { rosatomDemoOffice } from '@talon/server/demo';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../support/browser.js';
import { OFFICE_MORNING, startTestServer, type TestServer } from '../support/server.js';
import { openKiosk, requireKioskBuild } from './kiosk-support.js';

let s: TestServer;
let browser: Browser;
let admin: string;

beforeAll(async () => {
  requireKioskBuild();
  const config = rosatomDemoOffice();
  // a small daily cap on payments and a strict "another ticket?" threshold, to see both
  config.services = config.services.map((x) => (x.id === 'cash' ? { ...x, dailyCap: 1 } : x));
  config.kiosk = { idleReturnSec: 60, resultIdleSec: 5, ticketsPerMinuteBeforeConfirm: 2 };
  s = await startTestServer({
    server: { initialConfig: config, printing: { virtualPrinter: true, printerPollMs: 0 } },
  });
  admin = (await s.login('admin', 'admin-talon')).token;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await s?.stop();
});

async function book(code: string, slotAt: number, serviceId = 'contract') {
  const r = await s.command(admin, { type: 'createAppointment', code, serviceId, slotAt });
  expect(r.body.ok).toBe(true);
}

const ticketNumber = (kiosk: Page) => kiosk.getByTestId('kiosk-ticket-number').textContent();
const message = (kiosk: Page) => kiosk.getByTestId('kiosk-message');

describe('appointment check-in at the kiosk', () => {
  it('on time: the code typed on the keypad gives a ticket by appointment, printed with the booked time', async () => {
    await book('A1001', OFFICE_MORNING + 5 * 60_000);
    const kiosk = await openKiosk(browser, s, 'Киоск записи');
    await kiosk.getByTestId('appointment').click();
    for (const k of '1001') await kiosk.getByTestId(`keypad-${k}`).click();
    // the letter comes from a keyboard (or a scanner) into the focused field
    await kiosk.getByTestId('checkin-code').press('Home');
    await kiosk.keyboard.type('a');
    expect(await kiosk.getByTestId('checkin-code').inputValue()).toBe('A1001');
    await kiosk.getByTestId('checkin-submit').click();
    await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toMatch(/^Д-\d{3}$/);
    const number = (await ticketNumber(kiosk)) ?? '';
    expect(await kiosk.getByTestId('kiosk-service').textContent()).toContain('По предварительной записи');
    const ticket = Object.values(s.office.view().tickets).find((t) => t.number === number);
    expect(ticket?.appointmentId).toBe(`A1001@${OFFICE_MORNING + 5 * 60_000}`);
    const printed = await s.virtualPrinter?.waitForTicket((t) => t.lines.includes(number));
    expect(printed?.lines).toContain('По записи на 10:05');
  });

  it('a scanner (keyboard wedge) on the start screen checks in directly', async () => {
    await book('B2002', OFFICE_MORNING + 60_000);
    const kiosk = await openKiosk(browser, s, 'Киоск со сканером');
    await kiosk.keyboard.type('B2002', { delay: 5 });
    await kiosk.keyboard.press('Enter');
    await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toMatch(/^Д-\d{3}$/);
    expect(s.office.view().appointments[`B2002@${OFFICE_MORNING + 60_000}`]?.status).toBe('checked-in');
  });

  it('5 minutes late or more: a clear offer of the general queue, then an ordinary ticket', async () => {
    await book('C3003', OFFICE_MORNING - 10 * 60_000);
    const kiosk = await openKiosk(browser, s, 'Киоск 3');
    await kiosk.getByTestId('appointment').click();
    await kiosk.getByTestId('checkin-code').fill('C3003');
    await kiosk.getByTestId('checkin-code').press('Enter');
    const late = kiosk.getByTestId('kiosk-late');
    await late.waitFor({ timeout: 10_000 });
    expect(await late.textContent()).toContain('5 мин. или больше');
    expect(await late.textContent()).toContain('общую очередь');
    expect(await late.textContent()).not.toMatch(/обязаны|явиться|предъявить/i);
    await kiosk.getByTestId('late-take-ticket').click();
    await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toMatch(/^Д-\d{3}$/);
    const number = await ticketNumber(kiosk);
    const ticket = Object.values(s.office.view().tickets).find((t) => t.number === number);
    expect(ticket?.serviceId).toBe('contract');
    expect(ticket?.appointmentId).toBeUndefined();
    expect(s.office.view().appointments[`C3003@${OFFICE_MORNING - 10 * 60_000}`]?.status).toBe('forfeited');
  });

  it('too early or unknown: a polite message and the way back to the code', async () => {
    await book('D4004', OFFICE_MORNING + 3 * 3600_000);
    const kiosk = await openKiosk(browser, s, 'Киоск 4');
    await kiosk.getByTestId('appointment').click();
    await kiosk.getByTestId('checkin-code').fill('D4004');
    await kiosk.getByTestId('checkin-submit').click();
    await expect
      .poll(() => message(kiosk).getAttribute('data-code'), { timeout: 10_000 })
      .toBe('APPOINTMENT_TOO_EARLY');
    await kiosk.getByTestId('back').click();
    await kiosk.getByTestId('checkin-code').fill('NOPE99');
    await kiosk.getByTestId('checkin-submit').click();
    await expect
      .poll(() => message(kiosk).getAttribute('data-code'), { timeout: 10_000 })
      .toBe('APPOINTMENT_NOT_FOUND');
  });
});

describe('kiosk rules', () => {
  it('priority on request: the ticket is flagged with the chosen category', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск 5');
    await kiosk.getByTestId('priority').click();
    await kiosk.getByTestId('priority-disability').click();
    expect(await kiosk.getByTestId('priority-chosen').textContent()).toContain('Люди с инвалидностью');
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-personal-account').click();
    await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toMatch(/^Ц-\d{3}$/);
    const t = Object.values(s.office.view().tickets).find((x) => x.number === 'Ц-001');
    expect(t?.priorityCategoryId).toBe('disability');
  });

  it('a daily cap: the topic is shown as closed for today; more tickets in a minute ask for confirmation', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск 6');
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-payment').click(); // the only payment ticket today (cap 1)
    await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toBe('О-001');
    await kiosk.getByTestId('done').click();
    await kiosk.getByTestId('segment-individual').click();
    await expect.poll(() => kiosk.getByTestId('topic-payment').isDisabled(), { timeout: 10_000 }).toBe(true);
    expect(await kiosk.getByTestId('topic-payment').textContent()).toContain('На сегодня талоны закончились');
    await kiosk.getByTestId('topic-personal-account').click();
    await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toMatch(/^Ц-\d{3}$/);
    const before = Object.keys(s.office.view().tickets).length;
    await kiosk.getByTestId('done').click();
    await kiosk.getByTestId('segment-individual').click();
    await kiosk.getByTestId('topic-personal-account').click();
    await kiosk.getByTestId('kiosk-confirm').waitFor({ timeout: 10_000 });
    expect(Object.keys(s.office.view().tickets).length).toBe(before);
    await kiosk.getByTestId('confirm-yes').click();
    await expect.poll(() => Object.keys(s.office.view().tickets).length, { timeout: 10_000 }).toBe(before + 1);
  });

  it('the result screen goes back to the start after the configured idle time', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск 10');
    await kiosk.getByTestId('segment-business').click();
    await kiosk.getByTestId('topic-personal-account').click();
    await kiosk.getByTestId('kiosk-ticket-number').waitFor({ timeout: 10_000 });
    const shownAt = Date.now();
    await kiosk.getByTestId('segment-individual').waitFor({ timeout: 15_000 });
    expect(Date.now() - shownAt).toBeGreaterThanOrEqual(4000);
  });

  it('the ticket screen tells whom the office calls first, or plainly that nobody serves the service, with no wait', async () => {
    const take = async (name: string) => {
      const kiosk = await openKiosk(browser, s, name);
      await kiosk.getByTestId('segment-business').click();
      await kiosk.getByTestId('topic-personal-account').click();
      await expect.poll(() => ticketNumber(kiosk), { timeout: 10_000 }).toMatch(/^Ц-\d{3}$/);
      return kiosk;
    };
    // nobody is at a window in this office
    const alone = await take('Киоск 11');
    const none = alone.getByTestId('kiosk-people-ahead');
    expect(await none.getAttribute('data-count')).toBe('none');
    expect(await none.textContent()).toBe(
      'Сейчас в зале нет специалиста по этой услуге. Пожалуйста, обратитесь к администратору зала',
    );
    expect(await alone.getByTestId('kiosk-estimate').count()).toBe(0);

    const op = await s.login('operator5', 'talon5');
    await s.command(op.token, { type: 'operatorLogin', windowId: 'w5' });
    try {
      const kiosk = await take('Киоск 12');
      const number = await ticketNumber(kiosk);
      const state = s.office.view();
      const ticket = Object.values(state.tickets).find((t) => t.number === number);
      if (!ticket) throw new Error(`no ticket ${number}`);
      // the figure the engine gives this ticket now, on the same virtual clock: the tickets before it wait too
      const n = ticketsCalledBefore(state, ticket, s.clock.now()) ?? -1;
      expect(n).toBeGreaterThan(0);
      const ahead = kiosk.getByTestId('kiosk-people-ahead');
      expect(await ahead.getAttribute('data-count')).toBe(String(n));
      expect(await ahead.textContent()).toBe(`Перед вами: ${n} ${pluralRu(n, 'человек', 'человека', 'человек')}`);
      expect(await kiosk.getByTestId('kiosk-estimate').count()).toBe(1);
    } finally {
      // visitors still wait: the last operator leaves by the hall administrator's decision (issue 16)
      const admin = await s.login('admin', 'admin-talon');
      await s.command(admin.token, { type: 'operatorLogout', operatorId: 'op5', override: true });
    }
  });

  it('large text and high contrast for visitors who need them', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск 7');
    const fontSize = () => kiosk.evaluate(() => Number.parseFloat(getComputedStyle(document.body).fontSize));
    const normal = await fontSize();
    await kiosk.getByTestId('large-text-toggle').click();
    expect(await kiosk.evaluate(() => document.documentElement.classList.contains('kiosk-large'))).toBe(true);
    expect(await fontSize()).toBeGreaterThan(normal);
    await kiosk.getByTestId('contrast-toggle').click();
    expect(await kiosk.evaluate(() => document.documentElement.classList.contains('high-contrast'))).toBe(true);
    // every touch target stays at least 15 mm (≈ 57 CSS px at 96 dpi)
    for (const id of ['segment-individual', 'appointment', 'priority', 'lang-toggle']) {
      const box = await kiosk.getByTestId(id).boundingBox();
      expect(Math.min(box?.width ?? 0, box?.height ?? 0)).toBeGreaterThanOrEqual(57);
    }
  });

  it('live queue mode and outside reception hours: a polite message instead of the menu', async () => {
    const kiosk = await openKiosk(browser, s, 'Киоск 8');
    await s.command(admin, { type: 'setLiveQueueMode', on: true, reason: 'проверка' });
    await expect.poll(() => message(kiosk).getAttribute('data-code'), { timeout: 10_000 }).toBe('LIVE_QUEUE_MODE');
    await s.command(admin, { type: 'setLiveQueueMode', on: false });
    await kiosk.getByTestId('segment-individual').waitFor({ timeout: 10_000 });

    // 21:00 in Moscow: reception is over for the day
    await fetch(`${s.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: OFFICE_MORNING + 11 * 3600_000 }),
    });
    await kiosk.reload();
    await expect
      .poll(() => message(kiosk).getAttribute('data-code'), { timeout: 10_000 })
      .toBe('OUTSIDE_RECEPTION_HOURS');
    expect(await message(kiosk).textContent()).toContain('Будем рады видеть вас в часы приёма');
    const hours = await kiosk.getByTestId('reception-hours').textContent();
    expect(hours).toContain('Пн08:00–20:00');
    expect(hours).toContain('Всвыходной');
  });

  it('server unreachable: the kiosk says so plainly', async () => {
    // (after the previous test the office is closed: the kiosk shows that message, then loses the server)
    const kiosk = await openKiosk(browser, s, 'Киоск 9', 'kiosk-message');
    await kiosk.route('**/socket.io/**', (route) => route.abort());
    await kiosk.context().setOffline(true);
    await kiosk.getByTestId('kiosk-unavailable').waitFor({ timeout: 20_000 });
    expect(await message(kiosk).getAttribute('data-code')).toBe('NETWORK');
  });
});
