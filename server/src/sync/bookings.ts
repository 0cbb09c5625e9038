import { Command, type ReturnedBooking } from '@talon/protocol';
import type { Office } from '../office.js';
import { HEAD_OFFICE_ACTOR } from './profile.js';

/** `done`: applied, or never applicable: acknowledge it. `retry`: not now (and nothing after it either). */
export type BookingSink = (booking: ReturnedBooking) => 'done' | 'retry';

/** Refusals that will never change for this booking: head office may forget it. */
const FINAL = new Set([
  'DUPLICATE_APPOINTMENT',
  'UNKNOWN_SERVICE',
  'APPOINTMENT_NOT_FOUND',
  'APPOINTMENT_NOT_BOOKED',
  'VALIDATION_FAILED',
]);

/**
 * A booking made or cancelled on head office's public page becomes the office's own command, so the day's
 * bookings are at the office even when head office is down. Head office decided capacity and the
 * per-phone limit (`source: 'hq'`); the command id `hq-booking:<id>` makes a second delivery answer as
 * the first did. A booking moved on head office arrives as a cancel and a create of the same code:
 * the name and phone the office holds for that code go over to the new slot when head office has none.
 */
export function officeBookings(office: Office, log: (msg: string) => void = console.warn): BookingSink {
  return (b: ReturnedBooking) => {
    let cmd: unknown;
    if (b.action === 'cancel') cmd = { type: 'cancelAppointment', appointmentId: b.appointmentId };
    else {
      const earlier =
        b.visitorName || b.phone
          ? undefined
          : Object.values(office.view().appointments).find(
              (a) => a.code === b.code.toUpperCase() && a.status === 'cancelled',
            );
      const visitorName = b.visitorName ?? earlier?.visitorName;
      const phone = b.phone ?? earlier?.phone;
      cmd = {
        type: 'createAppointment',
        code: b.code,
        serviceId: b.serviceId,
        slotAt: b.slotAt,
        source: 'hq',
        ...(visitorName ? { visitorName } : {}),
        ...(phone ? { phone } : {}),
      };
    }
    let parsed = Command.safeParse(cmd);
    if (!parsed.success && b.action === 'create') {
      // a phone or name the office's stricter schema refuses: the booking still holds its slot
      const { phone: _p, ...noPhone } = cmd as Record<string, unknown>;
      const { visitorName: _n, ...bare } = noPhone;
      parsed = Command.safeParse(noPhone);
      if (!parsed.success) parsed = Command.safeParse(bare);
    }
    if (!parsed.success) {
      log(`head-office booking ${b.id} is not a valid booking; acknowledged and dropped`);
      return 'done';
    }
    const res = office.execute(parsed.data, HEAD_OFFICE_ACTOR, `hq-booking:${b.id}`);
    if (res.ok) return 'done';
    if (FINAL.has(res.error.code)) {
      if (res.error.code !== 'DUPLICATE_APPOINTMENT') log(`head-office booking ${b.id} refused: ${res.error.code}`);
      return 'done';
    }
    // no configuration yet, an internal failure: the next ack brings it again
    return 'retry';
  };
}
