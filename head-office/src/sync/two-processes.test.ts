import { HQ_LIVE_NAMESPACE, type OfficeRow } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { FakeOffice } from './fake-office.js';
import { push } from './test-helpers.js';

/** Two head-office processes on one PostgreSQL, offices pushing the same batches to both at once. */
let a: TestHeadOffice;
let b: TestHeadOffice;
beforeAll(async () => {
  a = await startTestHeadOffice();
  b = await startTestHeadOffice({ databaseUrl: a.databaseUrl });
});
afterAll(async () => {
  await b?.close();
  await a?.close();
});

const OFFICES = 6;
const VISITS = 40;
const BATCH = 37;

describe('two head-office processes on one database', () => {
  it('store every event exactly once and never double the rollups', async () => {
    const offices: { seeded: SeededOffice; fake: FakeOffice; waits: number }[] = [];
    for (let i = 0; i < OFFICES; i++) {
      const fake = new FakeOffice();
      fake.configure();
      let waits = 0;
      for (let v = 0; v < VISITS; v++) {
        const waitSec = 60 + ((v * 97 + i * 13) % 1800);
        waits += waitSec;
        fake.visit({
          serviceId: v % 2 ? 'cash' : 'consultation',
          operatorId: v % 3 ? 'anna' : 'boris',
          waitSec,
          rating: 4,
        });
      }
      offices.push({ seeded: await a.seedOffice(), fake, waits });
    }

    await Promise.all(
      offices.map(async ({ seeded, fake }) => {
        for (let from = 1; from <= fake.lastSeq; from += BATCH) {
          const to = Math.min(fake.lastSeq, from + BATCH - 1);
          const batch = fake.batch(from, to);
          // The same batch to both processes at once: one stores it, the other finds it there.
          const [ra, rb] = await Promise.all([push(a.url, seeded.apiKey, batch), push(b.url, seeded.apiKey, batch)]);
          expect([ra.status, rb.status]).toEqual([200, 200]);
          expect(ra.body.stored + rb.body.stored).toBe(to - from + 1);
          expect(ra.body.stored + ra.body.duplicates).toBe(to - from + 1);
          expect(rb.body.stored + rb.body.duplicates).toBe(to - from + 1);
        }
      }),
    );

    const { rows } = await a.hq.pool.query<{ office_id: string; n: number; seqs: number; max: number }>(
      `SELECT office_id, count(*)::int AS n, count(DISTINCT seq)::int AS seqs, max(seq)::int AS max
         FROM events GROUP BY office_id`,
    );
    const byOffice = new Map(rows.map((r) => [r.office_id, r]));
    for (const { seeded, fake, waits } of offices) {
      const total = fake.lastSeq;
      expect(byOffice.get(seeded.id)).toEqual({ office_id: seeded.id, n: total, seqs: total, max: total });
      const sums = await a.hq.pool.query(
        `SELECT sum(visits)::int AS visits, sum(wait_sum)::int AS waits, sum(ratings)::int AS ratings
           FROM rollup_service WHERE office_id = $1`,
        [seeded.id],
      );
      expect(sums.rows[0]).toEqual({ visits: VISITS, waits, ratings: VISITS });
      const ops = await a.hq.pool.query('SELECT sum(visits)::int AS visits FROM rollup_operator WHERE office_id = $1', [
        seeded.id,
      ]);
      expect(ops.rows[0]).toEqual({ visits: VISITS });
    }
  });

  it('delivers an office update to a screen on the other process', async () => {
    const seeded = await a.seedOffice();
    const fake = new FakeOffice();
    fake.visit({ serviceId: 'cash', waitSec: 60 });
    const socket: Socket = io(`${b.url}${HQ_LIVE_NAMESPACE}`, {
      auth: { token: b.adminToken },
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      const snapshot = await new Promise<OfficeRow[]>((resolve, reject) => {
        socket.once('snapshot', resolve);
        socket.once('connect_error', reject);
      });
      expect(snapshot.find((r) => r.id === seeded.id)?.sync.ackSeq).toBe(0);
      const update = new Promise<OfficeRow>((resolve) => {
        const seen = (row: OfficeRow) => {
          if (row.id !== seeded.id || row.sync.ackSeq === 0) return;
          socket.off('office', seen);
          resolve(row);
        };
        socket.on('office', seen);
      });
      expect((await push(a.url, seeded.apiKey, fake.batch(1))).status).toBe(200);
      const row = await update;
      expect(row.sync).toMatchObject({ ackSeq: fake.lastSeq, connected: true });
    } finally {
      socket.close();
    }
  });
});
