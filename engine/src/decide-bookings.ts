import {
  type Appointment,
  appointmentIdOf,
  bookingSettingsOf,
  type Command,
  type EngineState,
  type OfficeConfig,
  phoneKey,
} from '@talon/protocol';
import { calendarOf, phoneBookingsOfDay, slotOffered, slotTaken } from './booking.js';
import {
  accept,
  type DecideContext,
  type Decision,
  type EventBody,
  isHallAdmin,
  needConfig,
  refuse,
} from './decide-common.js';
import { aheadOf, canIssue, newTicket, slotLost } from './decide-tickets.js';
import { serviceOf } from './state.js';
import { dayKeyOf } from './time.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** The booking a kiosk check-in means: by its code, or today's booking of the phone number nearest its slot. */
function bookingToCheckIn(state: EngineState, config: OfficeConfig, cmd: Cmd<'checkIn'>, now: number) {
  let same: Appointment[];
  if (cmd.code !== undefined) {
    const code = cmd.code.toUpperCase();
    same = Object.values(state.appointments).filter((x) => x.code === code);
  } else {
    const key = phoneKey(cmd.phone ?? '');
    const today = dayKeyOf(now, config.timeZone);
    same = Object.values(state.appointments)
      .filter(
        (x) => x.phone !== undefined && phoneKey(x.phone) === key && dayKeyOf(x.slotAt, config.timeZone) === today,
      )
      .sort((a, b) => Math.abs(b.slotAt - now) - Math.abs(a.slotAt - now));
  }
  // A code may be booked again once its earlier booking was used or lost: the live booking wins.
  const booked = same.filter((x) => x.status === 'booked');
  return booked.at(-1) ?? same.filter((x) => x.status !== 'cancelled').at(-1);
}

/** Seed 003 §8.6.5: more than the allowed minutes late loses the slot; the general queue is offered. */
export function checkIn(state: EngineState, cmd: Cmd<'checkIn'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const config = c.value;
  const a = bookingToCheckIn(state, config, cmd, ctx.now);
  if (!a) return refuse('APPOINTMENT_NOT_FOUND');
  if (a.status === 'checked-in') return refuse('APPOINTMENT_ALREADY_USED');
  const gate = canIssue(state, config, ctx);
  if (gate) return gate;
  const lateMs = ctx.now - a.slotAt;
  if (a.status === 'forfeited' || slotLost(lateMs, config.rules.appointmentLateMin)) {
    // a visitor who comes after the office gave the slot up came late, not never: the record says so once
    const events: EventBody[] =
      a.status === 'forfeited' && a.forfeitReason === 'late'
        ? []
        : [{ type: 'AppointmentForfeited', appointmentId: a.id, reason: 'late' }];
    return accept(ctx, events, { appointmentLate: true, serviceId: a.serviceId });
  }
  if (-lateMs > config.rules.appointmentEarlyCheckInMin * 60_000) return refuse('APPOINTMENT_TOO_EARLY');
  const r = newTicket(state, config, a.serviceId, ctx.now, {
    appointmentId: a.id,
    waitFrom: Math.max(a.slotAt, ctx.now),
  });
  if ('error' in r) return r.error;
  return accept(
    ctx,
    [
      { type: 'AppointmentCheckedIn', appointmentId: a.id, ticketId: r.ticket.id },
      { type: 'TicketIssued', ticket: r.ticket },
    ],
    { ticketId: r.ticket.id, number: r.ticket.number, serviceId: a.serviceId, ...aheadOf(state, r.ticket, ctx) },
  );
}

type Booking = Omit<Cmd<'createAppointment'>, 'type'>;

/**
 * The office's own slots and capacity hold a booking made here (`office`: the administrator for a caller;
 * `public`: the booking page); one decided by head office or imported from the company's booking system is
 * taken as it comes.
 */
function slotRefusal(state: EngineState, config: OfficeConfig, b: Booking, now: number, exceptId?: string) {
  // without a source: the command API as before the booking pages (the caller's own rules), like an import
  const source = b.source;
  if (source === undefined || source === 'hq' || source === 'import') return null;
  const calendar = calendarOf(config);
  if (source === 'public' && !calendar.booking.enabled) return refuse('BOOKING_DISABLED');
  if (!slotOffered(calendar, b.serviceId, b.slotAt, now))
    return refuse('SLOT_NOT_OFFERED', { serviceId: b.serviceId, slotAt: b.slotAt });
  const capacity = calendar.services.find((s) => s.id === b.serviceId)?.capacity ?? 0;
  if (slotTaken(state, b.serviceId, b.slotAt, exceptId) >= capacity) return refuse('SLOT_FULL', { slotAt: b.slotAt });
  if (source === 'public' && b.phone !== undefined) {
    const mine = phoneBookingsOfDay(state, b.phone, b.slotAt, config.timeZone).filter((a) => a.id !== exceptId);
    if (mine.length >= calendar.booking.perPhonePerDay) return refuse('BOOKING_PHONE_LIMIT');
  }
  return null;
}

