/**
 * The booking import's file: a CSV as a spreadsheet saves it (Excel in Russian uses `;`, others `,`), UTF-8
 * with or without a BOM, fields in double quotes when they hold the separator. Small enough to read by hand;
 * what matters is the line number of every row, for the report of refused rows.
 */
export interface CsvRow {
  /** The row's line in the file, 1 for the first. */
  line: number;
  cells: string[];
}

/** `;` when the first line has one (a name may hold a comma), else `,`. */
export function separatorOf(text: string): ';' | ',' {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  return first.includes(';') ? ';' : ',';
}

export function parseCsv(raw: string): CsvRow[] {
  const text = raw.replace(/^\uFEFF/, '');
  const sep = separatorOf(text);
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells: cells.map((c) => c.trim()) });
    cells = [];
    cell = '';
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true;
      cell = '';
    } else if (ch === sep) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRow();
      line++;
      rowLine = line;
    } else cell += ch;
  }
  endRow();
  return rows;
}
