import { blockingReason } from '@talon/hardware';
import { type Actor, type AuditAction, type LocalText, TicketLayout, ticketLayoutOf } from '@talon/protocol';
import { actorOf } from '../edge/identity.js';
import { type Edge, Refusal, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { layoutPreviewPng, sampleTicket } from './preview.js';
import type { PrintService } from './service.js';

export interface PrintingRoutesDeps {
  office: Office;
  store: Store;
  printing: PrintService;
  /** Records who did what (the admin's audit log); reprints are recorded there. */
  audit?: (actor: Actor, action: AuditAction, target: string, changes: LocalText[]) => void;
}

/** Printers, print jobs and the ticket layout over HTTP. */
export function registerPrintingRoutes({ serve }: Edge, { office, store, printing, audit }: PrintingRoutesDeps) {
  // The kiosk asks how its ticket printed; it may only ask about tickets it issued.
  serve('printJob', async ({ query, identity }) => {
    const job = await printing.waitJob(query.ticketId, query.wait);
    if (!job || (identity.kind === 'device' && job.kioskId !== identity.device.deviceId))
      return refuse('NOT_FOUND', { ticketId: query.ticketId });
    const { kioskId: _, ...info } = job;
    return info;
  });

  // The kiosk's printer, so that the start screen can say up front that tickets are shown, not printed.
  serve('kioskPrinting', ({ identity }) => {
    if (identity.kind !== 'device') return refuse('FORBIDDEN');
    const entry = printing.printerFor(identity.device.deviceId);
    if (!entry) return { printer: null };
    const status = entry.status;
    const device = store.findDevice(entry.deviceId);
    const reason = status ? blockingReason(status) : device?.status === 'error' ? 'error' : null;
    return {
      printer: { id: entry.config.id, name: entry.config.name, ready: reason === null, ...(reason ? { reason } : {}) },
    };
  });

  serve('printers', () => printing.printers());

  // Only tcp:// and agent: printers: the table's body schema refuses the rest.
  serve('savePrinter', ({ params, body }) => printing.setPrinter({ ...body, id: params.id }));

  serve('deletePrinter', ({ params }) =>
    printing.removePrinter(params.id) ? { ok: true as const } : refuse('NOT_FOUND'),
  );

  serve('printerTestPage', async ({ params }) => (await printing.printTestPage(params.id)) ?? refuse('NOT_FOUND'));

  serve('printJobs', () => printing.recentJobs(100));

  // A hall administrator prints a ticket again after a jam or an empty roll.
  serve('reprint', ({ params: { ticketId }, identity }) => {
    const r = printing.reprint(ticketId);
    if (!r.ok) return new Refusal(r.error);
    const number = office.view().tickets[ticketId]?.number ?? ticketId;
    audit?.(actorOf(identity), 'print.reprint', ticketId, [
      { ru: `Талон ${number} отправлен на печать повторно`, en: `Ticket ${number} sent to print again` },
    ]);
    return r.job;
  });

  serve('ticketLayout', () => ticketLayoutOf(office.config));

  // The layout belongs to the office configuration, so a change is an OfficeConfigured event like any other.
  serve('saveTicketLayout', ({ body, identity }) => {
    const config = office.config;
    if (!config) return refuse('NOT_CONFIGURED');
    const r = office.configure({ ...config, ticketLayout: body }, actorOf(identity));
    return r.ok ? ticketLayoutOf(office.config) : new Refusal(r.error);
  });

  // Sample data only (no visitor's ticket), so the preview needs no sign-in.
  serve('layoutPreview', async ({ query, reply }) => {
    const data = sampleTicket(office.config, office.clock.now(), printing.linkBase());
    const png = await layoutPreviewPng(ticketLayoutOf(office.config), data, query.paper, query.qr);
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });

  // An edited layout before it is saved.
  serve('layoutPreviewDraft', async ({ body, reply }) => {
    const layout = TicketLayout.parse({ ...ticketLayoutOf(office.config), ...body.layout });
    const data = sampleTicket(office.config, office.clock.now(), printing.linkBase());
    const png = await layoutPreviewPng(layout, data, body.paper, body.qr);
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });
}
