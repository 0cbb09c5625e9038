import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { FakeOffice } from './fake-office.js';
import { call, hello, push } from './test-helpers.js';

let t: TestHeadOffice;
beforeAll(async () => {
  t = await startTestHeadOffice({ publicBase: 'https://hq.example.ru/' });
});
afterAll(async () => {
  await t?.close();
});

const q = async <R extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  (await t.hq.pool.query<R>(sql, params)).rows;

async function stored(officeId: string) {
  const [r] = await q<{ n: number; seqs: number }>(
    'SELECT count(*)::int AS n, count(DISTINCT (epoch, seq))::int AS seqs FROM events WHERE office_id = $1',
    [officeId],
  );
  return r ?? { n: -1, seqs: -1 };
}

const openIncidents = (officeId: string, kind: string) =>
  q<{ details: Record<string, unknown> }>(
    'SELECT details FROM office_incidents WHERE office_id = $1 AND kind = $2 AND acked_at IS NULL',
    [officeId, kind],
  );

function visits(office: FakeOffice, n: number) {
  for (let i = 0; i < n; i++)
    office.visit({ serviceId: 'consultation', waitSec: 120 + i * 30, serviceSec: 240, rating: (i % 5) + 1 });
}

describe('sync hello', () => {
  it('stores the link secret and time zone and says where to resume and the public address', async () => {
    const o = await t.seedOffice({ code: 'HELLO1' });
    const r = await hello(t.url, o.apiKey);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ officeId: o.id, code: 'HELLO1', ackSeq: 0, epoch: 1 });
    expect(r.body.publicBase).toBe('https://hq.example.ru/o/HELLO1');
    const [row] = await q<{ secret: string; tz: string }>(
      "SELECT encode(link_secret, 'hex') AS secret, time_zone AS tz FROM offices WHERE id = $1",
      [o.id],
    );
    expect(row).toEqual({ secret: 'ab'.repeat(32), tz: 'Europe/Moscow' });
  });
});

describe('a row above the ack already there (put in by hand)', () => {
  it('is stored around: the batch keeps the row, stores the rest once and folds only what it stored', async () => {
    const o = await t.seedOffice();
    const office = new FakeOffice();
    office.configure();
    visits(office, 6);
    const n = office.lastSeq;
    expect((await push(t.url, o.apiKey, office.batch(1, 3))).body).toMatchObject({ ackSeq: 3, stored: 3 });
    // someone copied the office's closing event of its first visit in before the office sent it
    const batch = office.batch(4, n);
    const closing = batch.events.find((e) => e.type === 'ServiceFinished');
    if (!closing) throw new Error('the fake office closed no visit');
    await q(
      `INSERT INTO events (office_id, epoch, seq, at, type, digest, payload)
       VALUES ($1, 1, $2, to_timestamp($3 / 1000.0), $4, decode($5, 'hex'), $6::json)`,
      [o.id, closing.seq, closing.at, closing.type, closing.digest, JSON.stringify(closing.payload)],
    );
    const r = await push(t.url, o.apiKey, batch);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ackSeq: n, stored: n - 3 - 1, duplicates: 0 });
    expect(await stored(o.id)).toEqual({ n, seqs: n });
    // the visit whose closing event was put in by hand is not in the rollups: nothing folded it
    const [sums] = await q<{ visits: number }>(
      'SELECT sum(visits)::int AS visits FROM rollup_service WHERE office_id = $1',
      [o.id],
    );
    expect(sums?.visits).toBe(5);
    const [sync] = await q<{ ack: string }>('SELECT ack_seq AS ack FROM office_sync WHERE office_id = $1', [o.id]);
    expect(Number(sync?.ack)).toBe(n);
  });
});

