import { ERRORS, type ErrorCode, type Lang, type PublicVisit } from '@talon/protocol';

/**
 * The visitor's page on head office's public address: one HTML document for a phone on mobile data.
 * It is complete as sent (status, queue position, freshness); a little inline script refreshes it
 * every 10 s from `publicVisit` and sends the rating to `publicRate`. Russian first, `?lang=en`.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: no `</script>` or `<!--` can close it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const TEXT = {
  ru: {
    ticket: 'Талон',
    waiting: 'Ожидайте вызова',
    called: 'Вас приглашают к окну\u00a0{w}',
    calledNoWindow: 'Вас приглашают, смотрите табло',
    serving: 'Идёт обслуживание, окно\u00a0{w}',
    done: 'Обслуживание завершено',
    'no-show': 'Вызов пропущен: талон закрыт',
    cancelled: 'Талон отменён',
    ahead: 'Перед вами: {n}',
    next: 'Вы следующий',
    updated: 'Обновлено {a} назад',
    sec: '{n} с',
    min: '{n} мин',
    hour: '{n} ч',
    stale: 'Нет свежих данных из офиса, сведения могут быть устаревшими',
    rateTitle: 'Оцените, пожалуйста, качество обслуживания',
    low: '1 — очень плохо',
    high: '5 — отлично',
    feedback: 'Отзыв, жалоба или предложение',
    optional: '(по желанию)',
    review: 'Отзыв',
    complaint: 'Жалоба',
    proposal: 'Предложение',
    text: 'Текст',
    contact: 'Телефон или e-mail для ответа (по желанию)',
    noContact: 'На жалобу без контактов мы не сможем ответить',
    send: 'Отправить оценку',
    sending: 'Отправляем…',
    chooseScore: 'Выберите оценку от 1 до 5',
    thanks: 'Спасибо! Ваша оценка принята',
    rated: 'Визит оценён. Спасибо!',
    offline: 'Нет связи. Попробуйте ещё раз',
    other: 'English',
  },
  en: {
    ticket: 'Ticket',
    waiting: 'Please wait to be called',
    called: 'Please come to window\u00a0{w}',
    calledNoWindow: 'You are being called, see the board',
    serving: 'Being served at window\u00a0{w}',
    done: 'Your visit is over',
    'no-show': 'The call was missed: the ticket is closed',
    cancelled: 'The ticket was cancelled',
    ahead: 'Ahead of you: {n}',
    next: 'You are next',
    updated: 'Updated {a} ago',
    sec: '{n} s',
    min: '{n} min',
    hour: '{n} h',
    stale: 'No fresh data from the office, this may be out of date',
    rateTitle: 'Please rate the service you received',
    low: '1 — very poor',
    high: '5 — excellent',
    feedback: 'A review, complaint or proposal',
    optional: '(optional)',
    review: 'Review',
    complaint: 'Complaint',
    proposal: 'Proposal',
    text: 'Text',
    contact: 'Phone or e-mail for an answer (optional)',
    noContact: 'We cannot answer a complaint without a contact',
    send: 'Send my rating',
    sending: 'Sending…',
    chooseScore: 'Choose a mark from 1 to 5',
    thanks: 'Thank you! Your rating is recorded',
    rated: 'This visit is rated. Thank you!',
    offline: 'No connection. Please try again',
    other: 'Русский',
  },
} as const;
type Texts = (typeof TEXT)[Lang];

/** Older than this, the page warns that the office has not been heard from. */
const STALE_MS = 2 * 60_000;

const fill = (s: string, v: Record<string, string | number>) => s.replace(/\{(\w)\}/g, (_, k: string) => String(v[k]));

function statusText(t: Texts, v: PublicVisit): string {
  if (v.status === 'called') return v.windowNumber === null ? t.calledNoWindow : fill(t.called, { w: v.windowNumber });
  if (v.status === 'serving') return fill(t.serving, { w: v.windowNumber ?? '—' });
  return t[v.status];
}
const aheadText = (t: Texts, v: PublicVisit) =>
  v.status !== 'waiting' || v.ahead === null ? '' : v.ahead === 0 ? t.next : fill(t.ahead, { n: v.ahead });
function ageText(t: Texts, ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  const a =
    s < 60
      ? fill(t.sec, { n: s })
      : s < 3600
        ? fill(t.min, { n: Math.floor(s / 60) })
        : fill(t.hour, { n: Math.floor(s / 3600) });
  return fill(t.updated, { a });
}

