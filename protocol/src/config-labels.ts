import type { WordPair } from './words.js';
import { WEEKDAY_FULL } from './words.js';

/**
 * The human words of the office configuration: what the settings form shows as a field's label, how a
 * value of a closed set reads, what the change summaries of the versions and the audit log say. One
 * table for the form (admin/) and the summaries (server/), so the two never name a field differently.
 * Every property of `OfficeConfig` has a label here (protocol/src/config-labels.test.ts walks the schema).
 */
export const CONFIG_FIELD_LABELS: Readonly<Record<string, WordPair>> = {
  id: ['Код (латиницей, для связи с другими разделами)', 'Id (Latin letters, links the sections)'],
  officeId: ['Код офиса', 'Office id'],
  name: ['Название', 'Name'],
  ru: ['По-русски', 'Russian'],
  en: ['По-английски', 'English'],
  address: ['Адрес', 'Address'],
  timeZone: ['Часовой пояс (IANA)', 'Time zone (IANA)'],
  normPreset: ['Профиль нормативов', 'Norm preset'],
  officeHours: ['Часы работы офиса', 'Office hours'],
  receptionHours: ['Часы приёма посетителей', 'Reception hours'],
  holidays: ['Нерабочие дни', 'Holidays'],
  halls: ['Залы', 'Halls'],
  windows: ['Окна', 'Windows'],
  number: ['Номер', 'Number'],
  hallId: ['Зал', 'Hall'],
  kind: ['Вид', 'Kind'],
  segments: ['Категории посетителей', 'Visitor categories'],
  services: ['Услуги', 'Services'],
  prefix: ['Буква талона', 'Ticket letter'],
  waitNormMin: ['Норматив ожидания, мин', 'Wait norm, min'],
  serviceNormMin: ['Норматив обслуживания, мин', 'Service norm, min'],
  dailyCap: ['Талонов в день (пусто — без ограничения)', 'Tickets a day (empty: no cap)'],
  thenServiceId: [
    'Затем услуга (визит продолжается в ней; норматив ожидания — на оба ожидания вместе)',
    'Then service (the visit continues there; the wait norm covers both waits)',
  ],
  topics: ['Темы обращений', 'Topics'],
  segmentIds: ['Для категорий', 'For categories'],
  serviceId: ['Услуга', 'Service'],
  serviceIds: ['Услуги', 'Services'],
  windowId: ['Окно', 'Window'],
  operatorId: ['Оператор', 'Operator'],
  priorityCategoryId: ['Категория приоритета', 'Priority category'],
  documents: ['Какие документы взять (показывается на киоске)', 'Documents to bring (shown at the kiosk)'],
  ask: ['Что спросить у посетителя', 'What to ask the visitor'],
  operators: ['Операторы', 'Operators'],
  skills: ['Обслуживает услуги', 'Serves services'],
  photoUrl: ['Фото (адрес)', 'Photo (URL)'],
  priorityCategories: ['Категории приоритета', 'Priority categories'],
  individual: [
    'Индивидуальный формат обслуживания: киоск зовёт сотрудника',
    'Served individually: the kiosk calls staff',
  ],
  breakReasons: ['Причины перерыва', 'Break reasons'],
  outcomeCodes: ['Итоги обслуживания', 'Outcome codes'],
  ratingReasons: ['Причины низкой оценки', 'Low-rating reasons'],
  feedbackTypes: ['Виды отзывов', 'Feedback types'],
  rating: ['Оценка обслуживания', 'Rating'],
  rules: ['Правила вызова и приоритета', 'Dispatch and priority rules'],
  recallMaxCount: ['Повторных вызовов', 'Recalls allowed'],
  recallMinIntervalSec: ['Пауза между вызовами, с', 'Pause between calls, s'],
  noShowAfterSec: ['Неявка через, с', 'No-show after, s'],
  priorityMaxInRow: ['Приоритетных вызовов подряд', 'Priority calls in a row'],
  protectOverdueRegular: [
    'Не обгонять обычный талон сверх норматива',
    'Do not overtake a regular ticket past its norm',
  ],
  appointmentLateMin: ['Опоздание по записи, мин', 'Booking lateness, min'],
  appointmentEarlyCheckInMin: ['Регистрация по записи заранее, мин', 'Booking check-in ahead, min'],
  totalNormMin: ['Норматив визита целиком, мин', 'Whole-visit norm, min'],
  dispatchPolicy: ['Правило выбора талона', 'Dispatch policy'],
  rescueAfterNormTimes: [
    'Вызывать раньше всех, когда ожидание достигло норматива, умноженного на',
    'Call first once the wait reaches the norm times',
  ],
  rescuePastNormMin: [
    'Вызывать раньше всех, когда ожидание превысило норматив на, мин',
    'Call first once the wait is this many min past the norm',
  ],
  outcomeRequired: ['Завершать обслуживание только с отмеченным итогом', 'Finish a visit only with its outcome marked'],
  alarms: ['Пороги тревог', 'Alarm thresholds'],
  waitSoonMin: ['Предупреждать за, мин до норматива', 'Warn this many min before the norm'],
  serviceSoonMin: ['Предупреждать за, мин до норматива обслуживания', 'Warn this many min before the service norm'],
  totalSoonMin: ['Предупреждать за, мин до норматива визита', 'Warn this many min before the visit norm'],
  queueMaxLength: ['Очередь длиннее, чел.', 'Queue longer than, people'],
  queueMaxByService: ['Длина очереди по услугам', 'Queue length per service'],
  max: ['Порог', 'Threshold'],
  deviceOfflineMin: ['Устройство не на связи дольше, мин', 'Device offline longer than, min'],
  downtimeLimitMin: ['Предел простоя в рабочее время, мин', 'Working-time downtime limit, min'],
  noOperatorGraceMin: ['Нет операторов на приёме дольше, мин', 'No operator at work for, min'],
  hqBacklogMaxMin: [
    'События не доходят до головного офиса дольше, мин',
    'Events have not reached head office for longer than, min',
  ],
  repeatSoundSec: ['Повторять звук каждые, с (0 — один раз)', 'Repeat the tone every, s (0: once)'],
  off: ['Отключённые тревоги', 'Alarms switched off'],
  ticketLayout: ['Макет талона', 'Ticket layout'],
  kiosk: ['Киоск', 'Kiosk'],
  printers: ['Принтеры', 'Printers'],
  connection: ['Адрес принтера', 'Printer address'],
  board: ['Табло', 'Board'],
  boardTexts: ['Тексты табло', 'Board texts'],
  announcements: ['Озвучивание', 'Announcements'],
  infoLines: ['Информационная строка', 'Information line'],
  showReceptionHours: ['Показывать часы приёма', 'Show reception hours'],
  maxCalls: ['Вызовов на экране', 'Calls on screen'],
  showWaiting: ['Показывать число ожидающих', 'Show how many wait'],
  announce: ['Голосовое объявление', 'Voice announcement'],
  enabled: ['Включено', 'On'],
  volume: ['Громкость, %', 'Volume, %'],
  quietHours: ['Тихие часы', 'Quiet hours'],
  from: ['С', 'From'],
  to: ['До', 'To'],
  numberStyle: ['Как произносить номер', 'How the number is spoken'],
  chime: ['Сигнал перед объявлением', 'Chime first'],
  sayNumberWord: ['Говорить «номер»', 'Say "number"'],
  zones: ['Зоны табло', 'Board zones'],
  windowIds: ['Окна', 'Windows'],
  header: ['Заголовок', 'Header'],
  footer: ['Текст внизу', 'Footer'],
  showOfficeName: ['Название офиса', 'Office name'],
  showService: ['Название услуги', 'Service name'],
  showDateTime: ['Дата и время', 'Date and time'],
  showPeopleAhead: ['Сколько человек впереди', 'People ahead'],
  showEstimate: ['Ожидаемое время', 'Estimated wait'],
  showQr: ['QR-код статуса и оценки', 'Status and rating QR code'],
  qrCaption: ['Подпись под QR-кодом', 'QR caption'],
  numberSize: ['Размер номера (1–8)', 'Number size (1–8)'],
  cut: ['Отрезка бумаги', 'Paper cut'],
  idleReturnSec: ['Возврат к началу без касаний, с', 'Back to start when idle, s'],
  resultIdleSec: ['Экран с талоном, с', 'Ticket screen, s'],
  ticketsPerMinuteBeforeConfirm: ['Талонов в минуту без подтверждения', 'Tickets a minute before confirming'],
  booking: ['Предварительная запись', 'Bookings'],
  slotMin: ['Длительность одного времени записи, мин', 'Length of a slot, min'],
  windowDays: ['На сколько дней вперёд можно записаться', 'How many days ahead one may book'],
  perPhonePerDay: ['На один телефон в день', 'Per phone number per day'],
  capacity: ['Мест на каждое время записи по услугам', 'Places per slot by service'],
  phoneTickets: ['Талон с телефона (QR-код у входа)', 'Tickets on the phone (entrance QR code)'],
  notify: ['Оповещение «Ваша очередь подходит»', 'The «your turn is near» message'],
  aheadMax: ['Когда впереди не больше, человек', 'When at most this many people are ahead'],
  minutesMax: ['Или когда ждать не больше, мин', 'Or when the wait is at most, min'],
  lowMarkMax: ['Низкая оценка — до', 'Low mark up to'],
  rateWithinHours: ['Оценить можно в течение, ч', 'Can be rated within, h'],
  promptSec: ['Приглашение к оценке, с', 'Rating prompt, s'],
  thanksSec: ['«Спасибо» на экране, с', '"Thank you" shown, s'],
  deskRecentMin: ['QR на столе: визит не старше, мин', 'Desk QR: visit at most, min'],
  publicBaseUrl: ['Публичный адрес страницы оценки', 'Public address of the rating page'],
  followUp: ['Контрольный срок после визита', 'Follow-up deadline after the visit'],
  followUps: ['Контрольные сроки обращений', 'Follow-up deadlines'],
  types: ['Виды обращений', 'Kinds of follow-up'],
  type: ['Вид', 'Kind'],
  deadline: ['Срок', 'Deadline'],
  unit: ['Единица срока', 'Deadline unit'],
  fromFeedback: ['Заводить из отзывов посетителей', 'Open from visitors’ feedback'],
  workingWeekdays: ['Рабочие дни недели', 'Working weekdays'],
  warnWorkingDays: ['Предупреждать за, рабочих дней до срока', 'Warn this many working days before the deadline'],
};

