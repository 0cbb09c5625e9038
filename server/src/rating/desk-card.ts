import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, PDFName, PDFString, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

/**
 * The desk identifier of seed 001 §3.9: the operator's full name, the window and a QR code to rate the
 * consultation, as an A6 PDF to print and put in a stand. DejaVu Sans carries the Cyrillic glyphs;
 * only the glyphs used are embedded (subset), so a card is a few tens of kilobytes.
 */
export interface DeskCard {
  officeName: string;
  operatorName: string;
  windowLabel: string;
  url: string;
}

const MM = 72 / 25.4;
const A6: [number, number] = [105 * MM, 148 * MM];

let fonts: { regular: Uint8Array; bold: Uint8Array } | undefined;
function fontBytes() {
  if (!fonts) {
    // The package has no entry point; its package.json locates the folder.
    const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
    fonts = {
      regular: readFileSync(join(dir, 'DejaVuSans.ttf')),
      bold: readFileSync(join(dir, 'DejaVuSans-Bold.ttf')),
    };
  }
  return fonts;
}

/** Greedy word wrap to a width; a word longer than the line stays whole. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

/** The QR modules of `text` (error correction M), row by row. */
export function qrMatrix(text: string): boolean[][] {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  return Array.from({ length: n }, (_, y) => Array.from({ length: n }, (_, x) => qr.modules.get(y, x) === 1));
}

/** Subsetting the font takes a few hundred ms; a card only changes with its words and link. */
const cache = new Map<string, Promise<Uint8Array>>();
const CACHE_MAX = 64;

export function deskCardPdf(card: DeskCard): Promise<Uint8Array> {
  const key = JSON.stringify([card.officeName, card.operatorName, card.windowLabel, card.url]);
  let pdf = cache.get(key);
  if (!pdf) {
    if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value ?? '');
    pdf = renderDeskCard(card);
    cache.set(key, pdf);
    pdf.catch(() => cache.delete(key));
  }
  return pdf;
}

async function renderDeskCard(card: DeskCard): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${card.operatorName} — ${card.windowLabel}`);
  doc.setLanguage('ru-RU');
  doc.setCreator('Talon');
  const { regular, bold } = fontBytes();
  const font = await doc.embedFont(regular, { subset: true });
  const heavy = await doc.embedFont(bold, { subset: true });
  const page = doc.addPage(A6);
  const [w, h] = A6;
  const margin = 8 * MM;
  const ink = rgb(0.07, 0.13, 0.18);
  const centre = (text: string, f: PDFFont, size: number, y: number, color = ink) =>
    page.drawText(text, { x: (w - f.widthOfTextAtSize(text, size)) / 2, y, size, font: f, color });

  let y = h - margin - 9;
  for (const line of wrap(card.officeName, font, 9, w - 2 * margin)) {
    centre(line, font, 9, y, rgb(0.32, 0.38, 0.43));
    y -= 12;
  }
  y -= 10;
  for (const line of wrap(card.operatorName, heavy, 17, w - 2 * margin)) {
    centre(line, heavy, 17, y);
    y -= 21;
  }
  centre(card.windowLabel, font, 14, y - 2);
  y -= 22;

  const matrix = qrMatrix(card.url);
  const quiet = 2;
  const side = Math.min(w - 2 * margin, y - margin - 44);
  const cell = side / (matrix.length + 2 * quiet);
  const left = (w - side) / 2;
  const top = y - 4;
  for (const [r, row] of matrix.entries())
    for (const [c, dark] of row.entries())
      if (dark)
        page.drawRectangle({
          x: left + (c + quiet) * cell,
          y: top - (r + quiet + 1) * cell,
          width: cell + 0.02,
          height: cell + 0.02,
          color: rgb(0, 0, 0),
        });
  // The QR is also a link, for a card opened on a screen rather than printed.
  page.node.set(
    PDFName.of('Annots'),
    doc.context.obj([
      doc.context.obj({
        Type: 'Annot',
        Subtype: 'Link',
        Rect: [left, top - side, left + side, top],
        Border: [0, 0, 0],
        A: { Type: 'Action', S: 'URI', URI: PDFString.of(card.url) },
      }),
    ]),
  );

  let cy = top - side - 16;
  centre('Оцените качество консультации', heavy, 11, cy);
  cy -= 13;
  centre('Please rate the consultation', font, 9, cy, rgb(0.32, 0.38, 0.43));
  return doc.save({ useObjectStreams: false });
}
