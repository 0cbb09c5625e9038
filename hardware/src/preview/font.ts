import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Font, PathCommand } from 'opentype.js';
import { lazy } from '../lazy.js';
import type { Bitmap } from './bitmap.js';

const opentype = lazy<typeof import('opentype.js')>('opentype.js');

/** Font A of a thermal printer: 12 × 24 dots per character. */
export const CELL_W = 12;
export const CELL_H = 24;
const FONT_PX = 20;
const BASELINE = 19;

type Edge = [x1: number, y1: number, x2: number, y2: number];

const require = createRequire(import.meta.url);
const fonts: Partial<Record<'regular' | 'bold', Font>> = {};

/** DejaVu Sans Mono from npm: covers Cyrillic, needs no system fonts. */
function font(bold: boolean): Font {
  const key = bold ? 'bold' : 'regular';
  let f = fonts[key];
  if (!f) {
    const file = require.resolve(`dejavu-fonts-ttf/ttf/DejaVuSansMono${bold ? '-Bold' : ''}.ttf`);
    const buf = readFileSync(file);
    f = opentype().parse(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    fonts[key] = f;
  }
  return f;
}

function flatten(commands: PathCommand[]): Edge[] {
  const edges: Edge[] = [];
  let sx = 0;
  let sy = 0;
  let x = 0;
  let y = 0;
  const line = (nx: number, ny: number) => {
    if (ny !== y) edges.push([x, y, nx, ny]);
    x = nx;
    y = ny;
  };
  for (const c of commands) {
    if (c.type === 'M') {
      x = sx = c.x;
      y = sy = c.y;
    } else if (c.type === 'L') line(c.x, c.y);
    else if (c.type === 'Q') {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 6; i++) {
        const t = i / 6;
        const u = 1 - t;
        line(u * u * x0 + 2 * u * t * c.x1 + t * t * c.x, u * u * y0 + 2 * u * t * c.y1 + t * t * c.y);
      }
    } else if (c.type === 'C') {
      const [x0, y0] = [x, y];
      for (let i = 1; i <= 8; i++) {
        const t = i / 8;
        const u = 1 - t;
        line(
          u * u * u * x0 + 3 * u * u * t * c.x1 + 3 * u * t * t * c.x2 + t * t * t * c.x,
          u * u * u * y0 + 3 * u * u * t * c.y1 + 3 * u * t * t * c.y2 + t * t * t * c.y,
        );
      }
    } else line(sx, sy);
  }
  return edges;
}

const glyphCache = new Map<string, Edge[]>();

function glyphEdges(ch: string, bold: boolean): Edge[] {
  const key = `${bold ? 'b' : 'r'}${ch}`;
  let e = glyphCache.get(key);
  if (!e) {
    e = flatten(font(bold).charToGlyph(ch).getPath(0, 0, FONT_PX).commands);
    glyphCache.set(key, e);
  }
  return e;
}

/** Non-zero winding scanline fill, sampled at dot centres (the print head has no grey). */
function fill(bm: Bitmap, edges: Edge[], x0: number, y0: number, sx: number, sy: number, h: number) {
  const t = edges.map(([a, b, c, d]) => [x0 + a * sx, y0 + b * sy, x0 + c * sx, y0 + d * sy] as Edge);
  const top = Math.floor(y0 - BASELINE * sy);
  for (let row = Math.max(0, top); row < top + h; row++) {
    const yc = row + 0.5;
    const xs: [number, number][] = [];
    for (const [x1, y1, x2, y2] of t) {
      if ((y1 <= yc && y2 > yc) || (y2 <= yc && y1 > yc)) {
        xs.push([x1 + ((yc - y1) * (x2 - x1)) / (y2 - y1), y2 > y1 ? 1 : -1]);
      }
    }
    if (xs.length < 2) continue;
    xs.sort((a, b) => a[0] - b[0]);
    let winding = 0;
    for (let i = 0; i < xs.length - 1; i++) {
      winding += (xs[i] as [number, number])[1];
      if (winding === 0) continue;
      const from = Math.ceil((xs[i] as [number, number])[0] - 0.5);
      const to = Math.ceil((xs[i + 1] as [number, number])[0] - 0.5);
      for (let x = from; x < to; x++) bm.set(x, row);
    }
  }
}

/** Draws one character cell (magnified `w` × `h`) with its top-left corner at (x, y). */
export function drawChar(bm: Bitmap, ch: string, x: number, y: number, w: number, h: number, bold: boolean) {
  if (ch === ' ') return;
  fill(bm, glyphEdges(ch, bold), x, y + BASELINE * h, w, h, CELL_H * h);
}
