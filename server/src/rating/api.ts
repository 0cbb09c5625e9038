import { latestVisitAt } from '@talon/engine';
import { FeedbackBody, Id, type Role, talonError } from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthService } from '../auth/index.js';
import { actorOf, type Identity, identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { boundWindow, ratingDeviceName } from './binding.js';
import type { RatingLinks } from './links.js';
import { windowLabel } from './pages.js';

export interface RatingApiDeps {
  office: Office;
  auth: AuthService;
  links: RatingLinks;
}

const RateBody = z
  .object({
    ticketId: z.string().min(1).max(80),
    score: z.int().min(1).max(5),
    reasons: z.array(Id).max(10).default([]),
    feedback: FeedbackBody.optional(),
  })
  .strict();
const FeedbackOnly = z.object({ ticketId: z.string().min(1).max(80).optional(), feedback: FeedbackBody }).strict();
const PairingBody = z.object({ windowId: Id }).strict();
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const ADMIN: Role[] = ['hall_admin', 'config_admin'];

export const origin = (req: FastifyRequest) => `${req.protocol}://${req.host}`;

function who(req: FastifyRequest, reply: FastifyReply, auth: AuthService, roles: Role[]): Identity | null {
  const h = req.headers.authorization;
  const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
  if (!id.ok) {
    void sendError(reply, id.error);
    return null;
  }
  if (!mayUse(id.value, roles)) {
    void sendError(reply, talonError('FORBIDDEN'));
    return null;
  }
  return id.value;
}

const invalid = (reply: FastifyReply, issues: { path: PropertyKey[]; message: string }[]) =>
  sendError(
    reply,
    talonError(
      'VALIDATION_FAILED',
      issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  );

/** HTTP for the rating terminal, the desk card and the feedback register. */
export function registerRatingApi(app: FastifyInstance, { office, auth, links }: RatingApiDeps) {
  /** A rating device and the window its pairing bound it to; refuses an unbound one. */
  const terminal = (req: FastifyRequest, reply: FastifyReply) => {
    const id = who(req, reply, auth, ['rating']);
    if (id?.kind !== 'device') return null;
    const windowId = boundWindow(office.config, id.device.name);
    if (!windowId) {
      void sendError(reply, talonError('RATING_TERMINAL_UNBOUND', { name: id.device.name }));
      return null;
    }
    return { id, windowId };
  };

  app.get('/api/rating/terminal', async (req, reply) => {
    const id = who(req, reply, auth, ['rating']);
    if (id?.kind !== 'device') return reply;
    return {
      deviceId: id.device.deviceId,
      name: id.device.name,
      windowId: boundWindow(office.config, id.device.name),
    };
  });

  app.get('/api/rating/terminal/link', async (req, reply) => {
    const t = terminal(req, reply);
    if (!t) return reply;
    const { ticketId } = req.query as { ticketId?: string };
    const state = office.view();
    const v = ticketId ? state.recentVisits?.[ticketId] : latestVisitAt(state, t.windowId);
    if (!v) return sendError(reply, talonError('RATING_VISIT_UNKNOWN'));
    if (v.windowId !== t.windowId) return sendError(reply, talonError('RATING_WRONG_WINDOW'));
    const url = links.visitLink(state, origin(req), v);
    // Loaded on the first QR asked for: most of the day nobody does.
    const { default: QRCode } = await import('qrcode');
    const svg = await QRCode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
    return { ticketId: v.ticketId, url, svg };
  });

  app.post('/api/rating/terminal/rate', async (req, reply) => {
    const t = terminal(req, reply);
    if (!t) return reply;
    const body = RateBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error.issues);
    const r = office.execute(
      { type: 'rateVisit', channel: 'terminal', atWindowId: t.windowId, ...body.data },
      actorOf(t.id),
    );
    return r.ok ? r : sendError(reply, r.error);
  });

  app.post('/api/rating/terminal/feedback', async (req, reply) => {
    const t = terminal(req, reply);
    if (!t) return reply;
    const body = FeedbackOnly.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error.issues);
    const r = office.execute(
      { type: 'submitFeedback', channel: 'terminal', atWindowId: t.windowId, ...body.data },
      actorOf(t.id),
    );
    return r.ok ? r : sendError(reply, r.error);
  });

  /** A one-time code that pairs a rating terminal bound to this window (the binding is in its name). */
  app.post('/api/rating/pairing-codes', async (req, reply) => {
    if (!who(req, reply, auth, ADMIN)) return reply;
    const body = PairingBody.safeParse(req.body);
    if (!body.success) return invalid(reply, body.error.issues);
    const label = windowLabel(office.config, body.data.windowId, 'ru');
    if (!label) return sendError(reply, talonError('UNKNOWN_WINDOW', { windowId: body.data.windowId }));
    const name = ratingDeviceName(label, body.data.windowId);
    return { ...auth.createPairingCode('rating', name), name };
  });

  /**
   * The operator's own desk (their current window unless `windowId` is given); an administrator
   * names both. Returns the stable desk URL, or with `.pdf` the printable card.
   */
  const desk = (req: FastifyRequest, reply: FastifyReply) => {
    const id = who(req, reply, auth, ['operator', ...ADMIN]);
    if (!id) return null;
    const q = req.query as { windowId?: string; operatorId?: string };
    const state = office.view();
    const self = id.kind === 'user' ? id.user.operatorId : undefined;
    const operatorId = mayUse(id, ADMIN) && q.operatorId ? q.operatorId : self;
    const op = operatorId ? state.operators[operatorId] : undefined;
    if (!operatorId || !op) {
      void sendError(reply, talonError('UNKNOWN_OPERATOR', { operatorId: q.operatorId }));
      return null;
    }
    const windowId = q.windowId ?? op.windowId ?? undefined;
    const label = windowLabel(state.config, windowId, 'ru');
    if (!windowId || !label) {
      void sendError(reply, talonError(windowId ? 'UNKNOWN_WINDOW' : 'OPERATOR_NOT_LOGGED_IN', { windowId }));
      return null;
    }
    return {
      operatorId,
      name: op.name,
      windowId,
      label,
      url: links.deskLink(state, origin(req), operatorId, windowId),
    };
  };

  app.get('/api/rating/desk', async (req, reply) => {
    const d = desk(req, reply);
    return d ?? reply;
  });

  app.get('/api/rating/desk-card.pdf', async (req, reply) => {
    const d = desk(req, reply);
    if (!d) return reply;
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
  app.get('/api/rating/feedback', async (req, reply) => {
    if (!who(req, reply, auth, ADMIN)) return reply;
    const q = z.object({ from: Day.optional(), to: Day.optional() }).safeParse(req.query);
    if (!q.success) return invalid(reply, q.error.issues);
    const range = { ...(q.data.from ? { fromDay: q.data.from } : {}), ...(q.data.to ? { toDay: q.data.to } : {}) };
    return { ratings: office.store.ratings(range), feedback: office.store.feedback(range) };
  });
}
