import {
  type Appointment,
  type BookingImportRefusal,
  type LocalText,
  type OfficeConfig,
  VisitorPhone,
} from '@talon/protocol';
import { DateTime } from 'luxon';
import { type CsvRow, parseCsv } from './csv.js';

/** What the import command takes, row by row. */
export interface ImportItem {
  code: string;
  serviceId: string;
  slotAt: number;
  visitorName?: string;
  phone?: string;
}

/** The format written on the screen; the header line is optional. */
export const IMPORT_COLUMNS = ['code', 'service', 'date time', 'name', 'phone'] as const;
const MAX_ROWS = 1000;
const CODE = /^[A-Z0-9-]{3,32}$/;

const R = {
  columns: [
    'Нужно не меньше трёх полей: код, услуга, дата и время',
    'At least three fields: code, service, date and time',
  ],
  code: ['Код: от 3 до 32 латинских букв и цифр', 'Code: 3 to 32 Latin letters and digits'],
  service: ['Нет такой услуги в офисе', 'No such service in this office'],
  when: [
    'Дата и время не распознаны: нужно 2026-12-07 10:30 или 07.12.2026 10:30',
    'Date and time not understood: use 2026-12-07 10:30 or 07.12.2026 10:30',
  ],
  past: ['Это время уже прошло', 'This time has already passed'],
  name: ['Имя длиннее 120 знаков', 'The name is longer than 120 characters'],
  phone: [
    'Телефон не распознан: цифры, пробелы, скобки, дефисы и «+», от 6 до 15 цифр, например +7 900 123-45-67',
    'Phone number not understood: digits, spaces, brackets, hyphens and «+», 6 to 15 digits, e.g. +7 900 123-45-67',
  ],
  twice: ['Этот код уже есть выше в файле', 'This code is already on an earlier line of the file'],
  taken: ['Запись с таким кодом уже есть в офисе', 'A booking with this code already exists in the office'],
  empty: ['В файле нет ни одной записи', 'The file has no bookings'],
  tooMany: ['Не больше 1000 записей в одном файле', 'At most 1000 bookings in one file'],
} satisfies Record<string, [string, string]>;

const text = ([ru, en]: [string, string]): LocalText => ({ ru, en });

/** `2026-12-07 10:30`, `2026-12-07T10:30`, `07.12.2026 10:30` (seconds allowed), in the office's time zone. */
export function parseSlot(raw: string, timeZone: string): number | null {
  const s = raw.trim().replace('T', ' ');
  for (const f of [
    'yyyy-MM-dd HH:mm',
    'yyyy-MM-dd HH:mm:ss',
    'dd.MM.yyyy HH:mm',
    'dd.MM.yyyy HH:mm:ss',
    'd.M.yyyy H:mm',
  ]) {
    const d = DateTime.fromFormat(s, f, { zone: timeZone });
    if (d.isValid) return d.toMillis();
  }
  return null;
}

/** A service by its id or by its name in either language, as a booking system's export may name it. */
function serviceIdOf(config: OfficeConfig, raw: string): string | undefined {
  const key = raw.trim().toLowerCase();
  return config.services.find(
    (s) =>
      s.id.toLowerCase() === key || s.name.ru.trim().toLowerCase() === key || s.name.en.trim().toLowerCase() === key,
  )?.id;
}

/** A header line: its first field names the code column (`code`, `код`). */
const isHeader = (row: CsvRow) => /^(code|код)/i.test(row.cells[0] ?? '');

/**
 * Every row checked, not just up to the first bad one: the administrator fixes the whole file at once.
 * Refusals mean nothing is imported; the engine's all-or-nothing import then checks the rest again.
 */
export function checkImport(
  csv: string,
  config: OfficeConfig,
  appointments: Readonly<Record<string, Appointment>>,
  now: number,
): { items: ImportItem[]; refused: BookingImportRefusal[] } {
  const rows = parseCsv(csv);
  if (rows[0] && isHeader(rows[0])) rows.shift();
  if (rows.length === 0) return { items: [], refused: [{ line: 0, reason: text(R.empty) }] };
  if (rows.length > MAX_ROWS) return { items: [], refused: [{ line: 0, reason: text(R.tooMany) }] };
  const open = new Set(
    Object.values(appointments)
      .filter((a) => a.status === 'booked')
      .map((a) => a.code),
  );
  const seen = new Set<string>();
  const items: ImportItem[] = [];
  const refused: BookingImportRefusal[] = [];
  for (const row of rows) {
    const [rawCode = '', rawService = '', rawWhen = '', name = '', rawPhone = ''] = row.cells;
    const phone = rawPhone.trim();
    const code = rawCode.toUpperCase();
    const refuse = (r: [string, string]) =>
      refused.push({ line: row.line, ...(code ? { code } : {}), reason: text(r) });
    if (row.cells.length < 3) {
      refuse(R.columns);
      continue;
    }
    if (!CODE.test(code)) {
      refuse(R.code);
      continue;
    }
    if (seen.has(code)) {
      refuse(R.twice);
      continue;
    }
    seen.add(code);
    const serviceId = serviceIdOf(config, rawService);
    if (!serviceId) {
      refuse(R.service);
      continue;
    }
    const slotAt = parseSlot(rawWhen, config.timeZone);
    if (slotAt === null) {
      refuse(R.when);
      continue;
    }
    if (slotAt < now) {
      refuse(R.past);
      continue;
    }
    if (name.length > 120) {
      refuse(R.name);
      continue;
    }
    if (phone && !VisitorPhone.safeParse(phone).success) {
      refuse(R.phone);
      continue;
    }
    if (open.has(code) || appointments[`${code}@${slotAt}`]) {
      refuse(R.taken);
      continue;
    }
    items.push({ code, serviceId, slotAt, ...(name ? { visitorName: name } : {}), ...(phone ? { phone } : {}) });
  }
  return refused.length > 0 ? { items: [], refused } : { items, refused };
}
