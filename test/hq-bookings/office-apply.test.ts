import type { ReturnedBooking } from '@talon/protocol';
import { officeBookings } from '@talon/server/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';

/** The office applying bookings head office returns: its own commands, once each, whatever comes twice or odd. */
const SLOT = Date.parse('2026-11-26T08:00:00Z');

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => {
  await s?.stop();
});

const returned = (over: Partial<ReturnedBooking>): ReturnedBooking => ({
  id: '1',
  action: 'create',
  appointmentId: `MNP347@${SLOT}`,
  code: 'MNP347',
  serviceId: 'consult',
  slotAt: SLOT,
  visitorName: 'Орлова Вера',
  phone: '+7 914 100-20-30',
  at: SLOT - 3600_000,
  ...over,
});

const created = (id: string) =>
  s.store.readEvents(0, 100_000).filter((e) => e.type === 'AppointmentCreated' && e.appointment.id === id).length;

describe('bookings returned by head office, at the office', () => {
  it('are created once as head office decided them, and cancelled', () => {
    const logged: string[] = [];
    const apply = officeBookings(s.office, (m) => logged.push(m));
    const b = returned({});
    expect(apply(b)).toBe('done');
    expect(apply(b)).toBe('done');
    expect(created(b.appointmentId)).toBe(1);
    expect(s.office.view().appointments[b.appointmentId]).toMatchObject({
      source: 'hq',
      visitorName: 'Орлова Вера',
      phone: '+7 914 100-20-30',
    });
    // the phone is the office's personal data, not its log
    expect(JSON.stringify(s.store.readEvents(0, 100_000))).not.toContain('914 100');
    expect(apply(returned({ id: '2', action: 'cancel' }))).toBe('done');
    expect(s.office.view().appointments[b.appointmentId]?.status).toBe('cancelled');
    expect(logged).toEqual([]);
  });

  it('keep the slot when a phone the office refuses comes along, and drop what can never apply', () => {
    const logged: string[] = [];
    const apply = officeBookings(s.office, (m) => logged.push(m));
    const odd = returned({ id: '3', code: 'QRT679', appointmentId: `QRT679@${SLOT}`, phone: 'not a phone' });
    expect(apply(odd)).toBe('done');
    expect(s.office.view().appointments[odd.appointmentId]).toMatchObject({
      status: 'booked',
      visitorName: 'Орлова Вера',
    });
    expect(s.office.view().appointments[odd.appointmentId]?.phone).toBeUndefined();
    const unknown = returned({ id: '4', code: 'VWX349', appointmentId: `VWX349@${SLOT}`, serviceId: 'no-such' });
    expect(apply(unknown)).toBe('done');
    expect(s.office.view().appointments[unknown.appointmentId]).toBeUndefined();
    expect(logged.join('\n')).toContain('UNKNOWN_SERVICE');
  });
});
