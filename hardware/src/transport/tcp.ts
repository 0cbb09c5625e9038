import { connect, type Socket } from 'node:net';
import { type Link, ReplyCollector, type Transport, TransportError } from './types.js';

export interface TcpOptions {
  host: string;
  port?: number;
  connectTimeoutMs?: number;
}

/**
 * A network printer on raw TCP (port 9100). Many printers accept one connection at a time, so each
 * session opens its own connection and the printer object never runs two sessions at once.
 */
export class TcpTransport implements Transport {
  readonly kind = 'tcp' as const;
  readonly address: string;
  private readonly host: string;
  private readonly port: number;
  private readonly connectTimeoutMs: number;

  constructor(opts: TcpOptions) {
    this.host = opts.host;
    this.port = opts.port ?? 9100;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 2000;
    this.address = `tcp://${this.host}:${this.port}`;
  }

  private open(): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new TransportError('unreachable', `${this.address}: no answer in ${this.connectTimeoutMs} ms`));
      }, this.connectTimeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(new TransportError('unreachable', `${this.address}: ${err.message}`));
      });
    });
  }

  async session<T>(fn: (link: Link) => Promise<T>): Promise<T> {
    const socket = await this.open();
    const replies = new ReplyCollector();
    let broken: Error | null = null;
    socket.on('data', (d) => replies.push(d));
    socket.on('error', (err) => {
      broken = err;
      replies.fail();
    });
    socket.on('close', () => replies.fail());
    const link: Link = {
      canRead: true,
      write: (bytes) =>
        new Promise<void>((resolve, reject) => {
          if (broken || socket.destroyed)
            return reject(new TransportError('write-failed', `${this.address}: connection lost`));
          socket.write(bytes, (err) =>
            err ? reject(new TransportError('write-failed', `${this.address}: ${err.message}`)) : resolve(),
          );
        }),
      request: async (bytes, count, timeoutMs) => {
        const reply = replies.expect(count, timeoutMs);
        await link.write(bytes);
        return reply;
      },
    };
    try {
      return await fn(link);
    } finally {
      await new Promise<void>((resolve) => {
        if (socket.destroyed) return resolve();
        socket.once('close', () => resolve());
        // a printer that never closes its side must not hold the queue
        setTimeout(() => socket.destroy(), 1000).unref();
        socket.end();
      });
    }
  }

  async close(): Promise<void> {}
}
