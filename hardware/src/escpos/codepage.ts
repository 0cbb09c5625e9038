import iconv from 'iconv-lite';

export type CodePage = 'cp866' | 'cp1251';

/** Epson's ESC t numbers; other vendors may differ (the printer config can override them). */
export const ESC_T: Record<CodePage, number> = { cp866: 17, cp1251: 46 };

/** The reverse, for the decoder: tables we know how to read back. */
export const TABLE_BY_ESC_T: Record<number, string> = {
  0: 'cp437',
  17: 'cp866',
  46: 'win1251',
  // Xprinter/HPRT-class firmware often files CP866 under 59 (or 7); decoding them the same is harmless.
  59: 'cp866',
  7: 'cp866',
};

/**
 * Characters a Russian ticket uses that CP866 lacks. node-thermal-printer would otherwise switch the
 * printer to another code page mid-line (ESC t) and stay there, which garbles every Cyrillic letter
 * after it on printers whose tables are numbered differently.
 */
const REPLACEMENTS: Record<string, string> = {
  '«': '"',
  '»': '"',
  '„': '"',
  '“': '"',
  '”': '"',
  '‘': "'",
  '’': "'",
  '‚': "'",
  '—': '-',
  '–': '-',
  '‑': '-',
  '−': '-',
  '…': '...',
  '\u00a0': ' ',
  '\u202f': ' ',
  '\u2009': ' ',
  '₽': 'руб.',
  '€': 'EUR',
  '×': 'x',
  '≈': '~',
  '•': '*',
  '\t': ' ',
};

const canEncode = new Map<string, boolean>();

function encodable(ch: string, cp: CodePage): boolean {
  const key = `${cp}:${ch}`;
  let ok = canEncode.get(key);
  if (ok === undefined) {
    const bytes = iconv.encode(ch, cp);
    ok = iconv.decode(bytes, cp) === ch;
    canEncode.set(key, ok);
  }
  return ok;
}

/**
 * Text the printer can print in `cp`: NFC, the replacements above, control characters dropped,
 * anything else the code page cannot show becomes «?».
 */
export function normalizeForCodePage(text: string, cp: CodePage = 'cp866'): string {
  let out = '';
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0) ?? 0;
    if (code < 0x20 && ch !== '\n') continue;
    if (code < 0x80) {
      out += ch;
      continue;
    }
    const repl = REPLACEMENTS[ch];
    if (repl !== undefined) out += repl;
    else if (encodable(ch, cp)) out += ch;
    else if (ch === 'ё' || ch === 'Ё') out += ch === 'ё' ? 'е' : 'Е';
    else out += '?';
  }
  return out;
}

export function decodeText(bytes: Uint8Array, table: string): string {
  return iconv.decode(Buffer.from(bytes), table);
}

export function encodeText(text: string, table: string): Buffer {
  return iconv.encode(text, table);
}
