import { randomBytes } from 'node:crypto';
import { daySlots } from '@talon/engine';
import { type EngineState, newBookingCode } from '@talon/protocol';
import { runValidCommand } from '../api/commands.js';
import { type Edge, Refusal, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { checkImport } from './import.js';

/**
 * The administrator's bookings screen (protocol/src/routes/bookings.ts). Bookings themselves are engine
 * commands; these routes add what a screen must not do itself: make a booking code, read a CSV file.
 */
export function registerBookingRoutes({ serve }: Edge, { office }: { office: Office }): void {
  serve('bookingSlots', ({ query }) => {
    const state = office.view();
    if (!state.config) return refuse('NOT_CONFIGURED');
    if (!state.config.services.some((s) => s.id === query.serviceId))
      return refuse('UNKNOWN_SERVICE', { serviceId: query.serviceId });
    return {
      serviceId: query.serviceId,
      day: query.day,
      slots: daySlots(state as EngineState, query.serviceId, query.day, office.clock.now()),
    };
  });

  serve('createBooking', ({ body, identity }) => {
    const { commandId, ...booking } = body;
    const code = newBookingCode((n) => randomBytes(n));
    const r = runValidCommand(office, identity, {
      commandId,
      command: { type: 'createAppointment', code, source: 'office', ...booking },
    });
    if (!r.ok) return new Refusal(r.error);
    // a retry of the same commandId answers with the first booking, whose code is in its id
    const appointmentId = r.result?.appointmentId ?? '';
    return { appointmentId, code: appointmentId.split('@')[0] ?? code };
  });

  serve('importBookings', ({ body, identity }) => {
    const state = office.view();
    if (!state.config) return refuse('NOT_CONFIGURED');
    const { items, refused } = checkImport(body.csv, state.config, state.appointments, office.clock.now());
    if (refused.length > 0) return { imported: 0, refused };
    const r = runValidCommand(office, identity, { command: { type: 'importAppointments', items } });
    if (!r.ok) return { imported: 0, refused: [{ line: 0, reason: r.error.message }] };
    return { imported: items.length, refused: [] };
  });
}
