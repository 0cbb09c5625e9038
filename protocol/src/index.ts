// first: before any schema is built (see the file)
import './zod-browser.js';

export * from './admin.js';
export * from './alarms.js';
export * from './api.js';
export * from './board.js';
export * from './booking.js';
export * from './commands.js';
export * from './config.js';
export * from './config-labels.js';
export * from './errors.js';
export * from './events.js';
export * from './followups.js';
export * from './hq/index.js';
export * from './issues.js';
export * from './kiosk-help.js';
export * from './norms.js';
export * from './outages.js';
export * from './placement.js';
export * from './printing.js';
export * from './reports.js';
export * from './routes/index.js';
export * from './staffing.js';
export * from './state.js';
export * from './text.js';
export * from './wait-words.js';
export * from './words.js';
