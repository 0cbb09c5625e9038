export { fcfsPerService, oldestOverall, strictPriority } from './baselines.js';
export { makeNormDeadline, type NormDeadlineOptions, normDeadline, slackMin, targetMin } from './norm-deadline.js';
