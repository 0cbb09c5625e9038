import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHeadOffice, type TestHeadOffice } from '../testing.js';
import { FakeOffice } from './fake-office.js';
import { push } from './test-helpers.js';

let t: TestHeadOffice;
beforeAll(async () => {
  t = await startTestHeadOffice();
});
afterAll(async () => {
  await t?.close();
});

const NORMS = { waitSec: 480, serviceSec: 480, totalSec: 1800 };
const ZERO = {
  visits: 0,
  served: 0,
  no_show: 0,
  cancelled: 0,
  wait_n: 0,
  wait_sum: 0,
  wait_max: 0,
  wait_within: 0,
  wait_normed: 0,
  service_n: 0,
  service_sum: 0,
  service_within: 0,
  service_normed: 0,
  total_within: 0,
  total_normed: 0,
  b1: 0,
  b2: 0,
  b3: 0,
  b4: 0,
  b5: 0,
  ratings: 0,
  rating_sum: 0,
};
const FIGURES = Object.keys(ZERO)
  .map((c) => `${c}::int`)
  .join(', ');

describe('rollups', () => {
  it('add up exactly for a hand-built day, however the events are split into batches and replayed', async () => {
    const o = await t.seedOffice();
    const office = new FakeOffice();
    office.configure();
    // Waits 5 and 10 min against an 8-min norm; services 400 s and 700 s against 480 s; totals within 30 min.
    office.visit({
      serviceId: 'consultation',
      topicId: 'readings',
      operatorId: 'anna',
      waitSec: 300,
      serviceSec: 400,
      norms: NORMS,
      rating: 5,
    });
    office.visit({
      serviceId: 'consultation',
      topicId: 'readings',
      operatorId: 'boris',
      waitSec: 600,
      serviceSec: 700,
      norms: NORMS,
      rating: 3,
    });
    // A no-show after 25 min: its wait counts (b4), service and total do not.
    office.visit({ serviceId: 'consultation', operatorId: 'anna', waitSec: 1500, outcome: 'no-show', norms: NORMS });
    // 40 min (b5) against a 4-min norm; no service or total norm: not judged.
    office.visit({
      serviceId: 'cash',
      operatorId: 'vera',
      windowNumber: 3,
      waitSec: 2400,
      serviceSec: 100,
      norms: { waitSec: 240, serviceSec: null, totalSec: null },
    });
    // Cancelled before being called: a visit, nothing else.
    office.visit({ serviceId: 'cash', outcome: 'cancelled', norms: NORMS });
    // Exactly 8 min: still the first bucket. No norms at all.
    office.visit({ serviceId: 'documents', operatorId: 'vera', waitSec: 480, serviceSec: 1300 });

    const n = office.lastSeq;
    for (const [from, to] of [
      [1, 7],
      [1, 7],
      [5, 13],
      [14, n],
      [10, n],
    ] as const) {
      const r = await push(t.url, o.apiKey, office.batch(from, to));
      expect(r.status).toBe(200);
    }

    const service = await t.hq.pool.query(
      `SELECT day::text, service_id, topic_id, ${FIGURES} FROM rollup_service WHERE office_id = $1
        ORDER BY service_id, topic_id`,
      [o.id],
    );
    const day = '2025-03-03';
    expect(service.rows).toEqual([
      {
        ...ZERO,
        day,
        service_id: 'cash',
        topic_id: '',
        visits: 2,
        served: 1,
        cancelled: 1,
        wait_n: 1,
        wait_sum: 2400,
        wait_max: 2400,
        wait_normed: 1,
        b5: 1,
        service_n: 1,
        service_sum: 100,
      },
      {
        ...ZERO,
        day,
        service_id: 'consultation',
        topic_id: '',
        visits: 1,
        no_show: 1,
        wait_n: 1,
        wait_sum: 1500,
        wait_max: 1500,
        wait_normed: 1,
        b4: 1,
      },
      {
        ...ZERO,
        day,
        service_id: 'consultation',
        topic_id: 'readings',
        visits: 2,
        served: 2,
        wait_n: 2,
        wait_sum: 900,
        wait_max: 600,
        wait_within: 1,
        wait_normed: 2,
        b1: 1,
        b2: 1,
        service_n: 2,
        service_sum: 1100,
        service_within: 1,
        service_normed: 2,
        total_within: 2,
        total_normed: 2,
        ratings: 2,
        rating_sum: 8,
      },
      {
        ...ZERO,
        day,
        service_id: 'documents',
        topic_id: '',
        visits: 1,
        served: 1,
        wait_n: 1,
        wait_sum: 480,
        wait_max: 480,
        b1: 1,
        service_n: 1,
        service_sum: 1300,
      },
    ]);

    const operator = await t.hq.pool.query(
      `SELECT operator_id, visits::int, served::int, no_show::int, wait_n::int, wait_sum::int, wait_max::int,
              wait_within::int, b1::int, b4::int, b5::int, service_sum::int, ratings::int, rating_sum::int
         FROM rollup_operator WHERE office_id = $1 ORDER BY operator_id`,
      [o.id],
    );
    expect(operator.rows).toEqual([
      {
        operator_id: 'anna',
        visits: 2,
        served: 1,
        no_show: 1,
        wait_n: 2,
        wait_sum: 1800,
        wait_max: 1500,
        wait_within: 1,
        b1: 1,
        b4: 1,
        b5: 0,
        service_sum: 400,
        ratings: 1,
        rating_sum: 5,
      },
      {
        operator_id: 'boris',
        visits: 1,
        served: 1,
        no_show: 0,
        wait_n: 1,
        wait_sum: 600,
        wait_max: 600,
        wait_within: 0,
        b1: 0,
        b4: 0,
        b5: 0,
        service_sum: 700,
        ratings: 1,
        rating_sum: 3,
      },
      {
        operator_id: 'vera',
        visits: 2,
        served: 2,
        no_show: 0,
        wait_n: 2,
        wait_sum: 2880,
        wait_max: 2400,
        wait_within: 0,
        b1: 1,
        b4: 0,
        b5: 1,
        service_sum: 1400,
        ratings: 0,
        rating_sum: 0,
      },
    ]);

    // The tickets the public page reads, and the names reports print.
    const tickets = await t.hq.pool.query(
      'SELECT number, status, window_number, rated FROM hq_tickets WHERE office_id = $1 ORDER BY number',
      [o.id],
    );
    expect(tickets.rows).toEqual([
      { number: 'К-001', status: 'done', window_number: 1, rated: true },
      { number: 'К-002', status: 'done', window_number: 1, rated: true },
      { number: 'К-003', status: 'no-show', window_number: 1, rated: false },
      { number: 'К-004', status: 'done', window_number: 3, rated: false },
      { number: 'К-005', status: 'cancelled', window_number: null, rated: false },
      { number: 'К-006', status: 'done', window_number: 1, rated: false },
    ]);
    const names = await t.hq.pool.query(
      "SELECT kind, item_id, name FROM office_catalogue WHERE office_id = $1 AND item_id IN ('cash', 'anna') ORDER BY kind",
      [o.id],
    );
    expect(names.rows).toEqual([
      { kind: 'operator', item_id: 'anna', name: 'Анна' },
      { kind: 'service', item_id: 'cash', name: { ru: 'Оплата', en: 'Payment' } },
    ]);
  });

  it('follows a ticket through the hall for the public page', async () => {
    const o = await t.seedOffice();
    const office = new FakeOffice();
    const [issued, called] = office.visit({ serviceId: 'cash', waitSec: 60, windowNumber: 2 });
    if (!issued || !called) throw new Error('no events');
    await push(t.url, o.apiKey, office.batch(1, 1));
    const status = async () =>
      (await t.hq.pool.query('SELECT status, window_number FROM hq_tickets WHERE office_id = $1', [o.id])).rows[0];
    expect(await status()).toEqual({ status: 'waiting', window_number: null });
    await push(t.url, o.apiKey, office.batch(2, 2));
    expect(await status()).toEqual({ status: 'called', window_number: 2 });
    await push(t.url, o.apiKey, office.batch(3, 3));
    expect(await status()).toEqual({ status: 'serving', window_number: 2 });
    await push(t.url, o.apiKey, office.batch(4));
    expect(await status()).toEqual({ status: 'done', window_number: 2 });
  });
});