describe('sync ingest', () => {
  let o: SeededOffice;
  const office = new FakeOffice();
  beforeAll(async () => {
    o = await t.seedOffice();
    office.configure();
    visits(office, 10);
  });

  it('stores a batch once: a replay and an overlapping batch store nothing twice', async () => {
    const n = office.lastSeq;
    const first = await push(t.url, o.apiKey, office.batch(1, n - 5));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ ackSeq: n - 5, epoch: 1, stored: n - 5, duplicates: 0, attention: null });

    const replay = await push(t.url, o.apiKey, office.batch(1, n - 5));
    expect(replay.body).toMatchObject({ ackSeq: n - 5, stored: 0, duplicates: n - 5 });

    const overlap = await push(t.url, o.apiKey, office.batch(n - 8, n));
    expect(overlap.body).toMatchObject({ ackSeq: n, stored: 5, duplicates: 4 });
    expect(await stored(o.id)).toEqual({ n, seqs: n });

    // The rollups were fed by the stored events only: 10 visits, not 10 + replays.
    const [sums] = await q<{ visits: number; ratings: number }>(
      'SELECT sum(visits)::int AS visits, sum(ratings)::int AS ratings FROM rollup_service WHERE office_id = $1',
      [o.id],
    );
    expect(sums).toEqual({ visits: 10, ratings: 10 });
  });

  it('refuses a batch whose seqs are not consecutive, storing nothing', async () => {
    visits(office, 1);
    const b = office.batch(office.lastSeq - 3);
    const before = await stored(o.id);
    const r = await push(t.url, o.apiKey, { ...b, events: b.events.filter((_, i) => i !== 1) });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(await stored(o.id)).toEqual(before);
  });

  it('refuses a gap with SYNC_GAP and one incident, and takes the batch once the missing events come', async () => {
    const ack = (await stored(o.id)).n;
    visits(office, 3);
    const late = office.batch(ack + 4);
    const r1 = await push(t.url, o.apiKey, late);
    expect(r1.status).toBe(409);
    expect(r1.body.error).toMatchObject({ code: 'SYNC_GAP', details: { expectSeq: ack + 1, receivedSeq: ack + 4 } });
    const r2 = await push(t.url, o.apiKey, late);
    expect(r2.status).toBe(409);
    expect(await stored(o.id)).toEqual({ n: ack, seqs: ack });
    const gaps = await openIncidents(o.id, 'gap');
    expect(gaps.map((g) => g.details.expectSeq)).toEqual([ack + 1]);
    const row = await call(t.url, 'GET', `/api/hq/offices/${o.id}`, { token: t.adminToken });
    expect(row.body.sync.attention.map((i: { kind: string }) => i.kind)).toEqual(['gap']);
    expect(row.body.sync.attention[0].text.ru).toContain(`№ ${ack + 1}`);

    const fill = await push(t.url, o.apiKey, office.batch(ack + 1));
    expect(fill.status).toBe(200);
    expect(fill.body).toMatchObject({ ackSeq: office.lastSeq, stored: office.lastSeq - ack });
    expect(await stored(o.id)).toEqual({ n: office.lastSeq, seqs: office.lastSeq });
    // Filled: the incident closes itself, kept in the history.
    expect(await openIncidents(o.id, 'gap')).toEqual([]);
  });

  it('refuses a wrong key and a revoked key, storing nothing', async () => {
    visits(office, 1);
    const batch = office.batch(office.lastSeq - 3);
    const before = await stored(o.id);
    const wrong = await push(t.url, 'x'.repeat(43), batch);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('OFFICE_KEY_INVALID');

    const other = await t.seedOffice();
    const revoke = await call(t.url, 'DELETE', `/api/hq/offices/${other.id}/key`, { token: t.adminToken });
    expect(revoke.status).toBe(200);
    const revoked = await push(t.url, other.apiKey, new FakeOffice().batch(1));
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('OFFICE_KEY_INVALID');
    expect((await hello(t.url, other.apiKey)).status).toBe(401);
    expect(await stored(other.id)).toEqual({ n: 0, seqs: 0 });
    expect(await stored(o.id)).toEqual(before);
    const row = await call(t.url, 'GET', `/api/hq/offices/${other.id}`, { token: t.adminToken });
    expect(row.body.keyRevoked).toBe(true);

    // A new key works again; the revoked one stays refused.
    const rotated = await call(t.url, 'POST', `/api/hq/offices/${other.id}/key`, { token: t.adminToken });
    expect((await hello(t.url, rotated.body.apiKey)).status).toBe(200);
    expect((await hello(t.url, other.apiKey)).status).toBe(401);
  });

  it('keeps the office sync state and figures for the company screen', async () => {
    const status = {
      at: office.clock,
      dayKey: '2025-03-03',
      waitingNow: 4,
      longestWaitSec: 600,
      longestWaitNormSec: 480,
      withinNormShareToday: 0.75,
      servedToday: 14,
      operatorsAtWork: 3,
      devicesInAlarm: 0,
      alarms: [],
      services: [],
      queue: [],
      windows: [],
      profileVersion: null,
      softwareVersion: '0.1.0',
    };
    const held = (await stored(o.id)).n;
    const r = await push(
      t.url,
      o.apiKey,
      office.batch(held + 1, office.lastSeq, { backlog: { count: 7, oldestAt: office.clock - 90_000 }, status }),
    );
    expect(r.body).toMatchObject({ ackSeq: office.lastSeq, stored: office.lastSeq - held });
    const row = await call(t.url, 'GET', `/api/hq/offices/${o.id}`, { token: t.adminToken });
    expect(row.body.sync).toMatchObject({ connected: true, ackSeq: office.lastSeq, epoch: 1, backlog: 7, lagSec: 90 });
    expect(row.body.status).toMatchObject({ waitingNow: 4, servedToday: 14 });
  });
});

