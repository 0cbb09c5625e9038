export { FollowUpAlarmSource, followUpAlarms } from './alarms.js';
export * from './calendar.js';
export { followUpReportRows } from './report.js';
export { registerFollowUpRoutes } from './routes.js';
export { calendarOf, type FollowUpActor, FollowUpService } from './service.js';