/** How a value of a closed set reads (a select's options, a change summary). */
export const CONFIG_VALUE_LABELS: Readonly<Record<string, WordPair>> = {
  window: ['окно', 'window'],
  cabinet: ['кабинет', 'room'],
  none: ['ничего', 'nothing'],
  account: ['номер лицевого счёта', 'account number'],
  phone: ['телефон', 'phone'],
  custom: ['свой', 'custom'],
  rosatom: ['Росатом', 'Rosatom'],
  kostroma: ['Кострома', 'Kostroma'],
  belgorod: ['Белгород', 'Belgorod'],
  rusenergosbyt: ['Русэнергосбыт', 'Rusenergosbyt'],
  complaint: ['жалоба', 'complaint'],
  proposal: ['предложение', 'proposal'],
  review: ['отзыв', 'review'],
  'contract-individual': ['проект договора (ФЛ)', 'draft contract (individual)'],
  'contract-legal': ['проект договора (ЮЛ)', 'draft contract (legal entity)'],
  other: ['другое', 'other'],
  'working-days': ['рабочих дней', 'working days'],
  'calendar-days': ['календарных дней', 'calendar days'],
  'follow-up-deadline': ['срок ответа на обращение', 'follow-up deadline'],
  ...WEEKDAY_FULL,
  'wait-norm-passed': ['превышен норматив ожидания', 'wait norm passed'],
  'wait-norm-soon': ['скоро превысит норматив', 'wait norm soon'],
  'no-operator-ready': ['нет операторов на приёме', 'no operator at work'],
  'device-offline': ['устройство не на связи', 'device offline'],
  'printer-paper': ['бумага в принтере', 'printer paper'],
  'queue-too-long': ['длинная очередь', 'queue too long'],
  'backup-overdue': ['нет свежей резервной копии', 'no recent backup'],
  'hq-backlog': ['события не доходят до головного офиса', 'events not reaching head office'],
  'hq-attention': ['головной офис видит расхождение журнала', 'head office sees the log differ'],
  'kiosk-help': ['посетитель у киоска зовёт сотрудника', 'a visitor at a kiosk calls staff'],
  'leave-request': ['оператор просит разрешить перерыв или уход', 'an operator asks to leave the window'],
  'service-norm-soon': ['скоро превысит норматив обслуживания', 'service norm soon'],
  'service-norm-passed': ['превышен норматив обслуживания', 'service norm passed'],
  'total-norm-soon': ['визит скоро превысит общий норматив', 'visit norm soon'],
  'total-norm-passed': ['превышен норматив визита', 'visit norm passed'],
  // ticket paper cut
  full: ['полная', 'full'],
  partial: ['с перемычкой', 'partial'],
  // how a ticket number is spoken on the board (board.ts NumberStyle)
  natural: ['числом: К-012 — «ка двенадцать»', 'as a number: K-012, "K twelve"'],
  'leading-zeros': ['с нулями: К-012 — «ка ноль двенадцать»', 'with the zeros: K-012, "K zero twelve"'],
  digits: ['по цифрам: К-012 — «ка ноль один два»', 'digit by digit: K-012, "K zero one two"'],
};

