import { PassThrough, Readable } from 'node:stream';
import type { GroupFigures, Lang, LocalText, ReportResponse, VisitLogRow } from '@talon/protocol';
import ExcelJS from 'exceljs';
import { IANAZone } from 'luxon';
import { type Column, dayColumns, groupColumns, hourColumns, logColumns, staffColumns } from './columns.js';
import { getOr } from './get-or.js';

/** Wall-clock time in the office's zone; the offset is looked up once per UTC hour. */
export class LocalTime {
  private readonly offsets = new Map<number, number>();
  private readonly zone: IANAZone;
  constructor(zone: string) {
    this.zone = IANAZone.create(zone);
  }
  /** A Date whose UTC fields are the office's wall clock: how Excel (which has no zones) wants it. */
  wall(at: number): Date {
    const off = getOr(this.offsets, Math.floor(at / 3_600_000), () => this.zone.offset(at));
    return new Date(at + off * 60_000);
  }
  format(at: number, lang: Lang): string {
    const d = this.wall(at).toISOString();
    const [date = '', time = ''] = [d.slice(0, 10), d.slice(11, 19)];
    return lang === 'ru' ? `${date.slice(8, 10)}.${date.slice(5, 7)}.${date.slice(0, 4)} ${time}` : `${date} ${time}`;
  }
}

const SECTIONS: Record<'summary' | 'service' | 'topic' | 'segment' | 'operator' | 'window', LocalText> = {
  summary: { ru: 'Итого', en: 'Total' },
  service: { ru: 'Услуга', en: 'Service' },
  topic: { ru: 'Тема', en: 'Topic' },
  segment: { ru: 'Категория', en: 'Segment' },
  operator: { ru: 'Оператор', en: 'Operator' },
  window: { ru: 'Окно', en: 'Window' },
};

const FEEDBACK_NAMES: Record<string, LocalText> = {
  complaint: { ru: 'жалобы', en: 'complaints' },
  proposal: { ru: 'предложения', en: 'proposals' },
  review: { ru: 'отзывы', en: 'reviews' },
};

/** The office total first, then every breakdown, each row labelled with its breakdown. */
export function summaryRows(r: ReportResponse): (GroupFigures & { section: LocalText })[] {
  const total = { key: '', name: { ru: 'Офис', en: 'Office' }, ...r.summary, section: SECTIONS.summary };
  const tag = (rows: GroupFigures[], s: keyof typeof SECTIONS) => rows.map((g) => ({ ...g, section: SECTIONS[s] }));
  return [
    total,
    ...tag(r.byService, 'service'),
    ...tag(r.byTopic, 'topic'),
    ...tag(r.bySegment, 'segment'),
    ...tag(r.byOperator, 'operator'),
    ...tag(r.byWindow, 'window'),
  ];
}

// ---------------------------------------------------------------- CSV

/** Excel opens a CSV as a formula when a text cell starts like one; a leading apostrophe defuses it. */
const FORMULA = /^[=+\-@\t\r]/;

function csvCell(v: string | number | null, kind: Column<unknown>['kind'], lang: Lang, time: LocalTime): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (kind === 'instant') s = time.format(v as number, lang);
  else if (kind === 'min') s = (v as number).toFixed(1);
  else if (kind === 'share') s = ((v as number) * 100).toFixed(1);
  else if (kind === 'int') s = String(v);
  else s = FORMULA.test(String(v)) ? `'${v}` : String(v);
  if (lang === 'ru' && (kind === 'min' || kind === 'share')) s = s.replace('.', ',');
  const sep = lang === 'ru' ? ';' : ',';
  return s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r')
    ? `"${s.replaceAll('"', '""')}"`
    : s;
}

/**
 * UTF-8 with a BOM (so Excel reads Cyrillic), `;` and a decimal comma for Russian (what Excel in a
 * Russian locale expects), `,` and a decimal point for English; CRLF line ends.
 */
export async function* csvLines<T>(
  columns: Column<T>[],
  slices: AsyncIterable<T[]> | Iterable<T[]>,
  lang: Lang,
  zone: string,
): AsyncGenerator<string> {
  const time = new LocalTime(zone);
  const sep = lang === 'ru' ? ';' : ',';
  const header = columns.map((c) =>
    csvCell(c.kind === 'share' ? `${c.header[lang]}, %` : c.header[lang], 'text', lang, time),
  );
  yield `\uFEFF${header.join(sep)}\r\n`;
  for await (const rows of slices)
    yield rows.map((row) => `${columns.map((c) => csvCell(c.get(row), c.kind, lang, time)).join(sep)}\r\n`).join('');
}

export function csvStream(lines: AsyncGenerator<string>): Readable {
  return Readable.from(lines, { objectMode: false });
}

// ---------------------------------------------------------------- XLSX

