import { z } from 'zod';
import { issueWord } from '../issues.js';
import { PaperWidth, PrinterConfig, type PrinterStatus, type PrintJobInfo, TicketLayout } from '../printing.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;
const CONFIG = ['config_admin'] as const;

/** A configured printer with the device row the monitor shows and its last status. */
export interface PrinterView {
  config: PrinterConfig;
  deviceId: string;
  status: PrinterStatus | null;
}

/** A print job as the administrator's list shows it: with the kiosk and the ticket's number. */
export interface PrintJobRow extends PrintJobInfo {
  kioskId?: string;
  createdAt: number;
  number?: string;
}

/** The kiosk's own printer, so that its start screen can say up front that tickets are shown, not printed. */
export interface KioskPrinterInfo {
  printer: { id: string; name: string; ready: boolean; reason?: string } | null;
}

/** What a printer did with a job or a test page: printed, or why not. */
export type PrintOutcome =
  | { ok: true; status: PrinterStatus }
  /** `sent`: some bytes may have reached the printer, so the job must not be sent again. */
  | { ok: false; reason: string; sent: boolean; status: PrinterStatus; error?: string };

/** The demo's virtual printer: its paper and cover, set by hand to see the kiosk and the admin react. */
export const VirtualPrinterState = z.object({
  paperOut: z.boolean(),
  paperNearEnd: z.boolean(),
  coverOpen: z.boolean(),
  offline: z.boolean(),
});
export type VirtualPrinterState = z.infer<typeof VirtualPrinterState>;

/** A ticket the virtual printer printed, decoded from its bytes. */
export interface VirtualTicket {
  index: number;
  receivedAt: number;
  lines: string[];
  qr: string[];
  cut: 'full' | 'partial' | null;
  /** How many bytes it took. */
  bytes: number;
}

const QrMode = z.enum(['native', 'raster']);

/**
 * Serial ports and device files are named on the server itself (`--printer`) or by a device agent: a call
 * must never make the server write into a path of the caller's choosing.
 */
const ApiConnection = PrinterConfig.shape.connection.refine((c) => /^(tcp:|agent:)/.test(c), {
  message: issueWord('tcpOrAgent'),
});

const PrinterId = z.object({ id: PrinterConfig.shape.id });

