import { createHash, randomBytes } from 'node:crypto';
import { networkInterfaces } from 'node:os';
import { peopleAhead, ratingSettingsOf } from '@talon/engine';
import {
  type ConnectionOptions,
  deviceHealth,
  encodeTicket,
  Printer,
  type PrintResult,
  statusDetails,
  type TicketData,
  transportFor,
} from '@talon/hardware';
import {
  type DomainEvent,
  type EngineState,
  PRINT_DONE,
  type PrinterConfig,
  type PrinterStatus,
  type PrinterView,
  type PrintJobInfo,
  type TalonError,
  type Ticket,
  type TicketLayout,
  talonError,
  ticketLayoutOf,
} from '@talon/protocol';
import { visitUrl } from '../links.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import type { AgentHub } from './agents.js';
import { createPrintTables, type JobRecord, type PrintTables } from './tables.js';

export interface PrintServiceOptions {
  office: Office;
  store: Store;
  agents: AgentHub;
  /** The office's link-signing secret (`loadOrCreateSecret`). */
  secret: Buffer;
  /** Base of the visit link in the QR code; default: the office server's own address. */
  publicBaseUrl?: string;
  /** How often server-driven printers are asked for their status; 0 = only around jobs. */
  statusPollMs?: number;
  /** Jobs still queued this long after a restart are dropped: the visitor has left the kiosk. */
  staleJobMs?: number;
  agentTimeoutMs?: number;
  transport?: ConnectionOptions;
  log?: (msg: string, err?: unknown) => void;
}

interface PrinterEntry {
  config: PrinterConfig;
  /** Absent for `agent:` printers, which the agent drives. */
  printer?: Printer;
  /** The device row whose status the admin sees. */
  deviceId: string;
  status: PrinterStatus | null;
}

/** The printer as the admin's list shows it: the one definition is the route table's. */
export type { PrinterView };

/** The office server's address on the LAN, for the QR link when nothing else is configured. */
export function ownUrl(host: string | undefined, port: number, scheme: 'http' | 'https' = 'http'): string {
  if (host && host !== '0.0.0.0' && host !== '::')
    return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return `${scheme}://${a.address}:${port}`;
  return `${scheme}://127.0.0.1:${port}`;
}

/**
 * Ticket printing. It listens to committed events, so the ticket exists (and the kiosk has its answer)
 * before a byte goes to the printer: a printer that is off or out of paper never stops a ticket.
 * Each ticket has one job row keyed by its id; a job moves queued → printing → printed | failed |
 * uncertain and never back, so no retry path prints a ticket twice.
 */
