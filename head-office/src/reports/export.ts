import type { HqFigures, HqReport, LocalText } from '@talon/protocol';
import ExcelJS from 'exceljs';

/**
 * The consolidated report as files for the quality department: CSV (one file, one section per
 * table) and XLSX (one sheet per table). Russian headers, times in minutes, shares as percent.
 */

type Kind = 'text' | 'int' | 'min' | 'share' | 'num';
export interface Column<T> {
  header: string;
  kind: Kind;
  width: number;
  get(row: T): string | number | null;
}

const ru = (t: LocalText | null | undefined) => (t ? t.ru || t.en : '');
const min = (sec: number | null) => (sec === null ? null : sec / 60);

/** The figures every table shares, after its own naming columns. */
export const FIGURE_COLUMNS: Column<HqFigures>[] = [
  { header: 'Визиты', kind: 'int', width: 9, get: (f) => f.visits },
  { header: 'Обслужено', kind: 'int', width: 11, get: (f) => f.served },
  { header: 'Неявки', kind: 'int', width: 9, get: (f) => f.noShow },
  { header: 'Отменены', kind: 'int', width: 10, get: (f) => f.cancelled },
  { header: 'Среднее ожидание, мин', kind: 'min', width: 12, get: (f) => min(f.avgWaitSec) },
  { header: 'Наибольшее ожидание, мин', kind: 'min', width: 12, get: (f) => min(f.maxWaitSec) },
  { header: 'Среднее обслуживание, мин', kind: 'min', width: 12, get: (f) => min(f.avgServiceSec) },
  { header: 'Ожидание в норме', kind: 'share', width: 11, get: (f) => f.waitWithinNorm },
  { header: 'Обслуживание в норме', kind: 'share', width: 11, get: (f) => f.serviceWithinNorm },
  { header: 'Визит в норме (33 мин)', kind: 'share', width: 11, get: (f) => f.totalWithinNorm },
  { header: 'Ожидание до 8 мин', kind: 'int', width: 9, get: (f) => f.waitBuckets[0] },
  { header: 'Ожидание 8–12 мин', kind: 'int', width: 9, get: (f) => f.waitBuckets[1] },
  { header: 'Ожидание 12–20 мин', kind: 'int', width: 9, get: (f) => f.waitBuckets[2] },
  { header: 'Ожидание 20–33 мин', kind: 'int', width: 9, get: (f) => f.waitBuckets[3] },
  { header: 'Ожидание более 33 мин', kind: 'int', width: 9, get: (f) => f.waitBuckets[4] },
  { header: 'Оценок', kind: 'int', width: 8, get: (f) => f.ratings },
  { header: 'Средняя оценка', kind: 'num', width: 9, get: (f) => f.avgRating },
];

const withFigures = <T extends HqFigures>(lead: Column<T>[]): Column<T>[] => [
  ...lead,
  ...(FIGURE_COLUMNS as Column<T>[]),
];

type OfficeRow = HqReport['offices'][number] & { branchName: string };
type TotalRow = HqFigures & { total: true };

export interface Table<T> {
  /** The sheet's name and the CSV section's title. */
  title: string;
  columns: Column<T>[];
  rows: T[];
}

/**
 * Every table of the report. The offices table ends with the company total («Итого») so the file
 * adds up on its own; `branches` names the offices' branches.
 */
