import { dayKeyOf, isReceptionOpen, localTimeToEpoch, ratingSettingsOf } from '@talon/engine';
import { bookingSettingsOf, type EngineState, phoneKey } from '@talon/protocol';
import { type Edge, refuse } from '../edge/plugin.js';
import { visitUrl } from '../links.js';
import type { Office } from '../office.js';
import { origin } from '../rating/api.js';
import type { RatingLinks } from '../rating/index.js';
import type { Store } from '../store/index.js';
import { personalRef } from '../store/personal.js';
import { PUBLIC_ACTOR } from './bookings.js';

export interface TicketDeps {
  office: Office;
  store: Store;
  secret: Buffer;
  links: RatingLinks;
}

const TICKET_REF = personalRef.ticket('');

/** Why a phone cannot take a ticket now, as the code the page explains; null when it can. */
function closedCode(office: Office) {
  const config = office.config;
  if (!config) return 'NOT_CONFIGURED' as const;
  if (!bookingSettingsOf(config).phoneTickets.enabled) return 'PHONE_TICKETS_DISABLED' as const;
  if (office.view().liveQueue) return 'LIVE_QUEUE_MODE' as const;
  if (!isReceptionOpen(config, office.clock.now())) return 'OUTSIDE_RECEPTION_HOURS' as const;
  return null;
}

/** The entrance QR: the office's menu on the phone, and the virtual ticket it gives. */
export function registerPublicTickets(edge: Edge, deps: TicketDeps): void {
  const { office, store, links } = deps;

  edge.serve('publicMenu', ({ req }) => {
    const state = office.view() as EngineState;
    const config = state.config;
    const closed = closedCode(office);
    return {
      office: config
        ? { name: config.name, ...(config.address ? { address: config.address } : {}), timeZone: config.timeZone }
        : { name: { ru: '', en: '' }, timeZone: 'Europe/Moscow' },
      open: closed === null,
      ...(closed ? { closedCode: closed } : {}),
      perPhonePerDay: bookingSettingsOf(config).phoneTickets.perPhonePerDay,
      segments: config?.segments ?? [],
      topics: (config?.topics ?? []).map((tp) => ({
        id: tp.id,
        name: tp.name,
        segmentIds: tp.segmentIds,
        serviceId: tp.serviceId,
        ...(tp.documents ? { documents: tp.documents } : {}),
      })),
      takeUrl: `${links.officeBase(state, origin(req)).replace(/\/$/, '')}/take`,
    };
  });

  edge.serve('publicTicket', ({ body, req }) => {
    const config = office.config;
    if (!config) return refuse('NOT_CONFIGURED');
    const now = office.clock.now();
    const key = phoneKey(body.phone);
    if (!key) return refuse('VALIDATION_FAILED', { phone: 'phone' });
    // the engine cannot count them: a closed visit keeps no phone number in the state, personal_data does
    const dayStart = localTimeToEpoch(dayKeyOf(now, config.timeZone), '00:00', config.timeZone);
    const limit = bookingSettingsOf(config).phoneTickets.perPhonePerDay;
    if (store.personal.countSince(key, dayStart, TICKET_REF) >= limit) return refuse('PHONE_TICKET_LIMIT', { limit });
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
    );
    if (!r.ok) return refuse(r.error.code, r.error.details);
    const state = office.view() as EngineState;
    const ticket = state.tickets[r.result?.ticketId ?? ''];
    if (!ticket) return refuse('INTERNAL');
    // the same link the printed ticket's QR holds: valid through the day and the rating period after it
    const exp = ticket.issuedAt + (24 + ratingSettingsOf(config).rating.rateWithinHours) * 3600_000;
    return {
      number: ticket.number,
      serviceName: config.services.find((s) => s.id === ticket.serviceId)?.name ?? null,
      peopleAhead: r.result?.peopleAhead ?? null,
      visitUrl: visitUrl(links.base(state, origin(req)), deps.secret, ticket.id, exp),
    };
  });
}
