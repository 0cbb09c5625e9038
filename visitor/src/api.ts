import type { PublicBooking, PublicMenu, PublicOffice, PublicSlots, PublicTicket } from '@talon/protocol';
import { ApiError, type UiError } from '@talon/ui/errors';
import { requestJson } from '@talon/ui/request';

/**
 * Where this page was opened decides whom it talks to: `/o/<code>/…` is head office's copy of the page
 * (its API names the office), anything else is the office's own server.
 */
export interface Place {
  /** Head office's code of the office, on head office; null on the office's own server. */
  officeCode: string | null;
  /** `/o/<code>` on head office, '' on the office: what the page's own links start with. */
  prefix: string;
}

export function placeOf(pathname: string): Place {
  const m = /^\/o\/([^/]+)\//.exec(pathname);
  const officeCode = m?.[1] ? decodeURIComponent(m[1]) : null;
  return { officeCode, prefix: officeCode ? `/o/${encodeURIComponent(officeCode)}` : '' };
}

const base = (p: Place) => (p.officeCode ? `/api/public/${encodeURIComponent(p.officeCode)}` : '/api/public');
const get = (url: string) => requestJson({ method: 'GET' }, url, undefined);
const post = (url: string, body: unknown = {}) => requestJson({ method: 'POST' }, url, body);
const t = (token: string) => encodeURIComponent(token);

/** The public booking API, the same shapes on the office and on head office (protocol/src/booking.ts). */
export const api = {
  offices: () =>
    get('/api/public/offices') as Promise<{ code: string; name: PublicOffice['name']; address?: string }[]>,
  office: (p: Place) => get(`${base(p)}/office`) as Promise<PublicOffice>,
  slots: (p: Place, serviceId: string, day: string) =>
    get(`${base(p)}/slots?${new URLSearchParams({ serviceId, day })}`) as Promise<PublicSlots>,
  book: (p: Place, body: { serviceId: string; slotAt: number; name: string; phone: string; consent: true }) =>
    post(`${base(p)}/bookings`, body) as Promise<PublicBooking>,
  booking: (p: Place, token: string) => get(`${base(p)}/bookings/${t(token)}`) as Promise<PublicBooking>,
  cancel: (p: Place, token: string) => post(`${base(p)}/bookings/${t(token)}/cancel`) as Promise<PublicBooking>,
  move: (p: Place, token: string, slotAt: number) =>
    post(`${base(p)}/bookings/${t(token)}/move`, { slotAt }) as Promise<PublicBooking>,
  // the entrance QR: the office's own server, or head office's copy (`/o/<code>/take`) relaying to the office
  menu: (p: Place = OFFICE) => get(`${base(p)}/menu`) as Promise<PublicMenu>,
  ticket: (p: Place, body: { topicId: string; segmentId: string; phone: string; consent: true }) =>
    p.officeCode ? relayedTicket(p, body) : (post('/api/public/tickets', body) as Promise<PublicTicket>),
};

const OFFICE: Place = { officeCode: null, prefix: '' };
/** How often the page asks head office whether the office has issued the ticket (the office asks every 2 s). */
const POLL_MS = 500;

type Relayed =
  | { status: 'pending' }
  | { status: 'done'; number: string; visitUrl: string }
  | { status: 'refused'; error: UiError };

/**
 * On head office the ticket is the office's to issue: head office keeps the request until the office
 * (polling it) answers, or refuses it when the office does not come within a minute.
 */
async function relayedTicket(p: Place, body: object): Promise<PublicTicket> {
  const { requestId } = (await post(`${base(p)}/tickets`, body)) as { requestId: string };
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const r = (await get(`${base(p)}/tickets/${t(requestId)}`)) as Relayed;
    if (r.status === 'done') return { number: r.number, visitUrl: r.visitUrl, serviceName: null, peopleAhead: null };
    if (r.status === 'refused') throw new ApiError(r.error);
  }
}
