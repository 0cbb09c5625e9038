import type { Edge } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { OutageLog } from './log.js';
import { outageReport } from './report.js';

export interface OutageRouteDeps {
  office: Office;
  outages: OutageLog;
  db: import('better-sqlite3').Database;
}

/** GET /api/outages (the log of a period), /api/outages/export (XLSX, CSV), /api/outages/live-queue. */
export function registerOutageRoutes({ serve }: Edge, { office, outages, db }: OutageRouteDeps): void {
  const report = (q: Parameters<typeof outageReport>[1]) =>
    outageReport(db, q, office.clock.now(), office.config?.timeZone ?? 'UTC', outages.liveQueueStatus());

  serve('liveQueueStatus', () => outages.liveQueueStatus());

  serve('outageReport', ({ query }) => report(query));

  serve('exportOutages', async ({ query, reply }) => {
    // exceljs is large: loaded on the first export (as the reports do)
    const { outagesCsv, outagesXlsx } = await import('./export.js');
    const r = report(query);
    const { from, to } = r.period;
    const name = `talon-outages-${from}${from === to ? '' : `_${to}`}.${query.format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    reply.header('cache-control', 'no-store');
    if (query.format === 'csv') return reply.type('text/csv; charset=utf-8').send(outagesCsv(r, query.lang));
    reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    return reply.send(outagesXlsx(r, query.lang));
  });
}
