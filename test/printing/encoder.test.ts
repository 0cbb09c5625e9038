import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decodeText,
  decodeTickets,
  encodeText,
  encodeTicket,
  normalizeForCodePage,
  parseEscPos,
  rasterToRgba,
  type TicketData,
  ticketTexts,
} from '@talon/hardware';
import { PEOPLE_AHEAD_LIMIT, TicketLayout } from '@talon/protocol';
import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';

const GOLDEN = join(import.meta.dirname, 'golden');

const DATA: TicketData = {
  officeName: 'ЦОК «Тверской», ул. Советская, 12',
  serviceName: 'Консультация',
  number: 'К-012',
  issuedAt: Date.parse('2026-11-26T07:05:00Z'),
  timeZone: 'Europe/Moscow',
  peopleAhead: 3,
  estimate: { lowMin: 10, highMin: 15 },
  qrUrl: 'http://192.168.10.5:8080/v/WyIyMDI2LTExLTI2L9CaLTAxMiIsMTc5NTAwMDAwMDAwMF0.q83vEjRWeJCrze8SNFZ4kA',
};
const LAYOUT = TicketLayout.parse({});

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const cp866 = (s: string) => encodeText(s, 'cp866');

/** Compares with a checked-in fixture; `UPDATE_GOLDEN=1` rewrites it after a deliberate change. */
function golden(name: string, bytes: Buffer) {
  const file = join(GOLDEN, `${name}.hex`);
  const lines =
    hex(bytes)
      .match(/.{1,64}/g)
      ?.join('\n') ?? '';
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`${file} is missing: run with UPDATE_GOLDEN=1 once`);
    writeFileSync(file, `${lines}\n`);
  }
  expect(lines).toBe(readFileSync(file, 'utf8').trim());
}

