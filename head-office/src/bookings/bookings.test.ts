import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  appointmentIdOf,
  type BookingCalendar,
  bookingSettingsOf,
  canonicalJson,
  type PublicBooking,
  type PublicOffice,
  type PublicSlots,
  type SyncEvent,
} from '@talon/protocol';
import { signVisitToken } from '@talon/server/links';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeadOffice } from '../app.js';
import { createHqEdge } from '../edge.js';
import { call, hello, push } from '../sync/test-helpers.js';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { AddressLimiter } from './limits.js';
import { purgeBookings } from './outbox.js';
import { registerBookingPages } from './pages.js';

/**
 * Head office's public booking on a real PostgreSQL and real HTTP: the database decides capacity and the
 * per-phone limit across two head-office processes, bookings go to the office on the sync ack until it
 * acknowledges them, the office's own booking events are folded in once, phones are purged.
 */

/** Wednesday 26 Nov 2026, 10:00 in Moscow. */
const NOW = Date.parse('2026-11-26T07:00:00Z');
/** 11:00 and 11:15 Moscow that day: slot starts of a 15-minute grid from 09:00. */
const SLOT = Date.parse('2026-11-26T08:00:00Z');
const SLOT2 = SLOT + 15 * 60_000;
const SECRET = Buffer.from('ab'.repeat(32), 'hex');
const PHONE = '+7 912 345-67-89';

const calendar = (enabled = true): BookingCalendar => ({
  timeZone: 'Europe/Moscow',
  receptionHours: Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '18:00']] as [string, string][]]),
  ),
  holidays: [],
  booking: bookingSettingsOf({ booking: { enabled, slotMin: 15, capacity: { consult: 3 }, perPhonePerDay: 1 } }),
  services: [{ id: 'consult', name: { ru: 'Консультация', en: 'Consultation' }, capacity: 3 }],
});

let a: TestHeadOffice;
let b: TestHeadOffice;
let office: SeededOffice;
let closed: SeededOffice;

async function withCalendar(o: SeededOffice, c: BookingCalendar) {
  expect((await hello(a.url, o.apiKey)).status).toBe(200);
  await a.hq.pool.query('UPDATE office_sync SET status = $2 WHERE office_id = $1', [
    o.id,
    { services: [{ id: 'consult', name: c.services[0]?.name, prefix: 'К' }], booking: c },
  ]);
}

beforeAll(async () => {
  a = await startTestHeadOffice({ now: () => NOW });
  b = await startTestHeadOffice({ databaseUrl: a.databaseUrl, now: () => NOW });
  office = await a.seedOffice({ code: 'BOOK1' });
  closed = await a.seedOffice({ code: 'BOOK0' });
  await withCalendar(office, calendar());
  await withCalendar(closed, calendar(false));
}, 60_000);
afterAll(async () => {
  await b?.close();
  await a?.close();
}, 60_000);

const book = (base: string, body: Record<string, unknown>, code = 'BOOK1') =>
  call(base, 'POST', `/api/public/${code}/bookings`, {
    body: { serviceId: 'consult', slotAt: SLOT, name: 'Иванова Анна', phone: PHONE, consent: true, ...body },
  });

/** A distinct valid phone number per visitor. */
const phoneOf = (i: number) => `+7 900 ${String(i).padStart(7, '0')}`;

const taken = async (slotAt: number) =>
  (
    await a.hq.pool.query<{ taken: number }>(
      'SELECT taken FROM hq_booking_slots WHERE office_id = $1 AND service_id = $2 AND slot_at = $3',
      [office.id, 'consult', slotAt],
    )
  ).rows[0]?.taken ?? 0;

/** One office event as the office sends it. */
function officeEvent(seq: number, payload: Record<string, unknown>): SyncEvent {
  const digest = createHash('sha256').update(canonicalJson(payload)).digest('hex');
  return { seq, at: payload.at as number, type: payload.type as string, digest, payload };
}

