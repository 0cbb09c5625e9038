import type { Pair } from '@talon/ui';

/** The outage log, the live-queue switch and the kiosk calls for help (issue 16). */
export const O = {
  liveQueueTitle: ['Режим работы офиса', 'Office mode'],
  electronicQueue: ['Электронная очередь', 'Electronic queue'],
  liveQueueOn: ['Живая очередь', 'Live queue'],
  liveQueueHint: [
    'Киоски не выдают талоны, табло сообщает о живой очереди. Посетителей, обслуженных без талона, операторы отмечают кнопкой «Без талона».',
    'Kiosks issue no tickets and the board announces a live queue. Operators record visitors served without a ticket with «Walk-in».',
  ],
  switchOn: ['Перейти на живую очередь', 'Switch to live queue'],
  switchOff: ['Вернуться к электронной очереди', 'Back to the electronic queue'],
  since: ['с {at}', 'since {at}'],
  reason: ['Причина', 'Reason'],
  reasonPlaceholder: ['Например: не работает принтер киоска', 'For example: the kiosk printer is broken'],
  reasonRequired: ['Укажите причину', 'Give a reason'],
  confirmOnTitle: ['Перейти на живую очередь?', 'Switch to a live queue?'],
  confirmOnText: [
    'Киоски перестанут выдавать талоны, табло и киоски сообщат посетителям о живой очереди. Уже выданные талоны можно вызывать.',
    'The kiosks stop issuing tickets; the board and the kiosks tell visitors about the live queue. Tickets already issued can still be called.',
  ],
  confirmOffTitle: ['Вернуться к электронной очереди?', 'Back to the electronic queue?'],
  confirmOffText: [
    'Киоски снова начнут выдавать талоны. Период живой очереди останется в журнале сбоев.',
    'The kiosks start issuing tickets again. The live-queue period stays in the outage log.',
  ],
  confirm: ['Подтвердить', 'Confirm'],
  cancel: ['Отмена', 'Cancel'],
  onlyHallAdmin: ['Переключает администратор зала', 'The hall administrator switches it'],
  // the outage log
  title: ['Журнал сбоев', 'Outage log'],
  periodKind: ['Период', 'Period'],
  day: ['День', 'Day'],
  month: ['Месяц', 'Month'],
  quarter: ['Квартал', 'Quarter'],
  year: ['Год', 'Year'],
  date: ['Дата', 'Date'],
  download: ['Скачать XLSX', 'Download XLSX'],
  kind: ['Вид', 'Kind'],
  count: ['Случаев', 'Count'],
  total: ['Всего', 'Total'],
  longest: ['Самый долгий', 'Longest'],
  walkIns: ['Без талона', 'Walk-ins'],
  start: ['Начало', 'Start'],
  end: ['Конец', 'End'],
  duration: ['Длительность', 'Duration'],
  who: ['Кто', 'By'],
  details: ['Подробности', 'Details'],
  lasts: ['продолжается', 'ongoing'],
  none: ['За период сбоев не было', 'No outages in this period'],
  loading: ['Загрузка…', 'Loading…'],
  periods: ['Периоды', 'Periods'],
} satisfies Record<string, Pair>;

export const KIND_NAMES: Record<string, Pair> = {
  'live-queue': ['Режим живой очереди', 'Live queue mode'],
  server: ['Сервер офиса не работал', 'Office server down'],
  device: ['Устройство не на связи', 'Device offline'],
};

/** Minutes and seconds, or hours and minutes for long ones. */
export function formatDuration(sec: number, lang: 'ru' | 'en'): string {
  const h = Math.floor(sec / 3600);
  const m = Math.floor((sec % 3600) / 60);
  const s = sec % 60;
  const [hh, mm, ss] = lang === 'ru' ? ['ч', 'мин', 'с'] : ['h', 'min', 's'];
  if (h > 0) return `${h} ${hh} ${m} ${mm}`;
  if (m > 0) return `${m} ${mm} ${s} ${ss}`;
  return `${s} ${ss}`;
}