/** Printers, print jobs and the ticket layout; the demo's virtual printer. */
export const printingRoutes = {
  printJob: route({
    method: 'GET',
    path: '/api/printing/job',
    access: ['kiosk', ...ADMIN],
    query: z.object({
      ticketId: z.string().min(1).max(80),
      /** Long poll: answer as soon as the job is done, or after this many ms. */
      wait: z.coerce.number().int().min(0).max(10_000).default(0),
    }),
    response: typed<PrintJobInfo>(),
    errors: ['NOT_FOUND'],
    summary: 'How a ticket printed (a kiosk asks only about tickets it issued), with a long poll',
  }),
  kioskPrinting: route({
    method: 'GET',
    path: '/api/printing/kiosk',
    access: ['kiosk'],
    response: typed<KioskPrinterInfo>(),
    errors: [],
    summary: 'The calling kiosk’s printer and whether it is ready',
  }),
  printers: route({
    method: 'GET',
    path: '/api/printers',
    access: ADMIN,
    response: typed<PrinterView[]>(),
    errors: [],
    summary: 'Configured ticket printers with their last status',
  }),
  savePrinter: route({
    method: 'PUT',
    path: '/api/printers/:id',
    access: CONFIG,
    params: PrinterId,
    // the id is the path's; one in the body is ignored
    body: PrinterConfig.partial({ id: true }).extend({ connection: ApiConnection }),
    response: typed<PrinterView>(),
    errors: [],
    summary: 'Adds or changes a network (tcp://) or device-agent (agent:) printer',
  }),
  deletePrinter: route({
    method: 'DELETE',
    path: '/api/printers/:id',
    access: CONFIG,
    params: PrinterId,
    response: z.object({ ok: z.literal(true) }),
    errors: ['NOT_FOUND'],
    summary: 'Removes a printer',
  }),
  printerTestPage: route({
    method: 'POST',
    path: '/api/printers/:id/test-page',
    access: ADMIN,
    params: PrinterId,
    response: typed<PrintOutcome>(),
    errors: ['NOT_FOUND'],
    summary: 'Prints a test page (every Cyrillic letter, the code page, a QR code) on a printer',
  }),
  printJobs: route({
    method: 'GET',
    path: '/api/printing/jobs',
    access: ADMIN,
    response: typed<PrintJobRow[]>(),
    errors: [],
    summary: 'The latest 100 print jobs, newest first: what printed and what did not, and why',
  }),
  reprint: route({
    method: 'POST',
    path: '/api/printing/jobs/:ticketId/reprint',
    access: ADMIN,
    params: z.object({ ticketId: z.string().min(1).max(80) }),
    response: typed<PrintJobInfo>(),
    errors: ['NOT_FOUND', 'PRINT_JOB_BUSY', 'UNKNOWN_TICKET', 'PRINTER_NOT_AVAILABLE'],
    summary: 'Prints a finished job again after a jam or an empty roll, while its visitor is in the hall',
  }),
  ticketLayout: route({
    method: 'GET',
    path: '/api/printing/layout',
    access: ADMIN,
    response: typed<TicketLayout>(),
    errors: [],
    summary: 'The ticket layout of the office configuration',
  }),
  saveTicketLayout: route({
    method: 'PUT',
    path: '/api/printing/layout',
    access: CONFIG,
    body: TicketLayout,
    response: typed<TicketLayout>(),
    // and whatever else the configuration's own checks refuse
    errors: ['NOT_CONFIGURED'],
    summary: 'Changes the ticket layout: a new configuration version like any other change',
  }),
  layoutPreview: route({
    method: 'GET',
    path: '/api/printing/layout/preview.png',
    // sample data only, no visitor's ticket
    access: 'public',
    query: z.object({
      paper: z.coerce.number().pipe(PaperWidth).default(80),
      qr: QrMode.default('native'),
    }),
    produces: 'file',
    errors: [],
    summary: 'The saved layout on a sample ticket, as a PNG drawn from the very ESC/POS bytes',
  }),
  layoutPreviewDraft: route({
    method: 'POST',
    path: '/api/printing/layout/preview.png',
    access: ADMIN,
    body: z
      .object({
        layout: TicketLayout.partial().default({}),
        paper: PaperWidth.default(80),
        qr: QrMode.default('native'),
      })
      .strict(),
    produces: 'file',
    errors: [],
    summary: 'An edited layout on a sample ticket before it is saved, as a PNG',
  }),

  // The demo's virtual printer (`printing.virtualPrinter`): served only when it runs.
  virtualPrinterRedirect: route({
    method: 'GET',
    path: '/printer',
    access: 'public',
    produces: 'redirect',
    errors: [],
    summary: 'To /printer/',
  }),
  virtualPrinterPage: route({
    method: 'GET',
    path: '/printer/',
    access: 'public',
    produces: 'html',
    errors: [],
    summary: 'The demo’s virtual printer: every ticket it printed, as the paper would look',
  }),
  virtualPrinterTickets: route({
    method: 'GET',
    path: '/printer/tickets.json',
    access: 'public',
    response: typed<VirtualTicket[]>(),
    errors: [],
    summary: 'The tickets the virtual printer printed, decoded',
  }),
  virtualPrinterTicket: route({
    method: 'GET',
    path: '/printer/tickets/:file',
    access: 'public',
    params: z.object({ file: z.string() }),
    produces: 'file',
    errors: ['NOT_FOUND'],
    summary: 'One printed ticket as a PNG (`<index>.png`)',
  }),
  virtualPrinterScript: route({
    method: 'GET',
    path: '/printer/page.js',
    access: 'public',
    produces: 'file',
    errors: [],
    summary: 'The virtual printer page’s script (a file: the Content-Security-Policy allows no inline script)',
  }),
  virtualPrinterState: route({
    method: 'POST',
    path: '/printer/state',
    // a paired device (the demo kiosk the printer serves, whose token the page takes from this browser) or
    // a hall administrator; never anyone on the network
    access: ['kiosk', ...ADMIN],
    body: VirtualPrinterState.partial().strict(),
    response: typed<VirtualPrinterState>(),
    errors: [],
    summary: 'Demo only: pretend the paper ran out or the cover is open',
  }),
};
