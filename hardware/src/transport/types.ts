/** One open exchange with a printer: write bytes, ask for status replies. */
export interface Link {
  /** Resolves when the bytes are handed to the OS (socket, tty or device file). */
  write(bytes: Buffer): Promise<void>;
  /**
   * Sends `bytes` and collects `count` reply bytes; null when the link cannot read (a one-way device
   * file) or nothing came back in time.
   */
  request(bytes: Buffer, count: number, timeoutMs: number): Promise<number[] | null>;
  readonly canRead: boolean;
}

/** How bytes reach a printer. A session is exclusive: the printer object runs one at a time. */
export interface Transport {
  readonly kind: 'tcp' | 'serial' | 'usb';
  readonly address: string;
  /** Opens the link, runs `fn`, closes it. Failing to open throws `TransportError('unreachable')`. */
  session<T>(fn: (link: Link) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export class TransportError extends Error {
  constructor(
    readonly reason: 'unreachable' | 'write-failed' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** Collects reply bytes from a readable link and hands them to whoever asked. */
export class ReplyCollector {
  private buf: number[] = [];
  private waiter: { count: number; resolve: (r: number[] | null) => void; timer: NodeJS.Timeout } | null = null;

  push(chunk: Uint8Array) {
    for (const b of chunk) this.buf.push(b);
    this.check();
  }

  private check() {
    const w = this.waiter;
    if (w && this.buf.length >= w.count) {
      clearTimeout(w.timer);
      this.waiter = null;
      w.resolve(this.buf.splice(0, w.count));
    }
  }

  /** Stale bytes from an earlier exchange must not answer this one. */
  expect(count: number, timeoutMs: number): Promise<number[] | null> {
    this.buf = [];
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(null);
      }, timeoutMs);
      this.waiter = { count, resolve, timer };
    });
  }

  fail() {
    const w = this.waiter;
    if (!w) return;
    clearTimeout(w.timer);
    this.waiter = null;
    w.resolve(null);
  }
}
