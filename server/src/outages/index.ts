export { HEARTBEAT_MS, OutageLog, type OutageLogOptions } from './log.js';
export { outageReport } from './report.js';
export { registerOutageRoutes } from './routes.js';
