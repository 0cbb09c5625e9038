import { z } from 'zod';
import type { DeskLink, PairingCodeResponse, RatingLink, RatingTerminalInfo } from '../api.js';
import { FeedbackBody } from '../commands.js';
import { type FeedbackType, Id } from '../config.js';
import type { EventOf } from '../events.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;
const DESK = ['operator', ...ADMIN] as const;

/**
 * A rating as reports read it: the `VisitRated` event's fields (its `dayKey` is the visit's office-local
 * day, so a rating given after midnight counts for the visit's day) and when it was given.
 */
export type RatingRow = Omit<EventOf<'VisitRated'>, 'type' | 'actor' | 'visitClosedAt'>;

/** Feedback as the register reads it: the `FeedbackReceived` event's fields, its kind as `type`, and its seq as `id`. */
export type FeedbackRow = Omit<EventOf<'FeedbackReceived'>, 'type' | 'actor' | 'feedbackType'> & {
  /** The event's sequence number: a stable id for the head-office register. */
  id: number;
  type: FeedbackType;
};

const TicketId = z.string().min(1).max(80);
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const Committed = typed<{ ok: true; seq: number }>();

/** The phone pages read `?lang=en`, `?contrast=high` and `?via=desk`; anything else there is ignored, never refused. */
const PageQuery = z.object({
  lang: z.enum(['ru', 'en']).optional().catch(undefined),
  contrast: z.literal('high').optional().catch(undefined),
  via: z.literal('desk').optional().catch(undefined),
  /** The ticket page after its notification opt-in (server/src/notify): what became of it. */
  notify: z.enum(['sms', 'invalid-phone', 'unavailable', 'closed']).optional().catch(undefined),
});
const Token = z.object({ token: z.string() });
/** The desk: the operator's own (their current window unless `windowId`); an administrator names both. */
const DeskQuery = z.object({ windowId: z.string().optional(), operatorId: z.string().optional() });

