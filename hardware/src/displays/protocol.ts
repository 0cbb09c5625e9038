import iconv from 'iconv-lite';

/**
 * TWD-1, the Talon window display protocol (docs/window-display-protocol.md): addressed ASCII
 * frames on an RS-485 bus, `STX addr(2) cmd(1) payload ETX chk(2)`. Pure encode/decode only; the
 * bus that sends frames and waits for replies lives in bus.ts.
 */

export const STX = 0x02;
export const ETX = 0x03;
/** Every display obeys a frame sent here and none replies. */
export const BROADCAST = 0;
export const MAX_ADDRESS = 99;
/** Characters a display holds; longer texts are cut (a window display shows a ticket number). */
export const MAX_TEXT = 16;
/** Longest payload of any frame (a status reply: 3 flag bytes + the text). */
export const MAX_PAYLOAD = 3 + MAX_TEXT;

export const HostCommand = {
  showText: 'T',
  clear: 'C',
  blink: 'B',
  brightness: 'L',
  status: 'S',
} as const;
export type HostCommand = (typeof HostCommand)[keyof typeof HostCommand];

export const ReplyCommand = { ack: 'A', nak: 'N', status: 'R' } as const;
export type ReplyCommand = (typeof ReplyCommand)[keyof typeof ReplyCommand];

export const NakReason = { checksum: '1', unknownCommand: '2', badPayload: '3' } as const;

export const Health = { ok: '0', ledFault: '1', overheat: '2' } as const;
export type HealthCode = (typeof Health)[keyof typeof Health];

export interface Frame {
  address: number;
  command: string;
  payload: Buffer;
}

/** XOR of the bytes from the address through ETX, as two upper-case hex digits. */
export function checksum(body: Uint8Array): Buffer {
  let x = 0;
  for (const b of body) x ^= b;
  return Buffer.from(x.toString(16).toUpperCase().padStart(2, '0'), 'ascii');
}

export function encodeFrame(address: number, command: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  if (!Number.isInteger(address) || address < 0 || address > MAX_ADDRESS)
    throw new RangeError(`display address must be 0..${MAX_ADDRESS}, got ${address}`);
  if (!/^[A-Z]$/.test(command)) throw new RangeError(`command must be one capital letter, got ${command}`);
  if (payload.length > MAX_PAYLOAD) throw new RangeError(`payload longer than ${MAX_PAYLOAD} bytes`);
  for (const b of payload) if (b < 0x20) throw new RangeError('payload may not contain control bytes');
  const body = Buffer.concat([
    Buffer.from(String(address).padStart(2, '0'), 'ascii'),
    Buffer.from(command, 'ascii'),
    payload,
    Buffer.of(ETX),
  ]);
  return Buffer.concat([Buffer.of(STX), body, checksum(body)]);
}

// CP866 lacks typographic quotes and dashes; the display shows their plain ASCII look-alikes.
const LOOK_ALIKES: Record<string, string> = {
  '«': '"',
  '»': '"',
  '„': '"',
  '“': '"',
  '”': '"',
  '—': '-',
  '–': '-',
  '−': '-',
  '№': 'N',
  '\u00a0': ' ',
};

/** Display text as CP866 bytes: look-alikes for missing characters, controls dropped, cut to MAX_TEXT. */
export function encodeText(text: string): Buffer {
  const normal = [...text.normalize('NFC')]
    .map((ch) => LOOK_ALIKES[ch] ?? ch)
    .filter((ch) => ch >= ' ')
    .slice(0, MAX_TEXT)
    .join('');
  return iconv.encode(normal, 'cp866');
}

export function decodeText(bytes: Buffer): string {
  return iconv.decode(bytes, 'cp866');
}

