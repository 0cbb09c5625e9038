import { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import type { PaperWidth } from '@talon/protocol';
import { type DecodedTicket, TicketAssembler } from '../escpos/assemble.js';
import { EscPosParser } from '../escpos/decoder.js';
import { statusBytes } from '../escpos/status.js';
import { renderTicketPng } from '../preview/render.js';

export interface VirtualPrinterOptions {
  host?: string;
  /** 0 (default) picks a free port: a fixed 9100 would collide between parallel tests. */
  port?: number;
  paperWidth?: PaperWidth;
  /** Tickets kept in memory (the demo runs for days). */
  keep?: number;
}

export interface PrintedTicket extends DecodedTicket {
  /** 1, 2, 3… since the printer started. */
  index: number;
  /** Wall clock of the ticket's last byte (its cut). */
  receivedAt: number;
  /** `performance.now()` of the last byte, for latency measurements in the same process. */
  lastByteHr: number;
  bytes: Buffer;
}

export interface PaperState {
  paperOut: boolean;
  paperNearEnd: boolean;
  coverOpen: boolean;
  offline: boolean;
}

/**
 * A network ticket printer in software: it takes raw ESC/POS on TCP like a real one on port 9100,
 * answers DLE EOT status from its paper/cover state, takes one connection at a time, and keeps each
 * ticket it "prints" decoded (text lines from CP866, QR payloads, images, cut) with a PNG preview.
 */
export class VirtualPrinter extends EventEmitter<{ ticket: [PrintedTicket] }> {
  readonly paperWidth: PaperWidth;
  readonly tickets: PrintedTicket[] = [];
  state: PaperState = { paperOut: false, paperNearEnd: false, coverOpen: false, offline: false };
  /** Connections turned away because another one was open. */
  refusedConnections = 0;
  /** Commands dropped while the printer could not print (no paper, cover open). */
  discardedCommands = 0;
  statusQueries = 0;
  private server: Server | null = null;
  private active: Socket | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly assembler = new TicketAssembler();
  private pendingBytes: Buffer[] = [];
  private count = 0;
  private readonly keep: number;
  private readonly pngs = new Map<number, Buffer>();
  private host: string;
  private port: number;

  constructor(opts: VirtualPrinterOptions = {}) {
    super();
    this.paperWidth = opts.paperWidth ?? 80;
    this.keep = opts.keep ?? 200;
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
  }

  /** `tcp://host:port`, the printer's address for the office server. */
  get url(): string {
    return `tcp://${this.host}:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    const addr = server.address();
    if (addr && typeof addr === 'object') this.port = addr.port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setState(s: Partial<PaperState>) {
    this.state = { ...this.state, ...s };
  }

  private get canPrint(): boolean {
    return !this.state.paperOut && !this.state.coverOpen && !this.state.offline;
  }

  private accept(socket: Socket) {
    this.sockets.add(socket);
    socket.on('close', () => {
      this.sockets.delete(socket);
      if (this.active === socket) this.active = null;
    });
    socket.on('error', () => {});
    if (this.active) {
      // like most network printers: one host at a time
      this.refusedConnections++;
      socket.destroy();
      return;
    }
    this.active = socket;
    socket.setNoDelay(true);
    const parser = new EscPosParser();
    socket.on('data', (chunk: Buffer) => {
      const ops = parser.push(chunk);
      const printable = ops.filter((o) => {
        if (o.op !== 'status') return true;
        this.statusQueries++;
        const reply = statusBytes({ ...this.state, offline: this.state.offline })[o.n];
        if (reply !== undefined) socket.write(Buffer.from([reply]));
        return false;
      });
      if (!this.canPrint) {
        this.discardedCommands += printable.length;
        return;
      }
      this.pendingBytes.push(chunk);
      for (const t of this.assembler.feed(printable)) this.finish(t);
    });
  }

  private finish(t: DecodedTicket) {
    const ticket: PrintedTicket = {
      ...t,
      index: ++this.count,
      receivedAt: Date.now(),
      lastByteHr: performance.now(),
      bytes: Buffer.concat(this.pendingBytes),
    };
    this.pendingBytes = [];
    this.tickets.push(ticket);
    while (this.tickets.length > this.keep) {
      const old = this.tickets.shift();
      if (old) this.pngs.delete(old.index);
    }
    this.emit('ticket', ticket);
  }

  ticket(index: number): PrintedTicket | undefined {
    return this.tickets.find((t) => t.index === index);
  }

  /** The ticket as it would come out of the printer (rendered once, then cached). */
  png(index: number): Buffer | undefined {
    const t = this.ticket(index);
    if (!t) return undefined;
    let png = this.pngs.get(index);
    if (!png) {
      png = renderTicketPng(t, this.paperWidth);
      this.pngs.set(index, png);
    }
    return png;
  }

  /** Resolves with the first printed ticket (already printed or still to come) that matches. */
  waitForTicket(pred: (t: PrintedTicket) => boolean = () => true, timeoutMs = 5000): Promise<PrintedTicket> {
    const found = this.tickets.find(pred);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ticket', on);
        reject(new Error(`no matching ticket printed within ${timeoutMs} ms`));
      }, timeoutMs);
      const on = (t: PrintedTicket) => {
        if (!pred(t)) return;
        clearTimeout(timer);
        this.off('ticket', on);
        resolve(t);
      };
      this.on('ticket', on);
    });
  }
}
