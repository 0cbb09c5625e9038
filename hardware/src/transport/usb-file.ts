import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { type Link, type Transport, TransportError } from './types.js';

/**
 * The Linux USB printer class device (`/dev/usb/lp0`, group `lp`). Written once per job, never
 * retried: a retry loop is how a paper-out printer ends up printing a ticket twice. The device file
 * gives no status replies, so status is "unknown" and reachability means "the device opened".
 */
export class UsbFileTransport implements Transport {
  readonly kind = 'usb' as const;
  readonly address: string;

  constructor(private readonly path: string) {
    this.address = `usb:${path}`;
  }

  async session<T>(fn: (link: Link) => Promise<T>): Promise<T> {
    let fh: Awaited<ReturnType<typeof open>>;
    try {
      // no O_CREAT: a missing device must fail, not become a regular file in /dev
      fh = await open(this.path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY);
    } catch (err) {
      throw new TransportError('unreachable', `${this.address}: ${(err as Error).message}`);
    }
    const link: Link = {
      canRead: false,
      write: async (bytes) => {
        try {
          let off = 0;
          while (off < bytes.length) off += (await fh.write(bytes, off)).bytesWritten;
        } catch (err) {
          throw new TransportError('write-failed', `${this.address}: ${(err as Error).message}`);
        }
      },
      request: async () => null,
    };
    try {
      return await fn(link);
    } finally {
      await fh.close().catch(() => {});
    }
  }

  async close(): Promise<void> {}
}