const NUM_FMT: Partial<Record<Column<unknown>['kind'], string>> = {
  min: '0.0',
  share: '0.0%',
  instant: 'dd.mm.yyyy hh:mm:ss',
};

export async function addTable<T>(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Column<T>[],
  slices: AsyncIterable<T[]> | Iterable<T[]>,
  lang: Lang,
  time: LocalTime,
) {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c, i) => {
    const fmt = NUM_FMT[c.kind];
    return { header: c.header[lang], key: String(i), width: c.width, ...(fmt ? { style: { numFmt: fmt } } : {}) };
  });
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).commit();
  for await (const rows of slices)
    for (const row of rows) {
      const values = columns.map((c) => {
        const v = c.get(row);
        return v !== null && c.kind === 'instant' ? time.wall(v as number) : v;
      });
      ws.addRow(values).commit();
    }
  ws.commit();
}

/** Streams a workbook (exceljs' streaming writer: a year of the visitor log never sits in memory whole). */
export function workbook(fill: (wb: ExcelJS.stream.xlsx.WorkbookWriter) => Promise<void>): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = 'Talon';
  fill(wb)
    .then(() => wb.commit())
    .catch((err: unknown) => out.destroy(err as Error));
  return out;
}

function parameters(
  r: { period: ReportResponse['period']; timeZone: string; generatedAt: number },
  lang: Lang,
  title: LocalText,
) {
  const time = new LocalTime(r.timeZone);
  const ru = lang === 'ru';
  return [
    [ru ? 'Отчёт' : 'Report', title[lang]],
    [ru ? 'Период' : 'Period', `${r.period.from} — ${r.period.to}`],
    [ru ? 'Дней' : 'Days', r.period.days],
    [ru ? 'Часовой пояс' : 'Time zone', r.timeZone],
    [ru ? 'Сформирован' : 'Generated', time.format(r.generatedAt, lang)],
  ];
}

export function infoSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, rows: (string | number)[][], lang: Lang) {
  const ws = wb.addWorksheet(lang === 'ru' ? 'Параметры' : 'Parameters');
  ws.columns = [{ width: 26 }, { width: 50 }];
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
}

export function summaryXlsx(r: ReportResponse, lang: Lang): Readable {
  const ru = lang === 'ru';
  const time = new LocalTime(r.timeZone);
  return workbook(async (wb) => {
    const info = parameters(r, lang, { ru: 'Показатели обслуживания', en: 'Service figures' });
    if (r.normsChanged)
      info.push([
        ru ? 'Нормативы' : 'Norms',
        ru
          ? 'менялись в периоде: каждый визит оценён по действовавшим при выдаче талона'
          : 'changed within the period: each visit is judged on the norms in force when issued',
      ]);
    infoSheet(wb, info, lang);
    await addTable(wb, ru ? 'Сводка' : 'Summary', groupColumns(lang), [summaryRows(r)], lang, time);
    await addTable(wb, ru ? 'По дням' : 'By day', dayColumns, [r.byDay], lang, time);
    await addTable(wb, ru ? 'По часам' : 'By hour', hourColumns, [r.byHour], lang, time);
    const staff = staffColumns(r.staff.breakReasons, lang);
    await addTable(wb, ru ? 'Операторы' : 'Operators', staff, [[...r.staff.byOperator, r.staff.total]], lang, time);
    await addTable(wb, ru ? 'Окна' : 'Windows', staff, [r.staff.byWindow], lang, time);
    if (r.ratings.available) {
      const ws = wb.addWorksheet(ru ? 'Оценки' : 'Ratings');
      ws.columns = [{ width: 30 }, { width: 12 }, { width: 14 }];
      ws.addRow([ru ? 'Оценок' : 'Ratings', r.ratings.count ?? 0]).commit();
      ws.addRow([ru ? 'Средняя оценка' : 'Mean score', r.ratings.mean ?? null]).commit();
      (r.ratings.distribution ?? []).forEach((n, i) => {
        ws.addRow([`${ru ? 'Оценка' : 'Score'} ${i + 1}`, n]).commit();
      });
      for (const f of r.ratings.feedback ?? [])
        ws.addRow([
          `${ru ? 'Обращения' : 'Feedback'}: ${FEEDBACK_NAMES[f.type]?.[lang] ?? f.type}`,
          f.count,
          f.actionable,
        ]).commit();
      ws.commit();
    }
  });
}

export function logXlsx(
  meta: { period: ReportResponse['period']; timeZone: string; generatedAt: number },
  slices: AsyncIterable<VisitLogRow[]>,
  lang: Lang,
): Readable {
  return workbook(async (wb) => {
    infoSheet(wb, parameters(meta, lang, { ru: 'Журнал приёма посетителей', en: 'Visitor log' }), lang);
    await addTable(
      wb,
      lang === 'ru' ? 'Журнал' : 'Visitor log',
      logColumns(lang),
      slices,
      lang,
      new LocalTime(meta.timeZone),
    );
  });
}
