import { ratingSettingsOf } from '@talon/engine';
import { type Actor, Command, type ErrorCode, errorStatus, type Lang } from '@talon/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Edge } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { VisitLive } from '../visit-live/hub.js';
import { type VisitView, visitView } from '../visit-live/view.js';
import type { RatingLinks } from './links.js';
import { LIVE_SCRIPT } from './live-script.js';
import { messagePage, type PageContext, pick, RATING_FORM_SCRIPT, ratingForm, thanksPage } from './page-html.js';
import { type NotifyPageOptions, ticketLive, ticketPage } from './ticket-html.js';
import { windowLabel } from './window-label.js';

/** The phone page acts as the server on behalf of a verified link; the event records the channel. */
const LINK_ACTOR: Actor = { kind: 'system' };

export { windowLabel };

export interface TicketPageOptions {
  /** What the ticket page offers of the notifications for a ticket (server/src/notify); absent: nothing. */
  notifyOptions?: (ticketId: string) => NotifyPageOptions;
}

/** The page's language and contrast, and the same address with either switched (the other kept). */
function pageContext(
  req: FastifyRequest,
  query: { lang?: Lang | undefined; contrast?: 'high' | undefined },
  office: Office,
): PageContext {
  const lang = query.lang ?? 'ru';
  const contrast = query.contrast === 'high';
  const href = (change: (p: URLSearchParams) => void) => {
    const url = new URL(req.url, 'http://x');
    url.searchParams.delete('via');
    change(url.searchParams);
    return url.pathname + url.search;
  };
  return {
    lang,
    contrast,
    langHref: href((p) => p.set('lang', lang === 'en' ? 'ru' : 'en')),
    contrastHref: href((p) => (contrast ? p.delete('contrast') : p.set('contrast', 'high'))),
    config: office.config,
  };
}

/** A form's address keeps the page's language and contrast, so the answer comes in the same. */
const formQuery = (ctx: PageContext, via: boolean) =>
  `?lang=${ctx.lang}${ctx.contrast ? '&contrast=high' : ''}${via ? '&via=desk' : ''}`;

function html(reply: FastifyReply, status: number, body: string) {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .type('text/html; charset=utf-8')
    .send(body);
}

/** A refusal as a page for the phone, with the code's one HTTP status. */
const refusal = (reply: FastifyReply, ctx: PageContext, code: ErrorCode) =>
  html(reply, errorStatus(code), messagePage(ctx, code, code === 'RATING_ALREADY_GIVEN'));

