import {
  createHeadOffice,
  type HeadOffice,
  purgeBookings,
  startTestHeadOffice,
  type TestHeadOffice,
} from '@talon/head-office';
import type { Appointment, PublicBooking } from '@talon/protocol';
import { bookingPhoneTag, loadOrCreateSecret, signVisitToken, verifyVisitToken } from '@talon/server/links';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually.js';
import { freePort } from '../support/process.js';
import { startTestServer, type TestServer } from '../support/server.js';

/**
 * Bookings both ways between a real office server and a real head office (PostgreSQL, HTTP): one made at
 * the office while head office is away and one made on head office's page while the office is cut off
 * both end up in both places once; a cancel on either side ends cancelled on both; phones stay out of
 * head office's events and reports and are purged after the retention.
 */

/** 11:00 and 11:15 Moscow on the test office's morning (Wed 26 Nov 2026): slot starts of the demo's 15-minute grid. */
const SLOT = Date.parse('2026-11-26T08:00:00Z');
const SLOT2 = SLOT + 15 * 60_000;
const OFFICE_PHONE = '+7 913 000-11-22';
const HQ_PHONE = '+7 913 555-66-77';
const TUNING = { heartbeatMs: 200, backoffBaseMs: 50, backoffCapMs: 300 };

let clock: () => number = Date.now;
let hq: TestHeadOffice;
let s: TestServer;
let port: number;
/** The head-office process the office's link talks to; the visitor's page uses `hq` (another process). */
let linked: HeadOffice | null = null;
let admin: string;

const linkUp = async () => {
  linked = await createHeadOffice({ databaseUrl: hq.databaseUrl, now: () => clock(), publicBase: null });
  await linked.listen(port, '127.0.0.1');
};
const linkDown = async () => {
  await linked?.close();
  linked = null;
};

const hqRows = async (appointmentId: string) =>
  (
    await hq.hq.pool.query<{ status: string; source: string }>(
      'SELECT status, source FROM hq_bookings WHERE appointment_id = $1',
      [appointmentId],
    )
  ).rows;
const taken = async (slotAt: number) =>
  (
    await hq.hq.pool.query<{ taken: number }>(
      "SELECT taken FROM hq_booking_slots WHERE service_id = 'consult' AND slot_at = $1",
      [slotAt],
    )
  ).rows[0]?.taken ?? 0;
const atOffice = (id: string): Appointment | undefined => s.office.view().appointments[id];
const createdAtOffice = (id: string) =>
  s.store.readEvents(0, 100_000).filter((e) => e.type === 'AppointmentCreated' && e.appointment.id === id).length;

const book = (body: Record<string, unknown>) =>
  fetch(`${hq.url}/api/public/HQB1/bookings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ serviceId: 'consult', slotAt: SLOT, consent: true, ...body }),
  });

beforeAll(async () => {
  hq = await startTestHeadOffice({ now: () => clock() });
  const office = await hq.seedOffice({ code: 'HQB1' });
  port = await freePort();
  s = await startTestServer({
    server: { hq: { url: `http://127.0.0.1:${port}`, key: office.apiKey }, hqTuning: TUNING },
  });
  clock = () => s.clock.now();
  admin = (await s.login('admin', 'admin-talon')).token;
  await linkUp();
  // head office offers slots once it has the office's calendar and link secret
  await eventually(
    async () => (await fetch(`${hq.url}/api/public/HQB1/office`)).status,
    (st) => st === 200,
  );
}, 120_000);
afterAll(async () => {
  await s?.stop();
  await linked?.close();
  await hq?.close();
}, 60_000);

