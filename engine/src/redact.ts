import type { EngineState, StoredEvent, Ticket } from '@talon/protocol';

/** Roles that may see what a visitor typed at the kiosk (152-ФЗ: numbers only for everyone else). */
export const SEES_VISITOR_DATA = new Set(['operator', 'admin']);

function stripTicket(t: Ticket): Ticket {
  if (t.visitorData === undefined) return t;
  const { visitorData: _, ...rest } = t;
  return rest;
}

export function redactState(state: EngineState, audience: string): EngineState {
  if (SEES_VISITOR_DATA.has(audience)) return state;
  const tickets: EngineState['tickets'] = {};
  for (const [id, t] of Object.entries(state.tickets)) tickets[id] = stripTicket(t);
  return { ...state, tickets };
}

export function redactEvent(e: StoredEvent, audience: string): StoredEvent {
  if (SEES_VISITOR_DATA.has(audience)) return e;
  if (e.type === 'TicketIssued' || e.type === 'WalkInStarted') return { ...e, ticket: stripTicket(e.ticket) };
  return e;
}
