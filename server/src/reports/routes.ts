import type { Edge } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { groupColumns, logColumns } from './columns.js';
import { ReportService } from './service.js';

export interface ReportDeps {
  office: Office;
  /** The office's SQLite file (opened and migrated by the store before this is called). */
  dbPath: string;
}

const fileName = (what: string, from: string, to: string, ext: string) =>
  `talon-${what}-${from}${from === to ? '' : `_${to}`}.${ext}`;

/** GET /api/reports, /api/reports/visits (the visitor log, paged) and /api/reports/export (CSV, XLSX). */
export function registerReports({ app, serve }: Edge, { office, dbPath }: ReportDeps): ReportService {
  const reports = new ReportService({ dbPath, now: () => office.clock.now(), busy: () => office.busyWithin(100) });
  const unsubscribe = office.onEvents(() => reports.scheduleCatchUp());
  reports.warmInBackground();
  app.addHook('onClose', async () => {
    unsubscribe();
    reports.close();
  });

  // The query schemas check the period too (impossible dates, over-long ranges): resolvePeriod does not throw here.
  serve('report', ({ query }) => reports.report(query));

  serve('visitLog', ({ query }) => reports.visitLog(query));

  serve('exportReport', async ({ query: q, reply }) => {
    const { format, what, lang } = q;
    // exceljs is large: loaded on the first export, not at every server start (RSS, cold start).
    const { csvLines, csvStream, logXlsx, summaryRows, summaryXlsx } = await import('./export.js');
    // The summary is small; the log may be a year of visits, so it is streamed in slices.
    const report = reports.report(q);
    const { from, to } = report.period;
    const name = fileName(what === 'log' ? 'journal' : 'report', from, to, format);
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.header('cache-control', 'no-store');
    if (format === 'csv') {
      reply.type('text/csv; charset=utf-8');
      if (what === 'summary')
        return reply.send(csvStream(csvLines(groupColumns(lang), [summaryRows(report)], lang, report.timeZone)));
      return reply.send(
        csvStream(csvLines(logColumns(lang), reports.log.slices(from, to, report.filter, lang), lang, report.timeZone)),
      );
    }
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    if (what === 'summary') return reply.send(summaryXlsx(report, lang));
    return reply.send(logXlsx(report, reports.log.slices(from, to, report.filter, lang), lang));
  });

  return reports;
}
