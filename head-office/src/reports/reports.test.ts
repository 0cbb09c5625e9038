import { randomBytes } from 'node:crypto';
import type { HqReport } from '@talon/protocol';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../edge.js';
import { type SeededOffice, startTestHeadOffice, type TestHeadOffice } from '../testing.js';

type Cols = Partial<Record<string, number>>;

/**
 * Hand-made rollups for three offices in two branches; the expected figures below are worked out
 * by hand from these numbers, not by the code under test.
 */
const ROWS: [office: 'A1' | 'A2' | 'B1', day: string, service: string, topic: string, cols: Cols][] = [
  [
    'A1',
    '2026-11-02',
    'pay',
    '',
    {
      visits: 10,
      served: 8,
      no_show: 1,
      cancelled: 1,
      wait_n: 9,
      wait_sum: 2700,
      wait_max: 900,
      wait_within: 7,
      wait_normed: 8,
      service_n: 8,
      service_sum: 4800,
      service_within: 6,
      service_normed: 8,
      total_within: 7,
      total_normed: 8,
      b1: 6,
      b2: 1,
      b3: 1,
      b4: 1,
      ratings: 4,
      rating_sum: 18,
    },
  ],
  [
    'A1',
    '2026-11-02',
    'pay',
    'debt',
    {
      visits: 5,
      served: 5,
      wait_n: 5,
      wait_sum: 1500,
      wait_max: 600,
      wait_within: 5,
      wait_normed: 5,
      service_n: 5,
      service_sum: 1500,
      service_within: 5,
      service_normed: 5,
      total_within: 5,
      total_normed: 5,
      b1: 5,
      ratings: 1,
      rating_sum: 5,
    },
  ],
  [
    'A1',
    '2026-11-03',
    'docs',
    '',
    {
      visits: 4,
      served: 4,
      wait_n: 4,
      wait_sum: 4000,
      wait_max: 2100,
      wait_within: 1,
      wait_normed: 4,
      service_n: 4,
      service_sum: 2400,
      service_within: 4,
      service_normed: 4,
      total_within: 2,
      total_normed: 4,
      b1: 1,
      b3: 1,
      b4: 1,
      b5: 1,
    },
  ],
  [
    'A2',
    '2026-11-02',
    'pay',
    '',
    {
      visits: 6,
      served: 6,
      wait_n: 6,
      wait_sum: 1200,
      wait_max: 400,
      wait_within: 6,
      wait_normed: 6,
      service_n: 6,
      service_sum: 1800,
      service_within: 5,
      service_normed: 6,
      total_within: 6,
      total_normed: 6,
      b1: 6,
      ratings: 2,
      rating_sum: 7,
    },
  ],
  [
    'B1',
    '2026-11-03',
    'pay',
    '',
    {
      visits: 3,
      served: 2,
      no_show: 1,
      wait_n: 2,
      wait_sum: 1000,
      wait_max: 700,
      wait_within: 1,
      wait_normed: 2,
      service_n: 2,
      service_sum: 600,
      service_within: 2,
      service_normed: 2,
      total_within: 1,
      total_normed: 2,
      b1: 1,
      b2: 1,
      ratings: 1,
      rating_sum: 2,
    },
  ],
  // outside the period: must not count
  ['A1', '2026-10-31', 'pay', '', { visits: 100, served: 100, wait_n: 100, wait_sum: 99999, wait_max: 9999 }],
  ['B1', '2026-12-01', 'pay', '', { visits: 100, served: 100 }],
];

const OPERATOR_ROWS: [office: 'A1' | 'A2' | 'B1', day: string, operator: string, cols: Cols][] = [
  ['A1', '2026-11-02', 'op1', { visits: 15, served: 13, wait_n: 14, wait_sum: 4200, ratings: 5, rating_sum: 23 }],
  ['A1', '2026-11-03', 'op1', { visits: 4, served: 4, wait_n: 4, wait_sum: 4000 }],
  ['A2', '2026-11-02', 'op9', { visits: 6, served: 6 }],
  ['B1', '2026-11-03', 'op1', { visits: 3, served: 2, ratings: 1, rating_sum: 2 }],
  ['B1', '2026-10-30', 'op1', { visits: 50 }],
];

const PERIOD = 'from=2026-11-01&to=2026-11-30';

