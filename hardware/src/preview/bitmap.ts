import { lazy } from '../lazy.js';

const pngjs = lazy<typeof import('pngjs')>('pngjs');

/** A 1-bit canvas the width of the print head; it grows downwards like paper. */
export class Bitmap {
  private rows: Uint8Array[] = [];

  constructor(readonly width: number) {}

  get height(): number {
    return this.rows.length;
  }

  private row(y: number): Uint8Array {
    while (this.rows.length <= y) this.rows.push(new Uint8Array(this.width));
    return this.rows[y] as Uint8Array;
  }

  /** Makes sure the paper reaches `y` (blank feed). */
  extendTo(y: number) {
    if (y > 0) this.row(y - 1);
  }

  set(x: number, y: number) {
    if (x < 0 || x >= this.width || y < 0) return;
    this.row(y)[x] = 1;
  }

  get(x: number, y: number): boolean {
    return (this.rows[y]?.[x] ?? 0) === 1;
  }

  fillRect(x: number, y: number, w: number, h: number) {
    for (let yy = Math.max(0, y); yy < y + h; yy++) {
      const r = this.row(yy);
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) r[xx] = 1;
    }
  }

  /** Grayscale PNG with a margin, black dots on white paper. */
  toPng(margin = 16): Buffer {
    const w = this.width + margin * 2;
    const h = this.rows.length + margin * 2;
    const png = new (pngjs().PNG)({
      width: w,
      height: h,
      colorType: 0,
      inputColorType: 0,
      bitDepth: 8,
      inputHasAlpha: false,
    });
    const data = Buffer.alloc(w * h, 255);
    for (let y = 0; y < this.rows.length; y++) {
      const r = this.rows[y] as Uint8Array;
      const base = (y + margin) * w + margin;
      for (let x = 0; x < this.width; x++) if (r[x]) data[base + x] = 0;
    }
    png.data = data;
    return pngjs().PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  }
}