/**
 * Fields whose string value is one of a set the schema cannot list (it is registered elsewhere): the form
 * offers these as a select with a one-line explanation each. `dispatchPolicy`: the engine's built-in
 * policies (engine/src/dispatch.ts `builtInPolicies`; docs/dispatch.md); the names are the engine's.
 */
export const CONFIG_VALUE_CHOICES: Readonly<
  Record<string, readonly { value: string; label: WordPair; hint: WordPair }[]>
> = {
  dispatchPolicy: [
    {
      value: 'norm-deadline',
      label: ['Срок по нормативу со страховкой', 'Norm deadline with rescue'],
      hint: [
        'Первым — талон, у которого раньше всех истекает норматив ожидания; кто ждёт слишком долго, вызывается вне очереди. Рекомендуется.',
        'The ticket whose wait norm runs out first goes first; anyone waiting far too long is called out of turn. Recommended.',
      ],
    },
    {
      value: 'oldest-with-priority',
      label: ['Самый ранний талон с приоритетом', 'Oldest ticket with priority'],
      hint: [
        'По порядку выдачи; приоритетные категории — вне очереди, но не больше заданного числа подряд.',
        'In the order of issue; priority categories out of turn, but no more than the set number in a row.',
      ],
    },
    {
      value: 'fcfs-per-service',
      label: ['Очередь по порядку услуг оператора', "Per-service queues in the operator's order"],
      hint: [
        'Сначала очередь первой услуги в списке оператора, потом второй и так далее.',
        "The queue of the first service in the operator's list first, then the second, and so on.",
      ],
    },
    {
      value: 'oldest-overall',
      label: ['Самый ранний талон', 'Oldest ticket overall'],
      hint: [
        'Строго по порядку выдачи, без приоритета и без учёта нормативов.',
        'Strictly in the order of issue, no priority, norms not considered.',
      ],
    },
    {
      value: 'strict-priority',
      label: ['Строгий приоритет', 'Strict priority'],
      hint: [
        'Приоритетные категории и посетители по записи всегда первыми, остальные — по порядку выдачи.',
        'Priority categories and bookings always first, the rest in the order of issue.',
      ],
    },
  ],
};

