import type { PrinterStatus, PrintOutcome } from '@talon/protocol';
import { blockingReason, parseStatus, STATUS_QUERY, UNREACHABLE } from './escpos/status.js';
import { type SerialFactory, SerialTransport } from './transport/serial.js';
import { TcpTransport } from './transport/tcp.js';
import { type Transport, TransportError } from './transport/types.js';
import { UsbFileTransport } from './transport/usb-file.js';

/** What a printer did with a job (the route table's `PrintOutcome`, also the test page's answer). */
export type PrintResult = PrintOutcome;

export interface PrinterOptions {
  /** How long to wait for the three DLE EOT replies. */
  statusTimeoutMs?: number;
}

/**
 * One physical printer: every exchange (a job, a status poll) runs alone, in order, because most
 * printers take one connection at a time and interleaved bytes would garble a ticket.
 */
export class Printer {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly statusTimeoutMs: number;
  lastStatus: PrinterStatus | null = null;

  constructor(
    readonly transport: Transport,
    opts: PrinterOptions = {},
  ) {
    this.statusTimeoutMs = opts.statusTimeoutMs ?? 1500;
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(fn, fn);
    this.chain = run.catch(() => {});
    return run;
  }

  private async readStatus(link: Parameters<Parameters<Transport['session']>[0]>[0]): Promise<PrinterStatus> {
    if (!link.canRead)
      return { reachable: true, online: true, paperOut: false, paperNearEnd: false, coverOpen: false, unknown: true };
    const replies = await link.request(STATUS_QUERY, 3, this.statusTimeoutMs);
    if (!replies) return { ...UNREACHABLE('no status reply'), reachable: true, unknown: true };
    return parseStatus(replies);
  }

  /** DLE EOT 1, 2, 4: online, cover, paper. */
  status(): Promise<PrinterStatus> {
    return this.exclusive(async () => {
      let s: PrinterStatus;
      try {
        s = await this.transport.session((link) => this.readStatus(link));
      } catch (err) {
        s = UNREACHABLE((err as Error).message);
      }
      this.lastStatus = s;
      return s;
    });
  }

  /**
   * Prints once: checks the status first (nothing is sent to a printer without paper), writes the
   * bytes, then reads the status again. Never retries by itself.
   */
  print(bytes: Buffer): Promise<PrintResult> {
    return this.exclusive(async () => {
      let sent = false;
      let status: PrinterStatus = UNREACHABLE('not connected');
      try {
        return await this.transport.session(async (link): Promise<PrintResult> => {
          status = await this.readStatus(link);
          const answered = !status.unknown;
          const before = blockingReason(status);
          if (before) return { ok: false, reason: before, sent: false, status };
          sent = true;
          await link.write(bytes);
          if (!link.canRead) return { ok: true, status };
          const after = await this.readStatus(link);
          status = after;
          // paper ran out or the cover opened while this ticket printed: it may be cut short; a printer that
          // answered before the ticket and not after it lost its line or its power under it (same doubt)
          const reason = after.unknown ? (answered ? 'write-failed' : null) : blockingReason(after);
          return reason ? { ok: false, reason, sent: true, status: after } : { ok: true, status: after };
        });
      } catch (err) {
        const reason = err instanceof TransportError ? err.reason : 'error';
        if (!sent) status = UNREACHABLE((err as Error).message);
        return { ok: false, reason: sent ? 'write-failed' : reason, sent, status, error: (err as Error).message };
      } finally {
        this.lastStatus = status;
      }
    });
  }

  close(): Promise<void> {
    return this.exclusive(() => this.transport.close());
  }
}

export interface ConnectionOptions {
  connectTimeoutMs?: number;
  serialFactory?: SerialFactory;
}

/** `tcp://host[:port]`, `serial:PATH[?baud=N]`, `usb:PATH`; `agent:` printers are driven by the agent. */
export function transportFor(connection: string, opts: ConnectionOptions = {}): Transport {
  if (connection.startsWith('tcp://')) {
    const u = new URL(connection);
    return new TcpTransport({
      host: u.hostname.replace(/^\[|\]$/g, ''),
      port: u.port ? Number(u.port) : 9100,
      ...(opts.connectTimeoutMs ? { connectTimeoutMs: opts.connectTimeoutMs } : {}),
    });
  }
  if (connection.startsWith('serial:')) {
    const [path = '', query = ''] = connection.slice('serial:'.length).split('?');
    const baud = Number(new URLSearchParams(query).get('baud') ?? 19200);
    return new SerialTransport({
      path,
      baudRate: Number.isFinite(baud) && baud > 0 ? baud : 19200,
      ...(opts.serialFactory ? { factory: opts.serialFactory } : {}),
    });
  }
  if (connection.startsWith('usb:')) return new UsbFileTransport(connection.slice('usb:'.length));
  throw new Error(`unsupported printer connection: ${connection}`);
}
