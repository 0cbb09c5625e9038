import {
  ERRORS,
  type ErrorCode,
  type Lang,
  type LocalText,
  type OfficeConfig,
  type RecentVisit,
} from '@talon/protocol';

/**
 * The visitor's rating page on a phone: plain server-rendered HTML with one form, so it works on any
 * phone browser, without JavaScript and over a slow mobile link. Russian first; `?lang=en` for English.
 */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const pick = (lang: Lang, ru: string, en: string) => (lang === 'en' ? en : ru);
const tr = (lang: Lang, t: LocalText | undefined) => (t ? t[lang] || t.ru : '');

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f8;color:#11202e}
main{max-width:520px;margin:0 auto;padding:16px}
h1{font-size:22px;margin:8px 0 4px}p{margin:6px 0}.muted{color:#51606e;font-size:15px}
.card{background:#fff;border-radius:14px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0002}
.scale{display:flex;gap:8px;margin:12px 0}.scale label{flex:1}
.scale input,.choices input{position:absolute;opacity:0;width:1px;height:1px}
.scale span{display:flex;align-items:center;justify-content:center;height:64px;border-radius:12px;border:2px solid #8a99a8;font-size:26px;font-weight:700;background:#fff}
.scale input:checked+span{background:#0b5cad;border-color:#0b5cad;color:#fff}
.scale input:focus-visible+span,.choices input:focus-visible+span{outline:3px solid #f0a400}
.ends{display:flex;justify-content:space-between;font-size:14px;color:#51606e}
.choices{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}.choices label{display:block}
.choices span{display:inline-block;padding:10px 14px;border-radius:20px;border:2px solid #8a99a8;background:#fff}
.choices input:checked+span{background:#e2efff;border-color:#0b5cad}
textarea,input[type=text],input[type=tel]{width:100%;font:inherit;padding:10px;border-radius:10px;border:2px solid #8a99a8;margin:6px 0}
textarea{min-height:96px}
button{width:100%;min-height:56px;font:inherit;font-size:19px;font-weight:700;border:0;border-radius:12px;background:#0b5cad;color:#fff;margin-top:12px}
.notice{padding:14px;border-radius:12px;background:#fff3d6;border:2px solid #f0a400}
.ok{background:#e5f6ea;border-color:#2e8b57}
.lang{float:right;font-size:15px}a{color:#0b5cad}
@media (prefers-color-scheme:dark){body{background:#0e1620;color:#eef3f8}.card,.scale span,.choices span{background:#17222e;color:#eef3f8}.muted,.ends{color:#a9b7c5}}
`;

function layout(lang: Lang, title: string, body: string, langHref: string): string {
  const other = lang === 'en' ? 'Русский' : 'English';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>
<a class="lang" href="${esc(langHref)}" data-testid="rating-lang">${other}</a>${body}</main></body></html>`;
}

export interface PageContext {
  lang: Lang;
  /** The same page in the other language. */
  langHref: string;
  config: OfficeConfig | null;
}

export function messagePage(ctx: PageContext, code: ErrorCode, ok = false): string {
  const [ru, en] = ERRORS[code];
  const title = pick(ctx.lang, 'Оценка качества обслуживания', 'Rate our service');
  return layout(
    ctx.lang,
    title,
    `<h1>${esc(title)}</h1><p class="notice${ok ? ' ok' : ''}" role="alert" data-testid="rating-page-error" data-code="${code}">${esc(
      pick(ctx.lang, ru, en),
    )}</p><p class="muted">${esc(tr(ctx.lang, ctx.config?.name))}</p>`,
    ctx.langHref,
  );
}

export function thanksPage(ctx: PageContext, feedback: { actionable: boolean } | null): string {
  const title = pick(ctx.lang, 'Спасибо!', 'Thank you!');
  let extra = '';
  if (feedback && !feedback.actionable)
    extra = `<p class="notice" data-testid="rating-anonymous">${esc(
      pick(
        ctx.lang,
        'Обращение без контактов сохранено, но ответить на него мы не сможем. Чтобы получить ответ, оставьте телефон или e-mail, обратитесь к администратору зала или сделайте запись в книге отзывов и предложений',
        'A complaint without a contact is kept, but we cannot answer it. To get an answer, leave a phone or e-mail, ask the hall administrator or write in the book of reviews and suggestions',
      ),
    )}</p>`;
  return layout(
    ctx.lang,
    title,
    `<h1 data-testid="rating-thanks">${esc(title)}</h1><p class="notice ok">${esc(
      pick(
        ctx.lang,
        'Ваша оценка принята. Она помогает нам работать лучше',
        'Your rating is recorded. It helps us do better',
      ),
    )}</p>${extra}`,
    ctx.langHref,
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
  const who = [f.operatorName, f.windowLabel].filter(Boolean).join(' · ');
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
    who ? `<br>${esc(who)}` : ''
  }</p>
<form method="post" action="${esc(f.action)}" data-testid="rating-form" accept-charset="utf-8">
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
    pick(lang, 'Телефон или e-mail для ответа (по желанию)', 'Phone or e-mail for an answer (optional)'),
  )}<input type="text" name="contact" maxlength="120" autocomplete="tel" data-testid="feedback-contact"></label>
<p class="muted">${esc(
    pick(lang, 'На жалобу без контактов мы не сможем ответить', 'We cannot answer a complaint without a contact'),
  )}</p></div>
<button type="submit" data-testid="rating-submit">${esc(pick(lang, 'Отправить оценку', 'Send my rating'))}</button>
</form>
<script>(function(){var f=document.currentScript.previousElementSibling,r=document.getElementById('reasons');function u(){var c=f.querySelector('input[name=score]:checked');r.hidden=!c||Number(c.value)>${low};}f.addEventListener('change',u);u();})();</script>`;
  return layout(lang, title, body, ctx.langHref);
}

export interface TicketStatusInfo {
  number: string;
  status: 'waiting' | 'called' | 'serving' | 'postponed';
  windowLabel?: string;
}

/** The same link before the visit is over: where the ticket stands (numbers only, refreshed). */
export function ticketStatusPage(ctx: PageContext, t: TicketStatusInfo): string {
  const { lang } = ctx;
  const text: Record<TicketStatusInfo['status'], string> = {
    waiting: pick(lang, 'Ожидает вызова', 'Waiting to be called'),
    postponed: pick(lang, 'Ожидает вызова', 'Waiting to be called'),
    called: pick(lang, `Приглашаем вас: ${t.windowLabel ?? ''}`, `Please come to ${t.windowLabel ?? 'the window'}`),
    serving: pick(lang, 'Идёт обслуживание', 'Being served'),
  };
  const title = `${pick(lang, 'Талон', 'Ticket')} ${t.number}`;
  return layout(
    lang,
    title,
    `<meta http-equiv="refresh" content="15"><h1>${esc(title)}</h1><p class="notice" data-testid="ticket-status" data-status="${t.status}">${esc(
      text[t.status],
    )}</p><p class="muted">${esc(
      pick(lang, 'После обслуживания здесь можно будет оценить его качество', 'After your visit you can rate it here'),
    )}</p>`,
    ctx.langHref,
  );
}
