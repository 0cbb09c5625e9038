/**
 * A streaming ESC/POS tokenizer: bytes in, commands out. It knows the subset ticket printers use
 * (text, ESC/GS modes, GS ( k QR, GS v 0 raster, GS V cut, DLE EOT status) and the lengths of the
 * common others, so a stream from another encoder stays in step.
 */
export type EscPosOp =
  | { op: 'init' }
  | { op: 'codePage'; n: number }
  | { op: 'text'; bytes: Buffer }
  | { op: 'lf' }
  | { op: 'feed'; lines: number }
  | { op: 'feedDots'; dots: number }
  | { op: 'align'; n: number }
  | { op: 'bold'; on: boolean }
  | { op: 'underline'; n: number }
  /** ESC ! n: font B (bit 0), bold (3), double height (4), double width (5), underline (7). */
  | { op: 'mode'; n: number }
  /** GS ! n: magnification 1–8 in each direction. */
  | { op: 'size'; width: number; height: number }
  | { op: 'font'; n: number }
  | { op: 'invert'; on: boolean }
  | { op: 'lineSpacing'; dots: number | null }
  | { op: 'qr'; fn: number; params: Buffer }
  | { op: 'raster'; widthBytes: number; height: number; data: Buffer }
  | { op: 'cut'; partial: boolean }
  /** DLE EOT n: a real-time status request; the printer answers at once. */
  | { op: 'status'; n: number }
  | { op: 'other'; bytes: Buffer };

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const FS = 0x1c;
const LF = 0x0a;

type Step = { op: EscPosOp | null; len: number } | null;

/** ESC commands with one parameter byte (ESC x n). */
const ESC_ONE = new Set([0x21, 0x2d, 0x33, 0x45, 0x47, 0x4d, 0x52, 0x56, 0x61, 0x64, 0x4a, 0x74, 0x7b, 0x20]);
/** GS commands with one parameter byte. */
const GS_ONE = new Set([0x21, 0x42, 0x48, 0x66, 0x68, 0x77, 0x72, 0x61, 0x62, 0x49, 0x2f]);

function escStep(b: Buffer, i: number): Step {
  const c = b[i + 1];
  if (c === undefined) return null;
  const n = b[i + 2];
  switch (c) {
    case 0x40:
      return { op: { op: 'init' }, len: 2 };
    case 0x32:
      return { op: { op: 'lineSpacing', dots: null }, len: 2 };
    case 0x69:
    case 0x6d:
      return { op: { op: 'cut', partial: true }, len: 2 };
    case 0x42: // ESC B n t: buzzer
    case 0x24: // ESC $ nL nH
    case 0x5c: // ESC \ nL nH
      return b.length < i + 4 ? null : { op: { op: 'other', bytes: b.subarray(i, i + 4) }, len: 4 };
    case 0x70: // ESC p m t1 t2: drawer pulse
      return b.length < i + 5 ? null : { op: { op: 'other', bytes: b.subarray(i, i + 5) }, len: 5 };
  }
  if (!ESC_ONE.has(c)) return { op: { op: 'other', bytes: b.subarray(i, i + 2) }, len: 2 };
  if (n === undefined) return null;
  switch (c) {
    case 0x74:
      return { op: { op: 'codePage', n }, len: 3 };
    case 0x21:
      return { op: { op: 'mode', n }, len: 3 };
    case 0x61:
      return { op: { op: 'align', n: n % 48 }, len: 3 };
    case 0x45:
    case 0x47:
      return { op: { op: 'bold', on: (n & 1) === 1 }, len: 3 };
    case 0x2d:
      return { op: { op: 'underline', n: n % 48 }, len: 3 };
    case 0x4d:
      return { op: { op: 'font', n: n % 48 }, len: 3 };
    case 0x64:
      return { op: { op: 'feed', lines: n }, len: 3 };
    case 0x4a:
      return { op: { op: 'feedDots', dots: n }, len: 3 };
    case 0x33:
      return { op: { op: 'lineSpacing', dots: n }, len: 3 };
    default:
      return { op: { op: 'other', bytes: b.subarray(i, i + 3) }, len: 3 };
  }
}

