export { adviseHour, type HourAdvice, type ServiceDemand, type StaffingTarget } from './advisor.js';
export { type ErlangA, erlangA, erlangB, erlangC, erlangCMeanWait, erlangCWithin } from './erlang.js';
export { addDays, type OfficeHistory, officeHistory, type ServiceHistory, WEEKDAYS, weekdayOf } from './history.js';
export { fitPatience, type PatienceFit } from './patience.js';
export { dayPlan, openWindows, type PlanParams, receptionHoursOf, staffingReport } from './plan.js';
export {
  breakProfileOf,
  type OperatorDay,
  operatorDaysById,
  operatorDaysFrom,
  PRESENCE_EVENT_TYPES,
} from './presence.js';
export {
  DEFAULT_PATIENCE,
  type WhatIfModel,
  type WhatIfOptions,
  WhatIfSim,
  type WhatIfVariant,
  whatIfModelOf,
} from './whatif.js';
export { planArray, shiftsOf } from './whatif-day.js';
