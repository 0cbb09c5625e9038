import type { EngineState, OperatorSession, RecentCall, StoredEvent, Ticket } from '@talon/protocol';
import { markRated, rememberFinishedVisit } from './ratings.js';

const RECENT_CALLS = 20;
const sec = (ms: number) => Math.max(0, Math.round(ms / 1000));
/** Bookings older than this are dropped from the live state; the log keeps them. */
const APPOINTMENT_RETENTION_MS = 2 * 24 * 3600_000;

/**
 * Folds one committed event into the state. It mutates and returns `state`: the server owns one
 * state object and folds every committed event into it; callers that need the old state clone first.
 * Everything here is derived from the event alone, so clients can fold the same stream.
 */
export function applyEvent(state: EngineState, e: StoredEvent): EngineState {
  state.seq = e.seq;
  switch (e.type) {
    case 'OfficeConfigured': {
      const next: Record<string, OperatorSession> = {};
      const before = new Map(state.config?.operators.map((o) => [o.id, o.skills.join(',')]));
      for (const op of e.config.operators) {
        const prev = state.operators[op.id];
        // Skills changed during the day survive a reconfiguration that did not touch this operator's skills.
        const skills = prev && before.get(op.id) === op.skills.join(',') ? prev.skills : [...op.skills];
        next[op.id] = prev
          ? { ...prev, name: op.name, skills }
          : {
              operatorId: op.id,
              name: op.name,
              windowId: null,
              status: 'logged-out',
              since: e.at,
              ticketId: null,
              skills: [...op.skills],
            };
      }
      // An operator removed from the configuration mid-visit stays until logged out.
      for (const [id, prev] of Object.entries(state.operators))
        if (!next[id] && prev.status !== 'logged-out') next[id] = prev;
      state.operators = next;
      state.config = e.config;
      break;
    }
    case 'TicketIssued': {
      const t = e.ticket;
      state.tickets[t.id] = { ...t };
      const prefix = t.number.split('-')[0] ?? '';
      state.counters[prefix] = { dayKey: t.dayKey, last: Number(t.number.split('-')[1]) };
      const issued = state.issuedToday[t.serviceId];
      state.issuedToday[t.serviceId] =
        issued && issued.dayKey === t.dayKey
          ? { dayKey: t.dayKey, count: issued.count + 1 }
          : { dayKey: t.dayKey, count: 1 };
      break;
    }
    case 'WalkInStarted': {
      const t = e.ticket;
      state.tickets[t.id] = { ...t };
      const prefix = t.number.split('-')[0] ?? '';
      state.counters[prefix] = { dayKey: t.dayKey, last: Number(t.number.split('-')[1]) };
      busy(state, e.operatorId, t.id, e.at);
      break;
    }
    case 'TicketCalled': {
      const t = state.tickets[e.ticketId];
      if (!t) break;
      t.waitedSec += sec(e.at - t.waitingSince);
      t.status = 'called';
      t.operatorId = e.operatorId;
      t.windowId = e.windowId;
      t.callCount = 1;
      t.firstCalledAt ??= e.at;
      t.lastCalledAt = e.at;
      t.targetOperatorId = undefined;
      state.priorityStreak[e.hallId] = e.priorityStreak;
      busy(state, e.operatorId, t.id, e.at);
      pushCall(state, { ...callOf(e), callCount: 1 });
      break;
    }
    case 'TicketRecalled': {
      const t = state.tickets[e.ticketId];
      if (!t) break;
      t.callCount = e.callCount;
      t.recalls += 1;
      t.lastCalledAt = e.at;
      pushCall(state, { ...callOf(e), callCount: e.callCount });
      break;
    }
    case 'ServiceStarted': {
      const t = state.tickets[e.ticketId];
      if (!t) break;
      t.status = 'serving';
      t.startedAt = e.at;
      if (t.lastCalledAt !== undefined) t.walkedSec += sec(e.at - t.lastCalledAt);
      break;
    }
    case 'DigitalOnboardingMarked': {
      const t = state.tickets[e.ticketId];
      if (!t) break;
      if (e.on) t.digitalOnboarding = true;
      else delete t.digitalOnboarding;
      break;
    }
    case 'ServiceFinished': {
      const t = state.tickets[e.ticketId];
      free(state, e.operatorId, e.at);
      rememberFinishedVisit(state, e);
      if (!t) break;
      if (e.visit || !e.returnTo) {
        delete state.tickets[e.ticketId];
        break;
      }
      // Back to the operator it came from, keeping its place: not the back of the queue.
      if (t.startedAt !== undefined) t.servedSec += sec(e.at - t.startedAt);
      requeue(t, e.at);
      t.serviceId = e.returnTo.serviceId;
      t.targetOperatorId = e.returnTo.operatorId;
      t.returnTo = undefined;
      break;
    }
    case 'TicketNoShow':
    case 'TicketCancelled': {
      const t = state.tickets[e.ticketId];
      if (t?.operatorId && state.operators[t.operatorId]?.ticketId === t.id) free(state, t.operatorId, e.at);
      delete state.tickets[e.ticketId];
      break;
    }
    case 'TicketPostponed': {
      const t = state.tickets[e.ticketId];
      free(state, e.operatorId, e.at);
      if (!t) break;
      if (t.startedAt !== undefined) t.servedSec += sec(e.at - t.startedAt);
      requeue(t, e.returnAt);
      t.status = 'postponed';
      t.eligibleAt = e.returnAt;
      t.postponements += 1;
      t.comment = e.reason;
      break;
    }
    case 'TicketTransferred': {
      const t = state.tickets[e.ticketId];
      free(state, e.operatorId, e.at);
      if (!t) break;
      if (t.startedAt !== undefined) t.servedSec += sec(e.at - t.startedAt);
      requeue(t, e.at);
      t.serviceId = e.toServiceId;
      t.targetOperatorId = e.toOperatorId;
      t.transfers += 1;
      if (e.comment) t.comment = e.comment;
      if (e.returnToOrigin) t.returnTo = { operatorId: e.operatorId, serviceId: e.fromServiceId };
      break;
    }
    case 'OperatorLoggedIn': {
      const op = state.operators[e.operatorId];
      if (op)
        Object.assign(op, {
          windowId: e.windowId,
          status: 'ready',
          since: e.at,
          ticketId: null,
          breakReasonId: undefined,
        });
      break;
    }
    case 'OperatorLoggedOut': {
      // a request does not outlive the operator's session at the window
      if (state.requests) delete state.requests[e.operatorId];
      // Visitors sent to this operator personally go back to the general queue, keeping their place.
      for (const t of Object.values(state.tickets))
        if (t.targetOperatorId === e.operatorId) t.targetOperatorId = undefined;
      const op = state.operators[e.operatorId];
      if (op)
        Object.assign(op, {
          windowId: null,
          status: 'logged-out',
          since: e.at,
          ticketId: null,
          breakReasonId: undefined,
        });
      break;
    }
    case 'BreakStarted': {
      // the break came about anyway (a colleague came back, the administrator allowed it): nothing left to ask
      if (state.requests) delete state.requests[e.operatorId];
      const op = state.operators[e.operatorId];
      if (op)
        Object.assign(op, { status: 'break', since: e.at, breakReasonId: e.reasonId, breakAllowedBy: e.overriddenBy });
      break;
    }
    case 'BreakEnded': {
      // Also the end of a wrap-up.
      const op = state.operators[e.operatorId];
      if (op) Object.assign(op, { status: 'ready', since: e.at, breakReasonId: undefined, breakAllowedBy: undefined });
      break;
    }
    case 'WrapUpStarted': {
      const op = state.operators[e.operatorId];
      if (op) Object.assign(op, { status: 'wrap-up', since: e.at });
      break;
    }
    case 'SkillsChanged': {
      const op = state.operators[e.operatorId];
      if (op) op.skills = [...e.serviceIds];
      break;
    }
    case 'AppointmentCreated': {
      for (const [id, a] of Object.entries(state.appointments))
        if (a.slotAt < e.at - APPOINTMENT_RETENTION_MS) delete state.appointments[id];
      state.appointments[e.appointment.id] = { ...e.appointment };
      break;
    }
    case 'AppointmentCheckedIn': {
      const a = state.appointments[e.appointmentId];
      if (a) Object.assign(a, { status: 'checked-in', ticketId: e.ticketId });
      break;
    }
    case 'AppointmentForfeited': {
      const a = state.appointments[e.appointmentId];
      if (a) Object.assign(a, { status: 'forfeited', forfeitReason: e.reason });
      break;
    }
    case 'AppointmentCancelled': {
      const a = state.appointments[e.appointmentId];
      if (a) Object.assign(a, { status: 'cancelled', cancelledAt: e.at });
      break;
    }
    case 'LiveQueueModeChanged':
      state.liveQueue = e.on;
      break;
    case 'VisitRated':
      markRated(state, e);
      break;
    case 'PermissionRequested':
      state.requests ??= {};
      state.requests[e.request.operatorId] = { ...e.request };
      break;
    case 'RequestWithdrawn':
      if (state.requests?.[e.operatorId]?.id === e.requestId) delete state.requests[e.operatorId];
      break;
    case 'RequestAnswered': {
      const req = state.requests?.[e.operatorId];
      if (!req || req.id !== e.requestId) break;
      // a refusal stays until the operator has read it; a grant is followed by the break or the logout
      if (e.granted) delete state.requests?.[e.operatorId];
      else
        Object.assign(req, {
          status: 'refused',
          answeredAt: e.at,
          ...(e.comment !== undefined ? { answerComment: e.comment } : {}),
        });
      break;
    }
    case 'TicketAssigned': {
      const t = state.tickets[e.ticketId];
      if (t) t.targetOperatorId = e.toOperatorId;
      break;
    }
  }
  return state;
}

