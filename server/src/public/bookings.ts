import { randomBytes } from 'node:crypto';
import { bookingDays, calendarOf, daySlots } from '@talon/engine';
import {
  type Actor,
  type Appointment,
  BOOKING_CLAIM_PREFIX,
  bookingSettingsOf,
  type EngineState,
  newBookingCode,
  type OfficeConfig,
  type PublicBooking,
  type PublicOffice,
} from '@talon/protocol';
import { type Edge, Refusal, refuse } from '../edge/plugin.js';
import { signVisitToken, verifyVisitToken } from '../links.js';
import type { Office } from '../office.js';

/** The public pages act as the office itself, like the rating page does with `rateVisit`. */
export const PUBLIC_ACTOR: Actor = { kind: 'system' };
const DAY_MS = 24 * 3600_000;
/** A fresh code colliding with an open booking's is rare (25⁶ codes); a few draws settle it. */
const CODE_TRIES = 5;

export interface BookingDeps {
  office: Office;
  secret: Buffer;
  /** Head office's code of this office, when linked (the manage link names it on head office's page). */
  officeCode: () => string | null;
}

const officeOf = (config: OfficeConfig, code: string | null) => ({
  code,
  name: config.name,
  ...(config.address ? { address: config.address } : {}),
  timeZone: config.timeZone,
});

/** The manage link lives until a day after the slot: long enough to look back, short enough to die. */
export const manageToken = (secret: Buffer, a: Pick<Appointment, 'id' | 'slotAt'>) =>
  signVisitToken(secret, { ticketId: `${BOOKING_CLAIM_PREFIX}${a.id}`, exp: a.slotAt + DAY_MS });

export function publicBooking(deps: BookingDeps, config: OfficeConfig, a: Appointment): PublicBooking {
  return {
    appointmentId: a.id,
    code: a.code,
    serviceId: a.serviceId,
    serviceName: config.services.find((s) => s.id === a.serviceId)?.name ?? null,
    slotAt: a.slotAt,
    status: a.status,
    office: officeOf(config, deps.officeCode()),
    manageToken: manageToken(deps.secret, a),
  };
}

/**
 * The booking a manage link stands for. A moved booking has a new id (its slot is in it): the old link
 * follows the code to the live booking, so a link from the first confirmation keeps working.
 */
function resolve(state: EngineState, secret: Buffer, token: string, now: number) {
  const r = verifyVisitToken(secret, token, now);
  if (!r.ok) return refuse(r.reason === 'expired' ? 'BOOKING_LINK_EXPIRED' : 'BOOKING_LINK_INVALID');
  if (!r.claim.ticketId.startsWith(BOOKING_CLAIM_PREFIX)) return refuse('BOOKING_LINK_INVALID');
  const a = state.appointments[r.claim.ticketId.slice(BOOKING_CLAIM_PREFIX.length)];
  if (!a) return refuse('APPOINTMENT_NOT_FOUND');
  if (a.status !== 'cancelled') return a;
  const moved = Object.values(state.appointments).find(
    (x) => x.code === a.code && x.status === 'booked' && (x.createdAt ?? 0) >= (a.cancelledAt ?? 0),
  );
  return moved ?? a;
}

export function registerPublicBookings(edge: Edge, deps: BookingDeps): void {
  const { office } = deps;
  const now = () => office.clock.now();
  /** The office's booking settings, or the refusal a visitor sees when it takes none. */
  const bookable = () => {
    const config = office.config;
    if (!config) return refuse('NOT_CONFIGURED');
    if (!bookingSettingsOf(config).enabled) return refuse('BOOKING_DISABLED');
    return config;
  };

  edge.serve('publicOffice', () => {
    const config = bookable();
    if (config instanceof Refusal) return config;
    const calendar = calendarOf(config);
    const b = calendar.booking;
    const answer: PublicOffice = {
      ...officeOf(config, deps.officeCode()),
      booking: { enabled: b.enabled, slotMin: b.slotMin, windowDays: b.windowDays, perPhonePerDay: b.perPhonePerDay },
      services: calendar.services,
      days: bookingDays(calendar, now()),
      checkIn: { earlyMin: config.rules.appointmentEarlyCheckInMin, lateMin: config.rules.appointmentLateMin },
    };
    return answer;
  });

  edge.serve('publicSlots', ({ query }) => {
    const config = bookable();
    if (config instanceof Refusal) return config;
    if (!calendarOf(config).services.some((s) => s.id === query.serviceId))
      return refuse('UNKNOWN_SERVICE', { serviceId: query.serviceId });
    return { ...query, slots: daySlots(office.view() as EngineState, query.serviceId, query.day, now()) };
  });

  edge.serve('publicBook', ({ body }) => {
    const config = bookable();
    if (config instanceof Refusal) return config;
    for (let i = 0; i < CODE_TRIES; i++) {
      const r = office.execute(
        {
          type: 'createAppointment',
          code: newBookingCode((n) => randomBytes(n)),
          serviceId: body.serviceId,
          slotAt: body.slotAt,
          visitorName: body.name,
          phone: body.phone,
          source: 'public',
        },
        PUBLIC_ACTOR,
      );
      if (!r.ok && r.error.code === 'DUPLICATE_APPOINTMENT') continue;
      if (!r.ok) return refuse(r.error.code, r.error.details);
      const a = office.view().appointments[r.result?.appointmentId ?? ''];
      if (!a) return refuse('INTERNAL');
      return publicBooking(deps, config, a);
    }
    return refuse('INTERNAL');
  });

  edge.serve('publicBooking', ({ params }) => {
    const config = office.config;
    if (!config) return refuse('NOT_CONFIGURED');
    const a = resolve(office.view() as EngineState, deps.secret, params.token, now());
    if (a instanceof Refusal) return a;
    return publicBooking(deps, config, a);
  });

  edge.serve('publicCancel', ({ params }) => {
    const config = office.config;
    if (!config) return refuse('NOT_CONFIGURED');
    const a = resolve(office.view() as EngineState, deps.secret, params.token, now());
    if (a instanceof Refusal) return a;
    const r = office.execute({ type: 'cancelAppointment', appointmentId: a.id }, PUBLIC_ACTOR);
    if (!r.ok) return refuse(r.error.code, r.error.details);
    const after = office.view().appointments[a.id] ?? a;
    return publicBooking(deps, config, after);
  });

  edge.serve('publicMove', ({ params, body }) => {
    const config = bookable();
    if (config instanceof Refusal) return config;
    const a = resolve(office.view() as EngineState, deps.secret, params.token, now());
    if (a instanceof Refusal) return a;
    const r = office.execute({ type: 'moveAppointment', appointmentId: a.id, slotAt: body.slotAt }, PUBLIC_ACTOR);
    if (!r.ok) return refuse(r.error.code, r.error.details);
    const moved = office.view().appointments[r.result?.appointmentId ?? ''];
    if (!moved) return refuse('INTERNAL');
    return publicBooking(deps, config, moved);
  });
}