/** `/v/<token>` (a visit's signed link) and `/d/<token>` (the printed desk card), for the visitor's phone. */
export function registerRatingPages(
  { app, serve }: Edge,
  office: Office,
  links: RatingLinks,
  store: Pick<Store, 'visit'>,
  opts: TicketPageOptions = {},
): VisitLive {
  const view = (ticketId: string): VisitView =>
    visitView(
      {
        state: office.view(),
        now: office.clock.now(),
        estimate: (id) => office.estimateFor(id),
        closed: (id) => store.visit(id),
      },
      ticketId,
    );
  const live = new VisitLive({ office, view });
  // an open stream would hold the server's close
  app.addHook('preClose', (done) => {
    live.close();
    done();
  });

  // The rating form is a plain HTML form: no script on the phone.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_req, body, done) => done(null, new URLSearchParams(String(body))),
  );

  serve('ratingFormScript', ({ reply }) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(RATING_FORM_SCRIPT),
  );

  serve('visitLiveScript', ({ reply }) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(LIVE_SCRIPT),
  );

  serve('visitPage', ({ params: { token }, query, req, reply }) => {
    const ctx = pageContext(req, query, office);
    const check = links.checkVisit(token, office.clock.now());
    if (!check.ok) return refusal(reply, ctx, check.code);
    const v = view(check.value);
    if (v.state === 'unknown') return refusal(reply, ctx, 'RATING_VISIT_UNKNOWN');
    if (v.state !== 'rate') {
      const q = formQuery(ctx, false);
      const offer = opts.notifyOptions?.(check.value);
      const notify =
        offer && (offer.sms || offer.telegram)
          ? {
              ...offer,
              action: `/v/${token}/notify${q}`,
              telegramHref: `/v/${token}/telegram${q}`,
              ...(query.notify ? { flag: query.notify } : {}),
            }
          : undefined;
      // a visit rated already keeps saying so, as before
      if (v.state === 'done' && office.view().recentVisits?.[check.value]?.ratedAt !== undefined)
        return refusal(reply, ctx, 'RATING_ALREADY_GIVEN');
      return html(reply, 200, ticketPage(ctx, { view: v, live: `/v/${token}/live${q}`, notify }));
    }
    const visit = office.view().recentVisits?.[check.value];
    if (!visit) return refusal(reply, ctx, 'RATING_VISIT_UNKNOWN');
    return html(
      reply,
      200,
      ratingForm(ctx, {
        visit,
        action: `/v/${token}${formQuery(ctx, query.via === 'desk')}`,
        ...formWho(office, visit.operatorId, visit.windowId, ctx.lang),
      }),
    );
  });

  serve('visitLive', ({ params: { token }, query, req, reply }) => {
    const ctx = pageContext(req, query, office);
    const check = links.checkVisit(token, office.clock.now());
    if (!check.ok) return refusal(reply, ctx, check.code);
    return live.attach(reply, check.value, (v) => ({
      state: v.state,
      callKey: v.callKey,
      title: `${pick(ctx.lang, 'Талон', 'Ticket')} ${v.number}`,
      html: ticketLive({ ...ctx, config: office.config }, v),
    }));
  });

  serve('rateVisitPage', ({ params: { token }, query, body: form, req, reply }) => {
    const ctx = pageContext(req, query, office);
    const check = links.checkVisit(token, office.clock.now());
    if (!check.ok) return refusal(reply, ctx, check.code);
    const score = Number(form.get('score'));
    const low = ratingSettingsOf(office.config).rating.lowMarkMax;
    const text = form.get('text')?.trim() ?? '';
    const contact = form.get('contact')?.trim() ?? '';
    const parsed = Command.safeParse({
      type: 'rateVisit',
      ticketId: check.value,
      score,
      // reasons ticked before the mark was raised are dropped rather than refused
      reasons: score <= low ? form.getAll('reason') : [],
      channel: query.via === 'desk' ? 'desk' : 'qr',
      ...(text ? { feedback: { type: form.get('type') ?? 'review', text, ...(contact ? { contact } : {}) } } : {}),
    });
    if (!parsed.success) return refusal(reply, ctx, 'VALIDATION_FAILED');
    const r = office.execute(parsed.data, LINK_ACTOR);
    if (!r.ok) return refusal(reply, ctx, r.error.code);
    const fb = parsed.data.type === 'rateVisit' ? parsed.data.feedback : undefined;
    const actionable = fb ? fb.type !== 'complaint' || fb.contact !== undefined : true;
    return html(reply, 200, thanksPage(ctx, fb ? { actionable } : null));
  });

  serve('deskPage', ({ params: { token }, query, req, reply }) => {
    const ctx = pageContext(req, query, office);
    const state = office.view();
    const check = links.checkDesk(token, state, office.clock.now());
    if (!check.ok) return refusal(reply, ctx, check.code);
    const { visit } = check.value;
    if (visit.ratedAt !== undefined) return refusal(reply, ctx, 'RATING_ALREADY_GIVEN');
    return html(
      reply,
      200,
      ratingForm(ctx, {
        visit,
        action: `/v/${links.visitToken(visit, state)}${formQuery(ctx, true)}`,
        ...formWho(office, visit.operatorId, visit.windowId, ctx.lang),
      }),
    );
  });
  return live;
}

function formWho(office: Office, operatorId: string | undefined, windowId: string | undefined, lang: Lang) {
  const state = office.view();
  const name = operatorId ? (state.operators[operatorId]?.name ?? undefined) : undefined;
  const label = windowLabel(state.config, windowId, lang);
  return { ...(name ? { operatorName: name } : {}), ...(label ? { windowLabel: label } : {}) };
}
