export { type AheadOptions, ticketsCalledBefore } from './ahead.js';
export { applyEvent } from './apply.js';
export {
  bookingDays,
  calendarOf,
  daySlots,
  phoneBookingsOfDay,
  slotOffered,
  slotsOfDay,
  slotTaken,
} from './booking.js';
export { configure, decide } from './decide.js';
export type { DecideContext, Decision } from './decide-common.js';
export { formatNumber, peopleAhead, WALK_IN_PREFIX } from './decide-tickets.js';
export {
  builtInPolicies,
  callableDemand,
  currentWaitMin,
  type DispatchChoice,
  type DispatchContext,
  type DispatchPolicy,
  eligibleFor,
  hasEligible,
  hasWork,
  oldestWithPriority,
  previewNext,
} from './dispatch.js';
export {
  fcfsPerService,
  makeNormDeadline,
  type NormDeadlineOptions,
  normDeadline,
  oldestOverall,
  slackMin,
  strictPriority,
  targetMin,
} from './policies/index.js';
export { baselineEstimate, type WaitEstimate } from './predict.js';
export {
  exponential,
  lognormal,
  lognormalBeyond,
  normal,
  poisson,
  quantileOf,
  type Random,
  seeded,
  seedOf,
} from './predict-random.js';
export { type IssueCommand, OfficeRunner, type RunnerOptions, type RunnerVisitor } from './predict-runner.js';
export {
  cloneForTwin,
  TWIN_DEFAULTS,
  type TwinEstimate,
  type TwinModel,
  type TwinOptions,
  type TwinServiceModel,
  twinEstimate,
} from './predict-twin.js';
export { latestVisitAt, ratingSettingsOf } from './ratings.js';
export { redactEvent, redactState } from './redact.js';
export * from './staffing/index.js';
export { cloneState, initialState, isCallable, isPriority } from './state.js';
export { dayKeyOf, isOpenAt, isReceptionOpen, localClock, localMinuteOfDay, localTimeToEpoch } from './time.js';
export { summarizeVisit } from './visit.js';

import type { EngineState, StoredEvent } from '@talon/protocol';
import { applyEvent } from './apply.js';
import { initialState } from './state.js';

/** State = fold of events: replaying the log rebuilds it exactly. */
export function fold(events: Iterable<StoredEvent>, from: EngineState = initialState()): EngineState {
  for (const e of events) applyEvent(from, e);
  return from;
}
