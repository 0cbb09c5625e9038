import type { ReportResponse, VisitLogResponse } from '@talon/protocol';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../server/src/clock.js';
import { type RunningServer, startServer } from '../../server/src/index.js';
import { DAY, type FixtureStore, fixtureHarness, writeStore } from '../../server/src/reports/test-fixture.js';

let fx: FixtureStore;
let s: RunningServer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  fx = writeStore(fixtureHarness());
  s = await startServer({ dataDir: fx.dir, clock: new VirtualClock(Date.parse('2025-03-03T17:00:00Z')), tickMs: 0 });
  const users = [
    { login: 'hall', roles: ['hall_admin'] as const },
    { login: 'manager', roles: ['config_admin'] as const },
    { login: 'anna', roles: ['operator'] as const, operatorId: 'anna' },
  ];
  for (const u of users) {
    s.auth.ensureUser({ ...u, roles: [...u.roles], name: u.login, password: 'secret-1' });
    const r = await s.auth.login(u.login, 'secret-1');
    if (!r.ok) throw new Error('login failed');
    tokens[u.login] = r.value.token;
  }
  const code = s.auth.createPairingCode('kiosk', 'Киоск');
  const kiosk = s.auth.pair(code.code);
  if (!kiosk.ok) throw new Error('pairing failed');
  tokens.kiosk = kiosk.value.token;
  // Password hashing (scrypt) for three users is slow on a busy machine.
}, 60_000);
afterAll(async () => {
  await s?.close();
  fx?.cleanup();
}, 60_000);

const get = (path: string, token?: string) =>
  fetch(`${s.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('report endpoints: who may read them', () => {
  it('administrators get the report; operators and devices get 403; no token gets 401', async () => {
    for (const path of [
      `/api/reports?period=day&date=${DAY}`,
      `/api/reports/visits?period=day&date=${DAY}`,
      `/api/reports/export?period=day&date=${DAY}&format=xlsx&what=log`,
    ]) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, 'forged')).status).toBe(401);
      for (const who of ['anna', 'kiosk']) {
        const res = await get(path, tokens[who]);
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
      }
      for (const who of ['hall', 'manager']) expect((await get(path, tokens[who])).status).toBe(200);
    }
  });

  it('refuses a bad period with 400 and a reason, in Russian and English', async () => {
    for (const q of [
      'period=day',
      'period=day&date=2025-02-30',
      'period=week&date=2025-03-03',
      'period=custom&from=2025-03-03',
      'period=custom&from=2025-03-04&to=2025-03-03',
      'period=custom&from=2020-01-01&to=2025-03-03',
      'period=day&date=2025-03-03&extra=1',
      'period=day&date=2025-03-03&operatorId=../../etc',
    ]) {
      const res = await get(`/api/reports?${q}`, tokens.hall);
      expect(res.status, q).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: { ru: string; en: string } } };
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.message.ru.length).toBeGreaterThan(5);
    }
    const page = await get(`/api/reports/visits?period=day&date=${DAY}&pageSize=100000`, tokens.hall);
    expect(page.status).toBe(400);
  });
});

describe('report endpoints: content', () => {
  it('serves the same figures as the report service, and the visitor log page by page', async () => {
    const r = (await (await get(`/api/reports?period=month&date=${DAY}`, tokens.hall)).json()) as ReportResponse;
    expect(r.period).toEqual({ kind: 'month', from: '2025-03-01', to: '2025-03-31', days: 31 });
    expect(r.timeZone).toBe('Europe/Moscow');
    expect(r.summary).toMatchObject({ visits: 9, served: 7, noShows: 1 });
    expect(r.summary.wait.p90Sec).toBe(960);
    expect(r.ratings.available).toBeTypeOf('boolean');
    // The paired kiosk is listed; it never reported, so it has no uptime to show.
    expect(r.devices.devices?.map((d) => [d.role, d.uptimeShare])).toEqual([['kiosk', null]]);
    const log = (await (
      await get(`/api/reports/visits?period=day&date=${DAY}&page=2&pageSize=5&lang=en`, tokens.hall)
    ).json()) as VisitLogResponse;
    expect(log).toMatchObject({ total: 9, page: 2, pageSize: 5 });
    expect(log.rows.map((v) => v.number)).toEqual(['К-003', 'К-004', 'О-003', 'БТ-001']);
  });

  it('CSV for Excel in Russian: BOM, semicolons, decimal commas, local times', async () => {
    const res = await get(`/api/reports/export?period=day&date=${DAY}&format=csv&what=log`, tokens.hall);
    expect(res.headers.get('content-type')).toContain('text/csv');
    expect(res.headers.get('content-disposition')).toContain(`talon-journal-${DAY}.csv`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(10);
    const header = lines[0]?.split(';') ?? [];
    const first = Object.fromEntries((lines[1]?.split(';') ?? []).map((v, i) => [header[i], v]));
    expect(first).toMatchObject({
      Талон: 'К-001',
      Услуга: 'Консультация',
      Выдан: '03.03.2025 09:00:00',
      'Ожидание, мин': '2,0',
      'Обслуживание, мин': '4,0',
      Окно: 'Окно 1',
      Итог: 'Обслужен',
    });
    const summary = await (
      await get(`/api/reports/export?period=day&date=${DAY}&format=csv&what=summary&lang=en`, tokens.hall)
    ).text();
    const rows = summary.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]?.startsWith('Breakdown,Name,Visits,Served')).toBe(true);
    // visits, served, no-shows, cancelled, transfers, postponements; walk-ins, priority, booked, digital onboarding, extra sales
    expect(rows[0]).toContain('Walk-ins,Priority,Booked,Onboarded to digital services,Extra sales');
    expect(rows[1]).toMatch(/^Total,Office,9,7,1,1,1,1,1,0,0,0,0,6\.9,16\.0,/);
  });

  it('XLSX opens with exceljs and holds every visit with real dates and numbers', async () => {
    const res = await get(`/api/reports/export?period=day&date=${DAY}&format=xlsx&what=log`, tokens.manager);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet('Журнал');
    if (!ws) throw new Error('no log sheet');
    expect(ws.rowCount).toBe(10);
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    const v7 = ws.getRow(8);
    expect(v7.getCell(col('Талон')).value).toBe('К-004');
    expect(v7.getCell(col('Переведён в')).value).toBe('Оплата');
    expect(v7.getCell(col('Ожидание, мин')).value).toBe(10);
    expect(v7.getCell(col('Обслуживание, мин')).value).toBe(8);
    expect(v7.getCell(col('Всего, мин')).value).toBe(21);
    // Excel has no time zones: the cell holds the office's wall clock.
    expect((v7.getCell(col('Выдан')).value as Date).toISOString()).toBe('2025-03-03T09:40:00.000Z');

    const sum = await get(`/api/reports/export?period=day&date=${DAY}&format=xlsx&what=summary`, tokens.hall);
    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.load(await sum.arrayBuffer());
    expect(wb2.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['Параметры', 'Сводка', 'По дням', 'По часам', 'Операторы', 'Окна']),
    );
    const sheet = wb2.getWorksheet('Сводка');
    if (!sheet) throw new Error('no summary sheet');
    expect((sheet.getRow(2).values as unknown[]).slice(1, 5)).toEqual(['Итого', 'Офис', 9, 7]);
  });
});