/** The rating terminal, the desk card, the feedback register and the visitor's phone pages. */
export const ratingRoutes = {
  ratingTerminal: route({
    method: 'GET',
    path: '/api/rating/terminal',
    access: ['rating'],
    response: typed<RatingTerminalInfo>(),
    errors: [],
    summary: 'The paired rating device and the window its pairing bound it to',
  }),
  ratingLink: route({
    method: 'GET',
    path: '/api/rating/terminal/link',
    access: ['rating'],
    query: z.object({ ticketId: TicketId.optional() }),
    response: typed<RatingLink>(),
    errors: ['RATING_TERMINAL_UNBOUND', 'RATING_VISIT_UNKNOWN', 'RATING_WRONG_WINDOW'],
    summary: 'The signed link to rate a visit at this window on a phone (the latest one by default), with its QR',
  }),
  rateAtTerminal: route({
    method: 'POST',
    path: '/api/rating/terminal/rate',
    access: ['rating'],
    body: z
      .object({
        ticketId: TicketId,
        score: z.int().min(1).max(5),
        reasons: z.array(Id).max(10).default([]),
        feedback: FeedbackBody.optional(),
      })
      .strict(),
    response: Committed,
    errors: [
      'RATING_TERMINAL_UNBOUND',
      'RATING_VISIT_UNKNOWN',
      'RATING_WRONG_WINDOW',
      'RATING_ALREADY_GIVEN',
      'RATING_LINK_EXPIRED',
      'NOT_CONFIGURED',
    ],
    summary: 'The visitor rates the visit just finished at the terminal’s window',
  }),
  feedbackAtTerminal: route({
    method: 'POST',
    path: '/api/rating/terminal/feedback',
    access: ['rating'],
    body: z.object({ ticketId: TicketId.optional(), feedback: FeedbackBody }).strict(),
    response: Committed,
    errors: ['RATING_TERMINAL_UNBOUND', 'RATING_VISIT_UNKNOWN', 'RATING_WRONG_WINDOW', 'NOT_CONFIGURED'],
    summary: 'A review, a suggestion or a complaint left at the terminal',
  }),
  ratingPairingCode: route({
    method: 'POST',
    path: '/api/rating/pairing-codes',
    access: ADMIN,
    body: z.object({ windowId: Id }).strict(),
    response: typed<PairingCodeResponse & { name: string }>(),
    errors: ['UNKNOWN_WINDOW'],
    summary: 'A one-time code that pairs a rating terminal bound to a window (the binding is in its name)',
  }),
  desk: route({
    method: 'GET',
    path: '/api/rating/desk',
    access: DESK,
    query: DeskQuery,
    response: typed<DeskLink>(),
    errors: ['UNKNOWN_OPERATOR', 'UNKNOWN_WINDOW', 'OPERATOR_NOT_LOGGED_IN'],
    summary: 'The stable desk link printed on the operator’s desk card',
  }),
  deskCard: route({
    method: 'GET',
    path: '/api/rating/desk-card.pdf',
    access: DESK,
    query: DeskQuery,
    produces: 'file',
    errors: ['UNKNOWN_OPERATOR', 'UNKNOWN_WINDOW', 'OPERATOR_NOT_LOGGED_IN'],
    summary: 'The printable desk card (PDF) with the desk link’s QR code',
  }),
  feedbackList: route({
    method: 'GET',
    path: '/api/rating/feedback',
    access: ADMIN,
    query: z.object({ from: Day.optional(), to: Day.optional() }),
    response: typed<{ ratings: RatingRow[]; feedback: FeedbackRow[] }>(),
    errors: [],
    summary: 'The ratings and the feedback register for a period of office days',
  }),

  // The visitor's phone: pages, not JSON; a refusal is a page with the code's status.
  visitPage: route({
    method: 'GET',
    path: '/v/:token',
    access: 'public',
    params: Token,
    query: PageQuery,
    produces: 'html',
    errors: ['RATING_LINK_INVALID', 'RATING_LINK_EXPIRED', 'RATING_VISIT_UNKNOWN', 'RATING_ALREADY_GIVEN'],
    summary: 'A visit’s signed link (the ticket’s QR): the ticket’s status while it is live, then the rating form',
  }),
  rateVisitPage: route({
    method: 'POST',
    path: '/v/:token',
    access: 'public',
    params: Token,
    query: PageQuery,
    // the form as sent (application/x-www-form-urlencoded); anything else is an empty form
    body: z.instanceof(URLSearchParams).catch(() => new URLSearchParams()),
    produces: 'html',
    errors: [
      'RATING_LINK_INVALID',
      'RATING_LINK_EXPIRED',
      'RATING_VISIT_UNKNOWN',
      'RATING_ALREADY_GIVEN',
      'VALIDATION_FAILED',
    ],
    summary: 'The rating form sent from the phone',
  }),
  ratingFormScript: route({
    method: 'GET',
    path: '/v/form.js',
    access: 'public',
    produces: 'file',
    errors: [],
    summary: 'The rating form’s small script (reasons only for a low mark); a file, as the CSP allows no inline script',
  }),
  visitLive: route({
    method: 'GET',
    path: '/v/:token/live',
    access: 'public',
    params: Token,
    query: PageQuery,
    // text/event-stream: the page's part that changed, pushed at each commit, with a keep-alive
    produces: 'file',
    errors: ['RATING_LINK_INVALID', 'RATING_LINK_EXPIRED'],
    summary: 'The ticket page’s live stream (Server-Sent Events): place, estimate, the call, as they change',
  }),
  visitLiveScript: route({
    method: 'GET',
    path: '/v/live.js',
    access: 'public',
    produces: 'file',
    errors: [],
    summary: 'The ticket page’s small script: follows the live stream, rings at the call; the page works without it',
  }),
  deskPage: route({
    method: 'GET',
    path: '/d/:token',
    access: 'public',
    params: Token,
    query: PageQuery,
    produces: 'html',
    errors: ['RATING_LINK_INVALID', 'RATING_NO_RECENT_VISIT', 'RATING_ALREADY_GIVEN'],
    summary: 'The printed desk card’s link: the rating form for the visit just finished at that desk',
  }),
};
