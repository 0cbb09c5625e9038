import type { Duplex } from 'node:stream';
import { type Link, ReplyCollector, type Transport, TransportError } from './types.js';

/** The parts of a serialport stream we use; `SerialPort` and `SerialPortMock` both fit. */
export interface SerialLike extends Duplex {
  readonly isOpen: boolean;
  open(cb: (err: Error | null) => void): void;
  close(cb?: (err: Error | null) => void): void;
  drain(cb: (err: Error | null) => void): void;
}

export type SerialFactory = (path: string, baudRate: number) => SerialLike;

/**
 * The real port: serialport's N-API bindings ship prebuilt inside the npm package. Loaded on first use,
 * so a server without serial printers never loads the native binding.
 */
export async function realSerial(): Promise<SerialFactory> {
  const { SerialPort } = await import('serialport');
  return (path, baudRate) => new SerialPort({ path, baudRate, autoOpen: false }) as unknown as SerialLike;
}

export interface SerialOptions {
  path: string;
  baudRate?: number;
  factory?: SerialFactory;
}

/**
 * A printer on a serial or USB-serial port (kiosk printers with a presenter often are). The port stays
 * open between jobs: reopening toggles DTR, which resets some printers.
 */
export class SerialTransport implements Transport {
  readonly kind = 'serial' as const;
  readonly address: string;
  private port: SerialLike | null = null;
  private readonly replies = new ReplyCollector();

  constructor(private readonly opts: SerialOptions) {
    this.address = `serial:${opts.path}?baud=${opts.baudRate ?? 19200}`;
  }

  private async ensureOpen(): Promise<SerialLike> {
    if (this.port?.isOpen) return this.port;
    const factory = this.opts.factory ?? (await realSerial());
    const port = factory(this.opts.path, this.opts.baudRate ?? 19200);
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err ? reject(new TransportError('unreachable', `${this.address}: ${err.message}`)) : resolve(),
      ),
    );
    port.on('data', (d: Buffer) => this.replies.push(d));
    port.on('error', () => this.replies.fail());
    port.on('close', () => {
      this.replies.fail();
      if (this.port === port) this.port = null;
    });
    this.port = port;
    return port;
  }

  async session<T>(fn: (link: Link) => Promise<T>): Promise<T> {
    const port = await this.ensureOpen();
    const link: Link = {
      canRead: true,
      write: (bytes) =>
        new Promise<void>((resolve, reject) => {
          const fail = (err: Error) => reject(new TransportError('write-failed', `${this.address}: ${err.message}`));
          port.write(bytes, (err) => {
            if (err) return fail(err);
            port.drain((e) => (e ? fail(e) : resolve()));
          });
        }),
      request: async (bytes, count, timeoutMs) => {
        const reply = this.replies.expect(count, timeoutMs);
        await link.write(bytes);
        return reply;
      },
    };
    return fn(link);
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}
