// For the privacy tests (server/src/store, server/src/privacy, test/server): where values sit in a database.
import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';

/** Every `table.column` (any table, any column, read as text) that holds one of `needles`. */
export function columnsHolding(db: Database.Database, needles: readonly string[]): string[] {
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all();
  const found: string[] = [];
  for (const t of tables) {
    const cols = db.prepare<[], { name: string }>(`PRAGMA table_info("${t}")`).all();
    for (const { name } of cols)
      for (const n of needles) {
        const hit = db
          .prepare<[string], number>(`SELECT COUNT(*) FROM "${t}" WHERE instr(CAST("${name}" AS TEXT), ?) > 0`)
          .pluck()
          .get(n);
        if (hit) found.push(`${t}.${name}: ${n}`);
      }
  }
  return found;
}

/** The needles found anywhere in a file's bytes (free pages included), as UTF-8. */
export function bytesHolding(file: string, needles: readonly string[]): string[] {
  const bytes = readFileSync(file);
  return needles.filter((n) => bytes.includes(Buffer.from(n, 'utf8')));
}
