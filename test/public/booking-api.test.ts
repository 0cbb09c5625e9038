import type { PublicBooking, PublicOffice, PublicSlots } from '@talon/protocol';
import { loadOrCreateSecret, signVisitToken } from '@talon/server/links';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/** The visitor's booking API on the office, over real HTTP (issue 15). */
let s: TestServer;
beforeEach(async () => {
  s = await startTestServer();
});
afterEach(async () => {
  await s?.stop();
});

async function api<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(s.url + path, {
    method,
    ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}
type Refused = { ok: false; error: { code: string } };
const code = (r: { body: unknown }) => (r.body as Refused).error?.code;

const TOMORROW = '2026-11-27';
const request = (slotAt: number, over: Record<string, unknown> = {}) => ({
  serviceId: 'contract',
  slotAt,
  name: 'Иванов Иван',
  phone: '+7 900 123-45-67',
  consent: true,
  ...over,
});

async function slotsOf(serviceId: string, day = TOMORROW): Promise<PublicSlots> {
  const r = await api<PublicSlots>('GET', `/api/public/slots?serviceId=${serviceId}&day=${day}`);
  expect(r.status).toBe(200);
  return r.body;
}

/** What a refusal must leave untouched: the log and the personal data. */
const footprint = () => ({ seq: s.office.seq, personal: s.store.personal.count() });

describe('the public booking API', () => {
  it('offers the office, its bookable services, the days and the slots', async () => {
    const office = await api<PublicOffice>('GET', '/api/public/office');
    expect(office.status).toBe(200);
    expect(office.body.services.map((x) => [x.id, x.capacity])).toEqual([
      ['consult', 2],
      ['contract', 1],
    ]);
    expect(office.body.days[0]).toBe('2026-11-26');
    expect(office.body.days).toHaveLength(15);
    const slots = await slotsOf('contract');
    // 08:00–20:00 Moscow in 15-minute slots
    expect(slots.slots).toHaveLength(48);
    expect(slots.slots[0]).toEqual({ at: Date.parse('2026-11-27T05:00:00Z'), capacity: 1, taken: 0 });
    // today: only slots not yet begun (it is 10:00)
    const today = await slotsOf('contract', '2026-11-26');
    expect(today.slots[0]?.at).toBe(Date.parse('2026-11-26T07:15:00Z'));
    expect(code(await api('GET', '/api/public/slots?serviceId=cash&day=2026-11-27'))).toBe('UNKNOWN_SERVICE');
  });

  it('books a slot: the code, the manage link; the slot is then full and the booking is at the office', async () => {
    const slotAt = Date.parse('2026-11-27T06:00:00Z');
    const r = await api<PublicBooking>('POST', '/api/public/bookings', request(slotAt));
    expect(r.status).toBe(200);
    expect(r.body.code).toMatch(/^[ACDEFGHJKMNPQRTUVWXY34679]{6}$/);
    expect(r.body).toMatchObject({
      serviceId: 'contract',
      slotAt,
      status: 'booked',
      appointmentId: `${r.body.code}@${slotAt}`,
    });
    const a = s.office.view().appointments[r.body.appointmentId];
    expect(a).toMatchObject({ source: 'public', visitorName: 'Иванов Иван', phone: '+7 900 123-45-67' });
    // the log holds a reference, not the phone
    const logged = JSON.stringify(s.store.readEvents(0));
    expect(logged).not.toContain('123-45-67');
    expect((await slotsOf('contract')).slots.find((x) => x.at === slotAt)?.taken).toBe(1);
    const seen = await api<PublicBooking>('GET', `/api/public/bookings/${r.body.manageToken}`);
    expect(seen.body).toMatchObject({ code: r.body.code, status: 'booked' });
  });

  it('refuses what the office does not offer, and every refusal changes nothing', async () => {
    const slotAt = Date.parse('2026-11-27T06:00:00Z');
    expect((await api('POST', '/api/public/bookings', request(slotAt))).status).toBe(200);
    const before = footprint();
    const cases: [Record<string, unknown>, string, number][] = [
      [request(slotAt, { phone: '+7 900 000-00-01' }), 'SLOT_FULL', 409],
      [request(slotAt + 60_000, { phone: '+7 900 000-00-02' }), 'SLOT_NOT_OFFERED', 422],
      [request(Date.parse('2026-11-29T06:00:00Z'), { phone: '+7 900 000-00-03' }), 'SLOT_NOT_OFFERED', 422], // Sunday: closed
      [request(Date.parse('2026-11-26T06:00:00Z'), { phone: '+7 900 000-00-04' }), 'SLOT_NOT_OFFERED', 422], // past
      [request(Date.parse('2026-12-30T06:00:00Z'), { phone: '+7 900 000-00-05' }), 'SLOT_NOT_OFFERED', 422], // beyond the window
      [request(slotAt, { serviceId: 'cash', phone: '+7 900 000-00-06' }), 'SLOT_NOT_OFFERED', 422],
      [
        request(Date.parse('2026-11-27T07:00:00Z'), { serviceId: 'consult', phone: '8 (900) 123 45 67' }),
        'BOOKING_PHONE_LIMIT',
        422,
      ],
      [request(slotAt, { consent: false }), 'VALIDATION_FAILED', 400],
      [request(slotAt, { phone: 'me@example.com' }), 'VALIDATION_FAILED', 400],
      [request(slotAt, { name: '  ' }), 'VALIDATION_FAILED', 400],
      [{ ...request(slotAt), extra: 1 }, 'VALIDATION_FAILED', 400],
    ];
    for (const [body, expected, status] of cases) {
      const r = await api('POST', '/api/public/bookings', body);
      expect([code(r), r.status], JSON.stringify(body)).toEqual([expected, status]);
    }
    expect(footprint()).toEqual(before);
  });

  it('refuses bookings when the office takes none', async () => {
    s.office.configure({ ...(s.office.config as object), booking: { enabled: false } } as never, { kind: 'system' });
    const before = footprint();
    expect(code(await api('GET', '/api/public/office'))).toBe('BOOKING_DISABLED');
    expect(code(await api('POST', '/api/public/bookings', request(Date.parse('2026-11-27T06:00:00Z'))))).toBe(
      'BOOKING_DISABLED',
    );
    expect(footprint()).toEqual(before);
  });

  it('cancels and moves through the manage link; the old link follows the moved booking', async () => {
    const slotAt = Date.parse('2026-11-27T06:00:00Z');
    const booked = (await api<PublicBooking>('POST', '/api/public/bookings', request(slotAt))).body;
    const later = Date.parse('2026-11-27T09:30:00Z');
    const moved = await api<PublicBooking>('POST', `/api/public/bookings/${booked.manageToken}/move`, {
      slotAt: later,
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ code: booked.code, slotAt: later, status: 'booked' });
    expect(s.office.view().appointments[booked.appointmentId]?.status).toBe('cancelled');
    const slots = (await slotsOf('contract')).slots;
    expect([slots.find((x) => x.at === slotAt)?.taken, slots.find((x) => x.at === later)?.taken]).toEqual([0, 1]);
    // the first confirmation's link shows the booking where it is now
    const viaOld = await api<PublicBooking>('GET', `/api/public/bookings/${booked.manageToken}`);
    expect(viaOld.body).toMatchObject({ slotAt: later, status: 'booked' });

    // moving onto a full slot changes nothing
    await api('POST', '/api/public/bookings', request(slotAt, { phone: '+7 900 555-00-00' }));
    const before = footprint();
    const full = await api('POST', `/api/public/bookings/${moved.body.manageToken}/move`, { slotAt });
    expect(code(full)).toBe('SLOT_FULL');
    expect(footprint()).toEqual(before);

    const cancelled = await api<PublicBooking>('POST', `/api/public/bookings/${moved.body.manageToken}/cancel`);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await slotsOf('contract')).slots.find((x) => x.at === later)?.taken).toBe(0);
    const again = await api('POST', `/api/public/bookings/${moved.body.manageToken}/move`, { slotAt: later });
    expect(code(again)).toBe('APPOINTMENT_NOT_BOOKED');
  });

  it('refuses forged, foreign and expired manage links', async () => {
    const slotAt = Date.parse('2026-11-27T06:00:00Z');
    const booked = (await api<PublicBooking>('POST', '/api/public/bookings', request(slotAt))).body;
    const before = footprint();
    const [body, mac] = booked.manageToken.split('.') as [string, string];
    const forged = `${body}.${mac.slice(0, -2)}${mac.endsWith('AA') ? 'BB' : 'AA'}`;
    const otherSecret = signVisitToken(Buffer.alloc(32, 7), {
      ticketId: `booking/${booked.appointmentId}`,
      exp: slotAt + 1e9,
    });
    // a visit link (a ticket) signed by this office is not a booking link
    const visitLink = signVisitToken(loadOrCreateSecret(s.dataDir), {
      ticketId: booked.appointmentId,
      exp: slotAt + 1e9,
    });
    for (const token of [forged, otherSecret, visitLink, 'nonsense']) {
      expect(code(await api('GET', `/api/public/bookings/${token}`))).toBe('BOOKING_LINK_INVALID');
      expect(code(await api('POST', `/api/public/bookings/${token}/cancel`))).toBe('BOOKING_LINK_INVALID');
    }
    s.clock.set(slotAt + 24 * 3600_000 + 1);
    const expired = await api('POST', `/api/public/bookings/${booked.manageToken}/cancel`);
    expect([code(expired), expired.status]).toEqual(['BOOKING_LINK_EXPIRED', 410]);
    expect(footprint()).toEqual(before);
  });
});

describe('abuse from one address', () => {
  it('limits the public page’s writes per address, and a refused one changes nothing', async () => {
    await s.stop();
    s = await startTestServer({
      server: { rateLimits: { limitLoopback: true, limits: { tickets: { burst: 2, everyMs: 60_000 } } } },
    });
    const slot = (h: number) => Date.parse(`2026-11-27T0${h}:00:00Z`);
    for (const h of [6, 7])
      expect(
        (await api('POST', '/api/public/bookings', request(slot(h), { phone: `+7 900 000-00-0${h}` }))).status,
      ).toBe(200);
    const before = footprint();
    const third = await api('POST', '/api/public/bookings', request(slot(8), { phone: '+7 900 000-00-08' }));
    expect([code(third), third.status]).toEqual(['TOO_MANY_REQUESTS', 429]);
    expect(footprint()).toEqual(before);
    // reading is not writing: the page still shows the office
    expect((await api('GET', '/api/public/office')).status).toBe(200);
  });
});
