import { ExportQuery, ReportQuery, type ReportResponse, VisitLogQuery, type VisitLogResponse } from '../reports.js';
import { route } from './define.js';
import { typed } from './typed.js';

/** The hall administrator and the office manager (configuration administrator) read reports; nobody else. */
export const REPORT_ROLES = ['hall_admin', 'config_admin'] as const;

/** Reports for a period (day … year, or a custom range), the visitor log, and their exports. */
export const reportRoutes = {
  report: route({
    method: 'GET',
    path: '/api/reports',
    access: REPORT_ROLES,
    query: ReportQuery,
    response: typed<ReportResponse>(),
    errors: [],
    summary: 'The figures of a period: visits, waits, service times, staff, ratings, devices',
  }),
  visitLog: route({
    method: 'GET',
    path: '/api/reports/visits',
    access: REPORT_ROLES,
    query: VisitLogQuery,
    response: typed<VisitLogResponse>(),
    errors: [],
    summary: 'The visitor log of a period, page by page',
  }),
  exportReport: route({
    method: 'GET',
    path: '/api/reports/export',
    access: REPORT_ROLES,
    query: ExportQuery,
    produces: 'file',
    errors: [],
    summary: 'The figures or the visitor log of a period as CSV (for Excel) or XLSX',
  }),
};
