import type { Pair } from '@talon/ui';

/** The admin screen's strings: Russian first, English second. */
export const S = {
  appTitle: ['Талон — администратор', 'Talon — administrator'],
  signOut: ['Выйти', 'Sign out'],
  noAccess: [
    'Этот раздел только для администраторов зала и настроек. Войдите под учётной записью администратора',
    'This screen is for hall and configuration administrators only. Sign in with an administrator account',
  ],
  navMonitor: ['Монитор', 'Monitor'],
  navAlarms: ['Тревоги', 'Alarms'],
  navConfig: ['Настройки', 'Settings'],
  navReports: ['Отчёты', 'Reports'],
  navStaffing: ['Окна по часам', 'Windows by hour'],
  navOutages: ['Сбои', 'Outages'],
  navFollowUps: ['Обращения', 'Follow-ups'],
  navBookings: ['Запись', 'Bookings'],
  wall: ['Большой экран', 'Wall screen'],
  wallExit: ['Выйти из режима большого экрана', 'Leave the wall screen'],
  wallDevice: ['Большой экран зала', 'Hall wall screen'],
  soundOn: ['Звук включён', 'Sound on'],
  soundOff: ['Звук выключен', 'Sound off'],
  soundBlocked: ['Включить звук тревог', 'Enable alarm sound'],
  receptionOpen: ['Приём идёт', 'Reception open'],
  receptionClosed: ['Приём закрыт', 'Reception closed'],
  liveQueue: ['Режим живой очереди', 'Live queue mode'],
  waitingTotal: ['Ожидают', 'Waiting'],
  overNormTotal: ['Сверх норматива', 'Past the norm'],
  atWork: ['Операторов на приёме', 'Operators at work'],
  services: ['Услуги', 'Services'],
  service: ['Услуга', 'Service'],
  waiting: ['Ожидают', 'Waiting'],
  longestWait: ['Дольше всех ждёт', 'Longest wait'],
  norm: ['норматив', 'norm'],
  min: ['мин', 'min'],
  overNorm: ['Сверх норматива', 'Past norm'],
  soon: ['Скоро превысят', 'Will pass soon'],
  operators: ['Операторы', 'Operators'],
  windows: ['Окна', 'Windows'],
  devices: ['Устройства', 'Devices'],
  device: ['Устройство', 'Device'],
  role: ['Тип', 'Type'],
  state: ['Состояние', 'State'],
  online: ['на связи', 'online'],
  offline: ['нет связи', 'offline'],
  offlineFor: ['нет связи {m}', 'offline {m}'],
  uptimeToday: ['Работа сегодня', 'Uptime today'],
  paper: ['Бумага', 'Paper'],
  lastSeen: ['Последний сигнал', 'Last seen'],
  noDevices: ['Устройства ещё не привязаны', 'No devices paired yet'],
  closed: ['Закрыто', 'Closed'],
  ready: ['Свободен', 'Ready'],
  serving: ['Обслуживает', 'Serving'],
  /** The window has called a ticket and waits for the visitor. */
  calling: ['Вызывает', 'Calling'],
  called: ['Вызван', 'Called'],
  break: ['Перерыв', 'Break'],
  wrapUp: ['Оформление', 'Wrap-up'],
  loggedOut: ['Не работает', 'Logged out'],
  visit: ['Визит', 'Visit'],
  nobodyWaits: ['Никто не ждёт', 'Nobody is waiting'],
  alarmsActive: ['Активные тревоги', 'Active alarms'],
  alarmsNone: ['Тревог нет', 'No alarms'],
  alarmsHistory: ['История тревог', 'Alarm history'],
  alarmsQueue: ['Очередь и зал', 'Queue and hall'],
  alarmsEquipment: ['Устройства и сервер', 'Devices and server'],
  ack: ['Принято', 'Acknowledge'],
  acked: ['Принято: {who}, {at}', 'Acknowledged: {who}, {at}'],
  raised: ['Возникла', 'Raised'],
  cleared: ['Снята', 'Cleared'],
  stillActive: ['активна', 'active'],
  kind: ['Вид', 'Kind'],
  message: ['Сообщение', 'Message'],
  severityCritical: ['Критично', 'Critical'],
  severityWarning: ['Предупреждение', 'Warning'],
  moreAlarms: ['ещё {n}', '{n} more'],
  loading: ['Загрузка…', 'Loading…'],
  refresh: ['Обновить', 'Refresh'],
  error: ['Ошибка', 'Error'],
} as const satisfies Record<string, Pair>;

export const ALARM_KIND_NAMES: Record<string, Pair> = {
  'wait-norm-passed': ['Превышен норматив ожидания', 'Wait norm passed'],
  'wait-norm-soon': ['Скоро превысит норматив', 'Will pass the wait norm soon'],
  'no-operator-ready': ['Нет операторов на приёме', 'No operator at work'],
  'device-offline': ['Устройство не на связи', 'Device offline'],
  'printer-paper': ['Бумага в принтере', 'Printer paper'],
  'queue-too-long': ['Длинная очередь', 'Queue too long'],
  'backup-overdue': ['Нет свежей резервной копии', 'No recent backup'],
  'hq-backlog': ['Нет связи с головным офисом', 'Head office not reached'],
  'hq-attention': ['Головной офис видит расхождение', 'Head office sees a mismatch'],
  'kiosk-help': ['Посетитель зовёт сотрудника', 'A visitor calls for staff'],
  'service-norm-soon': ['Скоро превысит норматив обслуживания', 'Will pass the service norm soon'],
  'service-norm-passed': ['Превышен норматив обслуживания', 'Service norm passed'],
  'total-norm-soon': ['Визит скоро превысит общий норматив', 'Will pass the visit norm soon'],
  'total-norm-passed': ['Превышен общий норматив визита', 'Visit norm passed'],
  'leave-request': ['Запрос оператора', "Operator's request"],
  'follow-up-deadline': ['Срок ответа на обращение', 'Follow-up deadline'],
};

/** Alarms about the equipment (devices, printers, backups), kept apart from the queue's on every screen. */
export const EQUIPMENT_ALARM_KINDS: ReadonlySet<string> = new Set([
  'device-offline',
  'printer-paper',
  'backup-overdue',
  'hq-backlog',
  'hq-attention',
]);

/** The queue's alarms, then the equipment's: two groups, each in its own order. */
export function alarmGroups<A extends { kind: string }>(alarms: readonly A[]): { queue: A[]; equipment: A[] } {
  return {
    queue: alarms.filter((a) => !EQUIPMENT_ALARM_KINDS.has(a.kind)),
    equipment: alarms.filter((a) => EQUIPMENT_ALARM_KINDS.has(a.kind)),
  };
}

/** A polled printer's state (server/src/monitor/uptime.ts `observed`). */
export const PRINTER_STATES: Record<string, Pair> = {
  unreachable: ['принтер недоступен', 'printer unreachable'],
  'cover-open': ['открыта крышка', 'cover open'],
  offline: ['принтер не в сети', 'printer offline'],
};

export const PAPER_NAMES: Record<string, Pair> = {
  ok: ['есть', 'ok'],
  'near-end': ['заканчивается', 'running low'],
  out: ['нет бумаги', 'out'],
};
