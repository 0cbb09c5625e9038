import type {
  DayFigures,
  GroupFigures,
  HourFigures,
  Lang,
  LocalText,
  StaffTime,
  TimeFigures,
  VisitLogRow,
} from '@talon/protocol';

/**
 * One column of an exported table, shared by CSV and XLSX so the two never disagree. `kind` decides
 * the cell type and format: minutes and shares stay numbers in XLSX, instants become Excel dates.
 */
export interface Column<T> {
  header: LocalText;
  kind: 'text' | 'int' | 'min' | 'share' | 'instant';
  width: number;
  get(row: T): string | number | null;
}

const t = (ru: string, en: string): LocalText => ({ ru, en });
const min = (sec: number | null | undefined) => (sec === null || sec === undefined ? null : sec / 60);

function timeColumns<T>(label: LocalText, pick: (r: T) => TimeFigures): Column<T>[] {
  return [
    {
      header: t(`${label.ru}: среднее, мин`, `${label.en}: mean, min`),
      kind: 'min',
      width: 12,
      get: (r) => min(pick(r).meanSec),
    },
    {
      header: t(`${label.ru}: P90, мин`, `${label.en}: P90, min`),
      kind: 'min',
      width: 10,
      get: (r) => min(pick(r).p90Sec),
    },
    {
      header: t(`${label.ru}: норматив, мин`, `${label.en}: norm, min`),
      kind: 'min',
      width: 12,
      get: (r) => pick(r).normMin ?? pick(r).meanNormMin,
    },
    {
      header: t(`${label.ru}: в нормативе`, `${label.en}: within norm`),
      kind: 'share',
      width: 11,
      get: (r) => pick(r).share,
    },
  ];
}

export const BUCKET_LABELS = ['0–3', '3–6', '6–9', '9–12', '12–15', '15+'];

export function groupColumns(lang: Lang): Column<GroupFigures & { section: LocalText }>[] {
  type R = GroupFigures & { section: LocalText };
  return [
    { header: t('Разрез', 'Breakdown'), kind: 'text', width: 14, get: (r) => r.section[lang] },
    { header: t('Название', 'Name'), kind: 'text', width: 34, get: (r) => r.name[lang] },
    { header: t('Визитов', 'Visits'), kind: 'int', width: 9, get: (r) => r.visits },
    { header: t('Обслужено', 'Served'), kind: 'int', width: 10, get: (r) => r.served },
    { header: t('Неявки', 'No-shows'), kind: 'int', width: 9, get: (r) => r.noShows },
    { header: t('Отменено', 'Cancelled'), kind: 'int', width: 9, get: (r) => r.cancelled },
    { header: t('Переводы', 'Transfers'), kind: 'int', width: 9, get: (r) => r.transfers },
    { header: t('Отложено', 'Postponements'), kind: 'int', width: 9, get: (r) => r.postponements },
    { header: t('Без талона', 'Walk-ins'), kind: 'int', width: 9, get: (r) => r.walkIns },
    { header: t('Приоритетные', 'Priority'), kind: 'int', width: 11, get: (r) => r.priority },
    { header: t('По записи', 'Booked'), kind: 'int', width: 9, get: (r) => r.appointments },
    {
      header: t('Подключены к цифровым сервисам', 'Onboarded to digital services'),
      kind: 'int',
      width: 14,
      get: (r) => r.digitalOnboarding,
    },
    { header: t('Доп. продажи', 'Extra sales'), kind: 'int', width: 9, get: (r) => r.extraSale },
    ...timeColumns<R>(t('Ожидание', 'Wait'), (r) => r.wait),
    ...timeColumns<R>(t('Обслуживание', 'Service'), (r) => r.service),
    ...timeColumns<R>(t('Общее время', 'Total'), (r) => r.total),
    {
      header: t('Все нормативы соблюдены', 'Every norm met'),
      kind: 'share',
      width: 12,
      get: (r) => r.allNorms.share,
    },
    ...BUCKET_LABELS.map(
      (label, i): Column<R> => ({
        header: t(`Ожидание ${label} мин`, `Wait ${label} min`),
        kind: 'int',
        width: 9,
        get: (r) => r.wait.buckets[i] ?? 0,
      }),
    ),
  ];
}

export const dayColumns: Column<DayFigures>[] = [
  { header: t('День', 'Day'), kind: 'text', width: 12, get: (r) => r.day },
  { header: t('Визитов', 'Visits'), kind: 'int', width: 9, get: (r) => r.visits },
  { header: t('Обслужено', 'Served'), kind: 'int', width: 10, get: (r) => r.served },
  { header: t('Ожидание: среднее, мин', 'Wait: mean, min'), kind: 'min', width: 12, get: (r) => min(r.meanWaitSec) },
  { header: t('Ожидание в нормативе', 'Wait within norm'), kind: 'share', width: 12, get: (r) => r.waitShare },
  {
    header: t('Обслуживание в нормативе', 'Service within norm'),
    kind: 'share',
    width: 12,
    get: (r) => r.serviceShare,
  },
  {
    header: t('Общее время в нормативе', 'Total within norm'),
    kind: 'share',
    width: 12,
    get: (r) => r.totalShare,
  },
  { header: t('Все нормативы соблюдены', 'Every norm met'), kind: 'share', width: 12, get: (r) => r.allNormsShare },
];