describe('consolidated reports', () => {
  let t: TestHeadOffice;
  const o: Record<'A1' | 'A2' | 'B1', SeededOffice> = {} as never;
  let westManager: string;

  const get = async (path: string, token = t.adminToken) => {
    const r = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    return r;
  };
  const report = async (q = '', token = t.adminToken) =>
    (await (await get(`/api/hq/reports?${PERIOD}${q}`, token)).json()) as HqReport;

  beforeAll(async () => {
    t = await startTestHeadOffice();
    const pool = t.hq.pool;
    o.A1 = await t.seedOffice({ code: 'A1', branchCode: 'EAST' });
    o.A2 = await t.seedOffice({ code: 'A2', branchCode: 'EAST' });
    o.B1 = await t.seedOffice({ code: 'B1', branchCode: 'WEST' });
    for (const [office, day, service, topic, cols] of ROWS) {
      const names = Object.keys(cols);
      await pool.query(
        `INSERT INTO rollup_service (office_id, day, service_id, topic_id, ${names.join(', ')})
         VALUES ($1, $2, $3, $4, ${names.map((_, i) => `$${i + 5}`).join(', ')})`,
        [o[office].id, day, service, topic, ...Object.values(cols)],
      );
    }
    for (const [office, day, operator, cols] of OPERATOR_ROWS) {
      const names = Object.keys(cols);
      await pool.query(
        `INSERT INTO rollup_operator (office_id, day, operator_id, ${names.join(', ')})
         VALUES ($1, $2, $3, ${names.map((_, i) => `$${i + 4}`).join(', ')})`,
        [o[office].id, day, operator, ...Object.values(cols)],
      );
    }
    const cat = [
      [o.A1.id, 'service', 'pay', { ru: 'Оплата', en: 'Payment' }],
      [o.B1.id, 'service', 'docs', { ru: 'Документы', en: 'Documents' }],
      [o.A1.id, 'topic', 'debt', { ru: 'Задолженность', en: 'Debt' }],
      [o.A1.id, 'operator', 'op1', JSON.stringify('Иванова А.')],
      [o.B1.id, 'operator', 'op1', { ru: 'Петров П.', en: 'Petrov P.' }],
    ];
    for (const c of cat) await pool.query('INSERT INTO office_catalogue VALUES ($1, $2, $3, $4)', c);

    westManager = randomBytes(24).toString('base64url');
    const u = await pool.query<{ id: string }>(
      `INSERT INTO hq_users (login, name, role, branch_id, password_hash) VALUES ('west', 'Запад', 'branch_manager', $1, 'x')
       RETURNING id`,
      [o.B1.branchId],
    );
    await pool.query("INSERT INTO hq_sessions VALUES ($1, $2, now() + interval '1 hour')", [
      sha256(westManager),
      u.rows[0]?.id,
    ]);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('sums the period company-wide exactly', async () => {
    const r = await report();
    expect(r.total).toEqual({
      visits: 28,
      served: 25,
      noShow: 2,
      cancelled: 1,
      avgWaitSec: 10400 / 26,
      maxWaitSec: 2100,
      avgServiceSec: 11100 / 25,
      waitWithinNorm: 20 / 25,
      serviceWithinNorm: 22 / 25,
      totalWithinNorm: 21 / 25,
      waitBuckets: [19, 2, 2, 2, 1],
      ratings: 8,
      avgRating: 32 / 8,
    });
  });

  it('ranks offices by the share waiting within the norm', async () => {
    const r = await report();
    expect(r.offices.map((x) => [x.code, x.rank, x.visits, x.waitWithinNorm])).toEqual([
      ['A2', 1, 6, 1],
      ['A1', 2, 19, 13 / 17],
      ['B1', 3, 3, 0.5],
    ]);
    const a1 = r.offices.find((x) => x.code === 'A1');
    expect(a1).toMatchObject({
      officeId: o.A1.id,
      branchId: o.A1.branchId,
      name: { ru: 'ЦОК A1' },
      avgWaitSec: 8200 / 18,
      maxWaitSec: 2100,
      avgRating: 23 / 5,
      waitBuckets: [12, 1, 2, 2, 1],
    });
  });

  it('breaks down by service, topic, operator and day with catalogue names', async () => {
    const r = await report();
    expect(r.services.map((s) => [s.serviceId, s.name?.ru ?? null, s.visits, s.served])).toEqual([
      ['docs', 'Документы', 4, 4],
      ['pay', 'Оплата', 24, 21],
    ]);
    expect(r.topics.map((s) => [s.serviceId, s.topicId, s.name?.ru, s.visits])).toEqual([
      ['pay', 'debt', 'Задолженность', 5],
    ]);
    const ops = r.operators.map((s) => [s.officeId, s.operatorId, s.name, s.visits, s.avgWaitSec, s.avgRating]);
    expect(ops).toEqual(
      expect.arrayContaining([
        [o.A1.id, 'op1', 'Иванова А.', 19, 8200 / 18, 23 / 5],
        [o.A2.id, 'op9', null, 6, null, null],
        [o.B1.id, 'op1', 'Петров П.', 3, null, 2],
      ]),
    );
    expect(ops).toHaveLength(3);
    expect(r.days.map((d) => [d.day, d.visits, d.waitWithinNorm])).toEqual([
      ['2026-11-02', 21, 18 / 19],
      ['2026-11-03', 7, 2 / 6],
    ]);
  });

  it('narrows to a branch or to chosen offices', async () => {
    const east = await report(`&branchId=${o.A1.branchId}`);
    expect(east.offices.map((x) => x.code)).toEqual(['A2', 'A1']);
    expect(east.total.visits).toBe(25);
    expect(east.operators.every((x) => x.officeId !== o.B1.id)).toBe(true);
    const chosen = await report(`&officeIds=${o.A1.id},${o.B1.id}`);
    expect(chosen.offices.map((x) => x.code)).toEqual(['A1', 'B1']);
    expect(chosen.total.visits).toBe(22);
    expect(chosen.services.find((s) => s.serviceId === 'pay')?.visits).toBe(18);
    expect(chosen.days.map((d) => d.visits)).toEqual([15, 7]);
  });

  it("does not show a branch manager another branch's offices", async () => {
    const own = await report('', westManager);
    expect(own.offices.map((x) => x.code)).toEqual(['B1']);
    expect(own.total.visits).toBe(3);
    expect(own.operators.map((x) => x.officeId)).toEqual([o.B1.id]);
    const asked = await report(`&officeIds=${o.A1.id},${o.A2.id}`, westManager);
    expect(asked.offices).toEqual([]);
    expect(asked.total.visits).toBe(0);
    expect(asked.total.avgWaitSec).toBeNull();
    const east = await report(`&branchId=${o.A1.branchId}`, westManager);
    expect(east.offices).toEqual([]);
    expect(east.days).toEqual([]);
  });

  it('refuses a period that is not one', async () => {
    const r = await get('/api/hq/reports?from=2026-11-30&to=2026-11-01');
    expect(r.status).toBe(400);
    const bad = await get('/api/hq/reports?from=2026-02-30&to=2026-03-01');
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
  });

  it('exports CSV for Russian Excel that reads back to the same numbers', async () => {
    const r = await get(`/api/hq/reports/export?${PERIOD}&format=csv`);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="talon-hq-2026-11-01_2026-11-30.csv"');
    expect(r.headers.get('content-type')).toContain('text/csv');
    const bytes = Buffer.from(await r.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    const section = (title: string) => {
      const at = lines.indexOf(title);
      expect(at).toBeGreaterThan(-1);
      const header = (lines[at + 1] ?? '').split(';');
      const rows: Map<string, string>[] = [];
      for (let i = at + 2; lines[i]; i++) {
        const cells = (lines[i] ?? '').split(';');
        rows.push(new Map(header.map((h, j) => [h, cells[j] ?? ''])));
      }
      return rows;
    };
    const offices = section('Офисы');
    expect(offices.map((x) => [x.get('Место'), x.get('Код'), x.get('Офис'), x.get('Филиал'), x.get('Визиты')])).toEqual(
      [
        ['1', 'A2', 'ЦОК A2', 'Филиал EAST', '6'],
        ['2', 'A1', 'ЦОК A1', 'Филиал EAST', '19'],
        ['3', 'B1', 'ЦОК B1', 'Филиал WEST', '3'],
        ['', '', 'Итого', '', '28'],
      ],
    );
    const total = offices[3] ?? new Map<string, string>();
    expect(total.get('Ожидание в норме, %')).toBe('80,0');
    expect(total.get('Среднее ожидание, мин')).toBe((10400 / 26 / 60).toFixed(1).replace('.', ','));
    expect(total.get('Средняя оценка')).toBe('4,00');
    expect(total.get('Ожидание более 33 мин')).toBe('1');
    expect(section('Услуги').map((x) => [x.get('Услуга'), x.get('Визиты')])).toEqual([
      ['Документы', '4'],
      ['Оплата', '24'],
    ]);
    expect(section('Темы')[0]?.get('Тема')).toBe('Задолженность');
    expect(section('Операторы')).toHaveLength(3);
    expect(section('По дням').map((x) => [x.get('Дата'), x.get('Визиты')])).toEqual([
      ['02.11.2026', '21'],
      ['03.11.2026', '7'],
    ]);
  });

  it('exports XLSX with one sheet per table, numbers as numbers and shares as percent', async () => {
    const r = await get(`/api/hq/reports/export?${PERIOD}&format=xlsx&branchId=${o.A1.branchId}`);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="talon-hq-2026-11-01_2026-11-30.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await r.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Офисы', 'Услуги', 'Темы', 'Операторы', 'По дням']);
    const ws = wb.getWorksheet('Офисы');
    if (!ws) throw new Error('no sheet');
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(ws.rowCount).toBe(4); // header, A2, A1, Итого
    expect(ws.getRow(2).getCell(col('Код')).value).toBe('A2');
    expect(ws.getRow(3).getCell(col('Визиты')).value).toBe(19);
    expect(ws.getRow(3).getCell(col('Ожидание в норме')).value).toBeCloseTo(13 / 17, 12);
    expect(ws.getRow(3).getCell(col('Ожидание в норме')).numFmt).toBe('0.0%');
    expect(ws.getRow(3).getCell(col('Среднее ожидание, мин')).value).toBeCloseTo(8200 / 18 / 60, 12);
    const total = ws.getRow(4);
    expect(total.getCell(col('Офис')).value).toBe('Итого');
    expect(total.getCell(col('Визиты')).value).toBe(25);
    expect(total.getCell(col('Средняя оценка')).value).toBe(30 / 7);
    const days = wb.getWorksheet('По дням');
    expect(days?.getRow(2).values).toEqual(expect.arrayContaining(['02.11.2026', 21]));
  });
});
