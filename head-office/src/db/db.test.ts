import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './embedded.js';
import { migrate } from './migrate.js';

describe('head-office database', () => {
  let db: EmbeddedDatabase;
  beforeAll(async () => {
    db = await startEmbeddedPostgres();
  });
  afterAll(async () => {
    await db?.stop();
  });

  it('migrates a fresh database once, even when two processes start together', async () => {
    const [a, b] = await Promise.all([migrate(db.url), migrate(db.url)]);
    expect([...a, ...b]).toEqual([
      '001_company_sync_reports',
      '002_bookings',
      '003_ticket_requests',
      '004_booking_phones',
    ]);
    expect(await migrate(db.url)).toEqual([]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    const { rows } = await client.query("SELECT relkind FROM pg_class WHERE relname = 'events'");
    await client.end();
    // p: a partitioned table
    expect(rows[0].relkind).toBe('p');
  });
});