export function reportTables(r: HqReport, branches: Map<string, LocalText>): Table<never>[] {
  const officeNames = new Map(r.offices.map((o) => [o.officeId, o]));
  const offices: Table<OfficeRow | TotalRow> = {
    title: 'Офисы',
    columns: withFigures<OfficeRow | TotalRow>([
      { header: 'Место', kind: 'int', width: 7, get: (o) => ('total' in o ? null : o.rank) },
      { header: 'Код', kind: 'text', width: 10, get: (o) => ('total' in o ? '' : o.code) },
      { header: 'Офис', kind: 'text', width: 32, get: (o) => ('total' in o ? 'Итого' : ru(o.name)) },
      { header: 'Филиал', kind: 'text', width: 24, get: (o) => ('total' in o ? '' : o.branchName) },
    ]),
    rows: [
      ...r.offices.map((o) => ({ ...o, branchName: ru(branches.get(o.branchId)) })),
      { ...r.total, total: true as const },
    ],
  };
  const services: Table<HqReport['services'][number]> = {
    title: 'Услуги',
    columns: withFigures([
      { header: 'Код услуги', kind: 'text', width: 16, get: (s) => s.serviceId },
      { header: 'Услуга', kind: 'text', width: 36, get: (s) => ru(s.name) },
    ]),
    rows: r.services,
  };
  const serviceName = new Map(r.services.map((s) => [s.serviceId, ru(s.name)]));
  const topics: Table<HqReport['topics'][number]> = {
    title: 'Темы',
    columns: withFigures([
      { header: 'Услуга', kind: 'text', width: 30, get: (s) => serviceName.get(s.serviceId) || s.serviceId },
      { header: 'Код темы', kind: 'text', width: 16, get: (s) => s.topicId },
      { header: 'Тема', kind: 'text', width: 36, get: (s) => ru(s.name) },
    ]),
    rows: r.topics,
  };
  const operators: Table<HqReport['operators'][number]> = {
    title: 'Операторы',
    columns: withFigures([
      { header: 'Офис', kind: 'text', width: 28, get: (s) => ru(officeNames.get(s.officeId)?.name) || s.officeId },
      { header: 'Код оператора', kind: 'text', width: 16, get: (s) => s.operatorId },
      { header: 'Оператор', kind: 'text', width: 28, get: (s) => s.name ?? '' },
    ]),
    rows: r.operators,
  };
  const days: Table<HqReport['days'][number]> = {
    title: 'По дням',
    columns: withFigures([{ header: 'Дата', kind: 'text', width: 12, get: (d) => ruDate(d.day) }]),
    rows: r.days,
  };
  return [offices, services, topics, operators, days] as Table<never>[];
}

const ruDate = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

// ---------------------------------------------------------------- CSV

/** Excel runs a text cell that starts like a formula; a leading apostrophe defuses it. */
const FORMULA = /^[=+\-@\t\r]/;

function csvCell(v: string | number | null, kind: Kind): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (kind === 'min') s = (v as number).toFixed(1).replace('.', ',');
  else if (kind === 'share') s = ((v as number) * 100).toFixed(1).replace('.', ',');
  else if (kind === 'num') s = (v as number).toFixed(2).replace('.', ',');
  else if (kind === 'int') s = String(v);
  else s = FORMULA.test(String(v)) ? `'${v}` : String(v);
  return /[;"\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * One CSV file for Excel in a Russian locale: UTF-8 with a BOM, `;` between cells, a decimal
 * comma, CRLF. The tables follow one another, each as a title line, a header line and its rows,
 * with an empty line between them; shares are percent (the header says «, %»).
 */
export function reportCsv(tables: Table<never>[], title: string): string {
  const lines: string[] = [csvCell(title, 'text'), ''];
  for (const t of tables) {
    lines.push(csvCell(t.title, 'text'));
    lines.push(t.columns.map((c) => csvCell(c.kind === 'share' ? `${c.header}, %` : c.header, 'text')).join(';'));
    for (const row of t.rows) lines.push(t.columns.map((c) => csvCell(c.get(row), c.kind)).join(';'));
    lines.push('');
  }
  return `\uFEFF${lines.join('\r\n')}`;
}

// ---------------------------------------------------------------- XLSX

const NUM_FMT: Partial<Record<Kind, string>> = { min: '0.0', share: '0.0%', num: '0.00' };

/** One sheet per table: numbers stay numbers (minutes to one decimal, shares in percent format). */
export async function reportXlsx(tables: Table<never>[], title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Talon';
  wb.title = title;
  for (const t of tables) {
    const ws = wb.addWorksheet(t.title, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c, i) => {
      const fmt = NUM_FMT[c.kind];
      return { header: c.header, key: String(i), width: c.width, ...(fmt ? { style: { numFmt: fmt } } : {}) };
    });
    ws.getRow(1).font = { bold: true };
    ws.getRow(1).alignment = { wrapText: true, vertical: 'top' };
    for (const row of t.rows) ws.addRow(t.columns.map((c) => c.get(row)));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
