import { actors, Harness } from '@talon/engine/testing';
import type { GroupFigures, ReportResponse } from '@talon/protocol';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayColumns, groupColumns, logColumns } from './columns.js';
import { csvLines, summaryRows, summaryXlsx } from './export.js';
import type { ReportService } from './index.js';
import { DAY, type DayReport, fixtureOffice, groupOf, openDayReport } from './test-fixture.js';

/*
 * Five served visits on the fixture office (consultation service norm 8, readings topic 5, cash 4,
 * total 20 minutes); seed 001 §3.5 adds 4 minutes to the service norm of a visit with digital
 * onboarding («Привлечение к ЦС — 4 минуты»). Worked out by hand:
 *
 *        who    onboarding  service  norm  ok?   total  ok?
 *  К-001 boris  yes         600      720   yes   600    yes   (recalc)
 *  К-002 anna   no          600      480   no    600    yes   (recalc)
 *  К-003 boris  yes         480      540   yes   480    yes   (readings: topic norm 5 + 4)
 *  О-001 vera   yes         300      480   yes   1380   no    (waited 18 min)
 *  О-002 anna   no          270      240   no    270    yes
 */
function normsDay(): Harness {
  const h = new Harness({ now: `${DAY}T08:00`, config: fixtureOffice() });
  const anna = actors.operator('anna');
  const boris = actors.operator('boris');
  const vera = actors.operator('vera');
  const at = (time: string) => h.at(`${DAY}T${time}`);
  const issue = (time: string, topicId: string) => {
    at(time);
    h.ok({ type: 'issueTicket', topicId, segmentId: 'individual' }, actors.kiosk);
  };
  const serve = (time: string, number: string, who: typeof anna) => {
    at(time);
    h.ok({ type: 'callTicket', ticketId: `${DAY}/${number}` }, who);
    h.ok({ type: 'startService' }, who);
  };
  const finish = (time: string, who: typeof anna, digitalOnboarding: boolean) => {
    at(time);
    h.ok({ type: 'finishService', digitalOnboarding }, who);
  };
  at('09:00');
  h.ok({ type: 'operatorLogin', windowId: 'w1' }, anna);
  h.ok({ type: 'operatorLogin', windowId: 'w2' }, boris);
  h.ok({ type: 'operatorLogin', windowId: 'w3' }, vera);
  issue('09:00', 'recalc');
  issue('09:00', 'recalc');
  issue('09:00', 'payment');
  serve('09:00', 'К-001', boris);
  serve('09:00', 'К-002', anna);
  finish('09:10', boris, true);
  finish('09:10', anna, false);
  issue('09:10', 'readings');
  issue('09:10', 'payment');
  serve('09:10', 'К-003', boris);
  serve('09:10', 'О-002', anna);
  finish('09:14:30', anna, false);
  finish('09:18', boris, true);
  serve('09:18', 'О-001', vera);
  finish('09:23', vera, true);
  return h;
}

let day: DayReport | undefined;
let reports: ReportService;
let r: ReportResponse;

beforeAll(() => {
  day = openDayReport(normsDay());
  ({ reports, r } = day);
});
afterAll(() => day?.close());

const group = groupOf;
const shares = (g: GroupFigures) => [g.service.withinNorm, g.service.judged, g.total.withinNorm, g.total.judged];

describe('shares of visits within the service and the total norm', () => {
  it('judge each visit on its service norm with the onboarding minutes, and on the total norm', () => {
    expect(r.summary.digitalOnboarding).toBe(3);
    expect(r.summary.service).toMatchObject({ judged: 5, withinNorm: 3, share: 3 / 5 });
    expect(r.summary.total).toMatchObject({ judged: 5, withinNorm: 4, share: 4 / 5, normMin: 20 });
  });

  it('by service, topic, operator and day', () => {
    expect(shares(group(r.byService, 'consultation'))).toEqual([2, 3, 3, 3]);
    expect(shares(group(r.byService, 'cash'))).toEqual([1, 2, 1, 2]);
    // norms 8 + 4 and 8: mixed; readings: 5 + 4 for its one visit
    expect(group(r.byTopic, 'recalc').service).toMatchObject({ withinNorm: 1, normMin: null, meanNormMin: 10 });
    expect(group(r.byTopic, 'readings').service).toMatchObject({ withinNorm: 1, normMin: 9 });
    expect(shares(group(r.byOperator, 'boris'))).toEqual([2, 2, 2, 2]);
    expect(shares(group(r.byOperator, 'anna'))).toEqual([0, 2, 2, 2]);
    expect(shares(group(r.byOperator, 'vera'))).toEqual([1, 1, 0, 1]);
    expect(r.byDay).toEqual([expect.objectContaining({ day: DAY, served: 5, serviceShare: 3 / 5, totalShare: 4 / 5 })]);
  });

  it('mark each visit of the log within or over both norms', () => {
    const log = reports.visitLog({ period: 'day', date: DAY, page: 1, pageSize: 10, lang: 'ru' });
    const marks = Object.fromEntries(log.rows.map((v) => [v.number, [v.serviceWithinNorm, v.totalWithinNorm]]));
    expect(marks).toEqual({
      'К-001': [true, true],
      'К-002': [false, true],
      'К-003': [true, true],
      'О-001': [true, false],
      'О-002': [false, true],
    });
  });

  it('export the shares: the summary and the log in CSV, the days in XLSX', async () => {
    const lines = async <T>(cols: Parameters<typeof csvLines<T>>[0], rows: T[]) => {
      let text = '';
      for await (const chunk of csvLines(cols, [rows], 'ru', r.timeZone)) text += chunk;
      const [head = '', ...body] = text
        .replace(/^\uFEFF/, '')
        .split('\r\n')
        .filter(Boolean);
      const header = head.split(';');
      return body.map((l) => Object.fromEntries(l.split(';').map((v, i) => [header[i], v])));
    };
    const [office] = await lines(groupColumns('ru'), summaryRows(r));
    expect(office).toMatchObject({
      'Обслуживание: в нормативе, %': '60,0',
      'Общее время: в нормативе, %': '80,0',
    });
    const log = reports.visitLog({ period: 'day', date: DAY, page: 1, pageSize: 10, lang: 'ru' });
    const o1 = (await lines(logColumns('ru'), log.rows)).find((row) => row.Талон === 'О-001');
    expect(o1).toMatchObject({ 'Обслуживание в нормативе': 'да', 'Общее время в нормативе': 'нет' });

    const chunks: Buffer[] = [];
    for await (const c of summaryXlsx(r, 'ru')) chunks.push(c as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
    const days = wb.getWorksheet('По дням');
    if (!days) throw new Error('no day sheet');
    const header = (days.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(dayColumns.map((c) => c.header.ru));
    const row = days.getRow(2);
    expect(row.getCell(header.indexOf('Обслуживание в нормативе') + 1).value).toBe(0.6);
    expect(row.getCell(header.indexOf('Общее время в нормативе') + 1).value).toBe(0.8);
  });
});
