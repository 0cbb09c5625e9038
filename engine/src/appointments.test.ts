import { describe, expect, it } from 'vitest';
import { actors, Harness, testOffice } from './testing.js';
import { localTimeToEpoch } from './time.js';

const { kiosk, admin, system } = actors;
const boris = actors.operator('boris');
const SLOT = localTimeToEpoch('2025-03-03', '11:00', 'Europe/Moscow');

function booked(overrides: Parameters<typeof testOffice>[0] = {}) {
  const h = new Harness({ config: testOffice(overrides) });
  h.ok(
    { type: 'createAppointment', code: 'ab12', serviceId: 'consultation', slotAt: SLOT, visitorName: 'Иванов И.И.' },
    admin,
  );
  return h;
}
const checkIn = (h: Harness, code = 'AB12') => h.run({ type: 'checkIn', code }, kiosk);

describe('createAppointment', () => {
  it('records a booking under an upper-case code', () => {
    const h = booked();
    expect(h.state.appointments).toEqual({
      [`AB12@${SLOT}`]: {
        id: `AB12@${SLOT}`,
        code: 'AB12',
        serviceId: 'consultation',
        slotAt: SLOT,
        visitorName: 'Иванов И.И.',
        status: 'booked',
        source: 'office',
        createdAt: h.now,
      },
    });
  });

  it('refuses a duplicate code while it is booked, and an unknown service', () => {
    const h = booked();
    expect(
      h.refused({ type: 'createAppointment', code: 'AB12', serviceId: 'cash', slotAt: SLOT + 3600_000 }, admin).code,
    ).toBe('DUPLICATE_APPOINTMENT');
    expect(
      h.refused({ type: 'createAppointment', code: 'Ab12', serviceId: 'consultation', slotAt: SLOT }, admin).code,
    ).toBe('DUPLICATE_APPOINTMENT');
    expect(h.refused({ type: 'createAppointment', code: 'CD34', serviceId: 'nope', slotAt: SLOT }, admin).code).toBe(
      'UNKNOWN_SERVICE',
    );
  });

  it('imports a day of bookings all or nothing', () => {
    const h = new Harness({ config: testOffice() });
    const items = [
      { code: 'AA11', serviceId: 'consultation', slotAt: SLOT },
      { code: 'bb22', serviceId: 'cash', slotAt: SLOT + 900_000 },
    ];
    expect(
      h.refused(
        { type: 'importAppointments', items: [...items, { code: 'CC33', serviceId: 'nope', slotAt: SLOT }] },
        admin,
      ),
    ).toMatchObject({ code: 'UNKNOWN_SERVICE', details: { code: 'CC33' } });
    expect(
      h.refused(
        { type: 'importAppointments', items: [...items, { code: 'aa11', serviceId: 'cash', slotAt: SLOT }] },
        admin,
      ).code,
    ).toBe('DUPLICATE_APPOINTMENT');
    expect(h.ok({ type: 'importAppointments', items }, admin).events.map((e) => e.type)).toEqual([
      'AppointmentCreated',
      'AppointmentCreated',
    ]);
    expect(Object.values(h.state.appointments).map((a) => a.code)).toEqual(['AA11', 'BB22']);
  });

  it('drops bookings older than two days from the live state', () => {
    const h = booked();
    h.at('2025-03-06T10:00');
    h.ok({ type: 'createAppointment', code: 'CD34', serviceId: 'cash', slotAt: h.now + 3600_000 }, admin);
    expect(Object.values(h.state.appointments).map((a) => a.code)).toEqual(['CD34']);
  });
});

