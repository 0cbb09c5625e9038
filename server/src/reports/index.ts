export { type ReportDeps, registerReports } from './routes.js';
export { ReportService, type ReportServiceOptions } from './service.js';
