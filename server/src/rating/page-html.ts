import {
  ERRORS,
  type ErrorCode,
  type Lang,
  type LocalText,
  type OfficeConfig,
  type RecentVisit,
} from '@talon/protocol';
import { PAGE_STYLE } from './page-style.js';

/**
 * The visitor's rating page on a phone: plain server-rendered HTML with one form, so it works on any
 * phone browser, without JavaScript and over a slow mobile link. Russian first; `?lang=en` for English,
 * `?contrast=high` for high contrast (both kept by every link and form of the pages).
 */
export const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
export const pick = (lang: Lang, ru: string, en: string) => (lang === 'en' ? en : ru);
export const tr = (lang: Lang, t: LocalText | undefined) => (t ? t[lang] || t.ru : '');

/** `head`: what the page adds to its <head> (the ticket page's no-script refresh). */
export function layout(ctx: PageContext, title: string, body: string, actions = '', head = ''): string {
  const { lang } = ctx;
  // each toggle names its choice in the language it offers, so either screen reads it rightly
  const other = lang === 'en' ? '<span lang="ru">Русский</span>' : '<span lang="en">English</span>';
  const contrast = ctx.contrast
    ? pick(lang, 'Обычный контраст', 'Normal contrast')
    : pick(lang, 'Высокий контраст', 'High contrast');
  return `<!doctype html><html lang="${lang}"${ctx.contrast ? ' class="hc"' : ''}><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><style>${PAGE_STYLE}</style>${head}</head><body><div class="page">
<nav class="bar"><a class="tool" href="${esc(ctx.langHref)}" data-testid="rating-lang">${other}</a><a class="tool" href="${esc(
    ctx.contrastHref,
  )}" data-testid="rating-contrast" aria-pressed="${ctx.contrast}">◐ ${esc(contrast)}</a></nav>
<div class="content"><main>${body}</main></div>${actions ? `<div class="actions">${actions}</div>` : ''}</div></body></html>`;
}

export interface PageContext {
  lang: Lang;
  /** The same page in the other language. */
  langHref: string;
  /** High contrast (`?contrast=high`), for a visitor who reads the phone's usual colours with difficulty. */
  contrast: boolean;
  /** The same page in the other contrast. */
  contrastHref: string;
  config: OfficeConfig | null;
}

export function messagePage(ctx: PageContext, code: ErrorCode, ok = false): string {
  const [ru, en] = ERRORS[code];
  const title = pick(ctx.lang, 'Оценка качества обслуживания', 'Rate our service');
  return layout(
    ctx,
    title,
    `<h1>${esc(title)}</h1><p class="notice${ok ? ' ok' : ''}" role="alert" data-testid="rating-page-error" data-code="${code}">${esc(
      pick(ctx.lang, ru, en),
    )}</p><p class="muted">${esc(tr(ctx.lang, ctx.config?.name))}</p>`,
  );
}

export function thanksPage(ctx: PageContext, feedback: { actionable: boolean } | null): string {
  const title = pick(ctx.lang, 'Спасибо!', 'Thank you!');
  let extra = '';
  if (feedback && !feedback.actionable)
    extra = `<p class="notice" data-testid="rating-anonymous">${esc(
      pick(
        ctx.lang,
        'Обращение без контактов сохранено, но ответить на него мы не сможем. Чтобы получить ответ, оставьте телефон или адрес электронной почты, обратитесь к администратору зала или сделайте запись в книге отзывов и предложений',
        'A complaint without a contact is kept, but we cannot answer it. To get an answer, leave a phone or e-mail, ask the hall administrator or write in the book of reviews and suggestions',
      ),
    )}</p>`;
  return layout(
    ctx,
    title,
    `<h1 data-testid="rating-thanks">${esc(title)}</h1><p class="notice ok">${esc(
      pick(
        ctx.lang,
        'Ваша оценка принята. Она помогает нам работать лучше',
        'Your rating is recorded. It helps us do better',
      ),
    )}</p>${extra}`,
  );
}

export interface FormInfo {
  visit: RecentVisit;
  action: string;
  operatorName?: string;
  windowLabel?: string;
}