/** Fields whose value is the id of an item in another list of the configuration. */
export const CONFIG_REFS: Readonly<Record<string, string>> = {
  serviceId: 'services',
  serviceIds: 'services',
  thenServiceId: 'services',
  skills: 'services',
  segmentIds: 'segments',
  hallId: 'halls',
  windowId: 'windows',
  windowIds: 'windows',
  operatorId: 'operators',
  priorityCategoryId: 'priorityCategories',
};

/** One item of a list, for a change summary: «Оператор Иванова», «Услуга «Касса»». */
export const CONFIG_ITEM_NAMES: Readonly<Record<string, { one: WordPair; quote: boolean }>> = {
  halls: { one: ['Зал', 'Hall'], quote: true },
  windows: { one: ['Окно', 'Window'], quote: false },
  segments: { one: ['Категория посетителей', 'Visitor category'], quote: true },
  services: { one: ['Услуга', 'Service'], quote: true },
  topics: { one: ['Тема', 'Topic'], quote: true },
  operators: { one: ['Оператор', 'Operator'], quote: false },
  priorityCategories: { one: ['Категория приоритета', 'Priority category'], quote: true },
  breakReasons: { one: ['Причина перерыва', 'Break reason'], quote: true },
  outcomeCodes: { one: ['Итог обслуживания', 'Outcome code'], quote: true },
  ratingReasons: { one: ['Причина низкой оценки', 'Low-rating reason'], quote: true },
  zones: { one: ['Зона табло', 'Board zone'], quote: true },
  queueMaxByService: { one: ['Порог очереди', 'Queue threshold'], quote: true },
};

/** An added or removed item of a referenced list: «добавлена услуга «Касса»». */
export const CONFIG_REF_WORDS: Readonly<Record<string, { added: WordPair; removed: WordPair }>> = {
  services: { added: ['добавлена услуга', 'added service'], removed: ['убрана услуга', 'removed service'] },
  segments: {
    added: ['добавлена категория', 'added category'],
    removed: ['убрана категория', 'removed category'],
  },
  halls: { added: ['добавлен зал', 'added hall'], removed: ['убран зал', 'removed hall'] },
  windows: { added: ['добавлено окно', 'added window'], removed: ['убрано окно', 'removed window'] },
  operators: { added: ['добавлен оператор', 'added operator'], removed: ['убран оператор', 'removed operator'] },
  priorityCategories: {
    added: ['добавлена категория приоритета', 'added priority category'],
    removed: ['убрана категория приоритета', 'removed priority category'],
  },
};

/**
 * Device kinds as people call them: a device's role (api.ts `DeviceRole`) and the ticket printers the
 * server polls itself (rows of role `device` the monitor shows as `printer`).
 */
export const DEVICE_ROLE_NAMES: Readonly<Record<string, WordPair>> = {
  kiosk: ['Киоск', 'Kiosk'],
  board: ['Табло', 'Hall board'],
  rating: ['Терминал оценки', 'Rating terminal'],
  device: ['Агент устройств', 'Device agent'],
  wall: ['Большой экран', 'Wall screen'],
  printer: ['Принтер талонов', 'Ticket printer'],
};

/** A device's kind in words; unknown kinds read as «Устройство». */
export function deviceRoleName(role: string): WordPair {
  return DEVICE_ROLE_NAMES[role] ?? ['Устройство', 'Device'];
}
