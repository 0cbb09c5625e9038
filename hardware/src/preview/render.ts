import type { PaperWidth } from '@talon/protocol';
import type { Align, Block, DecodedTicket } from '../escpos/assemble.js';
import { DOTS_PER_LINE } from '../escpos/ticket.js';
import { lazy } from '../lazy.js';
import { Bitmap } from './bitmap.js';
import { CELL_H, CELL_W, drawChar } from './font.js';

const qrcode = lazy<typeof import('qrcode')>('qrcode');

const LINE_GAP = 6;

function startX(align: Align, paper: number, width: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paper - width) / 2));
  if (align === 'right') return Math.max(0, paper - width);
  return 0;
}

function drawBlock(bm: Bitmap, b: Block, y: number): number {
  switch (b.kind) {
    case 'feed':
      return y + b.dots;
    case 'text': {
      const { line } = b;
      const chars = [...line.text];
      const cw = CELL_W * line.width;
      let x = startX(line.align, bm.width, chars.length * cw);
      for (const ch of chars) {
        drawChar(bm, ch, x, y, line.width, line.height, line.bold);
        x += cw;
      }
      const next = y + CELL_H * line.height + LINE_GAP;
      bm.extendTo(next);
      return next;
    }
    case 'qr': {
      const qr = qrcode().create(b.data, { errorCorrectionLevel: b.ecc });
      const n = qr.modules.size;
      const size = n * b.cellSize;
      const x0 = startX(b.align, bm.width, size);
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++)
          if (qr.modules.get(r, c)) bm.fillRect(x0 + c * b.cellSize, y + r * b.cellSize, b.cellSize, b.cellSize);
      return y + size;
    }
    case 'image': {
      const w = b.widthBytes * 8;
      const x0 = startX(b.align, bm.width, w);
      for (let r = 0; r < b.height; r++)
        for (let c = 0; c < w; c++) {
          const byte = b.data[r * b.widthBytes + (c >> 3)] ?? 0;
          if (byte & (0x80 >> (c & 7))) bm.set(x0 + c, y + r);
        }
      bm.extendTo(y + b.height);
      return y + b.height;
    }
  }
}

/** The ticket as the print head would lay it on paper, as a PNG (1 dot = 1 pixel). */
export function renderTicketPng(ticket: Pick<DecodedTicket, 'blocks'>, paperWidth: PaperWidth = 80): Buffer {
  const bm = new Bitmap(DOTS_PER_LINE[paperWidth]);
  // the feed before the cutter is paper the visitor never sees
  const blocks = [...ticket.blocks];
  while (blocks.at(-1)?.kind === 'feed') blocks.pop();
  let y = 8;
  for (const b of blocks) y = drawBlock(bm, b, y);
  bm.extendTo(y + 8);
  return bm.toPng();
}

/** A GS v 0 raster as RGBA pixels with a white quiet zone (what a QR decoder wants). */
export function rasterToRgba(img: { widthBytes: number; height: number; data: Buffer }, margin = 16) {
  const w = img.widthBytes * 8 + margin * 2;
  const h = img.height + margin * 2;
  const data = new Uint8ClampedArray(w * h * 4).fill(255);
  for (let r = 0; r < img.height; r++)
    for (let c = 0; c < img.widthBytes * 8; c++) {
      const byte = img.data[r * img.widthBytes + (c >> 3)] ?? 0;
      if (!(byte & (0x80 >> (c & 7)))) continue;
      const i = ((r + margin) * w + c + margin) * 4;
      data[i] = data[i + 1] = data[i + 2] = 0;
    }
  return { data, width: w, height: h };
}
