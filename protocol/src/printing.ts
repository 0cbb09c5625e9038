import { z } from 'zod';

/**
 * What a printed ticket carries, per office. Text is Russian: the printer's code page (CP866) has
 * Cyrillic and Latin, and characters it lacks («» — …) are replaced before printing.
 * Never personal data: a ticket shows the number, never an account or a phone (152-ФЗ).
 */
export const TicketLayout = z.object({
  header: z.string().trim().max(120).default('Добро пожаловать!'),
  showOfficeName: z.boolean().default(true),
  showService: z.boolean().default(true),
  showDateTime: z.boolean().default(true),
  showPeopleAhead: z.boolean().default(true),
  showEstimate: z.boolean().default(true),
  /** A QR code with the signed link to the visit's status and rating page. */
  showQr: z.boolean().default(true),
  qrCaption: z.string().trim().max(120).default('Статус очереди и оценка обслуживания'),
  footer: z.string().trim().max(300).default('Пожалуйста, ожидайте вызова: номер талона и окно появятся на табло'),
  /** Character magnification of the big number (GS !), 1–8; 58 mm paper caps it to fit. */
  numberSize: z.int().min(1).max(8).default(4),
  cut: z.enum(['full', 'partial']).default('partial'),
});
export type TicketLayout = z.infer<typeof TicketLayout>;
export type TicketLayoutInput = z.input<typeof TicketLayout>;

/** Kiosk behaviour per office. */
export const KioskSettings = z.object({
  /** Back to the start screen after this long without a touch on a menu step. */
  idleReturnSec: z.int().min(10).max(600).default(60),
  /** The result screen goes back to the start sooner. */
  resultIdleSec: z.int().min(5).max(600).default(20),
  /** More tickets than this from one kiosk within a minute asks the visitor to confirm. */
  ticketsPerMinuteBeforeConfirm: z.int().min(1).max(60).default(3),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/** The office's layout with every default filled in (older configurations have none). */
export function ticketLayoutOf(config: { ticketLayout?: TicketLayoutInput | undefined } | null): TicketLayout {
  return TicketLayout.parse(config?.ticketLayout ?? {});
}

export function kioskSettingsOf(config: { kiosk?: z.input<typeof KioskSettings> | undefined } | null): KioskSettings {
  return KioskSettings.parse(config?.kiosk ?? {});
}

export const PaperWidth = z.union([z.literal(58), z.literal(80)]);
export type PaperWidth = z.infer<typeof PaperWidth>;

/**
 * A ticket printer as the office server drives it. `connection`:
 * `tcp://host[:9100]` (network printer), `serial:/dev/ttyUSB0[?baud=19200]`, `usb:/dev/usb/lp0`
 * (Linux USB printer class device), or `agent:<deviceId>` (printed by the device agent on a kiosk PC).
 */
export const PrinterConfig = z
  .object({
    id: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9_.-]+$/),
    name: z.string().trim().min(1).max(80),
    connection: z
      .string()
      .trim()
      .regex(
        /^(tcp:\/\/[^\s/]+|serial:\S+|usb:\S+|agent:[A-Za-z0-9_.-]+)$/,
        'tcp://host:port, serial:PATH, usb:PATH or agent:DEVICE',
      ),
    paperWidth: PaperWidth.default(80),
    /** Native QR (GS ( k) or a raster image for printers without it. */
    qr: z.enum(['native', 'raster']).default('native'),
    /** `cp866` (ESC t 17, the safe default) or `cp1251` (ESC t 46 on Epson-compatible tables). */
    codePage: z.enum(['cp866', 'cp1251']).default('cp866'),
    /** Vendor-specific ESC t number for the chosen code page, when the printer's table differs from Epson's. */
    codePageNumber: z.int().min(0).max(255).optional(),
    /** Kiosk device ids this printer serves; empty = every kiosk without a printer of its own. */
    kioskIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  })
  .strict();
export type PrinterConfig = z.infer<typeof PrinterConfig>;
export type PrinterConfigInput = z.input<typeof PrinterConfig>;

/** What the printer reports (DLE EOT), or that it could not be reached. */
export interface PrinterStatus {
  reachable: boolean;
  online: boolean;
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  /** The transport cannot read status (e.g. a one-way USB device file). */
  unknown?: boolean;
  error?: string;
}

export type PrintJobStatus = 'queued' | 'printing' | 'printed' | 'failed' | 'uncertain' | 'none';

/**
 * A ticket's print job: its id is the ticket id, so a ticket is printed at most once.
 * `uncertain`: bytes may have reached the printer before the link broke; never resent automatically.
 */
export interface PrintJobInfo {
  ticketId: string;
  status: PrintJobStatus;
  printerId?: string;
  /** Why it failed: `unreachable`, `paper-out`, `cover-open`, `offline`, `no-printer`, … */
  reason?: string;
  updatedAt?: number;
}

export const PRINT_DONE: readonly PrintJobStatus[] = ['printed', 'failed', 'uncertain', 'none'];