describe('checkIn', () => {
  it('on time: a ticket with the booking, treated as priority', () => {
    const h = booked();
    h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
    h.at('2025-03-03T10:55');
    h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk); // К-001, regular
    h.at('2025-03-03T10:58');
    const d = h.ok({ type: 'checkIn', code: 'ab12' }, kiosk);
    const id = `AB12@${SLOT}`;
    expect(d.result).toEqual({
      ticketId: '2025-03-03/К-002',
      number: 'К-002',
      serviceId: 'consultation',
      peopleAhead: 1,
    });
    expect(d.events.map((e) => e.type)).toEqual(['AppointmentCheckedIn', 'TicketIssued']);
    expect(d.events[0]).toMatchObject({ appointmentId: id, ticketId: '2025-03-03/К-002' });
    expect(h.state.appointments[id]).toMatchObject({ status: 'checked-in', ticketId: '2025-03-03/К-002' });
    expect(h.ticket('К-002')).toMatchObject({
      appointmentId: id,
      issuedAt: h.now,
      waitFrom: SLOT,
      serviceId: 'consultation',
    });
    h.at('2025-03-03T11:00');
    const call = h.ok({ type: 'callNext' }, boris).events[0];
    expect(call).toMatchObject({
      number: 'К-002',
      reason: {
        rule: 'appointment',
        text: { ru: 'Посетитель по предварительной записи', en: 'A visitor with a booking' },
      },
    });
  });

  it('the same booking created again after its check-in is refused: it cannot reopen', () => {
    const h = booked();
    h.at('2025-03-03T11:00');
    checkIn(h);
    expect(
      h.refused({ type: 'createAppointment', code: 'AB12', serviceId: 'consultation', slotAt: SLOT }, admin).code,
    ).toBe('DUPLICATE_APPOINTMENT');
    expect(h.state.appointments[`AB12@${SLOT}`]?.status).toBe('checked-in');
  });

  it('a checked-in code cannot be used twice; an unknown code is not found', () => {
    const h = booked();
    h.at('2025-03-03T11:00');
    expect(checkIn(h).ok).toBe(true);
    expect(h.refused({ type: 'checkIn', code: 'AB12' }, kiosk).code).toBe('APPOINTMENT_ALREADY_USED');
    expect(h.refused({ type: 'checkIn', code: 'ZZ99' }, kiosk).code).toBe('APPOINTMENT_NOT_FOUND');
  });

  it('too early is refused; check-in opens appointmentEarlyCheckInMin (30) before the slot', () => {
    const h = booked();
    h.at('2025-03-03T10:29:59');
    expect(h.refused({ type: 'checkIn', code: 'AB12' }, kiosk).code).toBe('APPOINTMENT_TOO_EARLY');
    h.at('2025-03-03T10:30');
    expect(h.ok({ type: 'checkIn', code: 'AB12' }, kiosk).result?.number).toBe('К-001');
  });

  it('4 min 59 s late is still on time', () => {
    const h = booked();
    h.at('2025-03-03T11:04:59');
    const d = h.ok({ type: 'checkIn', code: 'AB12' }, kiosk);
    expect(d.result).toMatchObject({ number: 'К-001' });
    expect(d.result).not.toHaveProperty('appointmentLate');
    expect(h.ticket('К-001').waitFrom).toBe(h.now); // the later of slot and check-in
  });

  it('5 minutes late or more (seed 003 §8.6.5): the slot is lost, no ticket, and the general queue is offered', () => {
    const h = booked();
    h.at('2025-03-03T11:05');
    const d = h.ok({ type: 'checkIn', code: 'AB12' }, kiosk);
    // the kiosk offers the general queue of the booking's service
    expect(d.result).toEqual({ appointmentLate: true, serviceId: 'consultation' });
    expect(d.events).toEqual([
      expect.objectContaining({ type: 'AppointmentForfeited', appointmentId: `AB12@${SLOT}`, reason: 'late' }),
    ]);
    expect(h.state.appointments[`AB12@${SLOT}`]?.status).toBe('forfeited');
    expect(Object.keys(h.state.tickets)).toEqual([]);
    // Trying again says the same and records nothing more.
    const again = h.ok({ type: 'checkIn', code: 'AB12' }, kiosk);
    expect(again).toMatchObject({ events: [], result: { appointmentLate: true } });
    const t = h.ok({ type: 'issueTicket', serviceId: 'consultation' }, kiosk);
    expect(t.result?.number).toBe('К-001');
    expect(h.ticket('К-001').appointmentId).toBeUndefined();
  });

  it('honours a configured lateness of 0 and an early window of 10 minutes', () => {
    const h = booked({ rules: { appointmentLateMin: 0, appointmentEarlyCheckInMin: 10 } });
    h.at('2025-03-03T10:49');
    expect(h.refused({ type: 'checkIn', code: 'AB12' }, kiosk).code).toBe('APPOINTMENT_TOO_EARLY');
    h.at('2025-03-03T11:00:01');
    expect(checkIn(h)).toMatchObject({ ok: true, result: { appointmentLate: true } });
  });

  it('tick forfeits bookings nobody checked in for, once they are 5 minutes late', () => {
    const h = booked();
    h.ok({ type: 'createAppointment', code: 'CD34', serviceId: 'cash', slotAt: SLOT }, admin);
    h.at('2025-03-03T10:45');
    checkIn(h, 'CD34');
    h.at('2025-03-03T11:04:59');
    expect(h.ok({ type: 'tick' }, system).events).toEqual([]);
    h.advance(1000);
    const d = h.ok({ type: 'tick' }, system);
    expect(d.events).toEqual([
      expect.objectContaining({
        type: 'AppointmentForfeited',
        appointmentId: `AB12@${SLOT}`,
        reason: 'not-checked-in',
      }),
    ]);
    expect(h.ok({ type: 'tick' }, system).events).toEqual([]);
    // the visitor comes after all: late, not a no-show, recorded once; the general queue is offered
    expect(checkIn(h)).toMatchObject({
      ok: true,
      events: [
        expect.objectContaining({ type: 'AppointmentForfeited', appointmentId: `AB12@${SLOT}`, reason: 'late' }),
      ],
      result: { appointmentLate: true },
    });
    expect(h.state.appointments[`AB12@${SLOT}`]?.forfeitReason).toBe('late');
    expect(checkIn(h)).toMatchObject({ ok: true, events: [], result: { appointmentLate: true } });
  });

  it('refuses in live-queue mode and outside reception hours, leaving the booking usable', () => {
    const h = booked();
    h.at('2025-03-03T11:00');
    h.ok({ type: 'setLiveQueueMode', on: true, reason: 'сбой' }, admin);
    expect(h.refused({ type: 'checkIn', code: 'AB12' }, kiosk).code).toBe('LIVE_QUEUE_MODE');
    h.ok({ type: 'setLiveQueueMode', on: false }, admin);
    const late = new Harness({ config: testOffice() });
    const evening = localTimeToEpoch('2025-03-03', '18:10', 'Europe/Moscow');
    late.ok({ type: 'createAppointment', code: 'EF56', serviceId: 'cash', slotAt: evening }, admin);
    late.at('2025-03-03T18:05');
    expect(late.refused({ type: 'checkIn', code: 'EF56' }, kiosk).code).toBe('OUTSIDE_RECEPTION_HOURS');
    expect(late.ok({ type: 'checkIn', code: 'EF56' }, admin).result?.number).toBe('О-001');
    expect(h.ok({ type: 'checkIn', code: 'AB12' }, kiosk).result?.number).toBe('К-001');
  });

  it('a booking for a capped service is refused once the cap is reached', () => {
    const h = new Harness({ config: testOffice() });
    h.ok({ type: 'createAppointment', code: 'GH78', serviceId: 'documents', slotAt: SLOT }, admin);
    for (let i = 0; i < 3; i++) h.ok({ type: 'issueTicket', serviceId: 'documents' }, kiosk);
    h.at('2025-03-03T11:00');
    expect(h.refused({ type: 'checkIn', code: 'GH78' }, kiosk).code).toBe('DAILY_CAP_REACHED');
    expect(Object.values(h.state.appointments)[0]?.status).toBe('booked');
  });

  it('a code booked again after its first use checks in the new booking', () => {
    const h = booked();
    h.at('2025-03-03T11:00');
    checkIn(h);
    const tomorrow = localTimeToEpoch('2025-03-04', '11:00', 'Europe/Moscow');
    h.ok({ type: 'createAppointment', code: 'AB12', serviceId: 'cash', slotAt: tomorrow }, admin);
    h.at('2025-03-04T10:55');
    const d = h.ok({ type: 'checkIn', code: 'AB12' }, kiosk);
    expect(d.events[0]).toMatchObject({ type: 'AppointmentCheckedIn', appointmentId: `AB12@${tomorrow}` });
    expect(d.result?.number).toBe('О-001');
  });

  it('a code booked again after it was forfeited checks in the new booking', () => {
    const h = booked();
    h.at('2025-03-03T11:10');
    h.ok({ type: 'tick' }, system);
    const later = localTimeToEpoch('2025-03-03', '15:00', 'Europe/Moscow');
    h.ok({ type: 'createAppointment', code: 'AB12', serviceId: 'consultation', slotAt: later }, admin);
    h.at('2025-03-03T14:50');
    expect(h.ok({ type: 'checkIn', code: 'AB12' }, kiosk).result).toMatchObject({ number: 'К-001' });
  });
});
