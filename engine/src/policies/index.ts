export { fcfsPerService, oldestOverall, strictPriority } from './baselines.js';
export { normDeadline, slackMin, targetMin } from './norm-deadline.js';
