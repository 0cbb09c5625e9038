import { ExportQuery, ReportQuery, type Role, talonError, VisitLogQuery } from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { AuthService } from '../auth/index.js';
import { identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { groupColumns, logColumns } from './columns.js';
import { resolvePeriod } from './period.js';
import { ReportService } from './service.js';

/** The hall administrator and the office manager (configuration administrator) read reports; nobody else. */
export const REPORT_ROLES: readonly Role[] = ['hall_admin', 'config_admin'];

export interface ReportDeps {
  office: Office;
  auth: AuthService;
  /** The office's SQLite file (opened and migrated by the store before this is called). */
  dbPath: string;
}

function allowed(req: FastifyRequest, reply: FastifyReply, auth: AuthService): boolean {
  const h = req.headers.authorization;
  const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
  if (!id.ok) {
    void sendError(reply, id.error);
    return false;
  }
  if (!mayUse(id.value, REPORT_ROLES)) {
    void sendError(reply, talonError('FORBIDDEN'));
    return false;
  }
  return true;
}

function parse<T>(schema: ZodType<T>, req: FastifyRequest, reply: FastifyReply): T | null {
  const r = schema.safeParse(req.query);
  if (r.success) {
    try {
      // Impossible dates (2026-02-30) and over-long ranges pass the shape check; the period check catches them.
      resolvePeriod(r.data as ReportQuery);
      return r.data;
    } catch (err) {
      void sendError(reply, talonError('VALIDATION_FAILED', [{ path: 'period', message: (err as Error).message }]));
      return null;
    }
  }
  void sendError(
    reply,
    talonError(
      'VALIDATION_FAILED',
      r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    ),
  );
  return null;
}

const fileName = (what: string, from: string, to: string, ext: string) =>
  `talon-${what}-${from}${from === to ? '' : `_${to}`}.${ext}`;

/** GET /api/reports, /api/reports/visits (the visitor log, paged) and /api/reports/export (CSV, XLSX). */
export function registerReports(app: FastifyInstance, { office, auth, dbPath }: ReportDeps): ReportService {
  const reports = new ReportService({ dbPath, now: () => office.clock.now(), busy: () => office.busyWithin(100) });
  const unsubscribe = office.onEvents(() => reports.scheduleCatchUp());
  reports.warmInBackground();
  app.addHook('onClose', async () => {
    unsubscribe();
    reports.close();
  });

  app.get('/api/reports', async (req, reply) => {
    if (!allowed(req, reply, auth)) return reply;
    const q = parse(ReportQuery, req, reply);
    return q ? reports.report(q) : reply;
  });

  app.get('/api/reports/visits', async (req, reply) => {
    if (!allowed(req, reply, auth)) return reply;
    const q = parse(VisitLogQuery, req, reply);
    return q ? reports.visitLog(q) : reply;
  });

  app.get('/api/reports/export', async (req, reply) => {
    if (!allowed(req, reply, auth)) return reply;
    const q = parse(ExportQuery, req, reply);
    if (!q) return reply;
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
