import type { EngineState } from '@talon/protocol';
import { type Edge, refuse } from '../edge/plugin.js';
import { visitUrl } from '../links.js';
import type { Office } from '../office.js';
import { origin } from '../rating/api.js';
import type { RatingLinks } from '../rating/index.js';
import type { Store } from '../store/index.js';
import { takeMenuOf, takePhoneTicket } from './take.js';

export interface TicketDeps {
  office: Office;
  store: Store;
  secret: Buffer;
  links: RatingLinks;
}

/** The entrance QR: the office's menu on the phone, and the virtual ticket it gives. */
export function registerPublicTickets(edge: Edge, deps: TicketDeps): void {
  const { office, store, links } = deps;

  edge.serve('publicMenu', ({ req }) => {
    const state = office.view() as EngineState;
    return {
      ...takeMenuOf(state, office.clock.now()),
      // head office relays a ticket request to the office (server/src/sync/ticket-requests.ts): its address works too
      takeUrl: `${links.base(state, origin(req)).replace(/\/$/, '')}/take`,
    };
  });

  edge.serve('publicTicket', ({ body, req }) => {
    const taken = takePhoneTicket(office, store, body);
    if (!taken.ok) return refuse(taken.code, taken.details);
    const { ticket } = taken;
    const state = office.view() as EngineState;
    return {
      number: ticket.number,
      serviceName: office.config?.services.find((s) => s.id === ticket.serviceId)?.name ?? null,
      peopleAhead: taken.peopleAhead,
      visitUrl: visitUrl(links.base(state, origin(req)), deps.secret, ticket.id, taken.visitExp),
    };
  });
}
