import type { Readable } from 'node:stream';
import { deviceRoleName, type Lang, type LocalText, type OutageKind, type OutageReport } from '@talon/protocol';
import type { Column } from '../reports/columns.js';
import { addTable, csvLines, csvStream, infoSheet, LocalTime, workbook } from '../reports/export.js';

const t = (ru: string, en: string): LocalText => ({ ru, en });

export const OUTAGE_KIND_NAMES: Record<OutageKind, LocalText> = {
  'live-queue': t('Режим живой очереди', 'Live queue mode'),
  server: t('Сервер офиса не работал', 'Office server down'),
  device: t('Устройство не на связи', 'Device offline'),
};

type Period = OutageReport['periods'][number];
type Kind = OutageReport['kinds'][number];

const minutes = (sec: number) => sec / 60;

function periodColumns(lang: Lang): Column<Period>[] {
  return [
    { header: t('Вид', 'Kind'), kind: 'text', width: 28, get: (p) => OUTAGE_KIND_NAMES[p.kind][lang] },
    {
      header: t('Устройство', 'Device'),
      kind: 'text',
      width: 26,
      get: (p) =>
        p.deviceName ? `${p.deviceName} (${deviceRoleName(p.deviceRole ?? '')[lang === 'ru' ? 0 : 1]})` : '',
    },
    { header: t('Начало', 'Start'), kind: 'instant', width: 20, get: (p) => p.startedAt },
    { header: t('Конец', 'End'), kind: 'instant', width: 20, get: (p) => p.endedAt },
    { header: t('Длительность, мин', 'Duration, min'), kind: 'min', width: 14, get: (p) => minutes(p.durationSec) },
    { header: t('Причина', 'Reason'), kind: 'text', width: 36, get: (p) => p.reason ?? '' },
    { header: t('Включил', 'Switched on by'), kind: 'text', width: 24, get: (p) => p.startedBy ?? '' },
    { header: t('Выключил', 'Switched off by'), kind: 'text', width: 24, get: (p) => p.endedBy ?? '' },
    { header: t('Обслужено без талона', 'Walk-ins served'), kind: 'int', width: 14, get: (p) => p.walkIns },
  ];
}

function kindColumns(lang: Lang): Column<Kind>[] {
  return [
    { header: t('Вид', 'Kind'), kind: 'text', width: 28, get: (k) => OUTAGE_KIND_NAMES[k.kind][lang] },
    { header: t('Случаев', 'Count'), kind: 'int', width: 10, get: (k) => k.count },
    { header: t('Всего, мин', 'Total, min'), kind: 'min', width: 12, get: (k) => minutes(k.totalSec) },
    { header: t('Самый долгий, мин', 'Longest, min'), kind: 'min', width: 14, get: (k) => minutes(k.longestSec) },
    { header: t('Обслужено без талона', 'Walk-ins served'), kind: 'int', width: 14, get: (k) => k.walkIns },
  ];
}

/** The outage log as a workbook: parameters, the figures per kind, every period. */
export function outagesXlsx(r: OutageReport, lang: Lang): Readable {
  const ru = lang === 'ru';
  const time = new LocalTime(r.timeZone);
  return workbook(async (wb) => {
    infoSheet(
      wb,
      [
        [ru ? 'Отчёт' : 'Report', ru ? 'Журнал сбоев и живой очереди' : 'Outages and live queue'],
        [ru ? 'Период' : 'Period', `${r.period.from} — ${r.period.to}`],
        [ru ? 'Дней' : 'Days', r.period.days],
        [ru ? 'Часовой пояс' : 'Time zone', r.timeZone],
        [ru ? 'Сформирован' : 'Generated', time.format(r.generatedAt, lang)],
      ],
      lang,
    );
    await addTable(wb, ru ? 'Сводка' : 'Summary', kindColumns(lang), [r.kinds], lang, time);
    await addTable(wb, ru ? 'Периоды' : 'Periods', periodColumns(lang), [r.periods], lang, time);
  });
}

/** The periods as CSV (Excel in a Russian locale: `;` and a decimal comma). */
export function outagesCsv(r: OutageReport, lang: Lang): Readable {
  return csvStream(csvLines(periodColumns(lang), [r.periods], lang, r.timeZone));
}
