import { blockingReason } from '@talon/hardware';
import {
  type Actor,
  type AuditAction,
  type LocalText,
  PaperWidth,
  PrinterConfig,
  type Role,
  type TalonError,
  TicketLayout,
  talonError,
  ticketLayoutOf,
} from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthService } from '../auth/index.js';
import { actorOf, type Identity, identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { layoutPreviewPng, sampleTicket } from './preview.js';
import type { PrintService } from './service.js';

export interface PrintingRoutesDeps {
  office: Office;
  auth: AuthService;
  printing: PrintService;
  /** Records who did what (the admin's audit log); reprints are recorded there. */
  audit?: (actor: Actor, action: AuditAction, target: string, changes: LocalText[]) => void;
}

const ADMINS: Role[] = ['hall_admin', 'config_admin'];
const CONFIG: Role[] = ['config_admin'];

function send(reply: FastifyReply, error: TalonError) {
  return sendError(reply, error);
}

function invalid(reply: FastifyReply, issues: { path: PropertyKey[]; message: string }[]) {
  return send(
    reply,
    talonError(
      'VALIDATION_FAILED',
      issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  );
}

function who(auth: AuthService, req: FastifyRequest, reply: FastifyReply, roles: Role[]): Identity | null {
  const h = req.headers.authorization;
  const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
  if (!id.ok) {
    void send(reply, id.error);
    return null;
  }
  if (!mayUse(id.value, roles)) {
    void send(reply, talonError('FORBIDDEN'));
    return null;
  }
  return id.value;
}

const JobQuery = z.object({
  ticketId: z.string().min(1).max(80),
  /** Long poll: answer as soon as the job is done, or after this many ms. */
  wait: z.coerce.number().int().min(0).max(10_000).default(0),
});
const PreviewQuery = z.object({
  paper: z.coerce.number().pipe(PaperWidth).default(80),
  qr: z.enum(['native', 'raster']).default('native'),
});
const PreviewBody = z
  .object({
    layout: TicketLayout.partial().default({}),
    paper: PaperWidth.default(80),
    qr: z.enum(['native', 'raster']).default('native'),
  })
  .strict();

/** Printers, print jobs and the ticket layout over HTTP. */
export function registerPrintingRoutes(app: FastifyInstance, { office, auth, printing, audit }: PrintingRoutesDeps) {
  // The kiosk asks how its ticket printed; it may only ask about tickets it issued.
  app.get('/api/printing/job', async (req, reply) => {
    const id = who(auth, req, reply, ['kiosk', ...ADMINS]);
    if (!id) return reply;
    const q = JobQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error.issues);
    const job = await printing.waitJob(q.data.ticketId, q.data.wait);
    if (!job || (id.kind === 'device' && job.kioskId !== id.device.deviceId))
      return send(reply, talonError('NOT_FOUND', { ticketId: q.data.ticketId }));
    const { kioskId: _, ...info } = job;
    return info;
  });

  // The kiosk's printer, so that the start screen can say up front that tickets are shown, not printed.
  app.get('/api/printing/kiosk', async (req, reply) => {
    const id = who(auth, req, reply, ['kiosk']);
    if (id?.kind !== 'device') return reply;
    const entry = printing.printerFor(id.device.deviceId);
    if (!entry) return { printer: null };
    const status = entry.status;
    const device = office.store.findDevice(entry.deviceId);
    const reason = status ? blockingReason(status) : device?.status === 'error' ? 'error' : null;
    return {
      printer: { id: entry.config.id, name: entry.config.name, ready: reason === null, ...(reason ? { reason } : {}) },
    };
  });

  app.get('/api/printers', async (req, reply) => {
    if (!who(auth, req, reply, ADMINS)) return reply;
    return printing.printers();
  });

  app.put('/api/printers/:id', async (req, reply) => {
    if (!who(auth, req, reply, CONFIG)) return reply;
    const body = PrinterConfig.safeParse({ ...(req.body as object), id: (req.params as { id: string }).id });
    if (!body.success) return invalid(reply, body.error.issues);
    // device files and serial ports are named on the server itself (--printer) or by a device agent:
    // an API call must never make the server write into a path of the caller's choosing
    if (!/^(tcp:|agent:)/.test(body.data.connection))
      return invalid(reply, [
        { path: ['connection'], message: 'only tcp:// or agent: printers can be set over the API' },
      ]);
    return printing.setPrinter(body.data);
  });

  app.delete('/api/printers/:id', async (req, reply) => {
    if (!who(auth, req, reply, CONFIG)) return reply;
    const removed = printing.removePrinter((req.params as { id: string }).id);
    return removed ? { ok: true } : send(reply, talonError('NOT_FOUND'));
  });

  app.post('/api/printers/:id/test-page', async (req, reply) => {
    if (!who(auth, req, reply, ADMINS)) return reply;
    const r = await printing.printTestPage((req.params as { id: string }).id);
    return r ? r : send(reply, talonError('NOT_FOUND'));
  });

  app.get('/api/printing/jobs', async (req, reply) => {
    if (!who(auth, req, reply, ADMINS)) return reply;
    return printing.recentJobs(100);
  });

  // A hall administrator prints a ticket again after a jam or an empty roll.
  app.post('/api/printing/jobs/:ticketId/reprint', async (req, reply) => {
    const id = who(auth, req, reply, ADMINS);
    if (!id) return reply;
    const { ticketId } = req.params as { ticketId: string };
    const r = printing.reprint(ticketId);
    if (!r.ok) return send(reply, r.error);
    const number = office.view().tickets[ticketId]?.number ?? ticketId;
    audit?.(actorOf(id), 'print.reprint', ticketId, [
      { ru: `Талон ${number} отправлен на печать повторно`, en: `Ticket ${number} sent to print again` },
    ]);
    return r.job;
  });

  app.get('/api/printing/layout', async (req, reply) => {
    if (!who(auth, req, reply, ADMINS)) return reply;
    return ticketLayoutOf(office.config);
  });

  // The layout belongs to the office configuration, so a change is an OfficeConfigured event like any other.
  app.put('/api/printing/layout', async (req, reply) => {
    const id = who(auth, req, reply, CONFIG);
    if (id?.kind !== 'user') return reply;
    const config = office.config;
    if (!config) return send(reply, talonError('NOT_CONFIGURED'));
    const layout = TicketLayout.safeParse(req.body);
    if (!layout.success) return invalid(reply, layout.error.issues);
    const r = office.configure({ ...config, ticketLayout: layout.data }, actorOf(id));
    return r.ok ? ticketLayoutOf(office.config) : send(reply, r.error);
  });

  // Sample data only (no visitor's ticket), so the preview needs no sign-in.
  app.get('/api/printing/layout/preview.png', async (req, reply) => {
    const q = PreviewQuery.safeParse(req.query);
    if (!q.success) return invalid(reply, q.error.issues);
    const data = sampleTicket(office.config, office.clock.now(), printing.linkBase());
    const png = await layoutPreviewPng(ticketLayoutOf(office.config), data, q.data.paper, q.data.qr);
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });

  // An edited layout before it is saved.
  app.post('/api/printing/layout/preview.png', async (req, reply) => {
    if (!who(auth, req, reply, ADMINS)) return reply;
    const body = PreviewBody.safeParse(req.body ?? {});
    if (!body.success) return invalid(reply, body.error.issues);
    const layout = TicketLayout.parse({ ...ticketLayoutOf(office.config), ...body.data.layout });
    const data = sampleTicket(office.config, office.clock.now(), printing.linkBase());
    const png = await layoutPreviewPng(layout, data, body.data.paper, body.data.qr);
    return reply.type('image/png').header('cache-control', 'no-store').send(png);
  });
}