/** A new waiting period that keeps the queue position. */
function requeue(t: Ticket, from: number) {
  t.status = 'waiting';
  t.waitingSince = from;
  t.operatorId = undefined;
  t.windowId = undefined;
  t.startedAt = undefined;
  t.callCount = 0;
}

function busy(state: EngineState, operatorId: string, ticketId: string, at: number) {
  const op = state.operators[operatorId];
  if (op) Object.assign(op, { status: 'serving', ticketId, since: at });
}

function free(state: EngineState, operatorId: string, at: number) {
  const op = state.operators[operatorId];
  if (op && op.status !== 'logged-out') Object.assign(op, { status: 'ready', ticketId: null, since: at });
}

function callOf(e: Extract<StoredEvent, { type: 'TicketCalled' | 'TicketRecalled' }>): Omit<RecentCall, 'callCount'> {
  return {
    ticketId: e.ticketId,
    number: e.number,
    windowId: e.windowId,
    windowNumber: e.windowNumber,
    windowKind: e.windowKind,
    hallId: e.hallId,
    at: e.at,
  };
}

function pushCall(state: EngineState, call: RecentCall) {
  state.recentCalls.push(call);
  if (state.recentCalls.length > RECENT_CALLS) state.recentCalls.splice(0, state.recentCalls.length - RECENT_CALLS);
}
