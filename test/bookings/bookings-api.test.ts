import type { Appointment, BookingCreated, BookingImportReport, PublicSlots } from '@talon/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../admin/http.js';
import { startTestServer, type TestServer } from '../support/server.js';

// The test server starts on Thursday 2026-11-26, 10:00 in Moscow; the demo office books consult (2 a slot) and contract (1)
const TOMORROW = '2026-11-27';
const at = (hhmm: string) => Date.parse(`${TOMORROW}T${hhmm}:00+03:00`);

describe('the bookings screen over HTTP: slots, a booking for a caller, the all-or-nothing CSV import', () => {
  let s: TestServer;
  let admin: string;
  let operator: string;
  const bookings = () => Object.values(s.office.view().appointments) as Appointment[];

  beforeAll(async () => {
    s = await startTestServer();
    admin = (await s.login('admin', 'admin-talon')).token;
    operator = (await s.login('operator1', 'talon1')).token;
  });
  afterAll(() => s.stop());

  it('a CSV with bad rows: every refused row reported with its line and reason, nothing imported', async () => {
    const csv = [
      '\uFEFFкод;услуга;дата и время;фамилия и имя',
      `GOOD01;consult;${TOMORROW} 10:00;Иванов Иван`,
      `BAD02;nosuch;${TOMORROW} 10:15;Петров Пётр`,
      'BAD03;consult;завтра утром;Сидоров',
      `GOOD01;contract;${TOMORROW} 11:00;Дубль`,
      'BAD05;consult;2026-11-25 10:00;Вчерашний',
      `x;consult;${TOMORROW} 10:30;Короткий код`,
      '',
      'BAD08;consult',
      `BAD10;consult;${TOMORROW} 10:45;Телефон с буквами;+7 900 ABC-45-67`,
    ].join('\r\n');
    const r = await api<BookingImportReport>(s, 'POST', '/api/bookings/import', admin, { csv });
    expect(r.status).toBe(200);
    expect(r.body.imported).toBe(0);
    expect(r.body.refused.map((x) => [x.line, x.code])).toEqual([
      [3, 'BAD02'],
      [4, 'BAD03'],
      [5, 'GOOD01'],
      [6, 'BAD05'],
      [7, 'X'],
      [9, 'BAD08'],
      [10, 'BAD10'],
    ]);
    const reasons = r.body.refused.map((x) => x.reason.ru);
    expect(reasons[0]).toMatch(/услуги/);
    expect(reasons[1]).toMatch(/Дата и время/);
    expect(reasons[2]).toMatch(/выше в файле/);
    expect(reasons[3]).toMatch(/прошло/);
    expect(reasons[6]).toMatch(/Телефон не распознан/);
    expect(r.body.refused[6]?.reason.en).toMatch(/Phone number not understood/);
    expect(r.body.refused[0]?.reason.en).toMatch(/service/);
    expect(bookings()).toEqual([]);
  });

  it('a good file (comma separated, service by name, Russian date) is imported whole', async () => {
    const csv = [
      `GOOD01,consult,${TOMORROW} 10:00,Иванов Иван,8 (900) 123-45-67`,
      'GOOD02,договоры,27.11.2026 11:00,"Петрова, Анна"',
      `good03,consult,${TOMORROW}T12:00,`,
    ].join('\n');
    const r = await api<BookingImportReport>(s, 'POST', '/api/bookings/import', admin, { csv });
    expect(r.body).toEqual({ imported: 3, refused: [] });
    const byCode = Object.fromEntries(bookings().map((a) => [a.code, a]));
    expect(byCode.GOOD01).toMatchObject({
      serviceId: 'consult',
      slotAt: at('10:00'),
      visitorName: 'Иванов Иван',
      phone: '8 (900) 123-45-67',
    });
    expect(byCode.GOOD02).not.toHaveProperty('phone');
    expect(byCode.GOOD02).toMatchObject({ serviceId: 'contract', slotAt: at('11:00'), visitorName: 'Петрова, Анна' });
    expect(byCode.GOOD03).toMatchObject({ serviceId: 'consult', slotAt: at('12:00'), source: 'import' });
    expect(byCode.GOOD03).not.toHaveProperty('visitorName');

    // the same file again: every row is already booked, nothing changes
    const again = await api<BookingImportReport>(s, 'POST', '/api/bookings/import', admin, { csv });
    expect(again.body.imported).toBe(0);
    expect(again.body.refused).toHaveLength(3);
    expect(bookings()).toHaveLength(3);
  });

  it('slots and a booking for a caller: the server makes the code; a full slot is refused', async () => {
    const slots = await api<PublicSlots>(s, 'GET', `/api/bookings/slots?serviceId=contract&day=${TOMORROW}`, admin);
    expect(slots.status).toBe(200);
    const eleven = slots.body.slots.find((x) => x.at === at('11:00'));
    expect(eleven).toEqual({ at: at('11:00'), capacity: 1, taken: 1 }); // GOOD02 holds it
    const free = slots.body.slots.find((x) => x.taken === 0);
    if (!free) throw new Error('no free slot');

    const body = {
      commandId: 'create-booking-0001',
      serviceId: 'contract',
      slotAt: free.at,
      visitorName: 'Орлов О.',
      phone: '8 (900) 111-22-33',
    };
    const made = await api<BookingCreated>(s, 'POST', '/api/bookings', admin, body);
    expect(made.status).toBe(200);
    expect(made.body.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    expect(made.body.appointmentId).toBe(`${made.body.code}@${free.at}`);
    expect(s.office.view().appointments[made.body.appointmentId]).toMatchObject({
      source: 'office',
      phone: '8 (900) 111-22-33',
    });
    // a retry of the same request (a lost answer) returns the same booking, not a second one
    const retry = await api<BookingCreated>(s, 'POST', '/api/bookings', admin, body);
    expect(retry.body).toEqual(made.body);

    const full = await api<{ error: { code: string } }>(s, 'POST', '/api/bookings', admin, {
      ...body,
      commandId: 'create-booking-0002',
    });
    expect(full.status).toBe(409);
    expect(full.body.error.code).toBe('SLOT_FULL');
    expect(bookings()).toHaveLength(4);
  });

  it('only administrators: an operator is refused', async () => {
    const r = await api<{ error: { code: string } }>(s, 'POST', '/api/bookings/import', operator, { csv: 'A;b;c' });
    expect(r.status).toBe(403);
    const slots = await api(s, 'GET', `/api/bookings/slots?serviceId=consult&day=${TOMORROW}`, operator);
    expect(slots.status).toBe(403);
  });

  // last: it moves the office's clock to the next morning
  it('a visitor whose booking came in the file checks in at the kiosk with the phone number it gave', async () => {
    const now = s.clock.now();
    await fetch(`${s.url}/api/test/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: at('09:55') - now }),
    });
    const kiosk = await s.pair('kiosk');
    const r = await s.command(kiosk.token, { type: 'checkIn', phone: '+7 900 123 45 67' });
    expect(r.body.ok).toBe(true);
    const good = bookings().find((a) => a.code === 'GOOD01');
    expect(good?.status).toBe('checked-in');
    const ticketId = r.body.ok ? (r.body.result?.ticketId ?? '') : '';
    expect(s.office.view().tickets[ticketId]).toMatchObject({ serviceId: 'consult' });
  });
});