describe('ticket encoder (node-thermal-printer, CP866)', () => {
  it('80 mm, native QR: byte-for-byte the golden ticket', async () => {
    const b = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp866' });
    golden('ticket-80-native', b);
  });

  it('58 mm, raster QR: byte-for-byte the golden ticket', async () => {
    const b = await encodeTicket(LAYOUT, DATA, { paperWidth: 58, qr: 'raster', codePage: 'cp866' });
    golden('ticket-58-raster', b);
  });

  it('starts with ESC @ then ESC t 17, writes Cyrillic as CP866 and never as UTF-8', async () => {
    const b = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp866' });
    expect(hex(b.subarray(0, 5))).toBe('1b401b7411');
    expect(b.includes(cp866('Консультация'))).toBe(true);
    expect(b.includes(cp866('Перед вами: 3 человека'))).toBe(true);
    expect(b.includes(Buffer.from('Консультация', 'utf8'))).toBe(false);
    // «» are not in CP866: replaced, so the code page is never switched mid-ticket
    expect(b.includes(cp866('ЦОК "Тверской"'))).toBe(true);
    expect(parseEscPos(b).filter((o) => o.op === 'codePage')).toEqual([{ op: 'codePage', n: 17 }]);
  });

  it('prints the number magnified (GS ! 0x33 = 4 × 4) and bold, then back to normal size', async () => {
    const b = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp866' });
    const at = b.indexOf(Buffer.concat([Buffer.from([0x1d, 0x21, 0x33, 0x1b, 0x45, 0x01]), cp866('К-012\n')]));
    expect(at).toBeGreaterThan(0);
    expect(b.indexOf(Buffer.from([0x1d, 0x21, 0x00]), at)).toBeGreaterThan(at);
  });

  it('a priority ticket says «Вне очереди» in bold under the number; an ordinary one does not', async () => {
    const opts = { paperWidth: 80, qr: 'native', codePage: 'cp866' } as const;
    const b = await encodeTicket(LAYOUT, { ...DATA, priority: true }, opts);
    const number = b.indexOf(cp866('К-012\n'));
    const line = b.indexOf(Buffer.concat([Buffer.from([0x1b, 0x45, 0x01]), cp866('Вне очереди\n')]));
    expect(number).toBeGreaterThan(0);
    expect(line).toBeGreaterThan(number);
    expect((await encodeTicket(LAYOUT, DATA, opts)).includes(cp866('Вне очереди'))).toBe(false);
  });

  it('a ticket nobody at a window serves says so and promises no wait; the count is in good Russian', async () => {
    const none = ticketTexts(LAYOUT, { ...DATA, peopleAhead: null });
    expect(none.ahead).toBe(
      'Сейчас в зале нет специалиста по этой услуге. Пожалуйста, обратитесь к администратору зала',
    );
    expect(none.estimate).toBeUndefined();
    const b = await encodeTicket(
      LAYOUT,
      { ...DATA, peopleAhead: null },
      { paperWidth: 80, qr: 'native', codePage: 'cp866' },
    );
    const text = decodeTickets(parseEscPos(b))[0]?.lines.join(' ') ?? '';
    expect(text).toContain('администратору');
    expect(text).not.toMatch(/Перед вами|Ожидание/);
    expect(ticketTexts(LAYOUT, { ...DATA, peopleAhead: 0 }).ahead).toBe('Перед вами никого нет');
    expect(ticketTexts(LAYOUT, { ...DATA, peopleAhead: 21 }).ahead).toBe('Перед вами: 21 человек');
    expect(ticketTexts(LAYOUT, { ...DATA, peopleAhead: 22 }).estimate).toBe('Ожидание: примерно 10–15 мин');
    // one figure while the range is narrow, the range once it is wider than a few minutes (issue 18)
    const said = (e: { lowMin: number; highMin: number; pointMin?: number }) =>
      ticketTexts(LAYOUT, { ...DATA, estimate: e }).estimate;
    expect(said({ lowMin: 5, highMin: 8, pointMin: 7 })).toBe('Ожидание: примерно 7 мин');
    expect(said({ lowMin: 25, highMin: 40, pointMin: 31 })).toBe('Ожидание: примерно 25–40 мин');
    expect(said({ lowMin: 0, highMin: 2, pointMin: 1 })).toBe('Ожидание: примерно 2 мин');
    expect(said({ lowMin: 0, highMin: 1, pointMin: 0 })).toBe('Ожидание: около минуты');
    // the office counts at most this many calls ahead
    expect(ticketTexts(LAYOUT, { ...DATA, peopleAhead: PEOPLE_AHEAD_LIMIT }).ahead).toBe(
      `Перед вами: не менее ${PEOPLE_AHEAD_LIMIT} человек`,
    );
  });

  it('native QR: GS ( k model 2, module 6, level M, the link as data, then print', async () => {
    const b = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp866' });
    const url = Buffer.from(DATA.qrUrl ?? '');
    const store = Buffer.concat([
      Buffer.from([0x1d, 0x28, 0x6b, (url.length + 3) & 0xff, (url.length + 3) >> 8, 0x31, 0x50, 0x30]),
      url,
      Buffer.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]),
    ]);
    expect(b.includes(Buffer.from('1d286b0400314132001d286b03003143061d286b0300314531', 'hex'))).toBe(true);
    expect(b.includes(store)).toBe(true);
  });

  it('raster QR: GS v 0 with a bitmap that decodes to the link', async () => {
    const b = await encodeTicket(LAYOUT, DATA, { paperWidth: 58, qr: 'raster', codePage: 'cp866' });
    expect(b.includes(Buffer.from([0x1d, 0x28, 0x6b]))).toBe(false);
    const [ticket] = decodeTickets(parseEscPos(b));
    const img = ticket?.images[0];
    expect(img).toBeDefined();
    if (!img) return;
    expect(img.widthBytes * 8).toBeLessThanOrEqual(384);
    const rgba = rasterToRgba(img);
    expect(jsQR(rgba.data, rgba.width, rgba.height)?.data).toBe(DATA.qrUrl);
  });

  it('partial cut by default (GS V 1), full cut when the layout says so (GS V 0), after a feed', async () => {
    const partial = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp866' });
    // feed past the cutter (ESC d 4 twice), cut, then the library resets the printer (ESC @)
    expect(hex(partial.subarray(-11))).toBe('1b64041b64041d56011b40');
    const full = await encodeTicket({ ...LAYOUT, cut: 'full' }, DATA, {
      paperWidth: 80,
      qr: 'native',
      codePage: 'cp866',
    });
    expect(hex(full.subarray(-5))).toBe('1d56001b40');
  });

  it('58 mm wraps at 32 characters and caps the number so it fits', async () => {
    const b = await encodeTicket(
      { ...LAYOUT, numberSize: 8 },
      { ...DATA, number: 'БТ-001' },
      {
        paperWidth: 58,
        qr: 'native',
        codePage: 'cp866',
      },
    );
    const [t] = decodeTickets(parseEscPos(b));
    for (const l of t?.textLines ?? []) expect([...l.text].length * l.width).toBeLessThanOrEqual(32);
    expect(t?.textLines.find((l) => l.text === 'БТ-001')?.width).toBe(5);
  });

  it('windows-1251 on request (ESC t 46), and a vendor-specific code page number', async () => {
    const w = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp1251' });
    expect(hex(w.subarray(0, 5))).toBe('1b401b742e');
    expect(w.includes(encodeText('Консультация', 'win1251'))).toBe(true);
    const v = await encodeTicket(LAYOUT, DATA, { paperWidth: 80, qr: 'native', codePage: 'cp866', codePageNumber: 59 });
    expect(hex(v.subarray(0, 5))).toBe('1b401b743b');
    expect(decodeTickets(parseEscPos(v))[0]?.lines).toContain('Консультация');
  });

  it('leaves out what the layout hides; never prints visitor data it was not given', async () => {
    const b = await encodeTicket(
      { ...LAYOUT, showQr: false, showPeopleAhead: false, showEstimate: false, header: '', footer: 'Спасибо!' },
      DATA,
      { paperWidth: 80, qr: 'native', codePage: 'cp866' },
    );
    const [t] = decodeTickets(parseEscPos(b));
    expect(t?.qr).toEqual([]);
    expect(t?.lines.join('\n')).not.toMatch(/Перед вами|Ожидание|Добро/);
    expect(t?.lines).toContain('Спасибо!');
  });
});

describe('code page normalisation', () => {
  it('replaces what CP866 lacks and keeps what it has', () => {
    expect(normalizeForCodePage('«Тверской» — 10–15 мин… №5 ≈ ₽')).toBe('"Тверской" - 10-15 мин... №5 ~ руб.');
    expect(normalizeForCodePage('Ёлка ёж')).toBe('Ёлка ёж');
    expect(normalizeForCodePage('漢字\u0007x')).toBe('??x');
  });

  it('every normalised string round-trips through CP866 unchanged', () => {
    const s = normalizeForCodePage('ЦОК «Центральный» — приём с 8:00 до 20:00, ИНН № 123… €');
    expect(decodeText(encodeText(s, 'cp866'), 'cp866')).toBe(s);
  });
});
