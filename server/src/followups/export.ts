import type { Readable } from 'node:stream';
import {
  FOLLOW_UP_SOURCE_NAMES,
  FOLLOW_UP_STATUS_NAMES,
  FOLLOW_UP_TYPE_NAMES,
  type FollowUp,
  type FollowUpReport,
  type FollowUpReportRow,
  type Lang,
  type LocalText,
} from '@talon/protocol';
import type { Column } from '../reports/columns.js';
import { addTable, infoSheet, LocalTime, workbook } from '../reports/export.js';

const t = (ru: string, en: string): LocalText => ({ ru, en });
const TOTAL = t('Итого', 'Total');

const reportColumns = (lang: Lang): Column<FollowUpReportRow>[] => [
  {
    header: t('Вид обращения', 'Kind'),
    kind: 'text',
    width: 30,
    get: (r) => (r.type === 'total' ? TOTAL : FOLLOW_UP_TYPE_NAMES[r.type])[lang],
  },
  { header: t('Всего', 'Count'), kind: 'int', width: 10, get: (r) => r.count },
  { header: t('Ответ в срок', 'Answered on time'), kind: 'int', width: 14, get: (r) => r.onTime },
  { header: t('Ответ с опозданием', 'Answered late'), kind: 'int', width: 18, get: (r) => r.late },
  { header: t('Открыто, срок прошёл', 'Open, overdue'), kind: 'int', width: 18, get: (r) => r.openOverdue },
  { header: t('Открыто, в сроке', 'Open, in time'), kind: 'int', width: 16, get: (r) => r.openInTime },
  {
    header: t('Доля в срок', 'Share on time'),
    kind: 'share',
    width: 12,
    get: (r) => (r.onTime + r.late + r.openOverdue > 0 ? r.onTime / (r.onTime + r.late + r.openOverdue) : null),
  },
];

const registerColumns = (lang: Lang): Column<FollowUp>[] => [
  { header: t('№', 'No.'), kind: 'int', width: 6, get: (f) => f.id },
  { header: t('Вид', 'Kind'), kind: 'text', width: 26, get: (f) => FOLLOW_UP_TYPE_NAMES[f.type][lang] },
  { header: t('Состояние', 'Status'), kind: 'text', width: 14, get: (f) => FOLLOW_UP_STATUS_NAMES[f.status][lang] },
  { header: t('Источник', 'Source'), kind: 'text', width: 20, get: (f) => FOLLOW_UP_SOURCE_NAMES[f.source][lang] },
  { header: t('Талон', 'Ticket'), kind: 'text', width: 10, get: (f) => f.ticketNumber },
  { header: t('Поступило', 'Received'), kind: 'instant', width: 19, get: (f) => f.createdAt },
  { header: t('Срок ответа', 'Due by'), kind: 'text', width: 12, get: (f) => f.dueDay },
  { header: t('Ответственный', 'Owner'), kind: 'text', width: 22, get: (f) => f.ownerName },
  { header: t('Ответ дан', 'Answered'), kind: 'instant', width: 19, get: (f) => f.answeredAt },
  { header: t('Закрыто', 'Closed'), kind: 'instant', width: 19, get: (f) => f.closedAt },
  { header: t('Содержание', 'Text'), kind: 'text', width: 50, get: (f) => f.text },
  { header: t('Ответ', 'Answer'), kind: 'text', width: 50, get: (f) => f.answer },
];

/**
 * The on-time report and the period's register as one workbook, with the reports' own helpers. The
 * visitors' contacts are left out: a file that leaves the office carries no personal data.
 */
export function followUpXlsx(report: FollowUpReport, register: FollowUp[], lang: Lang): Readable {
  const ru = lang === 'ru';
  const time = new LocalTime(report.timeZone);
  return workbook(async (wb) => {
    infoSheet(
      wb,
      [
        [ru ? 'Отчёт' : 'Report', ru ? 'Ответы на обращения в срок' : 'Follow-ups answered on time'],
        [ru ? 'Период' : 'Period', `${report.period.from} — ${report.period.to}`],
        [ru ? 'Часовой пояс' : 'Time zone', report.timeZone],
        [ru ? 'Сформирован' : 'Generated', time.format(report.generatedAt, lang)],
      ],
      lang,
    );
    await addTable(wb, ru ? 'В срок' : 'On time', reportColumns(lang), [report.rows], lang, time);
    await addTable(wb, ru ? 'Реестр' : 'Register', registerColumns(lang), [register], lang, time);
  });
}
