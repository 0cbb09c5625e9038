import type { LocalText } from './text.js';

/**
 * Stable error codes, each with its Russian and English text and the HTTP status it answers with
 * everywhere (422: understood, but the office's rules refuse it). Clients branch on the code, people read the message.
 * Visitor-facing wording avoids «Вы обязаны», «Явиться», «Предъявить» (seed 001).
 */
export const ERRORS = {
  VALIDATION_FAILED: ['Запрос заполнен неверно', 'The request is not valid', 400],
  UNAUTHORIZED: ['Требуется вход в систему', 'Sign-in is required', 401],
  FORBIDDEN: ['Недостаточно прав для этого действия', 'You are not allowed to do this', 403],
  BAD_CREDENTIALS: ['Неверный логин или пароль', 'Wrong login or password', 401],
  SESSION_EXPIRED: ['Сеанс истёк, войдите снова', 'The session has expired, please sign in again', 401],
  PAIRING_CODE_INVALID: ['Код привязки неверен или уже использован', 'The pairing code is wrong or already used', 401],
  NOT_CONFIGURED: ['Офис ещё не настроен', 'The office is not configured yet', 422],
  UNKNOWN_SERVICE: ['Такой услуги нет', 'No such service', 422],
  UNKNOWN_TOPIC: ['Такой темы обращения нет', 'No such topic', 422],
  UNKNOWN_SEGMENT: ['Такой категории клиентов нет', 'No such visitor category', 422],
  UNKNOWN_WINDOW: ['Такого окна нет', 'No such window', 422],
  UNKNOWN_OPERATOR: ['Такого оператора нет', 'No such operator', 422],
  UNKNOWN_TICKET: ['Талон не найден', 'Ticket not found', 422],
  UNKNOWN_PRIORITY_CATEGORY: ['Такой категории приоритета нет', 'No such priority category', 422],
  TOPIC_NOT_IN_SEGMENT: [
    'Эта тема не относится к выбранной категории',
    'This topic does not belong to the chosen category',
    422,
  ],
  OUTSIDE_RECEPTION_HOURS: [
    'Сейчас приём посетителей не ведётся. Будем рады видеть вас в часы приёма',
    'We are not receiving visitors right now. You are welcome during reception hours',
    422,
  ],
  LIVE_QUEUE_MODE: [
    'Сейчас офис работает в режиме живой очереди. Пожалуйста, обратитесь к администратору зала',
    'The office is working as a live queue now. Please ask the hall administrator',
    422,
  ],
  DAILY_CAP_REACHED: ['На сегодня талоны на эту услугу закончились', 'No more tickets for this service today', 422],
  NUMBER_RANGE_EXHAUSTED: ['Исчерпаны номера талонов на сегодня', 'Ticket numbers for today are used up', 422],
  OPERATOR_NOT_LOGGED_IN: ['Оператор не начал работу в окне', 'The operator is not at a window', 422],
  OPERATOR_ALREADY_LOGGED_IN: ['Оператор уже работает в окне', 'The operator is already at a window', 422],
  WINDOW_OCCUPIED: ['В этом окне уже работает другой оператор', 'Another operator is at this window', 422],
  OPERATOR_BUSY: ['Сначала завершите обслуживание текущего посетителя', 'Finish the current visitor first', 422],
  OPERATOR_ON_BREAK: ['Оператор на перерыве', 'The operator is on a break', 422],
  NOT_ON_BREAK: ['Оператор не на перерыве', 'The operator is not on a break', 422],
  NO_CURRENT_TICKET: ['Нет текущего посетителя', 'There is no current visitor', 422],
  QUEUE_EMPTY: ['Очередь пуста', 'The queue is empty', 422],
  TICKET_NOT_WAITING: ['Талон не ожидает вызова', 'The ticket is not waiting', 422],
  TICKET_NOT_CALLED: ['Талон не вызван', 'The ticket has not been called', 422],
  TICKET_NOT_SERVING: ['Обслуживание не начато', 'Service has not started', 422],
  NOT_SKILLED: ['Оператор не обслуживает эту услугу', 'The operator does not serve this service', 422],
  TICKET_RESERVED: ['Талон передан другому оператору', 'The ticket is assigned to another operator', 422],
  RECALL_TOO_SOON: ['Повторный вызов возможен чуть позже', 'Please wait a little before calling again', 422],
  OUTCOME_REQUIRED: [
    'Отметьте результат обращения, затем завершите обслуживание',
    'Mark the outcome of the visit, then finish',
    422,
  ],
  BREAK_WOULD_EMPTY_HALL: [
    'Нельзя уйти на перерыв: в зале не останется ни одного работающего оператора. Нужно разрешение администратора зала',
    'A break now would leave the hall with no operator at work. The hall administrator must allow it',
    422,
  ],
  LOGOUT_WOULD_EMPTY_HALL: [
    'Нельзя завершить работу: посетители ждут, а в зале не останется ни одного работающего оператора. Нужно разрешение администратора зала',
    'You cannot sign off now: visitors are waiting and the hall would have no operator at work. The hall administrator must allow it',
    422,
  ],
  REQUEST_PENDING: [
    'Запрос уже отправлен администратору зала. Дождитесь ответа или отзовите запрос',
    'Your request is already with the hall administrator. Wait for the answer or withdraw it',
    409,
  ],
  REQUEST_NOT_FOUND: [
    'Запроса больше нет: оператор отозвал его, вышел из окна или ответ уже дан',
    'The request is gone: the operator withdrew it, left the window, or it has been answered',
    422,
  ],
  OVERRIDE_REQUIRES_ADMIN: [
    'Разрешить это может только администратор зала',
    'Only the hall administrator can allow this',
    403,
  ],
  TRANSFER_TARGET_REQUIRED: [
    'Укажите услугу или оператора для перевода',
    'Choose a service or an operator to transfer to',
    422,
  ],
  TRANSFER_TO_SELF: ['Нельзя перевести посетителя самому себе', 'You cannot transfer to yourself', 422],
  APPOINTMENT_NOT_FOUND: [
    'Запись не найдена. Проверьте код или обратитесь к администратору',
    'Booking not found. Please check the code or ask the administrator',
    422,
  ],
  APPOINTMENT_ALREADY_USED: ['По этой записи талон уже получен', 'A ticket was already issued for this booking', 422],
  APPOINTMENT_TOO_EARLY: [
    'Регистрация по записи ещё не открыта. Пожалуйста, подойдите ближе к назначенному времени',
    'Check-in for this booking is not open yet. Please come back closer to the booked time',
    422,
  ],
  DUPLICATE_APPOINTMENT: ['Запись с таким кодом уже есть', 'A booking with this code already exists', 409],
  BOOKING_DISABLED: [
    'Предварительная запись в этот офис не ведётся',
    'This office does not take bookings in advance',
    422,
  ],
  SLOT_NOT_OFFERED: [
    'На это время записаться нельзя. Пожалуйста, выберите другое время',
    'This time cannot be booked. Please choose another time',
    422,
  ],
  SLOT_FULL: [
    'Это время уже занято. Пожалуйста, выберите другое',
    'This time is already taken. Please choose another',
    409,
  ],
  BOOKING_PHONE_LIMIT: [
    'На этот номер телефона уже есть запись на этот день',
    'This phone number already has a booking for that day',
    422,
  ],
  APPOINTMENT_NOT_BOOKED: [
    'Эту запись уже нельзя изменить: она использована или отменена',
    'This booking can no longer be changed: it was used or cancelled',
    422,
  ],
  PHONE_TICKET_LIMIT: [
    'С этого номера телефона сегодня уже взято достаточно талонов',
    'Enough tickets have been taken with this phone number today',
    422,
  ],
  BOOKING_LINK_INVALID: [
    'Ссылка на запись недействительна. Откройте ссылку из подтверждения записи ещё раз',
    'This booking link is not valid. Please open the link from your booking confirmation again',
    403,
  ],
  BOOKING_LINK_EXPIRED: [
    'Срок действия ссылки на запись истёк: время записи прошло',
    'This booking link has expired: the booked time has passed',
    410,
  ],
  PHONE_TICKETS_DISABLED: [
    'Талон с телефона в этом офисе не выдаётся. Пожалуйста, возьмите талон в терминале',
    'This office does not issue tickets to phones. Please take a ticket at the kiosk',
    422,
  ],
  RATING_ALREADY_GIVEN: ['Этот визит уже оценён. Спасибо!', 'This visit has already been rated. Thank you!', 409],
  RATING_LINK_INVALID: [
    'Ссылка для оценки недействительна. Пожалуйста, отсканируйте QR-код ещё раз',
    'This rating link is not valid. Please scan the QR code again',
    403,
  ],
  RATING_LINK_EXPIRED: [
    'Срок для оценки этого визита истёк. Спасибо, что заглянули!',
    'The time to rate this visit is over. Thank you for stopping by!',
    410,
  ],
  RATING_VISIT_UNKNOWN: [
    'Визит для оценки не найден или срок оценки истёк',
    'No visit to rate was found, or the time to rate it is over',
    404,
  ],
  RATING_WRONG_WINDOW: ['Этот визит завершён у другого окна', 'This visit was finished at another window', 422],
  RATING_NO_RECENT_VISIT: [
    'У этого рабочего места пока нет завершённого обслуживания для оценки',
    'There is no recently finished visit at this desk to rate',
    404,
  ],
  RATING_TERMINAL_UNBOUND: [
    'Терминал оценки не привязан к окну. Обратитесь к администратору зала',
    'This rating terminal is not bound to a window. Please ask the hall administrator',
    422,
  ],
  CONFIG_VERSION_STALE: [
    'Настройки уже изменил другой администратор. Обновите страницу и повторите изменения',
    'Someone else has changed the settings meanwhile. Reload and make your changes again',
    409,
  ],
  CONFIG_IN_USE: [
    'Это нельзя удалить сейчас: оно используется в зале (талоны в очереди или оператор в окне)',
    'This cannot be removed now: it is in use in the hall (tickets waiting or an operator at a window)',
    422,
  ],
  LOGIN_TAKEN: ['Такой логин уже есть', 'This login is already taken', 409],
  SETUP_TOKEN_INVALID: [
    'Ссылка первичной настройки неверна или уже использована',
    'The setup link is wrong or has already been used',
    403,
  ],
  ALREADY_SET_UP: ['Офис уже настроен', 'The office is already set up', 409],
  // Head office (issue 13)
  OFFICE_KEY_INVALID: ['Ключ офиса неверен или отозван', 'The office key is wrong or revoked', 401],
  SYNC_GAP: [
    'Пропуск в журнале офиса: головной офис ждёт более ранние события',
    'A gap in the office log: head office expects earlier events',
    409,
  ],
  HQ_BUSY: ['Головной офис перегружен, повторите позже', 'Head office is busy, try again later', 429],
  HQ_CHECK_FAILED: [
    'Головной офис не принял подключение: проверьте адрес и ключ офиса',
    'Head office did not accept the connection: check the address and the office key',
    422,
  ],
  // Notifications (issue 15, server/src/notify)
  NOTIFY_UNAVAILABLE: [
    'Оповещения в этом офисе сейчас не отправляются',
    'This office does not send notifications right now',
    422,
  ],
  UNKNOWN_OFFICE: ['Такого офиса нет', 'No such office', 404],
  // A ticket taken on head office's page waits for the office to take it (issue 15, head-office/src/tickets)
  OFFICE_NOT_REACHABLE: [
    'Офис сейчас не на связи — талон не выдан. Возьмите талон в терминале офиса или попробуйте позже',
    'The office is not reachable right now, no ticket was issued. Take a ticket at the office kiosk or try again later',
    503,
  ],
  UNKNOWN_BRANCH: ['Такого филиала нет', 'No such branch', 422],
  OFFICE_CODE_TAKEN: ['Офис с таким кодом уже есть', 'An office with this code already exists', 409],
  BRANCH_CODE_TAKEN: ['Филиал с таким кодом уже есть', 'A branch with this code already exists', 409],
  NO_PROFILE: ['Для офиса не опубликован профиль', 'No profile is published for this office', 404],
  PROFILE_INVALID: ['Профиль настроек не проходит проверку', 'The settings profile is not valid', 422],
  VISIT_NOT_SYNCED: [
    'Сведения о визите ещё не поступили, обновите страницу через минуту',
    'The visit has not reached head office yet, refresh in a minute',
    404,
  ],
  TOO_MANY_REQUESTS: ['Слишком много запросов, попробуйте позже', 'Too many requests, try again later', 429],
  /** One login or one address failed too often: refused (the right password too) until `details.retryAfterSec`. */
  LOGIN_LOCKED: [
    'Слишком много неудачных попыток входа. Вход временно заблокирован, повторите позже',
    'Too many failed sign-in attempts. Signing in is blocked for a while, please try again later',
    429,
  ],
  FOLLOW_UP_UNKNOWN_OWNER: [
    'Такого сотрудника нет или его вход отключён',
    'No such staff member, or their login is disabled',
    422,
  ],
  FOLLOW_UP_WRONG_STATUS: [
    'Обращение уже в другом состоянии: обновите список',
    'The follow-up is in another state now: refresh the list',
    409,
  ],
  FOLLOW_UP_NO_DEADLINE: [
    'У темы этого визита нет контрольного срока: выберите вид обращения',
    'This visit’s topic has no deadline: choose the kind of follow-up',
    422,
  ],
  FOLLOW_UP_EXISTS: [
    'По этому визиту обращение с контрольным сроком уже заведено',
    'A follow-up with a deadline is already on record for this visit',
    409,
  ],
  PRINT_JOB_BUSY: ['Талон ещё печатается', 'The ticket is still being printed', 409],
  PRINTER_NOT_AVAILABLE: ['Для этого талона нет принтера', 'There is no printer for this ticket', 422],
  NOT_FOUND: ['Не найдено', 'Not found', 404],
  /** The office database cannot take a write (disk full, read-only, failing): nothing changed; the same request works once it can. */
  STORAGE_UNAVAILABLE: [
    'Сервер не может сохранить данные: диск заполнен или недоступен для записи. Ничего не изменено — повторите позже или сообщите администратору',
    'The server cannot save data: its disk is full or cannot be written. Nothing was changed; try again later or tell the administrator',
    503,
  ],
  INTERNAL: ['Внутренняя ошибка. Запрос не выполнен, данные не изменены', 'Internal error. Nothing was changed', 500],
} as const satisfies Record<string, readonly [string, string, number]>;

export type ErrorCode = keyof typeof ERRORS;

/**
 * socket.io: what the server sends on an open socket, with a `TalonError` (UNAUTHORIZED, SESSION_EXPIRED,
 * FORBIDDEN; `details.reason` says which), just before it closes the socket because its token no longer
 * stands for anyone allowed there: the device was unpaired, the person signed out, the session expired,
 * the account was disabled or its roles changed. The screen should forget the token, not reconnect.
 */
export const ACCESS_ENDED_EVENT = 'access-ended';

export interface TalonError {
  code: ErrorCode;
  message: LocalText;
  /** Machine-readable specifics, e.g. which field failed validation. */
  details?: unknown;
}

/** The HTTP status of a refusal: the same for a code on every route. */
export function errorStatus(code: ErrorCode): number {
  return ERRORS[code][2];
}

export function talonError(code: ErrorCode, details?: unknown): TalonError {
  const [ru, en] = ERRORS[code];
  return details === undefined ? { code, message: { ru, en } } : { code, message: { ru, en }, details };
}
