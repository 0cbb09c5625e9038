import type pg from 'pg';
import { pgCode } from '../people/users.js';

/** Any constant: the advisory lock that serialises partition creation across head-office processes. */
const PARTITION_LOCK = 0x7a10_e001;

/** `events_y2025m03` for an instant in March 2025 (UTC months: the bounds are plain instants). */
export function monthOf(ms: number): { name: string; from: string; to: string } {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  const iso = (yy: number, mm: number) => new Date(Date.UTC(yy, mm, 1)).toISOString().slice(0, 10);
  return {
    name: `events_y${y}m${String(m + 1).padStart(2, '0')}`,
    from: `${iso(y, m)} 00:00:00+00`,
    to: `${iso(y, m + 1)} 00:00:00+00`,
  };
}

/**
 * Monthly partitions of `events`, created on demand. The set below only saves a catalogue lookup per
 * batch; the database decides: `CREATE … IF NOT EXISTS` under an advisory lock, "already exists"
 * tolerated. Creation runs in its own short transaction BEFORE the batch's: creating a partition locks
 * `events` itself, which must never wait inside a transaction that already holds an office's row.
 */
export class Partitions {
  private readonly known = new Set<string>();

  async ensure(client: pg.PoolClient, ats: readonly number[]): Promise<void> {
    const months = new Map<string, ReturnType<typeof monthOf>>();
    // A batch spans a month or two: name each month once, not each event (Dates are not free).
    let lastMonth = Number.NaN;
    for (const at of ats) {
      const d = new Date(at);
      const key = d.getUTCFullYear() * 12 + d.getUTCMonth();
      if (key === lastMonth) continue;
      lastMonth = key;
      const m = monthOf(at);
      if (!this.known.has(m.name)) months.set(m.name, m);
    }
    for (const m of months.values()) {
      const { rows } = await client.query<{ r: string | null }>('SELECT to_regclass($1)::text AS r', [m.name]);
      if (!rows[0]?.r) await this.create(client, m);
      this.known.add(m.name);
    }
  }

  /** After "no partition for this row" (one dropped or detached by hand): look again next time. */
  forget(): void {
    this.known.clear();
  }

  private async create(client: pg.PoolClient, m: ReturnType<typeof monthOf>): Promise<void> {
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF events FOR VALUES FROM ('${m.from}') TO ('${m.to}')`,
      );
      await client.query('COMMIT');
    } catch (e) {
      await client.query('ROLLBACK').catch(() => {});
      // 42P07 duplicate table, 23505 its catalogue row: another process won the race.
      if (pgCode(e) !== '42P07' && pgCode(e) !== '23505') throw e;
    }
  }
}