export const hourColumns: Column<HourFigures>[] = [
  { header: t('Час', 'Hour'), kind: 'text', width: 8, get: (r) => `${String(r.hour).padStart(2, '0')}:00` },
  { header: t('Выдано талонов', 'Tickets issued'), kind: 'int', width: 10, get: (r) => r.issued },
  { header: t('В среднем за день', 'Per day'), kind: 'min', width: 10, get: (r) => r.perDay },
  { header: t('Ожидание: среднее, мин', 'Wait: mean, min'), kind: 'min', width: 12, get: (r) => min(r.meanWaitSec) },
];

export function staffColumns(reasons: { id: string; name: LocalText }[], lang: Lang): Column<StaffTime>[] {
  return [
    { header: t('Сотрудник / окно', 'Operator / window'), kind: 'text', width: 30, get: (r) => r.name[lang] },
    { header: t('В работе, мин', 'Logged in, min'), kind: 'min', width: 11, get: (r) => min(r.loggedInSec) },
    { header: t('Обслуживание, мин', 'Serving, min'), kind: 'min', width: 11, get: (r) => min(r.servingSec) },
    { header: t('Готов, мин', 'Ready, min'), kind: 'min', width: 11, get: (r) => min(r.readySec) },
    {
      header: t('Простой при очереди, мин', 'Idle while queue, min'),
      kind: 'min',
      width: 12,
      get: (r) => min(r.idleWhileQueueSec),
    },
    { header: t('Завершение, мин', 'Wrap-up, min'), kind: 'min', width: 11, get: (r) => min(r.wrapUpSec) },
    { header: t('Перерывы, мин', 'Breaks, min'), kind: 'min', width: 11, get: (r) => min(r.breakSec) },
    ...reasons.map(
      (reason): Column<StaffTime> => ({
        header: t(`Перерыв: ${reason.name.ru}, мин`, `Break: ${reason.name.en}, min`),
        kind: 'min',
        width: 12,
        get: (r) => min(r.breakByReason[reason.id] ?? 0),
      }),
    ),
  ];
}

const OUTCOME: Record<VisitLogRow['outcome'], LocalText> = {
  served: t('Обслужен', 'Served'),
  'no-show': t('Неявка', 'No-show'),
  cancelled: t('Отменён', 'Cancelled'),
};
const yesNo = (v: boolean | null, lang: Lang) =>
  v === null ? '' : v ? (lang === 'ru' ? 'да' : 'yes') : lang === 'ru' ? 'нет' : 'no';

export function logColumns(lang: Lang): Column<VisitLogRow>[] {
  return [
    { header: t('Дата', 'Date'), kind: 'text', width: 11, get: (r) => r.day },
    { header: t('Талон', 'Ticket'), kind: 'text', width: 8, get: (r) => r.number },
    { header: t('Категория', 'Segment'), kind: 'text', width: 18, get: (r) => r.segment },
    { header: t('Тема', 'Topic'), kind: 'text', width: 28, get: (r) => r.topic },
    { header: t('Услуга', 'Service'), kind: 'text', width: 22, get: (r) => r.service },
    { header: t('Переведён в', 'Transferred to'), kind: 'text', width: 18, get: (r) => r.finalService },
    { header: t('Приоритет', 'Priority'), kind: 'text', width: 16, get: (r) => r.priority },
    {
      header: t('Запись', 'Booking'),
      kind: 'text',
      width: 7,
      get: (r) => yesNo(r.appointment, lang),
    },
    { header: t('Выдан', 'Issued'), kind: 'instant', width: 19, get: (r) => r.issuedAt },
    { header: t('Вызван', 'Called'), kind: 'instant', width: 19, get: (r) => r.firstCalledAt },
    { header: t('Начало обслуживания', 'Service started'), kind: 'instant', width: 19, get: (r) => r.startedAt },
    { header: t('Завершён', 'Closed'), kind: 'instant', width: 19, get: (r) => r.closedAt },
    { header: t('Ожидание, мин', 'Wait, min'), kind: 'min', width: 9, get: (r) => min(r.waitSec) },
    { header: t('Обслуживание, мин', 'Service, min'), kind: 'min', width: 9, get: (r) => min(r.serviceSec) },
    { header: t('Всего, мин', 'Total, min'), kind: 'min', width: 9, get: (r) => min(r.totalSec) },
    { header: t('Окно', 'Window'), kind: 'text', width: 10, get: (r) => r.window },
    { header: t('Оператор', 'Operator'), kind: 'text', width: 28, get: (r) => r.operator },
    { header: t('Итог', 'Outcome'), kind: 'text', width: 10, get: (r) => OUTCOME[r.outcome][lang] },
    { header: t('Результат', 'Result codes'), kind: 'text', width: 26, get: (r) => r.outcomeCodes.join(', ') },
    { header: t('Переводы', 'Transfers'), kind: 'int', width: 8, get: (r) => r.transfers },
    { header: t('Отложен', 'Postponed'), kind: 'int', width: 8, get: (r) => r.postponements },
    { header: t('Повторные вызовы', 'Recalls'), kind: 'int', width: 8, get: (r) => r.recalls },
    {
      header: t('Ожидание в нормативе', 'Wait within norm'),
      kind: 'text',
      width: 9,
      get: (r) => yesNo(r.waitWithinNorm, lang),
    },
    {
      header: t('Обслуживание в нормативе', 'Service within norm'),
      kind: 'text',
      width: 9,
      get: (r) => yesNo(r.serviceWithinNorm, lang),
    },
    {
      header: t('Общее время в нормативе', 'Total within norm'),
      kind: 'text',
      width: 9,
      get: (r) => yesNo(r.totalWithinNorm, lang),
    },
  ];
}
