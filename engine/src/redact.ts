import type { Appointment, DispatchReason, EngineState, StoredEvent, Ticket, VisitSummary } from '@talon/protocol';

/**
 * Audiences that may see what a visitor typed at the kiosk and a ticket's priority category (152-ФЗ):
 * operators and administrators. Boards, kiosks, the wall and rating terminals get numbers only; a
 * priority category (`disability`…) is health data, so a public screen is not told it at all.
 */
export const SEES_VISITOR_DATA = new Set(['operator', 'admin']);

/** How a public screen sees a call by priority: that it was one, never which category. */
const PRIORITY_REASON: DispatchReason = {
  rule: 'priority',
  text: { ru: 'Приоритетное обслуживание', en: 'Priority service' },
};

function stripAppointment(a: Appointment): Appointment {
  if (a.visitorName === undefined && a.phone === undefined && a.personalRef === undefined) return a;
  const { visitorName: _n, phone: _p, personalRef: _r, ...rest } = a;
  return rest;
}

function stripTicket(t: Ticket): Ticket {
  if (t.visitorData === undefined && t.personalRef === undefined && t.priorityCategoryId === undefined) return t;
  const { visitorData: _v, personalRef: _r, priorityCategoryId: _p, ...rest } = t;
  return rest;
}

function stripVisit(v: VisitSummary): VisitSummary {
  if (v.priorityCategoryId === undefined) return v;
  const { priorityCategoryId: _p, ...rest } = v;
  return rest;
}

export function redactState(state: EngineState, audience: string): EngineState {
  if (SEES_VISITOR_DATA.has(audience)) return state;
  const tickets: EngineState['tickets'] = {};
  for (const [id, t] of Object.entries(state.tickets)) tickets[id] = stripTicket(t);
  const appointments: EngineState['appointments'] = {};
  for (const [id, a] of Object.entries(state.appointments)) appointments[id] = stripAppointment(a);
  // Kiosks and boards have no use for the finished visits; rating terminals need them.
  // staff's requests to the administrator (issue 16) are between the console and the monitor
  const requests = {};
  return audience === 'rating'
    ? { ...state, tickets, appointments, requests }
    : { ...state, tickets, appointments, recentVisits: {}, requests };
}

export function redactEvent(e: StoredEvent, audience: string): StoredEvent {
  // Feedback text and contact may hold personal data: only the administrator's screens get them.
  if (e.type === 'FeedbackReceived' && audience !== 'admin') {
    const { text: _t, contact: _c, personalRef: _r, ...rest } = e;
    return rest;
  }
  if (SEES_VISITOR_DATA.has(audience)) return e;
  switch (e.type) {
    case 'TicketIssued':
    case 'WalkInStarted':
      return { ...e, ticket: stripTicket(e.ticket) };
    case 'AppointmentCreated':
      return { ...e, appointment: stripAppointment(e.appointment) };
    case 'TicketCalled':
      // the reason line names the category («…: Люди с инвалидностью»)
      return e.reason.rule === 'priority' ? { ...e, reason: PRIORITY_REASON } : e;
    case 'ServiceFinished':
      return e.visit ? { ...e, visit: stripVisit(e.visit) } : e;
    case 'TicketNoShow':
    case 'TicketCancelled':
      return { ...e, visit: stripVisit(e.visit) };
    case 'PermissionRequested': {
      const { comment: _c, ...request } = e.request;
      return { ...e, request };
    }
    case 'RequestAnswered': {
      const { comment: _c, ...rest } = e;
      return rest;
    }
    default:
      return e;
  }
}