function bookingEvent(
  config: OfficeConfig,
  taken: Set<string>,
  b: Booking,
  now: number,
): EventBody | { error: Decision } {
  if (!serviceOf(config, b.serviceId))
    return { error: refuse('UNKNOWN_SERVICE', { serviceId: b.serviceId, code: b.code }) };
  const code = b.code.toUpperCase();
  const id = appointmentIdOf(code, b.slotAt);
  if (taken.has(code) || taken.has(id)) return { error: refuse('DUPLICATE_APPOINTMENT', { code }) };
  taken.add(code);
  const appointment: Appointment = {
    id,
    code,
    serviceId: b.serviceId,
    slotAt: b.slotAt,
    status: 'booked',
    source: b.source ?? 'office',
    createdAt: now,
    ...(b.visitorName ? { visitorName: b.visitorName } : {}),
    ...(b.phone ? { phone: b.phone } : {}),
  };
  return { type: 'AppointmentCreated', appointment };
}

/**
 * Codes of bookings still open: a code identifies one booking at the kiosk. Ids of every known
 * booking too: the same booking imported again must not reopen one already used or lost.
 */
function openCodes(state: EngineState): Set<string> {
  return new Set([
    ...Object.values(state.appointments)
      .filter((a) => a.status === 'booked')
      .map((a) => a.code),
    ...Object.keys(state.appointments),
  ]);
}

export function createAppointment(state: EngineState, cmd: Cmd<'createAppointment'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  if (!serviceOf(c.value, cmd.serviceId)) return refuse('UNKNOWN_SERVICE', { serviceId: cmd.serviceId });
  const held = slotRefusal(state, c.value, cmd, ctx.now);
  if (held) return held;
  const e = bookingEvent(c.value, openCodes(state), cmd, ctx.now);
  if ('error' in e) return e.error;
  return accept(ctx, [e], { appointmentId: appointmentIdOf(cmd.code, cmd.slotAt) });
}

/** All or nothing: one bad row refuses the whole import, naming the row's code. */
export function importAppointments(state: EngineState, cmd: Cmd<'importAppointments'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const taken = openCodes(state);
  const events: EventBody[] = [];
  for (const item of cmd.items) {
    const e = bookingEvent(c.value, taken, { ...item, source: 'import' }, ctx.now);
    if ('error' in e) return e.error;
    events.push(e);
  }
  return accept(ctx, events);
}

export function cancelAppointment(state: EngineState, cmd: Cmd<'cancelAppointment'>, ctx: DecideContext): Decision {
  const a = state.appointments[cmd.appointmentId];
  if (!a) return refuse('APPOINTMENT_NOT_FOUND');
  if (a.status === 'cancelled') return accept(ctx, []);
  if (a.status !== 'booked') return refuse('APPOINTMENT_NOT_BOOKED');
  return accept(ctx, [{ type: 'AppointmentCancelled', appointmentId: a.id }]);
}

/** The same booking (code, name, phone) at another time: the old slot is freed, the new one held, at once. */
export function moveAppointment(state: EngineState, cmd: Cmd<'moveAppointment'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const a = state.appointments[cmd.appointmentId];
  if (!a) return refuse('APPOINTMENT_NOT_FOUND');
  if (a.status !== 'booked') return refuse('APPOINTMENT_NOT_BOOKED');
  if (cmd.slotAt === a.slotAt) return accept(ctx, [], { appointmentId: a.id });
  const moved: Booking = {
    code: a.code,
    serviceId: a.serviceId,
    slotAt: cmd.slotAt,
    ...(a.visitorName ? { visitorName: a.visitorName } : {}),
    ...(a.phone ? { phone: a.phone } : {}),
  };
  // the administrator moves it by the office's rules; the visitor (a signed link) by the public page's
  const rules = isHallAdmin(ctx.actor) ? 'office' : 'public';
  const held = slotRefusal(state, c.value, { ...moved, source: rules }, ctx.now, a.id);
  if (held) return held;
  const taken = openCodes(state);
  taken.delete(a.code);
  const e = bookingEvent(c.value, taken, { ...moved, source: a.source ?? 'office' }, ctx.now);
  if ('error' in e) return e.error;
  return accept(ctx, [{ type: 'AppointmentCancelled', appointmentId: a.id }, e], {
    appointmentId: appointmentIdOf(a.code, cmd.slotAt),
  });
}

/** The office's booking figures in the settings' words, for pages that offer bookings. */
export const bookingEnabled = (config: OfficeConfig | null) => !!config && bookingSettingsOf(config).enabled;
