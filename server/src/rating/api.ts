import { latestVisitAt } from '@talon/engine';
import type { FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/index.js';
import { actorOf, type Identity, mayUse } from '../edge/identity.js';
import { type Edge, Refusal, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { boundWindow, ratingDeviceName } from './binding.js';
import type { RatingLinks } from './links.js';
import { windowLabel } from './window-label.js';

export interface RatingApiDeps {
  office: Office;
  store: Store;
  auth: AuthService;
  links: RatingLinks;
}

export const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

/** HTTP for the rating terminal, the desk card and the feedback register. */
export function registerRatingApi({ serve }: Edge, { office, store, auth, links }: RatingApiDeps) {
  /** The window a rating device's pairing bound it to; refuses an unbound one. */
  const terminalWindow = (id: Identity): string | Refusal => {
    if (id.kind !== 'device') return refuse('FORBIDDEN');
    return boundWindow(office.config, id.device.name) ?? refuse('RATING_TERMINAL_UNBOUND', { name: id.device.name });
  };

  serve('ratingTerminal', ({ identity: id }) => {
    if (id.kind !== 'device') return refuse('FORBIDDEN');
    return { deviceId: id.device.deviceId, name: id.device.name, windowId: boundWindow(office.config, id.device.name) };
  });

  serve('ratingLink', async ({ identity, query, req }) => {
    const windowId = terminalWindow(identity);
    if (windowId instanceof Refusal) return windowId;
    const state = office.view();
    const v = query.ticketId ? state.recentVisits?.[query.ticketId] : latestVisitAt(state, windowId);
    if (!v) return refuse('RATING_VISIT_UNKNOWN');
    if (v.windowId !== windowId) return refuse('RATING_WRONG_WINDOW');
    const url = links.visitLink(state, origin(req), v);
    // Loaded on the first QR asked for: most of the day nobody does.
    const { default: QRCode } = await import('qrcode');
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { ticketId: v.ticketId, url, svg };
  });

  serve('rateAtTerminal', ({ identity, body }) => {
    const windowId = terminalWindow(identity);
    if (windowId instanceof Refusal) return windowId;
    const r = office.execute(
      { type: 'rateVisit', channel: 'terminal', atWindowId: windowId, ...body },
      actorOf(identity),
    );
    return r.ok ? r : new Refusal(r.error);
  });

  serve('feedbackAtTerminal', ({ identity, body }) => {
    const windowId = terminalWindow(identity);
    if (windowId instanceof Refusal) return windowId;
    const r = office.execute(
      { type: 'submitFeedback', channel: 'terminal', atWindowId: windowId, ...body },
      actorOf(identity),
    );
    return r.ok ? r : new Refusal(r.error);
  });

  /** A one-time code that pairs a rating terminal bound to this window (the binding is in its name). */
  serve('ratingPairingCode', ({ body }) => {
    const label = windowLabel(office.config, body.windowId, 'ru');
    if (!label) return refuse('UNKNOWN_WINDOW', { windowId: body.windowId });
    const name = ratingDeviceName(label, body.windowId);
    return { ...auth.createPairingCode('rating', name), name };
  });

  /**
   * The operator's own desk (their current window unless `windowId` is given); an administrator
   * names both. The stable desk URL, or with `.pdf` the printable card.
   */
  const desk = (
    id: Identity,
    q: { windowId?: string | undefined; operatorId?: string | undefined },
    req: FastifyRequest,
  ) => {
    const state = office.view();
    const self = id.kind === 'user' ? id.user.operatorId : undefined;
    const operatorId = mayUse(id, ['hall_admin', 'config_admin']) && q.operatorId ? q.operatorId : self;
    const op = operatorId ? state.operators[operatorId] : undefined;
    if (!operatorId || !op) return refuse('UNKNOWN_OPERATOR', { operatorId: q.operatorId });
    const windowId = q.windowId ?? op.windowId ?? undefined;
    const label = windowLabel(state.config, windowId, 'ru');
    if (!windowId || !label) return refuse(windowId ? 'UNKNOWN_WINDOW' : 'OPERATOR_NOT_LOGGED_IN', { windowId });
    return {
      operatorId,
      name: op.name,
      windowId,
      label,
      url: links.deskLink(state, origin(req), operatorId, windowId),
    };
  };

  serve('desk', ({ identity, query, req }) => desk(identity, query, req));

  serve('deskCard', async ({ identity, query, req, reply }) => {
    const d = desk(identity, query, req);
    if (d instanceof Refusal) return d;
    // pdf-lib and the font are loaded on the first desk card, not at every server start.
    const { deskCardPdf } = await import('./desk-card.js');
    const pdf = await deskCardPdf({
      officeName: office.config?.name.ru ?? '',
      operatorName: d.name,
      windowLabel: d.label,
      url: d.url,
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `inline; filename="desk-${d.windowId}-${d.operatorId}.pdf"`)
      .send(Buffer.from(pdf));
  });

  /** The feedback register and the ratings for a period (administrators; head office reads the events). */
  serve('feedbackList', ({ query }) => {
    const range = { ...(query.from ? { fromDay: query.from } : {}), ...(query.to ? { toDay: query.to } : {}) };
    return { ratings: store.ratings(range), feedback: store.feedback(range) };
  });
}
