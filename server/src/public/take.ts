import { dayKeyOf, isReceptionOpen, localTimeToEpoch, ratingSettingsOf } from '@talon/engine';
import {
  bookingSettingsOf,
  type EngineState,
  type ErrorCode,
  phoneKey,
  type StatusMenu,
  type Ticket,
} from '@talon/protocol';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { personalRef } from '../store/personal.js';
import { PUBLIC_ACTOR } from './bookings.js';

/**
 * Taking a virtual ticket from the phone (issue 15), one path for the office's own `/take` and for the
 * requests head office relays: the same menu, the same per-phone limit, the same command.
 */

const TICKET_REF = personalRef.ticket('');

/** Why a phone cannot take a ticket now, as the code the page explains; null when it can. */
export function closedCode(state: Readonly<EngineState>, now: number): StatusMenu['closedCode'] | null {
  const config = state.config;
  if (!config) return 'NOT_CONFIGURED';
  if (!bookingSettingsOf(config).phoneTickets.enabled) return 'PHONE_TICKETS_DISABLED';
  if (state.liveQueue) return 'LIVE_QUEUE_MODE';
  if (!isReceptionOpen(config, now)) return 'OUTSIDE_RECEPTION_HOURS';
  return null;
}

/** The entrance QR's menu: the kiosk's segments and topics, whether a ticket can be taken now. */
export function takeMenuOf(state: Readonly<EngineState>, now: number): StatusMenu {
  const config = state.config;
  const closed = closedCode(state, now);
  return {
    office: config
      ? { name: config.name, ...(config.address ? { address: config.address } : {}), timeZone: config.timeZone }
      : { name: { ru: '', en: '' }, timeZone: 'Europe/Moscow' },
    open: closed === null,
    ...(closed ? { closedCode: closed } : {}),
    perPhonePerDay: bookingSettingsOf(config).phoneTickets.perPhonePerDay,
    segments: (config?.segments ?? []).map((s) => ({ id: s.id, name: s.name })),
    topics: (config?.topics ?? []).map((tp) => ({
      id: tp.id,
      name: tp.name,
      segmentIds: tp.segmentIds,
      serviceId: tp.serviceId,
      ...(tp.documents ? { documents: tp.documents } : {}),
    })),
  };
}

export interface TakeRequest {
  topicId?: string | undefined;
  segmentId?: string | undefined;
  serviceId?: string | undefined;
  phone: string;
}

export type Taken =
  | { ok: true; ticket: Ticket; peopleAhead: number | null; visitExp: number }
  | { ok: false; code: ErrorCode; details?: unknown };

/**
 * Issues the phone's virtual ticket as the system actor. With a command id (head office's request) a
 * repeat answers the ticket already issued instead of counting against the phone's limit.
 */
export function takePhoneTicket(office: Office, store: Store, body: TakeRequest, commandId?: string): Taken {
  const config = office.config;
  if (!config) return { ok: false, code: 'NOT_CONFIGURED' };
  const now = office.clock.now();
  const key = phoneKey(body.phone);
  if (!key) return { ok: false, code: 'VALIDATION_FAILED', details: { phone: 'phone' } };
  const repeat = commandId !== undefined && store.commandResponse(commandId) !== undefined;
  if (!repeat) {
    // the engine cannot count them: a closed visit keeps no phone number in the state, personal_data does
    const dayStart = localTimeToEpoch(dayKeyOf(now, config.timeZone), '00:00', config.timeZone);
    const limit = bookingSettingsOf(config).phoneTickets.perPhonePerDay;
    if (store.personal.countSince(key, dayStart, TICKET_REF) >= limit)
      return { ok: false, code: 'PHONE_TICKET_LIMIT', details: { limit } };
  }
  const r = office.execute(
    {
      type: 'issueTicket',
      channel: 'phone',
      visitorData: { phone: body.phone },
      ...(body.topicId ? { topicId: body.topicId } : {}),
      ...(body.segmentId ? { segmentId: body.segmentId } : {}),
      ...(body.serviceId && !body.topicId ? { serviceId: body.serviceId } : {}),
    },
    PUBLIC_ACTOR,
    commandId,
  );
  if (!r.ok) return { ok: false, code: r.error.code, ...(r.error.details ? { details: r.error.details } : {}) };
  const ticket = (office.view() as EngineState).tickets[r.result?.ticketId ?? ''];
  if (!ticket) return { ok: false, code: 'INTERNAL' };
  // the same link the printed ticket's QR holds: valid through the day and the rating period after it
  const visitExp = ticket.issuedAt + (24 + ratingSettingsOf(config).rating.rateWithinHours) * 3600_000;
  return { ok: true, ticket, peopleAhead: r.result?.peopleAhead ?? null, visitExp };
}