export class PrintService {
  private readonly office: Office;
  private readonly tables: PrintTables;
  private readonly entries = new Map<string, PrinterEntry>();
  private readonly waiters = new Map<string, Set<() => void>>();
  private readonly log: (msg: string, err?: unknown) => void;
  private pollTimer: NodeJS.Timeout | undefined;
  /** Leaves the office's commits (the job row with the ticket, the print after it). */
  private leave: (() => void) | undefined;
  /** Jobs queued by the append hook, started once their ticket is committed. */
  private readonly queued = new Set<string>();
  private baseUrl: string;
  /** Head office's public address for visit links (its welcome), when it gave one. */
  private headOfficeBase: string | null = null;
  private closed = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly opts: PrintServiceOptions) {
    this.office = opts.office;
    this.tables = createPrintTables(opts.store.db);
    this.log = opts.log ?? ((m, e) => console.error(m, e));
    this.baseUrl = opts.publicBaseUrl ?? 'http://127.0.0.1';
    for (const p of this.tables.printers()) this.mount(p.config);
  }

  /** Called once the server listens: the default QR base is the server's own address. */
  start(ownBaseUrl: string) {
    if (!this.opts.publicBaseUrl) this.baseUrl = ownBaseUrl;
    this.recoverJobs();
    // The job row commits with the ticket (no fsync of its own, and no ticket without its job after a
    // crash); printing starts once the commit is done and the kiosk is being answered.
    this.leave = this.office.onCommit({
      inTransaction: (e) => {
        if (e.type !== 'TicketIssued') return;
        // Printing never stops a ticket: a job that cannot be recorded leaves the number on the screen.
        try {
          this.recordJob(e);
        } catch (err) {
          this.log(`ticket ${e.ticket.number}: print job not recorded`, err);
        }
      },
      afterCommit: (events) => {
        for (const e of events)
          if (e.type === 'TicketIssued' && this.queued.has(e.ticket.id)) this.track(this.run(e.ticket.id));
        // Anything else in the set belonged to a transaction that rolled back.
        this.queued.clear();
      },
    });
    const every = this.opts.statusPollMs ?? 5000;
    if (every > 0) {
      this.pollTimer = setInterval(() => void this.pollAll(), every);
      this.pollTimer.unref();
      void this.pollAll();
    }
  }

  async close() {
    this.closed = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.leave?.();
    await Promise.allSettled([...this.inFlight]);
    await Promise.allSettled([...this.entries.values()].map((e) => e.printer?.close()));
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    // A job whose row cannot be written (a full or read-only disk) is logged: an unhandled rejection
    // would end the whole office server. The ticket is issued already; the job stays open for `recoverJobs`.
    void p
      .catch((err) => this.log('printing: a job or a status poll failed', err))
      .finally(() => this.inFlight.delete(p));
    return p;
  }

  /** The QR base: the office configuration's public address wins, then `--public-url`, head office's, our own. */
  linkBase(): string {
    return (
      ratingSettingsOf(this.office.config).rating.publicBaseUrl ??
      this.opts.publicBaseUrl ??
      this.headOfficeBase ??
      this.baseUrl
    );
  }

  /** Head office serves the visit pages at this public address (issue 13); null: it does not. */
  setHeadOfficeBase(base: string | null): void {
    this.headOfficeBase = base;
  }

  // ---- printers ----------------------------------------------------------------------------

  private deviceFor(cfg: PrinterConfig): string {
    if (cfg.connection.startsWith('agent:')) return cfg.connection.slice('agent:'.length);
    const id = `printer-${cfg.id}`;
    const store = this.opts.store;
    if (!store.findDevice(id)) {
      // the printer is a device for status and alarms; its token is random and never handed out
      const tokenHash = createHash('sha256').update(randomBytes(32)).digest('hex');
      store.createDevice({ id, name: `Принтер: ${cfg.name}`, role: 'device', tokenHash, createdAt: this.now() });
    }
    return id;
  }

  private mount(cfg: PrinterConfig) {
    const old = this.entries.get(cfg.id);
    void old?.printer?.close();
    const deviceId = this.deviceFor(cfg);
    this.tables.setPrinterDevice(cfg.id, deviceId);
    const printer = cfg.connection.startsWith('agent:')
      ? undefined
      : new Printer(transportFor(cfg.connection, this.opts.transport ?? {}));
    this.entries.set(cfg.id, { config: cfg, deviceId, status: null, ...(printer ? { printer } : {}) });
  }

  /** Adds or replaces a printer (by id) and asks it for its status at once. */
  setPrinter(cfg: PrinterConfig): PrinterView {
    this.tables.upsertPrinter(cfg, this.now());
    this.mount(cfg);
    const entry = this.entries.get(cfg.id) as PrinterEntry;
    if (!this.closed && entry.printer) void this.track(this.poll(entry));
    return this.view(entry);
  }

  removePrinter(id: string): boolean {
    const e = this.entries.get(id);
    this.entries.delete(id);
    void e?.printer?.close();
    return this.tables.deletePrinter(id);
  }

  private view(e: PrinterEntry): PrinterView {
    return { config: e.config, deviceId: e.deviceId, status: e.status };
  }

  printers(): PrinterView[] {
    return [...this.entries.values()].map((e) => this.view(e));
  }

  /** The kiosk's own printer, else one that serves every kiosk. */
  printerFor(kioskId: string): PrinterEntry | undefined {
    const all = [...this.entries.values()];
    return all.find((e) => e.config.kioskIds.includes(kioskId)) ?? all.find((e) => e.config.kioskIds.length === 0);
  }

  private record(e: PrinterEntry, s: PrinterStatus) {
    e.status = s;
    if (e.config.connection.startsWith('agent:')) return; // the agent reports its own heartbeats
    this.opts.store.recordHeartbeat(e.deviceId, { status: deviceHealth(s), details: statusDetails(s) }, this.now());
  }

  private async poll(e: PrinterEntry) {
    if (!e.printer || this.closed) return;
    const s = await e.printer.status();
    if (!this.closed) this.record(e, s);
  }

  pollAll(): Promise<unknown> {
    return this.track(Promise.allSettled([...this.entries.values()].map((e) => this.poll(e))));
  }

  // ---- jobs --------------------------------------------------------------------------------

  private now() {
    return this.office.clock.now();
  }

  /** A restart never resends: a job caught mid-print is uncertain, an old queued one is dropped. */
  private recoverJobs() {
    const now = this.now();
    for (const j of this.tables.openJobs()) {
      if (j.status === 'printing') this.tables.moveJob(j.ticketId, 'printing', 'uncertain', now, 'restart');
      else if (now - j.createdAt > (this.opts.staleJobMs ?? 30_000))
        this.tables.moveJob(j.ticketId, 'queued', 'failed', now, 'expired');
      else this.track(this.run(j.ticketId));
    }
  }

  private recordJob(e: Extract<DomainEvent, { type: 'TicketIssued' }>) {
    // only kiosk tickets are printed; the hall administrator's desk hands tickets out by hand
    if (e.actor.kind !== 'device' || e.actor.role !== 'kiosk') return;
    const kioskId = e.actor.deviceId;
    const entry = this.printerFor(kioskId);
    const at = e.at;
    if (!entry) {
      this.tables.insertJob({ ticketId: e.ticket.id, kioskId, status: 'none', reason: 'no-printer' }, at);
      return;
    }
    const fresh = this.tables.insertJob(
      { ticketId: e.ticket.id, kioskId, printerId: entry.config.id, status: 'queued' },
      at,
    );
    if (fresh) this.queued.add(e.ticket.id);
  }

  /** The words on a ticket, from the state right after its issue (what the kiosk was told). */
  ticketData(state: Readonly<EngineState>, ticket: Ticket): TicketData {
    const config = state.config;
    const service = config?.services.find((s) => s.id === ticket.serviceId);
    const appointment = ticket.appointmentId ? state.appointments[ticket.appointmentId] : undefined;
    const ahead = peopleAhead(state as EngineState, ticket, this.now());
    // Nobody at a window serves it: no wait can be promised, the ticket says so instead.
    const estimate = ahead === null ? null : this.office.estimateFor(ticket.id);
    const exp = ticket.issuedAt + (24 + ratingSettingsOf(config).rating.rateWithinHours) * 3600_000;
    return {
      officeName: config?.name.ru ?? '',
      serviceName: service?.name.ru ?? '',
      number: ticket.number,
      issuedAt: ticket.issuedAt,
      timeZone: config?.timeZone ?? 'Europe/Moscow',
      peopleAhead: ahead,
      ...(estimate
        ? {
            estimate: {
              lowMin: estimate.lowMin,
              highMin: estimate.highMin,
              ...(estimate.pointMin !== undefined ? { pointMin: estimate.pointMin } : {}),
            },
          }
        : {}),
      qrUrl: visitUrl(this.linkBase(), this.opts.secret, ticket.id, exp),
      ...(appointment ? { appointmentAt: appointment.slotAt } : {}),
      ...(ticket.priorityCategoryId ? { priority: true } : {}),
    };
  }

  layout(): TicketLayout {
    return ticketLayoutOf(this.office.config);
  }

  private async run(ticketId: string) {
    const job = this.tables.job(ticketId);
    const entry = job?.printerId ? this.entries.get(job.printerId) : undefined;
    const state = this.office.view();
    const ticket = state.tickets[ticketId];
    if (job?.status !== 'queued') return;
    if (!entry || !ticket) {
      this.finish(ticketId, 'queued', 'failed', entry ? 'ticket-closed' : 'no-printer');
      return;
    }
    let bytes: Buffer;
    try {
      bytes = await encodeTicket(this.layout(), this.ticketData(state, ticket), {
        paperWidth: entry.config.paperWidth,
        qr: entry.config.qr,
        codePage: entry.config.codePage,
        ...(entry.config.codePageNumber !== undefined ? { codePageNumber: entry.config.codePageNumber } : {}),
      });
    } catch (err) {
      this.log(`ticket ${ticketId}: cannot build the print job`, err);
      this.finish(ticketId, 'queued', 'failed', 'encode');
      return;
    }
    // recorded before the first byte: after a crash from here on the job is never sent again
    if (!this.tables.moveJob(ticketId, 'queued', 'printing', this.now(), undefined, bytes.length)) return;
    this.notify(ticketId);
    const result = await this.send(entry, ticketId, bytes);
    this.record(entry, result.status);
    if (result.ok) this.finish(ticketId, 'printing', 'printed');
    else this.finish(ticketId, 'printing', result.sent ? 'uncertain' : 'failed', result.reason);
  }

  private send(entry: PrinterEntry, jobId: string, bytes: Buffer): Promise<PrintResult> {
    if (entry.printer) return entry.printer.print(bytes);
    return this.opts.agents.print(
      entry.deviceId,
      { jobId, data: bytes.toString('base64') },
      this.opts.agentTimeoutMs ?? 15_000,
    );
  }

  private finish(ticketId: string, from: 'queued' | 'printing', to: PrintJobInfo['status'], reason?: string) {
    this.tables.moveJob(ticketId, from, to, this.now(), reason);
    this.notify(ticketId);
  }

  private notify(ticketId: string) {
    const w = this.waiters.get(ticketId);
    if (!w) return;
    for (const f of w) f();
  }

  job(ticketId: string): (PrintJobInfo & { kioskId?: string }) | null {
    const j = this.tables.job(ticketId);
    if (!j) return null;
    const { createdAt: _, ...info } = j;
    return info;
  }

  /** The latest jobs, newest first, with the ticket's number (the job id is the ticket id). */
  recentJobs(limit = 50): (JobRecord & { number?: string })[] {
    const store = this.opts.store;
    return this.tables.recentJobs(limit).map((j) => {
      const number = this.office.view().tickets[j.ticketId]?.number ?? store.ticketRow(j.ticketId)?.number;
      return number ? { ...j, number } : j;
    });
  }

  /**
   * An administrator prints a finished job again (paper ran out, the ticket jammed): on the printer it
   * went to, else the kiosk's printer now. Only while the ticket is still in the hall; never a job that
   * is queued or printing. The caller records who asked.
   */
  reprint(ticketId: string): { ok: true; job: PrintJobInfo } | { ok: false; error: TalonError } {
    const job = this.tables.job(ticketId);
    if (!job) return { ok: false, error: talonError('NOT_FOUND', { ticketId }) };
    if (!PRINT_DONE.includes(job.status)) return { ok: false, error: talonError('PRINT_JOB_BUSY', { ticketId }) };
    if (!this.office.view().tickets[ticketId]) return { ok: false, error: talonError('UNKNOWN_TICKET', { ticketId }) };
    const entry =
      (job.printerId ? this.entries.get(job.printerId) : undefined) ??
      (job.kioskId ? this.printerFor(job.kioskId) : undefined);
    if (!entry) return { ok: false, error: talonError('PRINTER_NOT_AVAILABLE', { ticketId }) };
    if (!this.tables.requeueJob(ticketId, entry.config.id, this.now()))
      return { ok: false, error: talonError('PRINT_JOB_BUSY', { ticketId }) };
    this.track(this.run(ticketId));
    const { createdAt: _, kioskId: _k, ...info } = this.tables.job(ticketId) ?? job;
    return { ok: true, job: info };
  }

  /** The job once it is done (printed, failed, uncertain, none) or after `ms`, whichever comes first. */
  waitJob(ticketId: string, ms: number): Promise<ReturnType<PrintService['job']>> {
    const now = this.job(ticketId);
    // the job row is written as the ticket is committed, before the kiosk has its answer: one missing now never comes
    if (ms <= 0 || !now || PRINT_DONE.includes(now.status)) return Promise.resolve(now);
    return new Promise((resolve) => {
      let set = this.waiters.get(ticketId);
      if (!set) {
        set = new Set();
        this.waiters.set(ticketId, set);
      }
      const done = () => {
        clearTimeout(timer);
        set.delete(check);
        if (set.size === 0) this.waiters.delete(ticketId);
        resolve(this.job(ticketId));
      };
      const check = () => {
        const j = this.job(ticketId);
        if (j && PRINT_DONE.includes(j.status)) done();
      };
      const timer = setTimeout(done, ms);
      set.add(check);
    });
  }

  /** A test page for installing a printer: every Cyrillic letter, the code page, a QR code. */
  async printTestPage(printerId: string): Promise<PrintResult | null> {
    const entry = this.entries.get(printerId);
    if (!entry) return null;
    const config = this.office.config;
    const bytes = await encodeTicket(
      {
        ...this.layout(),
        header: 'Проверка принтера',
        footer: 'АБВГДЕЁЖЗИЙКЛМНОП РСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмноп рстуфхцчшщъыьэюя № 0123456789',
      },
      {
        officeName: config?.name.ru ?? 'Talon',
        serviceName: `${entry.config.name} · ${entry.config.codePage.toUpperCase()} · ${entry.config.paperWidth} мм`,
        number: 'Т-000',
        issuedAt: this.now(),
        timeZone: config?.timeZone ?? 'Europe/Moscow',
        qrUrl: this.linkBase(),
      },
      { paperWidth: entry.config.paperWidth, qr: entry.config.qr, codePage: entry.config.codePage },
    );
    const r = await this.send(entry, `test-${Date.now()}`, bytes);
    this.record(entry, r.status);
    return r;
  }
}
