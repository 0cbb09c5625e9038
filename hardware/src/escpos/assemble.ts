import { decodeText, TABLE_BY_ESC_T } from './codepage.js';
import type { EscPosOp } from './decoder.js';

export type Align = 'left' | 'center' | 'right';

export interface TextLine {
  text: string;
  align: Align;
  /** Character magnification (GS ! or ESC !). */
  width: number;
  height: number;
  bold: boolean;
}

/** What the paper shows, top to bottom: the preview draws these. */
export type Block =
  | { kind: 'text'; line: TextLine }
  | { kind: 'feed'; dots: number }
  | { kind: 'qr'; data: string; cellSize: number; ecc: 'L' | 'M' | 'Q' | 'H'; align: Align }
  | { kind: 'image'; widthBytes: number; height: number; data: Buffer; align: Align };

/** One ticket as the printer received it: from the previous cut (or the start) to its cut. */
export interface DecodedTicket {
  /** Every printed text line, decoded with the code page in force (CP866 → Unicode). */
  lines: string[];
  textLines: TextLine[];
  /** Payloads of native QR codes (GS ( k). */
  qr: string[];
  /** Raster images (GS v 0), e.g. a QR printed as a picture. */
  images: { widthBytes: number; height: number; data: Buffer }[];
  blocks: Block[];
  cut: 'full' | 'partial' | null;
  /** ESC t numbers seen. */
  codePages: number[];
  /** Commands the decoder did not interpret (kept for troubleshooting). */
  otherCommands: number;
}

const ALIGNS: Align[] = ['left', 'center', 'right'];
const ECC: Record<number, 'L' | 'M' | 'Q' | 'H'> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
const DEFAULT_LINE_DOTS = 30;

function emptyTicket(): DecodedTicket {
  return { lines: [], textLines: [], qr: [], images: [], blocks: [], cut: null, codePages: [], otherCommands: 0 };
}

/**
 * Interprets commands the way a printer would (modes persist, ESC @ resets them) and splits the
 * stream into tickets at each cut.
 */
export class TicketAssembler {
  private t = emptyTicket();
  private table = 'cp437';
  private align: Align = 'left';
  private width = 1;
  private height = 1;
  private bold = false;
  private lineText = '';
  private lineStarted = false;
  private lineAttrs: Omit<TextLine, 'text'> | null = null;
  private qrData = '';
  private qrCell = 3;
  private qrEcc: 'L' | 'M' | 'Q' | 'H' = 'L';
  private lineDots = DEFAULT_LINE_DOTS;

  /** Whether anything (text, image, feed) has been received since the last cut. */
  get hasContent(): boolean {
    return this.t.blocks.length > 0 || this.lineStarted;
  }

  private reset() {
    this.table = 'cp437';
    this.align = 'left';
    this.width = 1;
    this.height = 1;
    this.bold = false;
    this.lineDots = DEFAULT_LINE_DOTS;
  }

  private endLine() {
    const attrs = this.lineAttrs ?? { align: this.align, width: this.width, height: this.height, bold: this.bold };
    const line: TextLine = { text: this.lineText, ...attrs };
    this.t.lines.push(line.text);
    this.t.textLines.push(line);
    this.t.blocks.push({ kind: 'text', line });
    this.lineText = '';
    this.lineStarted = false;
    this.lineAttrs = null;
  }

  /** Returns the tickets completed by these commands (each ends with a cut). */
  feed(ops: EscPosOp[]): DecodedTicket[] {
    const done: DecodedTicket[] = [];
    for (const o of ops) {
      switch (o.op) {
        case 'init':
          this.reset();
          break;
        case 'codePage':
          this.table = TABLE_BY_ESC_T[o.n] ?? 'cp437';
          this.t.codePages.push(o.n);
          break;
        case 'text':
          if (!this.lineStarted)
            this.lineAttrs = { align: this.align, width: this.width, height: this.height, bold: this.bold };
          this.lineStarted = true;
          this.lineText += decodeText(o.bytes, this.table);
          break;
        case 'lf':
          this.endLine();
          break;
        case 'feed':
          if (this.lineStarted) this.endLine();
          this.t.blocks.push({ kind: 'feed', dots: o.lines * this.lineDots });
          break;
        case 'feedDots':
          if (this.lineStarted) this.endLine();
          this.t.blocks.push({ kind: 'feed', dots: o.dots });
          break;
        case 'align':
          this.align = ALIGNS[o.n] ?? 'left';
          break;
        case 'bold':
          this.bold = o.on;
          break;
        case 'mode':
          this.bold = (o.n & 0x08) !== 0;
          this.height = o.n & 0x10 ? 2 : 1;
          this.width = o.n & 0x20 ? 2 : 1;
          break;
        case 'size':
          this.width = o.width;
          this.height = o.height;
          break;
        case 'lineSpacing':
          this.lineDots = o.dots ?? DEFAULT_LINE_DOTS;
          break;
        case 'qr':
          this.qrCommand(o.fn, o.params);
          break;
        case 'raster':
          if (this.lineStarted) this.endLine();
          this.t.images.push({ widthBytes: o.widthBytes, height: o.height, data: o.data });
          this.t.blocks.push({ kind: 'image', ...o, align: this.align });
          break;
        case 'cut':
          if (this.lineStarted) this.endLine();
          this.t.cut = o.partial ? 'partial' : 'full';
          done.push(this.t);
          this.t = emptyTicket();
          break;
        case 'other':
          this.t.otherCommands++;
          break;
        default:
          break;
      }
    }
    return done;
  }

  private qrCommand(fn: number, params: Buffer) {
    // fn: 65 model, 67 module size, 69 error correction, 80 store, 81 print
    if (fn === 67) this.qrCell = params[0] ?? 3;
    else if (fn === 69) this.qrEcc = ECC[params[0] ?? 48] ?? 'L';
    else if (fn === 80) this.qrData = params.subarray(1).toString('latin1');
    else if (fn === 81 && this.qrData) {
      if (this.lineStarted) this.endLine();
      // the payload is bytes; our links are ASCII, anything else is read as UTF-8 like a phone would
      const data = Buffer.from(this.qrData, 'latin1').toString('utf8');
      this.t.qr.push(data);
      this.t.blocks.push({ kind: 'qr', data, cellSize: this.qrCell, ecc: this.qrEcc, align: this.align });
    }
  }
}

export function decodeTickets(ops: EscPosOp[]): DecodedTicket[] {
  return new TicketAssembler().feed(ops);
}
