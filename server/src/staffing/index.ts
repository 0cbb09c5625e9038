export { createTwinEstimator, twinModelFrom } from './estimator.js';
export { HistoryCache } from './history.js';
export { registerStaffing, type StaffingDeps } from './routes.js';
