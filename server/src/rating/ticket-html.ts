import { type Lang, minutesRange } from '@talon/protocol';
import type { VisitView } from '../visit-live/view.js';
import { esc, layout, type PageContext, pick, tr } from './page-html.js';
import { windowLabel } from './window-label.js';

/**
 * The ticket's page while the visit is live (`/v/<token>`): number, place, estimate, the call. The part
 * that changes (`ticketLive`) is the same HTML in the first answer and in every push of `/v/<token>/live`,
 * so the page reads the same with the script (pushed) and without it (a refresh in <noscript>).
 */

const pluralRu = (n: number, one: string, few: string, many: string) => {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return one;
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return few;
  return many;
};

function aheadText(lang: Lang, n: number): string {
  if (n === 0) return pick(lang, 'Вы следующий', 'You are next');
  return pick(lang, `Перед вами: ${n} ${pluralRu(n, 'человек', 'человека', 'человек')}`, `People ahead of you: ${n}`);
}

function estimateText(lang: Lang, e: { lowMin: number; highMin: number }): string {
  if (e.highMin <= 1) return pick(lang, 'Примерное ожидание: около минуты', 'Estimated wait: about a minute');
  const range = minutesRange(e);
  return pick(lang, `Примерное ожидание: ≈\u00a0${range}\u00a0мин`, `Estimated wait: ≈\u00a0${range}\u00a0min`);
}

/** What says where the visitor stands: the status, and for a waiting one the place and the estimate. */
function stateBody(ctx: PageContext, v: VisitView): string {
  const { lang } = ctx;
  const where = windowLabel(ctx.config, v.windowId ?? undefined, lang);
  const notice = (text: string, cls = '') => `<p class="notice${cls}" data-testid="ticket-state-text">${esc(text)}</p>`;
  switch (v.state) {
    case 'waiting':
    case 'postponed': {
      const lines: string[] = [];
      if (v.state === 'postponed')
        lines.push(
          notice(
            pick(
              lang,
              'Вызов отложен. Вас пригласят снова — следите за этой страницей',
              'Your call is postponed. You will be called again — keep this page open',
            ),
          ),
        );
      if (v.ahead === null)
        lines.push(
          notice(
            pick(
              lang,
              'Сейчас в зале нет специалиста по этой услуге. Пожалуйста, обратитесь к администратору зала',
              'No specialist for this service is available right now. Please ask the hall administrator',
            ),
          ),
        );
      else
        lines.push(
          `<div class="card place"><p class="ahead" data-testid="ticket-ahead" data-ahead="${v.ahead}">${esc(
            aheadText(lang, v.ahead),
          )}</p>${
            v.estimate
              ? `<p class="estimate" data-testid="ticket-estimate" data-low="${v.estimate.lowMin}" data-high="${v.estimate.highMin}">${esc(
                  estimateText(lang, v.estimate),
                )}</p>`
              : ''
          }<p class="muted">${esc(
            pick(
              lang,
              'Когда вас пригласят, номер окна появится здесь, телефон зазвонит и завибрирует',
              'When you are called, the window appears here and the phone rings and vibrates',
            ),
          )}</p></div>`,
        );
      return lines.join('');
    }
    case 'called':
      return `<div class="call" role="alert"><p>${esc(
        v.recalled
          ? pick(lang, 'Повторный вызов! Вас приглашают', 'Called again! Please come to')
          : pick(lang, 'Вас приглашают', 'Please come to'),
      )}</p><p class="where" data-testid="ticket-window">${esc(where ?? pick(lang, 'смотрите табло', 'see the board'))}</p></div>`;
    case 'serving':
      return notice(
        where
          ? pick(lang, `Идёт обслуживание · ${where}`, `Being served · ${where}`)
          : pick(lang, 'Идёт обслуживание', 'Being served'),
        ' ok',
      );
    case 'rate':
    case 'done':
      return notice(pick(lang, 'Обслуживание завершено. Спасибо за визит!', 'Your visit is over. Thank you!'), ' ok');
    case 'no-show':
      return notice(
        pick(
          lang,
          'Вы не подошли по вызову, и талон закрыт. Если вы ещё в офисе, возьмите, пожалуйста, новый талон',
          'You did not come when called, so the ticket is closed. If you are still in the office, please take a new ticket',
        ),
      );
    case 'cancelled':
      return notice(pick(lang, 'Талон отменён', 'The ticket was cancelled'));
    default:
      return notice(pick(lang, 'Талон не найден', 'Ticket not found'));
  }
}

/** The visit is over without a rating to give: nothing more will happen on this page. */
export const isOver = (state: VisitView['state']) =>
  state === 'done' || state === 'no-show' || state === 'cancelled' || state === 'unknown';

/** The part of the page that each push replaces. */
export function ticketLive(ctx: PageContext, v: VisitView): string {
  const { lang } = ctx;
  const service = v.serviceId ? ctx.config?.services.find((s) => s.id === v.serviceId) : undefined;
  const called = v.state === 'called';
  return `<div class="ticket${called ? ' called' : ''}" data-testid="ticket-status" data-status="${v.state}"${
    v.callKey ? ` data-call-key="${esc(v.callKey)}"` : ''
  }><p class="label">${esc(pick(lang, 'Талон', 'Ticket'))}</p><h1 class="num" data-testid="ticket-number">${esc(
    v.number,
  )}</h1>${service ? `<p class="muted">${esc(tr(lang, service.name))}</p>` : ''}</div>${stateBody(ctx, v)}`;
}

