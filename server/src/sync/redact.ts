import { createHash } from 'node:crypto';
import {
  type Appointment,
  canonicalJson,
  type StoredEvent,
  type SyncEvent,
  type Ticket,
  type VisitSummary,
  type WireVisitNorms,
} from '@talon/protocol';

/**
 * 152-ФЗ: what an event may carry out of the office. Whatever a visitor typed (account, phone, a
 * booking's name, a complaint's text and contact) and whatever an operator typed as free text (a
 * transfer comment, a postponement or cancellation reason, which may name the visitor) stays here.
 * Head office needs numbers, ids, times and outcomes; it gets those and nothing else.
 *
 * The log itself holds only a reference to what a visitor typed (`personalRef`, server/src/store/personal.ts),
 * and the reference stays here too: it means nothing to head office, and without it an event rewritten by
 * schema version 13 has the same digest as when it was first sent.
 */

/** The norms in force when a visit's ticket was issued (server/src/sync/norms.ts). */
export type NormsOf = (visit: VisitSummary) => WireVisitNorms;

type Payload = Record<string, unknown>;

function ticketOut(t: Ticket): Ticket {
  const { visitorData: _v, personalRef: _r, comment: _c, ...rest } = t;
  return rest;
}

function appointmentOut(a: Appointment): Appointment {
  const { visitorName: _n, phone: _p, personalRef: _r, ...rest } = a;
  return rest;
}

const visitOut = (v: VisitSummary, normsOf: NormsOf) => ({ ...v, norms: normsOf(v) });

/**
 * The event as head office receives it: personal data removed, the closing visit given its norms.
 * Every event type is listed, so that a new one cannot leave the office before someone decides what
 * of it may.
 */
export function redactForHq(e: StoredEvent, normsOf: NormsOf): Payload {
  const { seq: _seq, ...event } = e;
  switch (event.type) {
    case 'TicketIssued':
    case 'WalkInStarted':
      return { ...event, ticket: ticketOut(event.ticket) };
    case 'AppointmentCreated':
      return { ...event, appointment: appointmentOut(event.appointment) };
    case 'FeedbackReceived': {
      const { text: _t, contact: _c, personalRef: _r, ...rest } = event;
      return rest;
    }
    case 'TicketPostponed': {
      const { reason: _r, ...rest } = event;
      return rest;
    }
    case 'TicketTransferred': {
      const { comment: _c, ...rest } = event;
      return rest;
    }
    case 'TicketCancelled': {
      const { reason: _r, ...rest } = event;
      return { ...rest, visit: visitOut(event.visit, normsOf) };
    }
    case 'LiveQueueModeChanged': {
      const { reason: _r, ...rest } = event;
      return rest;
    }
    // free text typed by staff (issue 16: requests to the hall administrator) stays in the office, like a postponement's reason
    case 'PermissionRequested': {
      const { comment: _c, ...request } = event.request;
      return { ...event, request };
    }
    case 'RequestAnswered': {
      const { comment: _c, ...rest } = event;
      return rest;
    }
    case 'ServiceFinished':
      return event.visit ? { ...event, visit: visitOut(event.visit, normsOf) } : event;
    case 'TicketNoShow':
      return { ...event, visit: visitOut(event.visit, normsOf) };
    // The configuration names staff and services, never visitors; it holds no secrets.
    case 'OfficeConfigured':
    case 'TicketCalled':
    case 'TicketRecalled':
    case 'ServiceStarted':
    case 'DigitalOnboardingMarked':
    case 'OperatorLoggedIn':
    case 'OperatorLoggedOut':
    case 'BreakStarted':
    case 'BreakEnded':
    case 'WrapUpStarted':
    case 'SkillsChanged':
    case 'AppointmentCheckedIn':
    case 'AppointmentForfeited':
    case 'AppointmentCancelled':
    case 'VisitRated':
    case 'RequestWithdrawn':
    case 'TicketAssigned':
      return event;
    default: {
      const unknown: never = event;
      throw new Error(`no redaction rule for ${(unknown as { type: string }).type}`);
    }
  }
}

export const digestOf = (payload: unknown): string => createHash('sha256').update(canonicalJson(payload)).digest('hex');

/** A booking's phone, by its personal reference, as the tag head office compares (`bookingPhoneTag`). */
export type PhoneTagOf = (personalRef: string) => string | undefined;

/**
 * One event on the wire: redacted, with the digest head office compares overlaps by; a booking carries its
 * phone's tag beside the payload (outside the digest: the tag goes once the phone is erased or purged).
 */
export function toSyncEvent(e: StoredEvent, normsOf: NormsOf, phoneTagOf?: PhoneTagOf): SyncEvent {
  const payload = redactForHq(e, normsOf);
  const out: SyncEvent = { seq: e.seq, at: e.at, type: e.type, digest: digestOf(payload), payload };
  const ref = e.type === 'AppointmentCreated' ? e.appointment.personalRef : undefined;
  const phoneTag = ref && phoneTagOf ? phoneTagOf(ref) : undefined;
  return phoneTag ? { ...out, phoneTag } : out;
}
