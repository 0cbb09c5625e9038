export * from './identities.js';
export { applyMigrations, MIGRATIONS, type Migration, SchemaTooNewError, schemaVersion } from './migrations.js';
export type { TicketRow, TicketRowStatus, VisitQuery } from './projections.js';
export type { FeedbackRow, RatingQuery, RatingRow } from './ratings.js';
export * from './store.js';
