import { type PaperWidth, PEOPLE_AHEAD_LIMIT, pluralRu, type TicketLayout, waitWords } from '@talon/protocol';
import type { ThermalPrinter } from 'node-thermal-printer';
import { lazy } from '../lazy.js';
import { type CodePage, ESC_T, normalizeForCodePage } from './codepage.js';

const thermal = lazy<typeof import('node-thermal-printer')>('node-thermal-printer');
const qrcode = lazy<typeof import('qrcode')>('qrcode');

/** What one ticket says. Numbers and service only: never an account or a phone (152-ФЗ). */
export interface TicketData {
  officeName: string;
  serviceName: string;
  /** «К-012» */
  number: string;
  issuedAt: number;
  timeZone: string;
  /** Called before this ticket by the office's dispatch rule; null: nobody at a window serves it now. */
  peopleAhead?: number | null;
  /** The 80% range and the point (minutes): one figure while the range is narrow, the range once it is wide. */
  estimate?: { lowMin: number; highMin: number; pointMin?: number };
  /** The visit's signed status/rating link, printed as a QR code. */
  qrUrl?: string;
  /** Slot time of a booking checked in at the kiosk. */
  appointmentAt?: number;
  /** A priority ticket (a category chosen at the kiosk): printed as «Вне очереди» under the number. */
  priority?: boolean;
}

export interface EncodeOptions {
  paperWidth: PaperWidth;
  qr: 'native' | 'raster';
  codePage: CodePage;
  /** Vendor-specific ESC t number for `codePage`. */
  codePageNumber?: number;
}

export const DOTS_PER_LINE: Record<PaperWidth, number> = { 58: 384, 80: 576 };
/** Font A is 12 dots wide. */
export const CHARS_PER_LINE: Record<PaperWidth, number> = { 58: 32, 80: 48 };
const QR_CELL: Record<PaperWidth, number> = { 58: 5, 80: 6 };

const ESC_AT = Buffer.from([0x1b, 0x40]);

export function formatTicketDateTime(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('ru-RU', {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('day')}.${get('month')}.${get('year')}  ${get('hour')}:${get('minute')}`;
}

function formatHhmm(at: number, timeZone: string): string {
  return formatTicketDateTime(at, timeZone).split('  ')[1] ?? '';
}

/** The kiosk's words (kiosk/src/strings.ts), in Russian: the ticket is printed in the office's language. */
function peopleAheadText(n: number | null | undefined): string | undefined {
  if (n === undefined) return undefined;
  if (n === null) return 'Сейчас в зале нет специалиста по этой услуге. Пожалуйста, обратитесь к администратору зала';
  if (n === 0) return 'Перед вами никого нет';
  const people = pluralRu(n, 'человек', 'человека', 'человек');
  return n >= PEOPLE_AHEAD_LIMIT ? `Перед вами: не менее ${n} ${people}` : `Перед вами: ${n} ${people}`;
}

/** The lines of text a ticket prints (before code-page normalisation); the preview and tests read them too. */
export function ticketTexts(layout: TicketLayout, d: TicketData) {
  const ahead = peopleAheadText(d.peopleAhead);
  const words = d.estimate && d.peopleAhead !== null ? waitWords(d.estimate) : undefined;
  const estimate =
    words === undefined
      ? undefined
      : words.kind === 'soon'
        ? 'Ожидание: около минуты'
        : words.kind === 'about'
          ? `Ожидание: примерно ${words.min} мин`
          : `Ожидание: примерно ${words.low}–${words.high} мин`;
  return {
    header: layout.header || undefined,
    office: layout.showOfficeName ? d.officeName : undefined,
    service: layout.showService ? d.serviceName : undefined,
    number: d.number,
    priority: d.priority ? 'Вне очереди' : undefined,
    dateTime: layout.showDateTime ? formatTicketDateTime(d.issuedAt, d.timeZone) : undefined,
    appointment: d.appointmentAt !== undefined ? `По записи на ${formatHhmm(d.appointmentAt, d.timeZone)}` : undefined,
    ahead: layout.showPeopleAhead ? ahead : undefined,
    estimate: layout.showEstimate ? estimate : undefined,
    qrCaption: layout.showQr && d.qrUrl ? layout.qrCaption || undefined : undefined,
    footer: layout.footer || undefined,
  };
}

/**
 * ESC/POS bytes of one ticket, built with node-thermal-printer as the encoder: ESC @, the code page,
 * centred text, the number magnified (GS !), a QR code (native GS ( k or a GS v 0 raster), a cut.
 */
export async function encodeTicket(layout: TicketLayout, d: TicketData, opts: EncodeOptions): Promise<Buffer> {
  const width = CHARS_PER_LINE[opts.paperWidth];
  // No interface: the library only builds the buffer; the transports are ours.
  const { ThermalPrinter, PrinterTypes, CharacterSet } = thermal();
  const p = new ThermalPrinter({ type: PrinterTypes.EPSON, interface: '', width });
  p.add(ESC_AT);
  p.setCharacterSet(opts.codePage === 'cp1251' ? CharacterSet.WPC1251_CYRILLIC : CharacterSet.PC866_CYRILLIC2);
  if (opts.codePageNumber !== undefined && opts.codePageNumber !== ESC_T[opts.codePage]) {
    const b = p.getBuffer();
    b[b.length - 1] = opts.codePageNumber;
  }
  const text = (s: string) => normalizeForCodePage(s, opts.codePage);
  const t = ticketTexts(layout, d);

  p.alignCenter();
  if (t.header) {
    p.bold(true);
    p.println(text(t.header));
    p.bold(false);
  }
  if (t.office) p.println(text(t.office));
  p.drawLine();
  if (t.service) {
    p.bold(true);
    p.println(text(t.service));
    p.bold(false);
  }
  const size = Math.max(1, Math.min(layout.numberSize, Math.floor(width / Math.max(1, t.number.length)), 8));
  p.setTextSize(size - 1, size - 1);
  p.bold(true);
  p.println(text(t.number));
  p.bold(false);
  p.setTextSize(0, 0);
  if (t.priority) {
    p.bold(true);
    p.println(text(t.priority));
    p.bold(false);
  }
  if (t.appointment) p.println(text(t.appointment));
  if (t.dateTime) p.println(t.dateTime);
  if (t.ahead) p.println(text(t.ahead));
  if (t.estimate) p.println(text(t.estimate));
  if (layout.showQr && d.qrUrl) {
    p.newLine();
    await addQr(p, d.qrUrl, opts);
    if (t.qrCaption) p.println(text(t.qrCaption));
  }
  if (t.footer) {
    p.drawLine();
    p.println(text(t.footer));
  }
  if (layout.cut === 'full') p.cut();
  else p.partialCut();
  return Buffer.from(p.getBuffer());
}

/**
 * ASCII only: node-thermal-printer sizes GS ( k by characters but writes UTF-8 bytes, so a non-ASCII
 * link would corrupt the command. `URL` punycodes the host and percent-encodes the rest.
 */
export function asciiLink(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return encodeURI(url);
  }
}

async function addQr(p: ThermalPrinter, link: string, opts: EncodeOptions) {
  const url = asciiLink(link);
  const cellSize = QR_CELL[opts.paperWidth];
  if (opts.qr === 'native') {
    p.printQR(url, { cellSize, correction: 'M', model: 2 });
    p.newLine();
    return;
  }
  const png = await qrcode().toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', scale: cellSize, margin: 2 });
  await p.printImageBuffer(png);
  p.newLine();
}
