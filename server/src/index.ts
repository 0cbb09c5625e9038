export { type RunningServer, type ServerOptions, startServer } from './app.js';
export { Office } from './office.js';