const STYLE = `
*{box-sizing:border-box}html{-webkit-text-size-adjust:100%}
body{margin:0;font:18px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f5f8;color:#10202f}
main{max-width:540px;margin:0 auto;padding:16px}
h1{font-size:30px;margin:6px 0 2px;letter-spacing:.5px}h2{font-size:20px;margin:0 0 8px}p{margin:6px 0}
.muted{color:#4b5a68;font-size:16px}.lang{float:right;font-size:16px;padding:8px 4px}a{color:#0b5cad}
.card{background:#fff;border-radius:14px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0002}
.status{font-size:24px;font-weight:700;margin:0}.ahead{font-size:22px;margin-top:8px}
.card.called{background:#0b5cad;color:#fff}.card.called .muted{color:#e6f0fb}
.notice{padding:14px;border-radius:12px;background:#fff3d6;border:2px solid #f0a400}.ok{background:#e5f6ea;border-color:#2e8b57}
.scale{display:flex;gap:8px;margin:12px 0}.scale label{flex:1}
.scale input,.choices input{position:absolute;opacity:0;width:1px;height:1px}
.scale span{display:flex;align-items:center;justify-content:center;height:64px;border-radius:12px;border:2px solid #7d8c9b;font-size:26px;font-weight:700;background:#fff;color:#10202f}
.scale input:checked+span{background:#0b5cad;border-color:#0b5cad;color:#fff}
.scale input:focus-visible+span,.choices input:focus-visible+span{outline:3px solid #f0a400;outline-offset:2px}
.ends{display:flex;justify-content:space-between;font-size:15px;color:#4b5a68}
.choices{display:flex;flex-wrap:wrap;gap:8px;margin:8px 0}
.choices span{display:inline-block;min-height:48px;padding:12px 16px;border-radius:24px;border:2px solid #7d8c9b;background:#fff;color:#10202f}
.choices input:checked+span{background:#e2efff;border-color:#0b5cad}
textarea,input[type=text]{width:100%;font:inherit;padding:12px;border-radius:10px;border:2px solid #7d8c9b;margin:6px 0;background:#fff;color:#10202f}
textarea{min-height:110px}
button{width:100%;min-height:60px;font:inherit;font-size:20px;font-weight:700;border:0;border-radius:12px;background:#0b5cad;color:#fff;margin-top:12px}
button:disabled{opacity:.6}
[hidden]{display:none!important}
@media (prefers-color-scheme:dark){body{background:#0d151e;color:#eef3f8}.card,.scale span,.choices span,textarea,input[type=text]{background:#17222e;color:#eef3f8}.muted,.ends{color:#b3c0cc}.notice{color:#10202f}a{color:#8cc4ff}.choices input:checked+span{background:#0b5cad;border-color:#8cc4ff;color:#fff}}
@media (prefers-contrast:more){body{background:#fff;color:#000}.card{border:2px solid #000;box-shadow:none}.muted,.ends{color:#000}.scale span,.choices span,textarea,input[type=text]{border-color:#000}}
`;