export function ratingForm(ctx: PageContext, f: FormInfo): string {
  const { lang, config } = ctx;
  const low = config?.rating?.lowMarkMax ?? 3;
  const title = pick(lang, 'Оцените, пожалуйста, качество обслуживания', 'Please rate the service you received');
  // the operator's name is shown as it was typed, in either language
  const who = [
    f.operatorName && `<span translate="no">${esc(f.operatorName)}</span>`,
    f.windowLabel && esc(f.windowLabel),
  ]
    .filter(Boolean)
    .join(' · ');
  const service = config?.services.find((s) => s.id === f.visit.serviceId);
  const scale = [1, 2, 3, 4, 5]
    .map(
      (n) =>
        `<label><input type="radio" name="score" value="${n}" required data-testid="score-${n}"><span>${n}</span></label>`,
    )
    .join('');
  const reasons = (config?.ratingReasons ?? [])
    .map(
      (r) =>
        `<label><input type="checkbox" name="reason" value="${esc(r.id)}" data-testid="reason-${esc(r.id)}"><span>${esc(
          tr(lang, r.name),
        )}</span></label>`,
    )
    .join('');
  const TYPES = {
    complaint: pick(lang, 'Жалоба', 'Complaint'),
    proposal: pick(lang, 'Предложение', 'Proposal'),
    review: pick(lang, 'Отзыв', 'Review'),
  };
  const offered = config?.feedbackTypes ?? ['complaint', 'proposal', 'review'];
  // a neutral default: nobody files a complaint by leaving the preselected choice
  const preset = offered.includes('review') ? 'review' : offered[0];
  const types = offered
    .map(
      (t) =>
        `<label><input type="radio" name="type" value="${t}"${t === preset ? ' checked' : ''} data-testid="feedback-type-${t}"><span>${TYPES[t]}</span></label>`,
    )
    .join('');
  const body = `<h1>${esc(title)}</h1>
<p class="muted">${esc(pick(lang, 'Талон', 'Ticket'))} ${esc(f.visit.number)}${service ? ` · ${esc(tr(lang, service.name))}` : ''}${
    who ? `<br>${who}` : ''
  }</p>
<form method="post" action="${esc(f.action)}" id="rating-form" data-testid="rating-form" data-low-mark-max="${low}" accept-charset="utf-8">
<div class="card"><div class="scale" role="radiogroup">${scale}</div>
<div class="ends"><span>${esc(pick(lang, '1 — очень плохо', '1 — very poor'))}</span><span>${esc(
    pick(lang, '5 — отлично', '5 — excellent'),
  )}</span></div></div>
<div class="card" id="reasons"><p><strong>${esc(
    pick(lang, `Что было не так? (для оценок ${low} и ниже)`, `What went wrong? (for marks ${low} and below)`),
  )}</strong></p><div class="choices">${reasons}</div></div>
<div class="card"><p><strong>${esc(pick(lang, 'Отзыв, жалоба или предложение', 'A review, complaint or proposal'))}</strong> <span class="muted">${esc(
    pick(lang, '(по желанию)', '(optional)'),
  )}</span></p><div class="choices">${types}</div>
<textarea name="text" maxlength="2000" data-testid="feedback-text" aria-label="${esc(pick(lang, 'Текст', 'Text'))}"></textarea>
<label class="muted">${esc(
    pick(lang, 'Телефон или электронная почта для ответа (по желанию)', 'Phone or e-mail for an answer (optional)'),
  )}<input type="text" name="contact" maxlength="120" autocomplete="tel" data-testid="feedback-contact"></label>
<p class="muted">${esc(
    pick(lang, 'На жалобу без контактов мы не сможем ответить', 'We cannot answer a complaint without a contact'),
  )}</p></div>
</form>
<script src="/v/form.js"></script>`;
  // the form's button stays at the bottom of the screen, in reach whatever is scrolled
  const send = `<button type="submit" form="rating-form" data-testid="rating-submit">${esc(
    pick(lang, 'Отправить оценку', 'Send my rating'),
  )}</button>`;
  return layout(ctx, title, body, send);
}

/**
 * The form's only script, served as a file (`/v/form.js`: the Content-Security-Policy allows no inline
 * script): the reasons are asked only for a low mark. Without it the form works the same.
 */
export const RATING_FORM_SCRIPT = `(function(){var f=document.querySelector('form[data-low-mark-max]'),r=document.getElementById('reasons');if(!f||!r)return;var low=Number(f.getAttribute('data-low-mark-max'));function u(){var c=f.querySelector('input[name=score]:checked');r.hidden=!c||Number(c.value)>low;}f.addEventListener('change',u);u();})();
`;
