import type { PublicBooking, PublicMenu, PublicOffice, PublicSlots, PublicTicket } from '@talon/protocol';
import { requestJson } from '@talon/ui';

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
  // the entrance QR is the office's own (its hall, its network)
  menu: () => get('/api/public/menu') as Promise<PublicMenu>,
  ticket: (body: { topicId: string; segmentId: string; phone: string; consent: true }) =>
    post('/api/public/tickets', body) as Promise<PublicTicket>,
};