/** What the notifications offer this ticket (server/src/notify `pageOptions`): channels set up and taken. */
export interface NotifyPageOptions {
  sms: boolean;
  telegram: boolean;
  subscribed: { sms: boolean; telegram: boolean };
}

/** What became of the opt-in the page just sent (`?notify=`, from server/src/notify's answer). */
export type NotifyFlag = 'sms' | 'invalid-phone' | 'unavailable' | 'closed';

export interface TicketPageInfo {
  view: VisitView;
  /** The push stream of this page (`/v/<token>/live?…`). */
  live: string;
  /** The notification opt-in (server/src/notify's routes), when the office offers it. */
  notify?: (NotifyPageOptions & { action: string; telegramHref: string; flag?: NotifyFlag }) | undefined;
}

function notifyForm(ctx: PageContext, n: NonNullable<TicketPageInfo['notify']>): string {
  const { lang } = ctx;
  const FLAG: Record<NotifyFlag, [string, string, boolean]> = {
    sms: [
      'Готово: пришлём SMS, когда подойдёт ваша очередь, и при вызове',
      'Done: we will text you when your turn is near, and at the call',
      true,
    ],
    'invalid-phone': [
      'Проверьте номер телефона: например, +7 912 345-67-89',
      'Please check the phone number, e.g. +7 912 345-67-89',
      false,
    ],
    unavailable: [
      'Уведомления сейчас недоступны. Следите за этой страницей',
      'Notifications are not available now. Please keep this page open',
      false,
    ],
    closed: [
      'Талон уже не в очереди: уведомление не нужно',
      'The ticket is no longer in the queue: no notification needed',
      false,
    ],
  };
  const flag = n.flag ? FLAG[n.flag] : undefined;
  const said = flag
    ? `<p class="notice${flag[2] ? ' ok' : ''}" role="status" data-testid="notify-result" data-result="${n.flag}">${esc(
        pick(lang, flag[0], flag[1]),
      )}</p>`
    : '';
  const sms = !n.sms
    ? ''
    : n.subscribed.sms
      ? n.flag === 'sms'
        ? ''
        : `<p class="notice ok" data-testid="notify-sms-on">${esc(
            pick(lang, 'SMS придёт, когда подойдёт ваша очередь', 'A text will come when your turn is near'),
          )}</p>`
      : `<form method="post" action="${esc(n.action)}" accept-charset="utf-8"><label class="muted">${esc(
          pick(lang, 'Номер телефона для SMS', 'Phone number for a text message'),
        )}<input type="tel" name="phone" autocomplete="tel" inputmode="tel" maxlength="20" required data-testid="notify-phone"></label><p class="muted">${esc(
          pick(
            lang,
            'Номер нужен только для этих сообщений и будет удалён в установленный срок',
            'The number is used only for these messages and deleted after the set period',
          ),
        )}</p><button type="submit" class="second" data-testid="notify-submit">${esc(
          pick(lang, 'Прислать SMS', 'Text me'),
        )}</button></form>`;
  const telegram = !n.telegram
    ? ''
    : n.subscribed.telegram
      ? `<p class="notice ok" data-testid="notify-telegram-on">${esc(
          pick(lang, 'Сообщение придёт в Telegram', 'A message will come in Telegram'),
        )}</p>`
      : `<p><a class="tool wide" href="${esc(n.telegramHref)}" data-testid="notify-telegram">${esc(
          pick(lang, 'Сообщить в Telegram', 'Tell me in Telegram'),
        )}</a></p>`;
  return `<section class="card" id="notify" data-testid="notify-optin"><p><strong>${esc(
    pick(lang, 'Сообщить, когда подойдёт очередь', 'Tell me when my turn is near'),
  )}</strong></p>${said}${sms}${telegram}</section>`;
}

export function ticketPage(ctx: PageContext, p: TicketPageInfo): string {
  const { lang } = ctx;
  const title = `${pick(lang, 'Талон', 'Ticket')} ${p.view.number}`;
  const waiting = p.view.state === 'waiting' || p.view.state === 'postponed';
  const over = isOver(p.view.state);
  // the call-sound offer shows once the script runs (a phone allows sound only after a tap): below the opt-in
  // form, so its arrival does not move the form under a thumb about to tap «Прислать SMS»
  const body = `<section id="live" aria-live="polite">${ticketLive(ctx, p.view)}</section>
<p class="notice" id="conn" role="status" data-testid="ticket-connection" hidden>${esc(
    pick(
      lang,
      'Нет связи с сервером офиса. Переподключаемся… Сведения на странице могут быть устаревшими',
      'Lost the connection to the office. Reconnecting… What you see may be out of date',
    ),
  )}</p>
${p.notify && waiting ? notifyForm(ctx, p.notify) : ''}
<button type="button" id="sound" class="second" data-testid="ticket-sound" hidden>${esc(
    pick(lang, '♪ Включить звук вызова', '♪ Turn on the call sound'),
  )}</button>
<p class="muted" id="hint"${over ? ' hidden' : ''}>${esc(
    pick(lang, 'После обслуживания здесь можно будет оценить его качество', 'After your visit you can rate it here'),
  )}</p>
<script src="/v/live.js" data-live="${esc(p.live)}"></script>`;
  // Without the script the page still says where the ticket stands: it reloads itself now and then.
  return layout(ctx, title, body, '', '<noscript><meta http-equiv="refresh" content="20"></noscript>');
}
