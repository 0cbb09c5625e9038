import type { Strings } from '@talon/ui';

/** Visitor-facing wording: polite, never «Вы обязаны», «Явиться», «Предъявить» (seed 001). */
export const S = {
  appTitle: ['Терминал выдачи талонов', 'Ticket terminal'],
  // «Позвать сотрудника» (issue 16; seed 003 §6.7.2)
  helpCall: ['Позвать сотрудника', 'Call a staff member'],
  helpCalled: ['Сотрудник вызван', 'Staff called'],
  helpComingShort: ['Сотрудник идёт', 'Staff on the way'],
  helpWaitingTitle: ['Сотрудник скоро подойдёт', 'A staff member will come'],
  helpWaiting: [
    'Мы сообщили администратору зала. Пожалуйста, подождите у киоска',
    'We have told the hall administrator. Please wait at the kiosk',
  ],
  helpComingTitle: ['Сотрудник идёт к вам', 'A staff member is on the way'],
  helpComing: ['Администратор зала уже идёт к киоску', 'The hall administrator is coming to the kiosk'],
  helpFailed: [
    'Не удалось позвать сотрудника: нет связи. Пожалуйста, попробуйте ещё раз или подойдите к администратору',
    'Could not call staff: no connection. Please try again or go to the hall administrator',
  ],
  helpRetry: ['Позвать ещё раз', 'Try again'],
  helpCancel: ['Помощь не нужна', 'I no longer need help'],
  helpContinue: ['Продолжить', 'Continue'],
  welcome: ['Добро пожаловать!', 'Welcome!'],
  chooseSegment: ['Выберите, кем вы обращаетесь', 'Please choose who you are'],
  chooseTopic: ['Выберите тему обращения', 'Please choose the purpose of your visit'],
  noTopics: [
    'Для этой категории пока нет тем обращения. Пожалуйста, обратитесь к администратору зала',
    'There are no topics for this category yet. Please ask the hall administrator',
  ],
  documentsTitle: ['Для этого обращения понадобятся документы', 'For this request you will need'],
  documentsHint: [
    'Если каких-то документов нет с собой, специалист подскажет, как поступить',
    'If you do not have some of them with you, the specialist will advise you',
  ],
  getTicket: ['Получить талон', 'Get a ticket'],
  issuing: ['Оформляем талон…', 'Issuing your ticket…'],
  yourTicket: ['Ваш талон', 'Your ticket'],
  peopleAheadNone: ['Перед вами никого нет', 'There is no one ahead of you'],
  peopleAhead: ['Перед вами: {n} {people}', 'People ahead of you: {n}'],
  /** The office counts at most PEOPLE_AHEAD_LIMIT calls ahead. */
  peopleAheadAtLeast: ['Перед вами: не менее {n} {people}', 'People ahead of you: {n} or more'],
  /** Nobody at a window serves the ticket's service: no figure and no wait can be promised. */
  nobodyServes: [
    'Сейчас в зале нет специалиста по этой услуге. Пожалуйста, обратитесь к администратору зала',
    'No specialist for this service is available right now. Please ask the hall administrator',
  ],
  printing: ['Талон печатается', 'Your ticket is being printed'],
  waitForCall: [
    'Пожалуйста, ожидайте вызова — номер талона и окно появятся на табло',
    'Please wait for your number to appear on the board with the window',
  ],
  done: ['Готово', 'Done'],
  toStart: ['На главную', 'Start over'],
  unavailableTitle: ['Терминал временно недоступен', 'The terminal is temporarily unavailable'],
  unavailableText: [
    'Приносим извинения за неудобство. Пожалуйста, обратитесь к администратору зала',
    'We apologise for the inconvenience. Please ask the hall administrator',
  ],
  notConfigured: [
    'Терминал готовится к работе. Пожалуйста, обратитесь к администратору зала',
    'The terminal is being prepared. Please ask the hall administrator',
  ],
  /** The server refused a ticket: this kiosk asked for too many too fast (rate limit, issue 17). */
  tooManyRequests: [
    'Слишком много запросов. Подождите {n} с и попробуйте снова',
    'Too many requests. Please wait {n} s and try again',
  ],
  issueFailed: [
    'Не удалось оформить талон. Пожалуйста, попробуйте ещё раз или обратитесь к администратору зала',
    'We could not issue a ticket. Please try again or ask the hall administrator',
  ],
  connecting: ['Подключение…', 'Connecting…'],
  // appointments
  haveAppointment: ['У меня предварительная запись', 'I have an appointment'],
  checkInTitle: ['Регистрация по записи', 'Appointment check-in'],
  checkInHint: ['Введите код записи или поднесите код к сканеру', 'Enter your booking code or hold it to the scanner'],
  checkInCode: ['Код записи', 'Booking code'],
  checkInSubmit: ['Зарегистрироваться', 'Check in'],
  checkingIn: ['Проверяем запись…', 'Checking your booking…'],
  lateTitle: ['Время записи прошло', 'Your booked time has passed'],
  lateText: [
    'К сожалению, с начала записи прошло {min} мин. или больше, и она больше не действует. Вы можете получить талон в общую очередь — специалист обязательно вас примет.',
    'Unfortunately, {min} minutes or more have passed since your booked time, so the booking has lapsed. You can take a ticket for the general queue instead.',
  ],
  lateTake: ['Получить талон в общую очередь', 'Take a ticket for the general queue'],
  byAppointment: ['По предварительной записи', 'By appointment'],
  // priority
  priorityButton: ['Обслуживание вне очереди', 'Priority service'],
  priorityTitle: ['Кому положено обслуживание вне очереди', 'Who may be served out of turn'],
  priorityHint: [
    'Выберите основание. Специалист может уточнить его при обслуживании',
    'Choose the reason. The specialist may ask about it',
  ],
  priorityOn: ['Вне очереди: {name}', 'Priority: {name}'],
  priorityCancel: ['Отменить', 'Cancel'],
  priorityNone: ['Без приоритета', 'No priority'],
  /** On the result screen of a priority ticket (the paper says «Вне очереди»). */
  priorityTicket: ['Обслуживание вне очереди', 'Priority service'],
  // visitor data
  accountTitle: ['Номер лицевого счёта', 'Account number'],
  phoneTitle: ['Номер телефона', 'Phone number'],
  visitorDataHint: [
    'Необязательно. Номер увидит только специалист, он не печатается на талоне и не показывается на табло',
    'Optional. Only the specialist sees it; it is not printed on the ticket or shown on the board',
  ],
  visitorDataInvalid: ['Проверьте номер: он выглядит неполным', 'Please check the number: it looks incomplete'],
  skip: ['Пропустить', 'Skip'],
  continue: ['Продолжить', 'Continue'],
  erase: ['Стереть', 'Delete'],
  clear: ['Очистить', 'Clear'],
  // abuse
  confirmTitle: ['Нужен ещё один талон?', 'Do you need another ticket?'],
  confirmText: [
    'С этого терминала только что выдано несколько талонов. Если вам нужен ещё один, нажмите «Да, нужен»',
    'Several tickets were just issued here. If you need one more, press “Yes, I need one”',
  ],
  confirmYes: ['Да, нужен', 'Yes, I need one'],
  confirmNo: ['Нет, спасибо', 'No, thank you'],
  // result and printing
  // no line break inside «≈ 25–40 мин» (no-break spaces, word joiners around the dash)
  estimate: [
    'Примерное ожидание: ≈\u00a0{low}\u2060–\u2060{high}\u00a0мин',
    'Estimated wait: ≈\u00a0{low}\u2060–\u2060{high}\u00a0min',
  ],
  estimateSoon: ['Примерное ожидание: около минуты', 'Estimated wait: about a minute'],
  estimateAbout: ['Примерное ожидание: ≈ {n} мин', 'Estimated wait: ≈ {n} min'],
  printed: ['Возьмите, пожалуйста, талон', 'Please take your ticket'],
  printFailed: [
    'Принтер сейчас недоступен. Пожалуйста, запомните или сфотографируйте номер талона',
    'The printer is not available right now. Please remember or photograph your ticket number',
  ],
  printerDown: [
    'Принтер временно не работает: номер талона будет показан на экране',
    'The printer is not working right now: your ticket number will be shown on the screen',
  ],
  // hours
  receptionHours: ['Часы приёма', 'Reception hours'],
  dayOff: ['выходной', 'closed'],
  topicsMore: ['Ещё {n} {topics} ниже — листайте', '{n} more {topics} below — scroll down'],
  capReached: ['На сегодня талоны закончились', 'No more tickets today'],
  largeTextOn: ['Крупный шрифт', 'Large text'],
  largeTextOff: ['Обычный шрифт', 'Normal text'],
  speech: ['Озвучивать', 'Speak aloud'],
} as const satisfies Strings;
