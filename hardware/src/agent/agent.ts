import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { PrinterStatus } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { deviceHealth, statusDetails } from '../escpos/status.js';
import type { Printer, PrintResult } from '../printer.js';

export interface AgentOptions {
  /** The office server, e.g. `http://192.168.1.10:8080`. */
  serverUrl: string;
  /** A device token (pairing role `device`). */
  token: string;
  printer: Printer;
  /** Printer status to the server this often (it is the agent's heartbeat). */
  statusPollMs?: number;
  /** Job ids already taken, one per line: a job the server sends again after a lost answer is not printed twice. */
  journalPath?: string;
  log?: (msg: string) => void;
}

interface Job {
  jobId: string;
  data: string;
}

const JOURNAL_KEEP = 5000;

/**
 * The device agent on a kiosk PC whose printer hangs on USB or a serial port: it connects to the
 * office server's `/device` namespace as a device, prints the jobs it is sent and reports the printer's
 * status as its heartbeat. Each job id is journalled before the first byte, so it prints at most once.
 */
export class DeviceAgent {
  private socket: Socket | null = null;
  private timer: NodeJS.Timeout | undefined;
  private readonly taken = new Set<string>();
  private readonly log: (msg: string) => void;
  lastStatus: PrinterStatus | null = null;
  printed = 0;

  constructor(private readonly opts: AgentOptions) {
    this.log = opts.log ?? ((m) => console.log(`[talon-agent] ${m}`));
    if (opts.journalPath && existsSync(opts.journalPath))
      for (const id of readFileSync(opts.journalPath, 'utf8').split('\n').slice(-JOURNAL_KEEP))
        if (id) this.taken.add(id);
  }

  start(): Promise<void> {
    const socket = io(`${this.opts.serverUrl.replace(/\/$/, '')}/device`, {
      auth: { token: this.opts.token },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('print', (job: Job, ack: (r: PrintResult & { duplicate?: boolean }) => void) => {
      void this.handle(job).then((r) => typeof ack === 'function' && ack(r));
    });
    socket.on('connect', () => {
      this.log(`connected to ${this.opts.serverUrl}`);
      void this.report();
    });
    socket.on('disconnect', (reason) => this.log(`disconnected: ${reason}`));
    const every = this.opts.statusPollMs ?? 5000;
    if (every > 0) this.timer = setInterval(() => void this.report(), every);
    return new Promise((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err) => {
        if (err.message === 'unauthorized') reject(new Error('the server refused the device token'));
      });
    });
  }

  /** One job: refused if its id was taken before, journalled, printed once. */
  async handle(job: Job): Promise<PrintResult & { duplicate?: boolean }> {
    if (typeof job?.jobId !== 'string' || typeof job.data !== 'string') {
      return {
        ok: false,
        reason: 'bad-job',
        sent: false,
        status: this.lastStatus ?? (await this.opts.printer.status()),
      };
    }
    if (this.taken.has(job.jobId)) {
      this.log(`job ${job.jobId} was already taken; not printing it again`);
      const status = this.lastStatus ?? (await this.opts.printer.status());
      return { ok: false, reason: 'duplicate', sent: true, status, duplicate: true };
    }
    this.taken.add(job.jobId);
    if (this.opts.journalPath) appendFileSync(this.opts.journalPath, `${job.jobId}\n`);
    const r = await this.opts.printer.print(Buffer.from(job.data, 'base64'));
    this.lastStatus = r.status;
    if (r.ok) this.printed++;
    this.log(`job ${job.jobId}: ${r.ok ? 'printed' : `not printed (${r.reason})`}`);
    this.emitStatus(r.status);
    return r;
  }

  private emitStatus(s: PrinterStatus) {
    this.socket?.emit('heartbeat', { status: deviceHealth(s), details: statusDetails(s) });
  }

  /** Polls the printer and tells the server (also keeps the agent "online" for the admin). */
  async report(): Promise<PrinterStatus> {
    const s = await this.opts.printer.status();
    this.lastStatus = s;
    if (this.socket?.connected) this.emitStatus(s);
    return s;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.socket?.close();
    this.socket = null;
    await this.opts.printer.close();
  }
}