function gsStep(b: Buffer, i: number): Step {
  const c = b[i + 1];
  if (c === undefined) return null;
  if (c === 0x28) {
    // GS ( X pL pH …: a length-prefixed function block
    if (b.length < i + 5) return null;
    const fnClass = b[i + 2] ?? 0;
    const p = (b[i + 3] ?? 0) + (b[i + 4] ?? 0) * 256;
    const len = 5 + p;
    if (b.length < i + len) return null;
    if (fnClass === 0x6b && p >= 2)
      return { op: { op: 'qr', fn: b[i + 6] ?? 0, params: Buffer.from(b.subarray(i + 7, i + len)) }, len };
    return { op: { op: 'other', bytes: b.subarray(i, i + len) }, len };
  }
  if (c === 0x76) {
    // GS v 0 m xL xH yL yH d1…dk
    if (b.length < i + 8) return null;
    const widthBytes = (b[i + 4] ?? 0) + (b[i + 5] ?? 0) * 256;
    const height = (b[i + 6] ?? 0) + (b[i + 7] ?? 0) * 256;
    const len = 8 + widthBytes * height;
    if (b.length < i + len) return null;
    return { op: { op: 'raster', widthBytes, height, data: Buffer.from(b.subarray(i + 8, i + len)) }, len };
  }
  if (c === 0x56) {
    const m = b[i + 2];
    if (m === undefined) return null;
    // GS V m (0/1/48/49) or GS V m n (65/66/97/98/103/104: feed then cut)
    const withFeed = m >= 65;
    if (withFeed && b.length < i + 4) return null;
    return { op: { op: 'cut', partial: m % 2 === 1 || m === 49 }, len: withFeed ? 4 : 3 };
  }
  if (c === 0x4c || c === 0x57 || c === 0x50) {
    return b.length < i + 4 ? null : { op: { op: 'other', bytes: b.subarray(i, i + 4) }, len: 4 };
  }
  if (c === 0x6b) {
    // GS k m …: barcode; m < 65 ends with NUL, otherwise GS k m n d1…dn
    const m = b[i + 2];
    if (m === undefined) return null;
    if (m < 65) {
      const end = b.indexOf(0, i + 3);
      return end < 0 ? null : { op: { op: 'other', bytes: b.subarray(i, end + 1) }, len: end + 1 - i };
    }
    const n = b[i + 3];
    if (n === undefined || b.length < i + 4 + n) return null;
    return { op: { op: 'other', bytes: b.subarray(i, i + 4 + n) }, len: 4 + n };
  }
  if (!GS_ONE.has(c)) return { op: { op: 'other', bytes: b.subarray(i, i + 2) }, len: 2 };
  const n = b[i + 2];
  if (n === undefined) return null;
  if (c === 0x21) return { op: { op: 'size', width: ((n >> 4) & 7) + 1, height: (n & 7) + 1 }, len: 3 };
  if (c === 0x42) return { op: { op: 'invert', on: (n & 1) === 1 }, len: 3 };
  return { op: { op: 'other', bytes: b.subarray(i, i + 3) }, len: 3 };
}

function step(b: Buffer, i: number): Step {
  const c = b[i] ?? 0;
  switch (c) {
    case LF:
      return { op: { op: 'lf' }, len: 1 };
    case ESC:
      return escStep(b, i);
    case GS:
      return gsStep(b, i);
    case DLE: {
      const c2 = b[i + 1];
      if (c2 === undefined) return null;
      if (c2 === 0x04 || c2 === 0x05) {
        const n = b[i + 2];
        if (n === undefined) return null;
        return { op: c2 === 0x04 ? { op: 'status', n } : { op: 'other', bytes: b.subarray(i, i + 3) }, len: 3 };
      }
      if (c2 === 0x14) return b.length < i + 5 ? null : { op: { op: 'other', bytes: b.subarray(i, i + 5) }, len: 5 };
      return { op: { op: 'other', bytes: b.subarray(i, i + 2) }, len: 2 };
    }
    case FS: {
      const c2 = b[i + 1];
      if (c2 === undefined) return null;
      if (c2 === 0x43) return b.length < i + 3 ? null : { op: { op: 'other', bytes: b.subarray(i, i + 3) }, len: 3 };
      return { op: { op: 'other', bytes: b.subarray(i, i + 2) }, len: 2 };
    }
    default: {
      if (c < 0x20) return { op: null, len: 1 }; // CR, HT and the like: nothing to keep
      let j = i;
      while (j < b.length && (b[j] ?? 0) >= 0x20) j++;
      return { op: { op: 'text', bytes: Buffer.from(b.subarray(i, j)) }, len: j - i };
    }
  }
}

/** Feed it chunks as they arrive; a command split across chunks waits for the rest. */
export class EscPosParser {
  private rest: Buffer = Buffer.alloc(0);

  push(chunk: Uint8Array): EscPosOp[] {
    const b = this.rest.length ? Buffer.concat([this.rest, chunk]) : Buffer.from(chunk);
    const ops: EscPosOp[] = [];
    let i = 0;
    while (i < b.length) {
      const s = step(b, i);
      if (!s) break;
      // a text run at the very end may continue in the next chunk; it is still complete text
      if (s.op) ops.push(s.op);
      i += s.len;
    }
    this.rest = Buffer.from(b.subarray(i));
    return ops;
  }

  /** Bytes of an unfinished command still waiting for the rest. */
  get pending(): number {
    return this.rest.length;
  }
}

export function parseEscPos(bytes: Uint8Array): EscPosOp[] {
  return new EscPosParser().push(bytes);
}
