import { Duplex } from 'node:stream';
import {
  BROADCAST,
  decodeText,
  encodeFrame,
  encodeStatusPayload,
  FrameDecoder,
  Health,
  type HealthCode,
  HostCommand,
  NakReason,
  ReplyCommand,
} from './protocol.js';

/** One LED display as the bus sees it: what it shows, whether it blinks, what it was told. */
export class VirtualDisplay {
  text = '';
  brightness = 7;
  health: HealthCode = Health.ok;
  /** Instant the blinking stops (ms since epoch); 0 = not blinking. */
  blinkUntil = 0;
  /** Every command received, oldest first, for assertions: `T:К-001`, `B:10`, `C`. */
  readonly log: string[] = [];
  /** A powered-off or disconnected display hears nothing and says nothing. */
  powered = true;

  constructor(
    readonly address: number,
    private readonly now: () => number,
  ) {}

  get blinking(): boolean {
    return this.blinkUntil > this.now();
  }

  /** Applies a host command; returns the reply payload or a NAK reason. */
  apply(command: string, payload: Buffer): { reply: 'ack' | 'status' } | { nak: string } {
    switch (command) {
      case HostCommand.showText:
        if (payload.length === 0) return { nak: NakReason.badPayload };
        this.text = decodeText(payload);
        this.blinkUntil = 0;
        this.log.push(`T:${this.text}`);
        return { reply: 'ack' };
      case HostCommand.clear:
        this.text = '';
        this.blinkUntil = 0;
        this.log.push('C');
        return { reply: 'ack' };
      case HostCommand.blink: {
        const s = payload.toString('ascii');
        if (!/^\d\d$/.test(s)) return { nak: NakReason.badPayload };
        this.blinkUntil = Number(s) === 0 ? 0 : this.now() + Number(s) * 1000;
        this.log.push(`B:${Number(s)}`);
        return { reply: 'ack' };
      }
      case HostCommand.brightness: {
        const s = payload.toString('ascii');
        if (!/^\d$/.test(s)) return { nak: NakReason.badPayload };
        this.brightness = Number(s);
        this.log.push(`L:${s}`);
        return { reply: 'ack' };
      }
      case HostCommand.status:
        return { reply: 'status' };
      default:
        return { nak: NakReason.unknownCommand };
    }
  }
}

export interface VirtualBusOptions {
  now?: () => number;
  /** Delay before a display answers, as a real one would take a few ms. */
  replyDelayMs?: number;
}

/**
 * The device side of a TWD-1 bus: any number of virtual displays answering at their addresses.
 * Attach it to a stream (the far end of a pty pair or of `virtualLink()`), or feed it bytes.
 */
export class VirtualDisplayBus {
  readonly displays = new Map<number, VirtualDisplay>();
  /** Frames with a bad checksum that reached the bus (a display answers them with NAK 1). */
  garbled = 0;
  private readonly decoder = new FrameDecoder();
  private readonly now: () => number;
  private readonly replyDelayMs: number;

  constructor(addresses: Iterable<number>, opts: VirtualBusOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.replyDelayMs = opts.replyDelayMs ?? 0;
    for (const a of addresses) this.add(a);
  }

  add(address: number): VirtualDisplay {
    const d = this.displays.get(address) ?? new VirtualDisplay(address, this.now);
    this.displays.set(address, d);
    return d;
  }

  display(address: number): VirtualDisplay {
    const d = this.displays.get(address);
    if (!d) throw new Error(`no virtual display at address ${address}`);
    return d;
  }

  /** Bytes from the host in, reply frames out (one per addressed, powered display). */
  feed(chunk: Uint8Array): Buffer[] {
    const replies: Buffer[] = [];
    for (const r of this.decoder.push(chunk)) {
      if (!r.ok) {
        // The address is unreadable in a garbled frame; whoever matches its first digits answers.
        this.garbled++;
        const addr = Number(r.raw.subarray(0, 2).toString('ascii'));
        const d = this.displays.get(addr);
        if (r.reason === 'checksum' && d?.powered)
          replies.push(encodeFrame(addr, ReplyCommand.nak, nak(NakReason.checksum)));
        continue;
      }
      const { address, command, payload } = r.frame;
      const targets =
        address === BROADCAST
          ? [...this.displays.values()]
          : [this.displays.get(address)].filter((d): d is VirtualDisplay => d !== undefined);
      for (const d of targets) {
        if (!d.powered) continue;
        const result = d.apply(command, payload);
        if (address === BROADCAST) continue;
        if ('nak' in result) replies.push(encodeFrame(address, ReplyCommand.nak, nak(result.nak)));
        else if (result.reply === 'ack') replies.push(encodeFrame(address, ReplyCommand.ack));
        else
          replies.push(
            encodeFrame(
              address,
              ReplyCommand.status,
              encodeStatusPayload({ health: d.health, brightness: d.brightness, blinking: d.blinking, text: d.text }),
            ),
          );
      }
    }
    return replies;
  }

  /** Answers on `stream` whatever the host writes to it. Returns a detach function. */
  attach(stream: Duplex): () => void {
    const onData = (chunk: Buffer) => {
      for (const reply of this.feed(chunk)) {
        if (this.replyDelayMs > 0) setTimeout(() => stream.destroyed || stream.write(reply), this.replyDelayMs);
        else stream.write(reply);
      }
    };
    stream.on('data', onData);
    return () => stream.off('data', onData);
  }
}

const nak = (code: string) => Buffer.from(code, 'ascii');

/**
 * Two connected in-memory byte streams, like the two ends of a null-modem cable: what one end
 * writes, the other reads. The demo office drives its virtual displays through this.
 */
export function virtualLink(): [host: Duplex, device: Duplex] {
  let a: Duplex;
  let b: Duplex;
  const make = (peer: () => Duplex) =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _enc, cb) {
        // Delivered on a later tick, as bytes on a wire would be, never inside the writer's call.
        setImmediate(() => {
          const p = peer();
          if (!p.destroyed) p.push(Buffer.from(chunk));
        });
        cb();
      },
      destroy(err, cb) {
        const p = peer();
        if (!p.destroyed) p.destroy();
        cb(err);
      },
    });
  a = make(() => b);
  b = make(() => a);
  return [a, b];
}
