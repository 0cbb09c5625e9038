import { ERRORS, type ErrorCode, type Lang, minutesRange, type PublicVisit } from '@talon/protocol';
import { KEEP_ALIVE_MS } from './live.js';

/**
 * The visitor's page on head office's public address: one HTML document for a phone on mobile data.
 * It is complete as sent (status, place, estimate, freshness); a little inline script follows the visit's
 * live stream (`publicVisitLive`, Server-Sent Events pushed as the office's batches arrive; a 10 s poll
 * only where EventSource is missing), rings at the call (vibration, a WebAudio chime once a tap allowed
 * sound), says when the link is lost, and sends the rating to `publicRate`. Russian first, `?lang=en`.
 */

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script>: no `</script>` or `<!--` can close it early. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');

const TEXT = {
  ru: {
    ticket: 'Талон',
    waiting: 'Ожидайте вызова',
    called: 'Вас приглашают',
    calledNoWindow: 'Вас приглашают, смотрите табло',
    serving: 'Идёт обслуживание, окно\u00a0{w}',
    done: 'Обслуживание завершено',
    'no-show': 'Вызов пропущен: талон закрыт',
    cancelled: 'Талон отменён',
    ahead: 'Перед вами: {n}',
    next: 'Вы следующий',
    estimate: 'Примерное ожидание: ≈\u00a0{r}\u00a0мин',
    estimateSoon: 'Примерное ожидание: около минуты',
    where: 'Окно\u00a0{w}',
    lost: 'Нет связи с сервером. Переподключаемся… Сведения могут быть устаревшими',
    sound: '♪ Включить звук вызова',
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
    contact: 'Телефон или электронная почта для ответа (по желанию)',
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
    called: 'Please come to',
    calledNoWindow: 'You are being called, see the board',
    serving: 'Being served at window\u00a0{w}',
    done: 'Your visit is over',
    'no-show': 'The call was missed: the ticket is closed',
    cancelled: 'The ticket was cancelled',
    ahead: 'Ahead of you: {n}',
    next: 'You are next',
    estimate: 'Estimated wait: ≈\u00a0{r}\u00a0min',
    estimateSoon: 'Estimated wait: about a minute',
    where: 'Window\u00a0{w}',
    lost: 'Lost the connection to the server. Reconnecting… This may be out of date',
    sound: '♪ Turn on the call sound',
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
  // the window itself is the large line under it (`whereText`)
  if (v.status === 'called') return v.windowNumber === null ? t.calledNoWindow : t.called;
  if (v.status === 'serving') return fill(t.serving, { w: v.windowNumber ?? '—' });
  return t[v.status];
}
const aheadText = (t: Texts, v: PublicVisit) =>
  v.status !== 'waiting' || v.ahead === null ? '' : v.ahead === 0 ? t.next : fill(t.ahead, { n: v.ahead });
function estimateText(t: Texts, v: PublicVisit): string {
  const e = v.estimate;
  if (v.status !== 'waiting' || v.ahead === null || !e) return '';
  if (e.highMin <= 1) return t.estimateSoon;
  return fill(t.estimate, { r: minutesRange(e) });
}
const whereText = (t: Texts, v: PublicVisit) =>
  v.status === 'called' && v.windowNumber !== null ? fill(t.where, { w: v.windowNumber }) : '';
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
main{max-width:540px;margin:0 auto;padding:8px 16px 16px}
.page{display:flex;flex-direction:column;height:100vh;height:100dvh}.content{flex:1;min-height:0;overflow-y:auto}
.bar{flex:none;display:flex;justify-content:flex-end;padding:8px 12px;border-bottom:1px solid #8a99a8}
h1{font-size:30px;margin:6px 0 2px;letter-spacing:.5px}h2{font-size:20px;margin:0 0 8px}p{margin:6px 0}
.muted{color:#4b5a68;font-size:16px}a{color:#0b5cad}
.lang{display:inline-flex;align-items:center;min-height:44px;padding:0 14px;border:2px solid #7d8c9b;border-radius:22px;font-size:15px;font-weight:600;text-decoration:none;color:inherit}
.card{background:#fff;border-radius:14px;padding:16px;margin:12px 0;box-shadow:0 1px 3px #0002}
.status{font-size:24px;font-weight:700;margin:0}.ahead{font-size:22px;margin-top:8px}.estimate{font-size:19px;font-weight:600}
.where{font-size:48px;line-height:1.15;font-weight:800;margin:6px 0 0}
button.second{background:#fff;color:#10202f;border:2px solid #7d8c9b;font-size:17px}
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
<title>${esc(title)}</title><style>${STYLE}</style></head><body><div class="page">
<nav class="bar"><a class="lang" href="${esc(langHref)}" data-testid="visit-lang" lang="${lang === 'en' ? 'ru' : 'en'}">${
    TEXT[lang].other
  }</a></nav><div class="content"><main>${body}</main></div></div></body></html>`;
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
<p id="where" class="where" data-testid="visit-window"${whereText(t, v) ? '' : ' hidden'}>${esc(whereText(t, v))}</p>
<p id="ahead" class="ahead" data-testid="visit-ahead"${aheadText(t, v) ? '' : ' hidden'}>${esc(aheadText(t, v))}</p>
<p id="estimate" class="estimate" data-testid="visit-estimate"${estimateText(t, v) ? '' : ' hidden'}>${esc(estimateText(t, v))}</p>
<p id="age" class="muted" data-testid="visit-age">${esc(ageText(t, age))}</p></section>
<p id="stale" class="notice" role="status"${age > STALE_MS ? '' : ' hidden'}>${esc(t.stale)}</p>
<p id="conn" class="notice" role="status" data-testid="visit-connection" hidden>${esc(t.lost)}</p>
<button type="button" id="sound" class="second" data-testid="visit-sound" hidden>${esc(t.sound)}</button>
<p id="rated" class="notice ok" data-testid="visit-rated"${v.rated ? '' : ' hidden'}>${esc(t.rated)}</p>
<div id="form"${v.canRate ? '' : ' hidden'}>${ratingForm(t)}</div>
<script nonce="${ctx.nonce}">(function(){
var T=${scriptJson(t)},V=${scriptJson(v)},API=${scriptJson(ctx.api)},STALE=${STALE_MS},skew=${ctx.now}-Date.now(),sent=false;
function $(id){return document.getElementById(id)}
function fill(s,o){return s.replace(/\\{(\\w)\\}/g,function(_,k){return String(o[k])})}
function status(v){if(v.status==='called')return v.windowNumber===null?T.calledNoWindow:T.called;if(v.status==='serving')return fill(T.serving,{w:v.windowNumber===null?'—':v.windowNumber});return T[v.status]}
function ahead(v){return v.status!=='waiting'||v.ahead===null?'':v.ahead===0?T.next:fill(T.ahead,{n:v.ahead})}
function est(v){var e=v.estimate;if(v.status!=='waiting'||v.ahead===null||!e)return '';return e.highMin<=1?T.estimateSoon:fill(T.estimate,{r:e.lowMin===e.highMin?e.highMin:e.lowMin+'\\u2060–\\u2060'+e.highMin})}
function where(v){return v.status==='called'&&v.windowNumber!==null?fill(T.where,{w:v.windowNumber}):''}
function text(id,s){$(id).textContent=s;$(id).hidden=!s}
function age(){var ms=Date.now()+skew-V.syncedAt,s=Math.max(0,Math.round(ms/1000));var a=s<60?fill(T.sec,{n:s}):s<3600?fill(T.min,{n:Math.floor(s/60)}):fill(T.hour,{n:Math.floor(s/3600)});$('age').textContent=fill(T.updated,{a:a});$('stale').hidden=ms<=STALE}
function show(){var st=$('status');st.textContent=status(V);st.setAttribute('data-status',V.status);$('card').className='card'+(V.status==='called'?' called':'');
text('ahead',ahead(V));text('estimate',est(V));text('where',where(V));$('rated').hidden=!V.rated;if(!sent)$('form').hidden=!V.canRate;age()}
var OVER={done:1,'no-show':1,cancelled:1},ac=null,calls=V.status==='called'?1:0,heard=Date.now(),es=null,wait=2000,again=null,SILENT=${KEEP_ALIVE_MS * 2 + 10_000};
function audio(){if(ac)return ac;var C=window.AudioContext||window.webkitAudioContext;if(!C)return null;try{ac=new C()}catch(e){ac=null}return ac}
function chime(){var c=audio();if(!c||c.state!=='running')return false;var t0=c.currentTime;[0,0.3,0.6].forEach(function(d,i){var o=c.createOscillator(),g=c.createGain();o.frequency.value=i===2?1175:880;g.gain.setValueAtTime(0.0001,t0+d);g.gain.exponentialRampToValueAtTime(0.5,t0+d+0.02);g.gain.exponentialRampToValueAtTime(0.0001,t0+d+0.28);o.connect(g);g.connect(c.destination);o.start(t0+d);o.stop(t0+d+0.3)});return true}
function offer(){if(OVER[V.status]){$('sound').hidden=true;return}var c=audio();$('sound').hidden=!c||c.state==='running'}
function unlock(){var c=audio();if(!c||c.state==='running')return;var p=c.resume();if(p&&p.then)p.then(offer,offer);else offer()}
$('sound').addEventListener('click',function(){unlock();setTimeout(chime,50)});document.addEventListener('pointerdown',unlock,true);
function ring(){document.documentElement.setAttribute('data-alerts',String(++calls));try{if(navigator.vibrate)navigator.vibrate([400,200,400,200,400])}catch(e){}if(!chime())$('sound').hidden=false}
function got(v){heard=Date.now();$('conn').hidden=true;if(!v||!v.number)return;var was=V.status;V=v;show();offer();if(v.status==='called'&&was!=='called')ring()}
function poll(){fetch(API,{cache:'no-store'}).then(function(r){var d=r.headers.get('date');if(d)skew=Date.parse(d)-Date.now();return r.ok?r.json():null}).then(got).catch(function(){$('conn').hidden=false})}
function connect(){clearTimeout(again);if(es)es.close();es=new EventSource(API+'/live');heard=Date.now();
es.onopen=function(){heard=Date.now();wait=2000;$('conn').hidden=true};
es.addEventListener('visit',function(e){try{got(JSON.parse(e.data))}catch(x){}});
es.addEventListener('ping',function(){heard=Date.now();$('conn').hidden=true});
es.onerror=function(){$('conn').hidden=false;if(es.readyState===2){es.close();again=setTimeout(connect,wait);wait=Math.min(wait*2,30000)}}}
if(window.EventSource){connect();setInterval(function(){if(Date.now()-heard>SILENT){$('conn').hidden=false;connect()}},5000)}else setInterval(poll,10000);
offer();setInterval(age,5000);
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