function layout(lang: Lang, langHref: string, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>
<a class="lang" href="${esc(langHref)}" data-testid="visit-lang">${TEXT[lang].other}</a>${body}</main></body></html>`;
}

/** A refusal as a page (forged or expired link, unknown office, not synced yet). */
export function messagePage(lang: Lang, langHref: string, code: ErrorCode): string {
  const [ru, en] = ERRORS[code];
  const title = lang === 'en' ? 'Your visit' : 'Ваш визит';
  return layout(
    lang,
    langHref,
    title,
    `<h1>${esc(title)}</h1><p class="notice" role="alert" data-testid="visit-error" data-code="${code}">${esc(
      lang === 'en' ? en : ru,
    )}</p>`,
  );
}

export interface VisitPageContext {
  lang: Lang;
  langHref: string;
  /** The `publicVisit` API of this visit, relative to the page (works behind any path prefix). */
  api: string;
  /** Head office's clock when the page was made: the phone's own clock may be off. */
  now: number;
  /** This answer's CSP nonce: the page's one inline script runs, nothing injected would. */
  nonce: string;
}

function ratingForm(t: Texts): string {
  const scale = [1, 2, 3, 4, 5]
    .map(
      (n) => `<label><input type="radio" name="score" value="${n}" data-testid="score-${n}"><span>${n}</span></label>`,
    )
    .join('');
  const types = (['review', 'complaint', 'proposal'] as const)
    .map(
      (k, i) =>
        `<label><input type="radio" name="type" value="${k}"${i === 0 ? ' checked' : ''} data-testid="feedback-type-${k}"><span>${t[k]}</span></label>`,
    )
    .join('');
  return `<form id="rate" class="card" data-testid="rating-form" novalidate>
<h2>${esc(t.rateTitle)}</h2><div class="scale" role="radiogroup">${scale}</div>
<div class="ends"><span>${esc(t.low)}</span><span>${esc(t.high)}</span></div>
<p style="margin-top:16px"><strong>${esc(t.feedback)}</strong> <span class="muted">${esc(t.optional)}</span></p>
<div class="choices">${types}</div>
<textarea name="text" maxlength="2000" aria-label="${esc(t.text)}" data-testid="feedback-text"></textarea>
<label class="muted">${esc(t.contact)}<input type="text" name="contact" maxlength="200" autocomplete="tel" data-testid="feedback-contact"></label>
<p class="muted">${esc(t.noContact)}</p>
<p id="rate-error" class="notice" role="alert" hidden data-testid="rating-error"></p>
<button type="submit" data-testid="rating-submit">${esc(t.send)}</button></form>`;
}

export function visitPage(ctx: VisitPageContext, v: PublicVisit): string {
  const t = TEXT[ctx.lang];
  const title = `${t.ticket} ${v.number}`;
  const service = v.serviceName ? ` · ${esc(v.serviceName[ctx.lang] || v.serviceName.ru)}` : '';
  const age = ctx.now - v.syncedAt;
  const body = `<h1 data-testid="visit-number">${esc(title)}</h1>
<p class="muted">${esc(v.office.name[ctx.lang] || v.office.name.ru)}${service}</p>
<section id="card" class="card${v.status === 'called' ? ' called' : ''}" aria-live="polite">
<p id="status" class="status" data-testid="visit-status" data-status="${v.status}">${esc(statusText(t, v))}</p>
<p id="ahead" class="ahead" data-testid="visit-ahead"${aheadText(t, v) ? '' : ' hidden'}>${esc(aheadText(t, v))}</p>
<p id="age" class="muted" data-testid="visit-age">${esc(ageText(t, age))}</p></section>
<p id="stale" class="notice" role="status"${age > STALE_MS ? '' : ' hidden'}>${esc(t.stale)}</p>
<p id="rated" class="notice ok" data-testid="visit-rated"${v.rated ? '' : ' hidden'}>${esc(t.rated)}</p>
<div id="form"${v.canRate ? '' : ' hidden'}>${ratingForm(t)}</div>
<script nonce="${ctx.nonce}">(function(){
var T=${scriptJson(t)},V=${scriptJson(v)},API=${scriptJson(ctx.api)},STALE=${STALE_MS},skew=${ctx.now}-Date.now(),sent=false;
function $(id){return document.getElementById(id)}
function fill(s,o){return s.replace(/\\{(\\w)\\}/g,function(_,k){return String(o[k])})}
function status(v){if(v.status==='called')return v.windowNumber===null?T.calledNoWindow:fill(T.called,{w:v.windowNumber});if(v.status==='serving')return fill(T.serving,{w:v.windowNumber===null?'—':v.windowNumber});return T[v.status]}
function ahead(v){return v.status!=='waiting'||v.ahead===null?'':v.ahead===0?T.next:fill(T.ahead,{n:v.ahead})}
function age(){var ms=Date.now()+skew-V.syncedAt,s=Math.max(0,Math.round(ms/1000));var a=s<60?fill(T.sec,{n:s}):s<3600?fill(T.min,{n:Math.floor(s/60)}):fill(T.hour,{n:Math.floor(s/3600)});$('age').textContent=fill(T.updated,{a:a});$('stale').hidden=ms<=STALE}
function show(){var st=$('status');st.textContent=status(V);st.setAttribute('data-status',V.status);$('card').className='card'+(V.status==='called'?' called':'');
var a=ahead(V);$('ahead').textContent=a;$('ahead').hidden=!a;$('rated').hidden=!V.rated;if(!sent)$('form').hidden=!V.canRate;age()}
function poll(){fetch(API,{cache:'no-store'}).then(function(r){var d=r.headers.get('date');if(d)skew=Date.parse(d)-Date.now();return r.ok?r.json():null}).then(function(v){if(v&&v.number){V=v;show()}}).catch(function(){})}
setInterval(poll,10000);setInterval(age,5000);
var f=$('rate');f.addEventListener('submit',function(e){e.preventDefault();var err=$('rate-error'),c=f.querySelector('input[name=score]:checked');
if(!c){err.textContent=T.chooseScore;err.hidden=false;return}
var text=f.elements.text.value.trim(),contact=f.elements.contact.value.trim(),body={score:Number(c.value)};
if(text){body.feedback={type:f.querySelector('input[name=type]:checked').value,text:text};if(contact)body.feedback.contact=contact}
var b=f.querySelector('button');b.disabled=true;b.textContent=T.sending;err.hidden=true;
fetch(API+'/rating',{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)}).then(function(r){return r.json().then(function(j){return{ok:r.ok,j:j}})}).then(function(x){
if(x.ok||(x.j.error&&x.j.error.code==='RATING_ALREADY_GIVEN')){sent=true;$('form').hidden=true;$('rated').textContent=x.ok?T.thanks:x.j.error.message[${scriptJson(ctx.lang)}];$('rated').hidden=false;V.canRate=false;V.rated=true}
else{err.textContent=x.j.error?x.j.error.message[${scriptJson(ctx.lang)}]:T.offline;err.hidden=false}}).catch(function(){err.textContent=T.offline;err.hidden=false}).then(function(){b.disabled=false;b.textContent=T.send})});
})();</script>`;
  return layout(ctx.lang, ctx.langHref, title, body);
}