export const frames = {
  showText: (address: number, text: string) => {
    const payload = encodeText(text);
    if (payload.length === 0) throw new RangeError('empty text: use clear');
    return encodeFrame(address, HostCommand.showText, payload);
  },
  clear: (address: number) => encodeFrame(address, HostCommand.clear),
  /** 0 stops blinking; the display blinks the text it shows for `seconds` (1..99). */
  blink: (address: number, seconds: number) =>
    encodeFrame(address, HostCommand.blink, Buffer.from(twoDigits(seconds, 0, 99), 'ascii')),
  brightness: (address: number, level: number) => {
    if (!Number.isInteger(level) || level < 0 || level > 9) throw new RangeError('brightness must be 0..9');
    return encodeFrame(address, HostCommand.brightness, Buffer.from(String(level), 'ascii'));
  },
  status: (address: number) => encodeFrame(address, HostCommand.status),
};

function twoDigits(n: number, min: number, max: number): string {
  if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`expected ${min}..${max}, got ${n}`);
  return String(n).padStart(2, '0');
}

export interface DisplayStatus {
  health: 'ok' | 'led-fault' | 'overheat' | 'unknown';
  brightness: number;
  blinking: boolean;
  text: string;
}

const HEALTH_NAMES: Record<string, DisplayStatus['health']> = {
  [Health.ok]: 'ok',
  [Health.ledFault]: 'led-fault',
  [Health.overheat]: 'overheat',
};

export function parseStatusPayload(payload: Buffer): DisplayStatus | null {
  if (payload.length < 3) return null;
  const brightness = payload.readUInt8(1) - 0x30;
  const blink = payload.readUInt8(2);
  if (brightness < 0 || brightness > 9 || (blink !== 0x30 && blink !== 0x31)) return null;
  return {
    health: HEALTH_NAMES[String.fromCharCode(payload.readUInt8(0))] ?? 'unknown',
    brightness,
    blinking: blink === 0x31,
    text: decodeText(payload.subarray(3)),
  };
}

export function encodeStatusPayload(s: { health: HealthCode; brightness: number; blinking: boolean; text: string }) {
  return Buffer.concat([
    Buffer.from(`${s.health}${s.brightness}${s.blinking ? '1' : '0'}`, 'ascii'),
    encodeText(s.text),
  ]);
}

export type DecodeResult = { ok: true; frame: Frame } | { ok: false; reason: 'checksum' | 'malformed'; raw: Buffer };

/**
 * Splits a byte stream into frames. Serial data arrives in arbitrary chunks and a bus may carry
 * line noise, so bytes before an STX are skipped and an STX inside a frame starts a new one.
 */
export class FrameDecoder {
  private buf: number[] = [];
  private inFrame = false;
  private afterEtx = -1;

  push(chunk: Uint8Array): DecodeResult[] {
    const out: DecodeResult[] = [];
    for (const b of chunk) {
      if (b === STX) {
        this.buf = [];
        this.inFrame = true;
        this.afterEtx = -1;
        continue;
      }
      if (!this.inFrame) continue;
      this.buf.push(b);
      if (this.afterEtx >= 0) {
        this.afterEtx++;
        if (this.afterEtx === 2) {
          out.push(this.finish());
          this.inFrame = false;
        }
      } else if (b === ETX) {
        this.afterEtx = 0;
      } else if (this.buf.length > 3 + MAX_PAYLOAD) {
        out.push({ ok: false, reason: 'malformed', raw: Buffer.from(this.buf) });
        this.inFrame = false;
      }
    }
    return out;
  }

  private finish(): DecodeResult {
    const raw = Buffer.from(this.buf);
    const body = raw.subarray(0, raw.length - 2);
    if (body.length < 4) return { ok: false, reason: 'malformed', raw };
    if (!checksum(body).equals(raw.subarray(raw.length - 2))) return { ok: false, reason: 'checksum', raw };
    const addr = body.subarray(0, 2).toString('ascii');
    const command = String.fromCharCode(body.readUInt8(2));
    if (!/^\d\d$/.test(addr) || !/^[A-Z]$/.test(command)) return { ok: false, reason: 'malformed', raw };
    return { ok: true, frame: { address: Number(addr), command, payload: Buffer.from(body.subarray(3, -1)) } };
  }
}