describe('an office restored from an older backup', () => {
  it('is detected: nothing overwritten or lost, its new line kept under a new epoch', async () => {
    const o = await t.seedOffice();
    const original = new FakeOffice();
    original.configure();
    visits(original, 10);
    const held = original.lastSeq;
    expect((await push(t.url, o.apiKey, original.batch(1))).body.stored).toBe(held);
    const digestsBefore = await q<{ seq: string; d: string }>(
      "SELECT seq, encode(digest, 'hex') AS d FROM events WHERE office_id = $1 ORDER BY seq",
      [o.id],
    );

    // Restored at seq 20: the office now says its log ends there (a heartbeat, nothing new yet).
    const restored = original.restoredAt(20);
    const behind = await push(t.url, o.apiKey, restored.batch(21));
    expect(behind.status).toBe(200);
    expect(behind.body).toMatchObject({ attention: 'behind', ackSeq: 20, epoch: 1, stored: 0 });
    await push(t.url, o.apiKey, restored.batch(21));
    expect(await openIncidents(o.id, 'behind')).toHaveLength(1);

    // It writes on: different events under seqs head office already holds.
    visits(restored, 6);
    const fork = await push(t.url, o.apiKey, restored.batch(18));
    expect(fork.status).toBe(200);
    expect(fork.body).toMatchObject({
      attention: 'forked',
      epoch: 2,
      duplicates: 3,
      stored: restored.lastSeq - 20,
      ackSeq: restored.lastSeq,
    });
    const [forked] = await openIncidents(o.id, 'forked');
    expect(forked?.details).toMatchObject({
      oldEpoch: 1,
      epoch: 2,
      fromSeq: 21,
      keptFromOldEpoch: { fromSeq: 21, toSeq: held },
    });

    // Epoch 1 is as it was; epoch 2 holds the new line from seq 21.
    const epoch1 = await q<{ seq: string; d: string }>(
      "SELECT seq, encode(digest, 'hex') AS d FROM events WHERE office_id = $1 AND epoch = 1 ORDER BY seq",
      [o.id],
    );
    expect(epoch1).toEqual(digestsBefore);
    const epoch2 = await q<{ seq: string; d: string }>(
      "SELECT seq, encode(digest, 'hex') AS d FROM events WHERE office_id = $1 AND epoch = 2 ORDER BY seq",
      [o.id],
    );
    expect(epoch2.map((r) => Number(r.seq))).toEqual(restored.log.slice(20).map((e) => e.seq));
    expect(epoch2.map((r) => r.d)).toEqual(restored.log.slice(20).map((e) => e.digest));

    // A replay across the fork point matches each seq against the line it belongs to.
    const replay = await push(t.url, o.apiKey, restored.batch(15));
    expect(replay.body).toMatchObject({ stored: 0, duplicates: restored.lastSeq - 14, epoch: 2 });
    // Both lines' visits are counted: they all happened.
    const [sums] = await q<{ visits: number }>(
      'SELECT sum(visits)::int AS visits FROM rollup_service WHERE office_id = $1',
      [o.id],
    );
    expect(sums?.visits).toBe(10 + 6);

    // The screen shows it as needing attention until an administrator acknowledges it.
    const row = await call(t.url, 'GET', `/api/hq/offices/${o.id}`, { token: t.adminToken });
    const kinds = row.body.sync.attention.map((i: { kind: string }) => i.kind).sort();
    expect(kinds).toEqual(['behind', 'forked']);
    for (const i of row.body.sync.attention) {
      const ack = await call(t.url, 'POST', `/api/hq/offices/${o.id}/incidents/${i.id}/ack`, { token: t.adminToken });
      expect(ack.status).toBe(200);
    }
    const after = await push(t.url, o.apiKey, restored.batch(restored.lastSeq + 1));
    expect(after.body.attention).toBeNull();
  });
});