describe('bookings between an office and head office', () => {
  let officeBooking = '';
  let hqBooking: PublicBooking;

  it('a booking made at the office while head office is away reaches head office once', async () => {
    await linkDown();
    const made = await s.command(admin, {
      type: 'createAppointment',
      code: 'KPT479',
      serviceId: 'consult',
      slotAt: SLOT,
      visitorName: 'Петров Пётр',
      phone: OFFICE_PHONE,
      source: 'office',
    });
    expect(made.body.ok).toBe(true);
    officeBooking = (made.body as { result: { appointmentId: string } }).result.appointmentId;
    expect(await hqRows(officeBooking)).toEqual([]);
    await linkUp();
    const rows = await eventually(
      () => hqRows(officeBooking),
      (r) => r.length > 0,
    );
    expect(rows).toEqual([{ status: 'booked', source: 'office' }]);
    expect(await taken(SLOT)).toBe(1);

    // its phone came as a tag head office can compare, not read: the same number, written another way,
    // is at the one booking a day the office allows per phone; another number is not
    const tags = await hq.hq.pool.query<{ phone_tag: string }>(
      'SELECT phone_tag FROM hq_booking_phones WHERE appointment_id = $1',
      [officeBooking],
    );
    expect(tags.rows).toEqual([{ phone_tag: bookingPhoneTag(loadOrCreateSecret(s.dataDir), '79130001122') }]);
    const again = await book({ name: 'Петров Пётр', phone: '8 (913) 000 11 22', slotAt: SLOT2 });
    expect([again.status, ((await again.json()) as { error: { code: string } }).error.code]).toEqual([
      422,
      'BOOKING_PHONE_LIMIT',
    ]);
    expect(await taken(SLOT2)).toBe(0);
  });

  it('a booking made on head office while the office is cut off reaches the office once, with name and phone', async () => {
    await linkDown();
    const r = await book({ name: 'Сидорова Ольга', phone: HQ_PHONE });
    expect(r.status).toBe(200);
    hqBooking = (await r.json()) as PublicBooking;
    // capacity 2: the office's booking and this one
    const full = await book({ name: 'Третий', phone: '+7 913 777-00-00' });
    expect(((await full.json()) as { error: { code: string } }).error.code).toBe('SLOT_FULL');
    expect(atOffice(hqBooking.appointmentId)).toBeUndefined();

    await linkUp();
    const there = await eventually(
      () => atOffice(hqBooking.appointmentId),
      (a) => a !== undefined,
    );
    expect(there).toMatchObject({
      code: hqBooking.code,
      status: 'booked',
      source: 'hq',
      visitorName: 'Сидорова Ольга',
    });
    expect(there?.phone).toBe(HQ_PHONE);
    // acknowledged at head office; the office's own event of it does not make a second booking there
    await eventually(
      async () => (await hq.hq.pool.query('SELECT 1 FROM returned_bookings WHERE acked_at IS NULL')).rowCount ?? 0,
      (n) => n === 0,
    );
    await s.hq.flush({ heartbeat: true });
    expect(await hqRows(hqBooking.appointmentId)).toEqual([{ status: 'booked', source: 'hq' }]);
    expect(await taken(SLOT)).toBe(2);
    expect(createdAtOffice(hqBooking.appointmentId)).toBe(1);
    expect(createdAtOffice(officeBooking)).toBe(1);
    // the manage link head office gave verifies at the office with its own secret
    const check = verifyVisitToken(loadOrCreateSecret(s.dataDir), hqBooking.manageToken, clock());
    expect(check).toMatchObject({ ok: true, claim: { ticketId: `booking/${hqBooking.appointmentId}` } });
  });

  it('cancelled on head office: cancelled at the office', async () => {
    const r = await fetch(`${hq.url}/api/public/HQB1/bookings/${hqBooking.manageToken}/cancel`, { method: 'POST' });
    expect(((await r.json()) as PublicBooking).status).toBe('cancelled');
    await eventually(
      () => atOffice(hqBooking.appointmentId)?.status,
      (st) => st === 'cancelled',
    );
    await s.hq.flush({ heartbeat: true });
    expect(await hqRows(hqBooking.appointmentId)).toEqual([{ status: 'cancelled', source: 'hq' }]);
    expect(await taken(SLOT)).toBe(1);
  });

  it('made on head office, cancelled at the office by the administrator: cancelled in both', async () => {
    const r = await book({ name: 'Кузнецов Иван', phone: '+7 913 888-99-00', slotAt: SLOT2 });
    const b = (await r.json()) as PublicBooking;
    await eventually(
      () => atOffice(b.appointmentId)?.status,
      (st) => st === 'booked',
    );
    const cancelled = await s.command(admin, { type: 'cancelAppointment', appointmentId: b.appointmentId });
    expect(cancelled.body.ok).toBe(true);
    await eventually(
      () => hqRows(b.appointmentId),
      (rows) => rows[0]?.status === 'cancelled',
    );
    const seen = await fetch(`${hq.url}/api/public/HQB1/bookings/${b.manageToken}`);
    expect(((await seen.json()) as PublicBooking).status).toBe('cancelled');
    expect(await taken(SLOT2)).toBe(0);
    expect(atOffice(b.appointmentId)?.status).toBe('cancelled');
  });

  it('a booking made at the office, moved on head office with the office’s manage link, keeps its name and phone there', async () => {
    const token = signVisitToken(loadOrCreateSecret(s.dataDir), {
      ticketId: `booking/${officeBooking}`,
      exp: SLOT + 86_400_000,
    });
    const to = SLOT2 + 15 * 60_000;
    const r = await fetch(`${hq.url}/api/public/HQB1/bookings/${token}/move`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ slotAt: to }),
    });
    expect(r.status).toBe(200);
    const moved = (await r.json()) as PublicBooking;
    expect(moved).toMatchObject({ code: 'KPT479', slotAt: to, status: 'booked' });
    const there = await eventually(
      () => atOffice(moved.appointmentId),
      (a) => a !== undefined,
    );
    expect(there).toMatchObject({ status: 'booked', visitorName: 'Петров Пётр', phone: OFFICE_PHONE });
    expect(atOffice(officeBooking)?.status).toBe('cancelled');
    expect(await taken(SLOT)).toBe(0);
    expect(await taken(to)).toBe(1);
  });

  it('a visitor’s erasure at the office erases head office’s copy of their name and phone too', async () => {
    const phone = '+7 913 444-55-66';
    const r = await book({ name: 'Орлова Анна', phone, slotAt: SLOT2 + 30 * 60_000 });
    expect(r.status).toBe(200);
    const b = (await r.json()) as PublicBooking;
    await eventually(
      () => atOffice(b.appointmentId)?.phone,
      (p) => p === phone,
    );
    const held = () =>
      hq.hq.pool.query('SELECT 1 FROM hq_booking_personal WHERE appointment_id = $1', [b.appointmentId]);
    expect((await held()).rowCount).toBe(1);

    // the configuration administrator erases on the visitor's request
    const config = (await s.login('config', 'config-talon')).token;
    const erased = await fetch(`${s.url}/api/privacy/personal-data/erase`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${config}` },
      body: JSON.stringify({ phone: '89134445566' }),
    });
    expect(erased.status).toBe(200);
    // waiting at the office as the phone's tag, never the number, until head office confirms
    const queued = s.store.db.prepare('SELECT tag FROM hq_erasures').pluck().all();
    expect(queued).toEqual([bookingPhoneTag(loadOrCreateSecret(s.dataDir), '79134445566')]);

    await s.hq.flush({ heartbeat: true });
    expect((await held()).rowCount).toBe(0);
    expect(
      (await hq.hq.pool.query('SELECT 1 FROM hq_booking_phones WHERE appointment_id = $1', [b.appointmentId])).rowCount,
    ).toBe(0);
    // the booking itself stays, as at the office: numbers, times, its place
    expect(await hqRows(b.appointmentId)).toEqual([{ status: 'booked', source: 'hq' }]);
    expect(atOffice(b.appointmentId)).toMatchObject({ status: 'booked' });
    expect(atOffice(b.appointmentId)?.phone).toBeUndefined();
    expect(s.store.db.prepare('SELECT count(*) FROM hq_erasures').pluck().get()).toBe(0);
  });

  it('phones never reach head office’s events or reports, and its own are purged after the retention', async () => {
    const events = await hq.hq.pool.query<{ j: string }>('SELECT row_to_json(e)::text AS j FROM events e');
    const log = events.rows.map((r) => r.j).join('\n');
    expect(log).toContain(officeBooking);
    const tag = bookingPhoneTag(loadOrCreateSecret(s.dataDir), '79130001122');
    for (const p of [OFFICE_PHONE, HQ_PHONE, '913 000', '913 555', 'Сидорова Ольга', 'Петров Пётр', tag])
      expect(log).not.toContain(p);
    const report = await fetch(`${hq.url}/api/hq/reports/export?from=2026-11-26&to=2026-11-26&format=csv`, {
      headers: { authorization: `Bearer ${hq.adminToken}` },
    });
    expect(report.status).toBe(200);
    const csv = await report.text();
    for (const p of [HQ_PHONE, '913 555', 'Сидорова Ольга']) expect(csv).not.toContain(p);

    const dump = async () => {
      const { rows: tables } = await hq.hq.pool.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'",
      );
      const parts: string[] = [];
      for (const { t } of tables) {
        const { rows } = await hq.hq.pool.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t}" x`);
        for (const r of rows) parts.push(r.j);
      }
      return parts.join('\n');
    };
    // the office's phone never left the office (its tag did); head office's own are kept until the retention ends
    expect(await dump()).not.toContain(OFFICE_PHONE);
    expect(await dump()).toContain(tag);
    expect(await dump()).toContain(HQ_PHONE);
    await purgeBookings(hq.hq.pool, SLOT2 + 31 * 86_400_000, 30);
    const after = await dump();
    for (const p of [HQ_PHONE, '+7 913 888-99-00', 'Сидорова Ольга', 'Кузнецов Иван', tag])
      expect(after).not.toContain(p);
  });
});
