export { adviseHour, type HourAdvice, type ServiceDemand, type StaffingTarget } from './advisor.js';
export { type ErlangA, erlangA, erlangB, erlangC, erlangCMeanWait, erlangCWithin } from './erlang.js';
export { addDays, type OfficeHistory, officeHistory, type ServiceHistory, WEEKDAYS, weekdayOf } from './history.js';
export { openWindows, type PlanParams, receptionHoursOf, staffingReport } from './plan.js';
