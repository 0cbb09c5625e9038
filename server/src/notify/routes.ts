import type { FastifyReply } from 'fastify';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Notifier, SubscribeResult } from './service.js';

/** What the notifications need from the visit links (server/src/rating/links.ts). */
export interface VisitLinks {
  checkVisit(token: string, now: number): { ok: true; value: string } | { ok: false };
}

/**
 * The flag the ticket page reads after its form: `?notify=sms` (subscribed), `invalid-phone`,
 * `unavailable` (no gateway or bot set up), `closed` (the ticket is no longer in the queue).
 */
const FLAG: Record<SubscribeResult, string> = {
  ok: 'sms',
  'invalid-phone': 'invalid-phone',
  unavailable: 'unavailable',
  'unknown-ticket': 'closed',
  'not-waiting': 'closed',
};

/** Back to the ticket page, in its language and contrast, with the flag. */
function back(
  reply: FastifyReply,
  token: string,
  query: { lang?: string | undefined; contrast?: string | undefined },
  flag?: string,
) {
  const q = new URLSearchParams();
  if (query.lang) q.set('lang', query.lang);
  if (query.contrast) q.set('contrast', query.contrast);
  if (flag) q.set('notify', flag);
  const s = q.toString();
  return reply
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .redirect(`/v/${encodeURIComponent(token)}${s ? `?${s}` : ''}`, 303);
}

export function registerNotifyRoutes({ serve }: Edge, deps: { notifier: Notifier; office: Office; links: VisitLinks }) {
  const { notifier, office, links } = deps;

  serve('kioskNotifyOffer', () => ({ sms: notifier.offersSms }));
  serve('kioskNotifySubscribe', ({ body }) => {
    const r = notifier.subscribeSms(body.ticketId, body.phone);
    if (r === 'ok') return { ok: true as const };
    return refuse(
      r === 'unavailable' ? 'NOTIFY_UNAVAILABLE' : r === 'not-waiting' ? 'TICKET_NOT_WAITING' : 'UNKNOWN_TICKET',
    );
  });

  serve('visitNotifySubscribe', ({ params: { token }, query, body, reply }) => {
    const link = links.checkVisit(token, office.clock.now());
    // a bad or expired link: the ticket page says what is wrong with it
    if (!link.ok) return back(reply, token, query);
    return back(reply, token, query, FLAG[notifier.subscribeSms(link.value, body.get('phone') ?? '')]);
  });

  serve('visitNotifyTelegram', ({ params: { token }, query, reply }) => {
    const link = links.checkVisit(token, office.clock.now());
    if (!link.ok) return back(reply, token, query);
    const deep = notifier.telegramLink(link.value);
    if (deep === null) return back(reply, token, query, 'unavailable');
    if (deep === 'closed') return back(reply, token, query, 'closed');
    return reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer').redirect(deep, 302);
  });

  serve('notifySettings', () => notifier.view());
  serve('saveNotifySettings', ({ body }) => notifier.save(body));
  serve('notifyMessages', ({ query }) => ({ messages: notifier.messages(query.limit) }));
}
