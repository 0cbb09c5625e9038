import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { FakeOffice } from './fake-office.js';
import { isOverload } from './shed.js';
import { type Answer, push } from './test-helpers.js';

let t: TestHeadOffice;
beforeAll(async () => {
  t = await startTestHeadOffice({ maxConcurrentIngest: 2 });
});
afterAll(async () => {
  await t?.close();
});

describe('load shedding', () => {
  it('answers 429 HQ_BUSY with a retry time, never a 5xx, and every backlog still drains once', async () => {
    const offices = await Promise.all(
      Array.from({ length: 12 }, async () => {
        const fake = new FakeOffice();
        while (fake.lastSeq < 480) fake.visit({ serviceId: 'consultation', waitSec: 300, rating: 5 });
        return { seeded: await t.seedOffice(), fake };
      }),
    );
    const answers: Answer[] = [];
    // Everyone at once, then each refused office comes back when told (shortened here: no timings in tests).
    await Promise.all(
      offices.map(async ({ seeded, fake }) => {
        for (;;) {
          const r = await push(t.url, seeded.apiKey, fake.batch(1));
          answers.push(r);
          if (r.status === 200) return;
          await new Promise((res) => setTimeout(res, 5));
        }
      }),
    );
    expect(answers.filter((r) => r.status >= 500)).toEqual([]);
    const busy = answers.filter((r) => r.status === 429);
    expect(busy.length).toBeGreaterThan(0);
    for (const r of busy) {
      expect(r.body.error.code).toBe('HQ_BUSY');
      const ms = r.body.error.details.retryAfterMs;
      expect(ms).toBeGreaterThanOrEqual(1000);
      expect(Number(r.headers.get('retry-after'))).toBe(Math.ceil(ms / 1000));
    }
    const { rows } = await t.hq.pool.query<{ n: number; seqs: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT (office_id, seq))::int AS seqs FROM events',
    );
    const total = offices.reduce((s, o) => s + o.fake.lastSeq, 0);
    expect(rows[0]).toEqual({ n: total, seqs: total });
  });

  it('takes a database overloaded or timing out for "busy", not for a bug', async () => {
    const client = new pg.Client({ connectionString: t.databaseUrl });
    await client.connect();
    try {
      await client.query("SET statement_timeout = '10ms'");
      const timeout = await client.query('SELECT pg_sleep(1)').catch((e: unknown) => e);
      expect(isOverload(timeout)).toBe(true);
      await client.query('RESET statement_timeout');
      const bug = await client.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
      expect(isOverload(bug)).toBe(false);
    } finally {
      await client.end();
    }
  });
});
