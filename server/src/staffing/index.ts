export { createTwinEstimator, twinModelFrom } from './estimator.js';
export { HistoryCache } from './history.js';
export { registerStaffing, type StaffingDeps } from './routes.js';
export { WhatIfJobs, type WhatIfJobsOptions } from './whatif.js';
export { registerWhatIf, type WhatIfDeps } from './whatif-routes.js';
