import type { Duplex } from 'node:stream';
import {
  BROADCAST,
  type DisplayStatus,
  type Frame,
  FrameDecoder,
  frames,
  NakReason,
  parseStatusPayload,
  ReplyCommand,
} from './protocol.js';

export interface DisplayBusOptions {
  /** How long a display may take to answer one frame (TWD-1 allows 50 ms to start replying). */
  replyTimeoutMs?: number;
  /** Repeats after a timeout or a checksum NAK before the display counts as silent. */
  retries?: number;
  /** Called once when the line closes under the bus (adapter unplugged, port closed). */
  onClosed?: () => void;
}

export type Outcome =
  | { ok: true; reply: Frame | null }
  | { ok: false; reason: 'timeout' | 'refused' | 'closed'; detail?: string };

/** What the server needs from a window display, whatever wire it hangs on. */
export interface WindowDisplayDriver {
  show(address: number, text: string): Promise<Outcome>;
  clear(address: number): Promise<Outcome>;
  blink(address: number, seconds: number): Promise<Outcome>;
  brightness(address: number, level: number): Promise<Outcome>;
  /** `retries` overrides the bus setting, e.g. 0 to poll a display already known to be silent. */
  status(
    address: number,
    opts?: { retries?: number },
  ): Promise<{ ok: true; status: DisplayStatus } | Extract<Outcome, { ok: false }>>;
  close(): Promise<void>;
}

interface Pending {
  address: number;
  frame: Buffer;
  retries: number;
  resolve: (o: Outcome) => void;
}

const NAK_TEXT: Record<string, string> = {
  [NakReason.checksum]: 'checksum',
  [NakReason.unknownCommand]: 'unknown command',
  [NakReason.badPayload]: 'bad payload',
};

/**
 * The bus master of one RS-485 line. Half duplex: one frame on the wire at a time, the next only
 * after the reply or its timeout, so transactions are queued and never overlap.
 */
export class DisplayBus implements WindowDisplayDriver {
  private readonly queue: Pending[] = [];
  private busy = false;
  private closed = false;
  private readonly decoder = new FrameDecoder();
  private waiting: { address: number; done: (f: Frame | 'bad-checksum' | 'closed') => void } | null = null;
  private readonly replyTimeoutMs: number;
  private readonly retries: number;
  private readonly onClosed: (() => void) | undefined;
  private readonly onData = (chunk: Buffer) => {
    for (const r of this.decoder.push(chunk)) {
      const w = this.waiting;
      if (!w) continue;
      // Garbled replies and replies from another address are noise; the timeout decides.
      if (r.ok && r.frame.address === w.address) w.done(r.frame);
      else if (!r.ok && r.reason === 'checksum') w.done('bad-checksum');
    }
  };
  private readonly onClose = () => this.shutdown('closed');
  // An unhandled 'error' on a stream kills the process; a broken serial line must not.
  private readonly onError = (err: Error) => {
    this.lastError = err.message;
  };
  /** The last error the line reported (unplugged adapter, I/O error), for device status. */
  lastError: string | null = null;

  constructor(
    private readonly stream: Duplex,
    opts: DisplayBusOptions = {},
  ) {
    this.replyTimeoutMs = opts.replyTimeoutMs ?? 250;
    this.retries = opts.retries ?? 2;
    this.onClosed = opts.onClosed;
    stream.on('data', this.onData);
    stream.on('close', this.onClose);
    stream.on('error', this.onError);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  show(address: number, text: string) {
    return this.send(address, frames.showText(address, text));
  }
  clear(address: number) {
    return this.send(address, frames.clear(address));
  }
  blink(address: number, seconds: number) {
    return this.send(address, frames.blink(address, seconds));
  }
  brightness(address: number, level: number) {
    return this.send(address, frames.brightness(address, level));
  }
  async status(address: number, opts: { retries?: number } = {}) {
    const o = await this.send(address, frames.status(address), opts);
    if (!o.ok) return o;
    const status = o.reply && o.reply.command === ReplyCommand.status ? parseStatusPayload(o.reply.payload) : null;
    return status
      ? ({ ok: true, status } as const)
      : ({ ok: false, reason: 'refused', detail: 'malformed status reply' } as const);
  }

  /** Queues one frame; resolves with the display's reply (null for a broadcast). */
  send(address: number, frame: Buffer, opts: { retries?: number } = {}): Promise<Outcome> {
    if (this.closed) return Promise.resolve({ ok: false, reason: 'closed' });
    return new Promise((resolve) => {
      this.queue.push({ address, frame, retries: opts.retries ?? this.retries, resolve });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      for (let p = this.queue.shift(); p; p = this.queue.shift()) {
        p.resolve(this.closed ? { ok: false, reason: 'closed' } : await this.transact(p));
      }
    } finally {
      this.busy = false;
    }
  }

  private async transact(p: Pending): Promise<Outcome> {
    let last: Outcome = { ok: false, reason: 'timeout' };
    for (let attempt = 0; attempt <= p.retries; attempt++) {
      if (this.closed) return { ok: false, reason: 'closed' };
      const reply = await this.writeAndWait(p);
      if (reply === 'closed') return { ok: false, reason: 'closed' };
      if (p.address === BROADCAST) return { ok: true, reply: null };
      if (reply === 'timeout' || reply === 'bad-checksum') {
        last = { ok: false, reason: 'timeout', ...(reply === 'bad-checksum' ? { detail: 'garbled reply' } : {}) };
        continue;
      }
      if (reply.command === ReplyCommand.nak) {
        const why = reply.payload.toString('ascii');
        last = { ok: false, reason: 'refused', detail: NAK_TEXT[why] ?? `code ${why}` };
        // A checksum NAK means the line garbled our frame: worth another try. Others will not change.
        if (why === NakReason.checksum) continue;
        return last;
      }
      return { ok: true, reply };
    }
    return last;
  }

  private writeAndWait(p: Pending): Promise<Frame | 'timeout' | 'bad-checksum' | 'closed'> {
    return new Promise((resolve) => {
      const finish = (r: Frame | 'timeout' | 'bad-checksum' | 'closed') => {
        clearTimeout(timer);
        this.waiting = null;
        resolve(r);
      };
      // A broadcast gets no reply; the wait only keeps the line quiet for the slowest display.
      const timer = setTimeout(() => finish('timeout'), this.replyTimeoutMs);
      if (p.address !== BROADCAST) this.waiting = { address: p.address, done: finish };
      this.stream.write(p.frame, (err) => {
        if (err) finish('closed');
      });
    });
  }

  private shutdown(reason: 'closed') {
    if (this.closed) return;
    this.closed = true;
    this.waiting?.done('closed');
    for (const p of this.queue.splice(0)) p.resolve({ ok: false, reason });
    this.onClosed?.();
  }

  /** Stops the bus and closes the stream under it; queued frames resolve as `closed`. */
  async close(): Promise<void> {
    this.shutdown('closed');
    this.stream.off('data', this.onData);
    this.stream.off('close', this.onClose);
    await new Promise<void>((resolve) => {
      if (this.stream.destroyed) return resolve();
      this.stream.once('close', () => resolve());
      this.stream.destroy();
    });
  }
}
