import { ratingSettingsOf } from '@talon/engine';
import { type Actor, Command, type ErrorCode, errorStatus, type Lang, type OfficeConfig } from '@talon/protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Edge } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { RatingLinks } from './links.js';
import {
  messagePage,
  type PageContext,
  RATING_FORM_SCRIPT,
  ratingForm,
  thanksPage,
  ticketStatusPage,
} from './page-html.js';

/** The phone page acts as the server on behalf of a verified link; the event records the channel. */
const LINK_ACTOR: Actor = { kind: 'system' };

export function windowLabel(config: OfficeConfig | null, windowId: string | undefined, lang: Lang): string | undefined {
  const w = config?.windows.find((x) => x.id === windowId);
  if (!w) return undefined;
  const word = w.kind === 'cabinet' ? (lang === 'en' ? 'Room' : 'Кабинет') : lang === 'en' ? 'Window' : 'Окно';
  return `${word} ${w.number}`;
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
export function registerRatingPages({ app, serve }: Edge, office: Office, links: RatingLinks) {
  // The rating form is a plain HTML form: no script on the phone.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_req, body, done) => done(null, new URLSearchParams(String(body))),
  );

  serve('ratingFormScript', ({ reply }) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(RATING_FORM_SCRIPT),
  );

  serve('visitPage', ({ params: { token }, query, req, reply }) => {
    const ctx = pageContext(req, query, office);
    const check = links.checkVisit(token, office.clock.now());
    if (!check.ok) return refusal(reply, ctx, check.code);
    const state = office.view();
    const live = state.tickets[check.value];
    if (live) {
      return html(
        reply,
        200,
        ticketStatusPage(ctx, {
          number: live.number,
          status: live.status,
          ...(live.windowId ? { windowLabel: windowLabel(state.config, live.windowId, ctx.lang) } : {}),
        }),
      );
    }
    const v = state.recentVisits?.[check.value];
    if (!v) return refusal(reply, ctx, 'RATING_VISIT_UNKNOWN');
    if (v.ratedAt !== undefined) return refusal(reply, ctx, 'RATING_ALREADY_GIVEN');
    return html(
      reply,
      200,
      ratingForm(ctx, {
        visit: v,
        action: `/v/${token}${formQuery(ctx, query.via === 'desk')}`,
        ...formWho(office, v.operatorId, v.windowId, ctx.lang),
      }),
    );
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
}

function formWho(office: Office, operatorId: string | undefined, windowId: string | undefined, lang: Lang) {
  const state = office.view();
  const name = operatorId ? (state.operators[operatorId]?.name ?? undefined) : undefined;
  const label = windowLabel(state.config, windowId, lang);
  return { ...(name ? { operatorName: name } : {}), ...(label ? { windowLabel: label } : {}) };
}
