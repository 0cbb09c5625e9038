export { createHeadOffice, type HeadOffice, type HeadOfficeOptions } from './app.js';
export { purgeBookings } from './bookings/outbox.js';
export type { HqDeps, HqIdentity } from './context.js';
export { type EmbeddedDatabase, startEmbeddedPostgres } from './db/embedded.js';
export { migrate } from './db/migrate.js';
export * from './testing.js';
