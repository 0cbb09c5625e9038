import type { Appointment, EngineState, StoredEvent, Ticket } from '@talon/protocol';

/** Roles that may see what a visitor typed at the kiosk (152-ФЗ: numbers only for everyone else). */
export const SEES_VISITOR_DATA = new Set(['operator', 'admin']);

function stripAppointment(a: Appointment): Appointment {
  if (a.visitorName === undefined) return a;
  const { visitorName: _, ...rest } = a;
  return rest;
}

function stripTicket(t: Ticket): Ticket {
  if (t.visitorData === undefined) return t;
  const { visitorData: _, ...rest } = t;
  return rest;
}

export function redactState(state: EngineState, audience: string): EngineState {
  if (SEES_VISITOR_DATA.has(audience)) return state;
  const tickets: EngineState['tickets'] = {};
  for (const [id, t] of Object.entries(state.tickets)) tickets[id] = stripTicket(t);
  const appointments: EngineState['appointments'] = {};
  for (const [id, a] of Object.entries(state.appointments)) appointments[id] = stripAppointment(a);
  // Kiosks and boards have no use for the finished visits; rating terminals need them.
  return audience === 'rating'
    ? { ...state, tickets, appointments }
    : { ...state, tickets, appointments, recentVisits: {} };
}

export function redactEvent(e: StoredEvent, audience: string): StoredEvent {
  // Feedback text and contact may hold personal data: only the administrator's screens get them.
  if (e.type === 'FeedbackReceived' && audience !== 'admin') {
    const { text: _t, contact: _c, ...rest } = e;
    return rest;
  }
  if (SEES_VISITOR_DATA.has(audience)) return e;
  if (e.type === 'TicketIssued' || e.type === 'WalkInStarted') return { ...e, ticket: stripTicket(e.ticket) };
  if (e.type === 'AppointmentCreated') return { ...e, appointment: stripAppointment(e.appointment) };
  return e;
}