describe('public booking on head office', () => {
  it('lists the offices that take bookings, the office and its slots', async () => {
    const list = await call(a.url, 'GET', '/api/public/offices');
    expect(list.status).toBe(200);
    expect(list.body).toEqual([{ code: 'BOOK1', name: { ru: 'ЦОК BOOK1', en: 'Office BOOK1' } }]);
    const o = await call(a.url, 'GET', '/api/public/BOOK1/office');
    const po = o.body as PublicOffice;
    expect(po.services).toEqual([{ id: 'consult', name: { ru: 'Консультация', en: 'Consultation' }, capacity: 3 }]);
    expect(po.days[0]).toBe('2026-11-26');
    expect(po.days).toHaveLength(15);
    const s = await call(a.url, 'GET', '/api/public/BOOK1/slots?serviceId=consult&day=2026-11-26');
    const slots = (s.body as PublicSlots).slots;
    // 10:00 has begun: from 10:15 to 17:45
    expect(slots[0]).toEqual({ at: NOW + 15 * 60_000, capacity: 3, taken: 0 });
    expect(slots.at(-1)?.at).toBe(Date.parse('2026-11-26T14:45:00Z'));
    expect((await call(a.url, 'GET', '/api/public/BOOK0/office')).body.error.code).toBe('BOOKING_DISABLED');
    expect((await call(a.url, 'GET', '/api/public/NOPE/office')).status).toBe(404);
  });

  it('50 parallel bookings of a slot of capacity 3 over two processes: exactly 3', async () => {
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(i % 2 ? a.url : b.url, { phone: phoneOf(i), name: `Посетитель ${i}` })),
    );
    const ok = answers.filter((r) => r.status === 200);
    expect(ok).toHaveLength(3);
    expect(answers.filter((r) => r.status === 409 && r.body.error.code === 'SLOT_FULL')).toHaveLength(47);
    expect(await taken(SLOT)).toBe(3);
    const { rows } = await a.hq.pool.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM hq_bookings WHERE office_id = $1 AND slot_at = $2 AND status = 'booked'",
      [office.id, SLOT],
    );
    expect(rows[0]?.n).toBe(3);
    const s = await call(b.url, 'GET', '/api/public/BOOK1/slots?serviceId=consult&day=2026-11-26');
    expect((s.body as PublicSlots).slots.find((x) => x.at === SLOT)).toEqual({ at: SLOT, capacity: 3, taken: 3 });
  });

  it('one booking per phone per day, whatever way the number is written, even in parallel', async () => {
    const forms = ['+7 955 111-22-33', '8 (955) 111 22 33', '9551112233', '+79551112233'];
    const answers = await Promise.all(
      forms.map((phone, i) => book(i % 2 ? a.url : b.url, { phone, slotAt: SLOT2 + i * 15 * 60_000 })),
    );
    expect(answers.filter((r) => r.status === 200)).toHaveLength(1);
    expect(answers.filter((r) => r.body.error?.code === 'BOOKING_PHONE_LIMIT')).toHaveLength(3);
    // another day is another day
    const tomorrow = await book(a.url, { phone: forms[1], slotAt: SLOT2 + 86_400_000 });
    expect(tomorrow.status).toBe(200);
  });

  it('refuses what cannot be booked, with the protocol’s codes, and stores nothing', async () => {
    const before = await a.hq.pool.query('SELECT count(*)::int AS n FROM hq_bookings');
    const noConsent = await book(a.url, { consent: false, phone: '+7 901 000-00-01' });
    expect([noConsent.status, noConsent.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
    const badPhone = await book(a.url, { phone: 'ivan@example.ru' });
    expect(badPhone.body.error.code).toBe('VALIDATION_FAILED');
    const offGrid = await book(a.url, { slotAt: SLOT + 60_000, phone: '+7 901 000-00-02' });
    expect(offGrid.body.error.code).toBe('SLOT_NOT_OFFERED');
    const past = await book(a.url, { slotAt: NOW - 15 * 60_000, phone: '+7 901 000-00-03' });
    expect(past.body.error.code).toBe('SLOT_NOT_OFFERED');
    const beyond = await book(a.url, { slotAt: SLOT + 20 * 86_400_000, phone: '+7 901 000-00-04' });
    expect(beyond.body.error.code).toBe('SLOT_NOT_OFFERED');
    const other = await book(a.url, { serviceId: 'cash', phone: '+7 901 000-00-05' });
    expect(other.body.error.code).toBe('SLOT_NOT_OFFERED');
    expect((await book(a.url, { phone: '+7 901 000-00-06' }, 'BOOK0')).body.error.code).toBe('BOOKING_DISABLED');
    expect((await book(a.url, { phone: '+7 901 000-00-07' }, 'NOPE')).body.error.code).toBe('UNKNOWN_OFFICE');
    const after = await a.hq.pool.query('SELECT count(*)::int AS n FROM hq_bookings');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('a manage link shows, moves and cancels the booking; a forged one opens nothing', async () => {
    const slot = SLOT + 2 * 3600_000;
    const made = await book(a.url, { phone: '+7 902 000-00-01', slotAt: slot });
    expect(made.status).toBe(200);
    const booking = made.body as PublicBooking;
    expect(booking).toMatchObject({ serviceId: 'consult', slotAt: slot, status: 'booked', office: { code: 'BOOK1' } });
    expect(booking.appointmentId).toBe(appointmentIdOf(booking.code, slot));
    // signed with the office's own secret: the office verifies the same link
    expect(booking.manageToken).toBe(
      signVisitToken(SECRET, { ticketId: `booking/${booking.appointmentId}`, exp: slot + 86_400_000 }),
    );
    const seen = await call(b.url, 'GET', `/api/public/BOOK1/bookings/${booking.manageToken}`);
    expect(seen.body).toEqual(booking);

    const forged = signVisitToken(Buffer.alloc(32, 7), { ticketId: `booking/${booking.appointmentId}`, exp: slot });
    expect((await call(a.url, 'GET', `/api/public/BOOK1/bookings/${forged}`)).body.error.code).toBe(
      'BOOKING_LINK_INVALID',
    );
    const expired = signVisitToken(SECRET, { ticketId: `booking/${booking.appointmentId}`, exp: NOW - 1 });
    expect((await call(a.url, 'GET', `/api/public/BOOK1/bookings/${expired}`)).body.error.code).toBe(
      'BOOKING_LINK_EXPIRED',
    );
    const ticket = signVisitToken(SECRET, { ticketId: 'ticket-1', exp: slot });
    expect((await call(a.url, 'GET', `/api/public/BOOK1/bookings/${ticket}`)).body.error.code).toBe(
      'BOOKING_LINK_INVALID',
    );

    const to = slot + 15 * 60_000;
    const moved = await call(a.url, 'POST', `/api/public/BOOK1/bookings/${booking.manageToken}/move`, {
      body: { slotAt: to },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ code: booking.code, slotAt: to, status: 'booked' });
    expect(await taken(slot)).toBe(0);
    expect(await taken(to)).toBe(1);
    // the first confirmation's link follows the booking to its new slot
    const old = await call(a.url, 'GET', `/api/public/BOOK1/bookings/${booking.manageToken}`);
    expect(old.body).toEqual(moved.body);
    // the moved booking keeps the name and phone
    const personal = await a.hq.pool.query('SELECT phone FROM hq_booking_personal WHERE appointment_id = $1', [
      moved.body.appointmentId,
    ]);
    expect(personal.rows).toEqual([{ phone: '+7 902 000-00-01' }]);

    const cancel = () => call(a.url, 'POST', `/api/public/BOOK1/bookings/${moved.body.manageToken}/cancel`);
    expect((await cancel()).body.status).toBe('cancelled');
    expect((await cancel()).body.status).toBe('cancelled');
    expect(await taken(to)).toBe(0);
    expect((await call(a.url, 'GET', `/api/public/BOOK1/bookings/${booking.manageToken}`)).body).toMatchObject({
      appointmentId: booking.appointmentId,
      status: 'cancelled',
    });
    // the phone's day is free again
    expect((await book(a.url, { phone: '+7 902 000-00-01', slotAt: to })).status).toBe(200);
  });
});

describe('bookings and the office’s sync', () => {
  it('ride on the ack until acknowledged, in order, with name and phone; the office’s own events fold in once', async () => {
    const beat = () => push(a.url, office.apiKey, { officeLastSeq: 0, events: [] });
    const first = await beat();
    const returned = first.body.bookings as { id: string; action: string; appointmentId: string; phone?: string }[];
    expect(returned.length).toBeGreaterThanOrEqual(9);
    // a move is a cancel, then a create
    const seqs = returned.map((r) => Number(r.id));
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    const creates = returned.filter((r) => r.action === 'create');
    expect(creates.every((r) => typeof r.phone === 'string')).toBe(true);

    // the office applied them: its own AppointmentCreated of the same id does not count twice
    const one = creates.find((r) => r.appointmentId.endsWith(`@${SLOT}`));
    if (!one) throw new Error('no booking of SLOT returned');
    const [code] = one.appointmentId.split('@');
    const appointment = {
      id: one.appointmentId,
      code,
      serviceId: 'consult',
      slotAt: SLOT,
      status: 'booked',
      source: 'hq',
    };
    const officeBooked = {
      id: `OFFICE1@${SLOT}`,
      code: 'OFFICE1',
      serviceId: 'consult',
      slotAt: SLOT,
      status: 'booked',
      source: 'office',
    };
    const events = [
      officeEvent(1, { type: 'AppointmentCreated', at: NOW, appointment }),
      // booked by the administrator for a caller: the office decided, head office counts it beyond the limit
      officeEvent(2, { type: 'AppointmentCreated', at: NOW + 1, appointment: officeBooked }),
    ];
    const stored = await push(a.url, office.apiKey, { officeLastSeq: 2, events });
    expect(stored.status).toBe(200);
    expect(await taken(SLOT)).toBe(4);
    // cancelled at the office (the administrator): cancelled at head office, the place given back once
    const cancelled = officeEvent(3, { type: 'AppointmentCancelled', at: NOW + 2, appointmentId: one.appointmentId });
    const again = officeEvent(4, { type: 'AppointmentCancelled', at: NOW + 3, appointmentId: one.appointmentId });
    expect((await push(a.url, office.apiKey, { officeLastSeq: 4, events: [cancelled, again] })).status).toBe(200);
    expect(await taken(SLOT)).toBe(3);
    const status = await a.hq.pool.query('SELECT status FROM hq_bookings WHERE appointment_id = $1', [
      one.appointmentId,
    ]);
    expect(status.rows).toEqual([{ status: 'cancelled' }]);

    // cancelled on the page in the same moment the kiosk checked it in: the office says who came
    const raced = returned.filter((r) => r.action === 'cancel').at(-1);
    if (!raced) throw new Error('no cancel returned');
    const racedAt = Number(raced.appointmentId.split('@')[1]);
    expect(await taken(racedAt)).toBe(1);
    const checkedIn = officeEvent(5, {
      type: 'AppointmentCheckedIn',
      at: NOW + 4,
      appointmentId: raced.appointmentId,
      ticketId: 't-1',
    });
    expect((await push(a.url, office.apiKey, { officeLastSeq: 5, events: [checkedIn] })).status).toBe(200);
    const racedRow = await a.hq.pool.query('SELECT status FROM hq_bookings WHERE appointment_id = $1', [
      raced.appointmentId,
    ]);
    expect(racedRow.rows).toEqual([{ status: 'checked-in' }]);
    expect(await taken(racedAt)).toBe(2);

    const ack = await call(a.url, 'POST', '/api/sync/bookings/ack', {
      token: office.apiKey,
      body: { ids: returned.map((r) => r.id) },
    });
    expect(ack.status).toBe(200);
    const later = await push(a.url, office.apiKey, { officeLastSeq: 5, events: [] });
    expect(later.body.bookings ?? []).toEqual([]);
    // without the office's key nothing is acknowledged
    expect((await call(a.url, 'POST', '/api/sync/bookings/ack', { body: { ids: ['1'] } })).status).toBe(401);
  });

  it('phones are purged after the retention period and never reach the events table', async () => {
    const dump = async () => {
      const { rows: tables } = await a.hq.pool.query<{ t: string }>(
        "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'",
      );
      const parts: string[] = [];
      for (const { t } of tables) {
        const { rows } = await a.hq.pool.query<{ j: string }>(`SELECT row_to_json(x)::text AS j FROM "${t}" x`);
        for (const r of rows) parts.push(r.j);
      }
      return parts.join('\n');
    };
    const events = await a.hq.pool.query<{ j: string }>('SELECT row_to_json(e)::text AS j FROM events e');
    expect(events.rows.length).toBeGreaterThan(0);
    expect(events.rows.map((r) => r.j).join('\n')).not.toContain('902 000');
    expect(await dump()).toContain('+7 902 000-00-01');
    // within the retention nothing goes; past it every name and phone of those slots
    expect(await purgeBookings(a.hq.pool, SLOT + 29 * 86_400_000, 30)).toBe(0);
    expect(await purgeBookings(a.hq.pool, SLOT + 32 * 86_400_000, 30)).toBeGreaterThan(0);
    const all = await dump();
    for (const p of ['+7 902 000-00-01', '8 (955) 111 22 33', '79551112233', 'Иванова Анна', phoneOf(1)])
      expect(all).not.toContain(p);
    // the bookings themselves stay (no personal data in them)
    expect(all).toContain('"status":"booked"');
  });
});

describe('the per-address limit', () => {
  it('answers 429 with a retry time past the burst of booking writes', async () => {
    const c = await createHeadOffice({
      databaseUrl: a.databaseUrl,
      now: () => NOW,
      bookings: { rate: { burst: 2, everyMs: 60_000, limitLoopback: true } },
    });
    try {
      const url = await c.listen(0);
      const tries = [];
      for (let i = 0; i < 3; i++) tries.push(await book(url, { phone: `+7 903 000-00-0${i}` }, 'BOOK0'));
      expect(tries.map((r) => r.body.error.code)).toEqual([
        'BOOKING_DISABLED',
        'BOOKING_DISABLED',
        'TOO_MANY_REQUESTS',
      ]);
      expect(tries[2]?.status).toBe(429);
      expect(tries[2]?.headers.get('retry-after')).toBe('60');
      // reading is not limited
      expect((await call(url, 'GET', '/api/public/BOOK1/office')).status).toBe(200);
    } finally {
      await c.close();
    }
  });

  it('lets a burst through, then asks to wait; this machine is left alone unless asked', () => {
    let now = 0;
    const limiter = new AddressLimiter({ burst: 2, everyMs: 1000 }, () => now);
    expect([limiter.take('10.0.0.1'), limiter.take('10.0.0.1')]).toEqual([null, null]);
    expect(limiter.take('10.0.0.1')).toBe(1000);
    expect(limiter.take('10.0.0.2')).toBeNull();
    now = 1000;
    expect(limiter.take('10.0.0.1')).toBeNull();
    for (let i = 0; i < 5; i++) expect(limiter.take('127.0.0.1')).toBeNull();
  });
});

describe('the booking pages', () => {
  it('serve the visitor SPA’s files under /book/ and its page for /book and /o/<office>/book…', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'talon-visitor-'));
    mkdirSync(join(dist, 'assets'));
    writeFileSync(
      join(dist, 'index.html'),
      '<!doctype html><div id="root"></div><script src="/book/assets/app.js"></script>',
    );
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)');
    const app = Fastify();
    const edge = createHqEdge(app, a.hq.pool);
    try {
      await registerBookingPages(app, { ...a.hq.deps, serve: edge.serve }, dist);
      for (const url of ['/book', '/book/', '/book/m/abc.def', '/o/BOOK1/book', '/o/BOOK1/book/m/abc.def']) {
        const r = await app.inject({ url });
        expect({ url, status: r.statusCode }).toEqual({ url, status: 200 });
        expect(r.body).toContain('<div id="root">');
        expect(r.headers['content-type']).toContain('text/html');
      }
      const js = await app.inject({ url: '/book/assets/app.js' });
      expect([js.statusCode, js.body]).toEqual([200, 'console.log(1)']);
      expect((await app.inject({ url: '/book/assets/nope.js' })).body).toContain('<div id="root">');
      rmSync(join(dist, 'index.html'));
      expect((await app.inject({ url: '/o/BOOK1/book' })).statusCode).toBe(404);
    } finally {
      await app.close();
      rmSync(dist, { recursive: true, force: true });
    }
  });
});
