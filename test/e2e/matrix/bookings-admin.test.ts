import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../../admin/http.js';
import { launchBrowser } from '../../support/browser.js';
import { REPO_ROOT } from '../../support/process.js';
import { startTestServer, type TestServer } from '../../support/server.js';
import { Matrix, openAdmin, signIn, type Variant, variants } from './cells.js';

/**
 * The bookings screen (issue 15) on the desk PCs' two monitors in both languages and contrasts: a day with
 * every status (served, checked in, late, no-show, cancelled, expected) from every source, the dialog that
 * books a caller, the report of a refused CSV import, and the office's booking settings.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const MIN = 60_000;
const msk = (hhmm: string) => Date.parse(`2026-11-26T${hhmm}:00+03:00`);

let s: TestServer;
let browser: Browser;
let vs: Variant[];
const m = new Matrix('admin-bookings', SIZES);

const ok = async (token: string, command: Record<string, unknown>) => {
  const r = await s.command(token, command);
  if (!r.body.ok) throw new Error(`${String(command.type)}: ${JSON.stringify(r.body)}`);
};

/** Thursday 26 Nov 2026 seen at 09:10: one booking of each status. */
async function day() {
  const admin = (await s.login('admin', 'admin-talon')).token;
  const kiosk = (await s.pair('kiosk', 'Киоск у входа')).token;
  const op1 = (await s.login('operator1', 'talon1')).token;
  const book = (code: string, serviceId: string, hhmm: string, source: string, visitorName?: string, phone?: string) =>
    ok(admin, {
      type: 'createAppointment',
      code,
      serviceId,
      slotAt: msk(hhmm),
      source,
      ...(visitorName ? { visitorName } : {}),
      ...(phone ? { phone } : {}),
    });
  await book('SRV4K7', 'consult', '08:45', 'office', 'Константинопольская Александра Владимировна', '+7 900 123-45-67');
  await book('WAIT3C', 'contract', '08:45', 'public', 'Петров Пётр', '+7 912 000-11-22');
  await book('NOSH9X', 'consult', '09:00', 'hq', 'Сидоров Иван', '+7 903 444-55-66');
  await book('LATE7M', 'consult', '09:00', 'import', 'Кузнецова Мария');
  await book('CANC4T', 'consult', '10:00', 'office', 'Орлов Олег', '8 (921) 765-43-21');
  await book('EXPT6P', 'contract', '10:30', 'public', 'Смирнова Елена', '+7 999 888-77-66');
  await book('EXPT7Q', 'consult', '11:15', 'office');

  await ok(kiosk, { type: 'checkIn', code: 'SRV4K7' });
  await ok(kiosk, { type: 'checkIn', code: 'WAIT3C' });
  await ok(op1, { type: 'operatorLogin', windowId: 'w1' });
  await ok(op1, { type: 'callNext' });
  await ok(op1, { type: 'startService' });
  s.clock.advance(10 * MIN);
  await ok(op1, { type: 'finishService', outcomes: ['resolved'] });
  await ok(admin, { type: 'cancelAppointment', appointmentId: `CANC4T@${msk('10:00')}` });
  s.clock.set(msk('09:06'));
  await ok(kiosk, { type: 'checkIn', code: 'LATE7M' }); // 6 min late: offered the general queue
  // to 09:10 with the office's tick: the booking nobody came for is forfeited
  await api(s, 'POST', '/api/test/clock', undefined, { advanceMs: 4 * MIN });
}

const BAD_CSV = [
  'код;услуга;дата и время;фамилия и имя',
  'IMP001;consult;2026-11-27 10:00;Иванов Иван',
  'IMP002;нет такой;2026-11-27 10:15;Петров Пётр',
  'IMP003;consult;завтра;Сидоров',
  'IMP001;contract;2026-11-27 11:00;Дубль',
  'IMP005;consult;2026-11-20 10:00;Вчерашний',
].join('\n');

beforeAll(async () => {
  if (!existsSync(join(REPO_ROOT, 'admin/dist/index.html')))
    throw new Error('admin/dist is not built: run "npm run build -w admin" first');
  s = await startTestServer({ now: msk('08:40') });
  await day();
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
const statuses = (page: Page) =>
  page
    .getByTestId('booking-row')
    .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-code')}:${e.getAttribute('data-status')}`));

describe('the bookings screen × 2 sizes × ru/en × normal/high contrast', () => {
  it('the day with every status, the dialog for a caller, the import report', async () => {
    await each(async (v) => {
      await signIn(v.page, 'config', 'config-talon');
      await v.page.getByTestId('nav-bookings').click();
      await v.page.locator('[data-testid="bookings-table"]').waitFor({ timeout: 15_000 });
    });
    expect(await statuses((vs[0] as Variant).page)).toEqual([
      'SRV4K7:served',
      'WAIT3C:checked-in',
      'LATE7M:late',
      'NOSH9X:no-show',
      'CANC4T:cancelled',
      'EXPT6P:expected',
      'EXPT7Q:expected',
    ]);
    const problems = await m.state('list', vs);

    await each(async (v) => {
      await v.page.getByTestId('booking-create').click();
      await v.page.getByTestId('booking-service').selectOption('consult');
      await v.page.getByTestId('booking-slots').waitFor({ timeout: 15_000 });
      await v.page.getByTestId('booking-slot').nth(2).click();
      await v.page.getByTestId('booking-name').fill('Васильева Анна Петровна');
      await v.page.getByTestId('booking-phone').fill('+7 900 111-22-33');
    });
    problems.push(...(await m.state('create', vs)));

    await each(async (v) => {
      await v.page.getByTestId('booking-create-cancel').click();
      await v.page.getByTestId('booking-import').click();
      await v.page.getByTestId('booking-import-file').setInputFiles({
        name: 'bookings.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(BAD_CSV, 'utf8'),
      });
      await v.page.getByTestId('booking-import-submit').click();
      await v.page.locator('[data-testid="booking-import-report"][data-count="4"]').waitFor({ timeout: 15_000 });
    });
    problems.push(...(await m.state('import-report', vs)));

    // the office's booking settings, in the configuration administrator's settings
    await each(async (v) => {
      await v.page.getByTestId('booking-import-close').click();
      await v.page.getByTestId('nav-config').click();
      await v.page.getByTestId('cfg-section-booking').click();
      await v.page.getByTestId('cfg-booking.capacity.consult').fill('3');
      await v.page.getByTestId('config-save').waitFor();
    });
    problems.push(
      ...(await m.state('settings', vs, async (v) => {
        await v.page.getByTestId('cfg-booking.capacity.consult').scrollIntoViewIfNeeded();
      })),
    );
    expect(problems).toEqual([]);
  }, 180_000);
});
