export { createTwinEstimator, twinModelFrom } from './estimator.js';
export { HistoryCache } from './history.js';
export { registerStaffing, STAFFING_ROLES } from './routes.js';
