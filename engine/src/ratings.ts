import {
  type Command,
  DEFAULT_RATING_REASONS,
  type EngineState,
  type EventOf,
  FEEDBACK_TYPES,
  type FeedbackBody,
  type OfficeConfig,
  RatingSettings,
  type RecentVisit,
  type StoredEvent,
} from '@talon/protocol';
import { accept, type DecideContext, type Decision, type EventBody, needConfig, refuse } from './decide-common.js';
import { dayKeyOf } from './time.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

/** A hard cap on the retention, whatever the configured hours: the state is sent to every screen. */
const MAX_RECENT_VISITS = 5000;
const HOUR = 3600_000;
const DEFAULTS = RatingSettings.parse({});

/** Rating settings with their defaults: an office configured before ratings existed has none stored. */
export function ratingSettingsOf(config: OfficeConfig | null) {
  return {
    rating: { ...DEFAULTS, ...config?.rating },
    reasons: config?.ratingReasons ?? DEFAULT_RATING_REASONS,
    feedbackTypes: config?.feedbackTypes ?? [...FEEDBACK_TYPES],
  };
}

function retentionMs(state: EngineState): number {
  return ratingSettingsOf(state.config).rating.rateWithinHours * HOUR;
}

/** The latest served visit at a window (optionally by one operator), newest first by finish time. */
export function latestVisitAt(state: EngineState, windowId: string, operatorId?: string): RecentVisit | undefined {
  let best: RecentVisit | undefined;
  for (const v of Object.values(state.recentVisits ?? {})) {
    if (v.windowId !== windowId || (operatorId !== undefined && v.operatorId !== operatorId)) continue;
    if (!best || v.closedAt > best.closedAt || (v.closedAt === best.closedAt && v.ticketId > best.ticketId)) best = v;
  }
  return best;
}

/**
 * The keys of each `recentVisits` object in closing order, so that pruning the expired ones costs only
 * what it removes: a `for…in` over a dictionary of a day's visits enumerates all of them on every finish.
 * A memo beside the state, not part of it: a state read from a snapshot (or a fresh object) rebuilds it.
 */
const closingOrder = new WeakMap<object, { ids: string[]; head: number }>();

function orderOf(recent: Record<string, RecentVisit>) {
  let order = closingOrder.get(recent);
  if (!order) {
    // Ticket ids are not integer-like, so keys keep insertion (closing) order.
    order = { ids: Object.keys(recent), head: 0 };
    closingOrder.set(recent, order);
  }
  return order;
}

/** Fold: a served visit becomes ratable; visits past the rating period leave the state. */
export function rememberFinishedVisit(state: EngineState, e: EventOf<'ServiceFinished'> & { seq: number }) {
  const v = e.visit;
  if (v?.outcome !== 'served') return;
  state.recentVisits ??= {};
  const recent = state.recentVisits;
  const order = orderOf(recent);
  const oldest = e.at - retentionMs(state);
  while (order.head < order.ids.length) {
    const id = order.ids[order.head] as string;
    const old = recent[id];
    if (old && old.closedAt >= oldest) break;
    if (old) delete recent[id];
    order.head++;
  }
  if (order.head > 1024 && order.head * 2 > order.ids.length) {
    order.ids = order.ids.slice(order.head);
    order.head = 0;
  }
  if (!(v.ticketId in recent)) order.ids.push(v.ticketId);
  recent[v.ticketId] = {
    ticketId: v.ticketId,
    number: v.number,
    dayKey: v.dayKey,
    serviceId: v.serviceId,
    closedAt: v.closedAt,
    ...(v.topicId !== undefined ? { topicId: v.topicId } : {}),
    ...(v.operatorId !== undefined ? { operatorId: v.operatorId } : {}),
    ...(v.windowId !== undefined ? { windowId: v.windowId } : {}),
  };
  // Counting keys is O(n): check the cap every 256 events (deterministic, so a replay folds the same).
  if (e.seq % 256 !== 0) return;
  const ids = Object.keys(recent);
  if (ids.length > MAX_RECENT_VISITS) {
    const byAge = ids.sort((a, b) => (recent[a]?.closedAt ?? 0) - (recent[b]?.closedAt ?? 0));
    for (const id of byAge.slice(0, ids.length - MAX_RECENT_VISITS)) delete recent[id];
  }
}

/** Fold: the visit has its one rating. */
export function markRated(state: EngineState, e: Extract<StoredEvent, { type: 'VisitRated' }>) {
  const v = state.recentVisits?.[e.ticketId];
  if (v) Object.assign(v, { ratedAt: e.at, score: e.score });
}

function feedbackEvent(
  state: EngineState,
  fb: FeedbackBody,
  ctx: DecideContext,
  channel: Cmd<'rateVisit'>['channel'],
  visit: RecentVisit | undefined,
  atWindowId: string | undefined,
): EventBody | { error: Decision } {
  const config = state.config;
  if (!config) return { error: refuse('NOT_CONFIGURED') };
  if (!ratingSettingsOf(config).feedbackTypes.includes(fb.type))
    return { error: refuse('VALIDATION_FAILED', { feedbackType: fb.type }) };
  const contact = fb.contact?.trim() || undefined;
  const windowId = visit?.windowId ?? atWindowId;
  const operatorId =
    visit?.operatorId ??
    (windowId !== undefined
      ? Object.values(state.operators).find((o) => o.windowId === windowId && o.status !== 'logged-out')?.operatorId
      : undefined);
  return {
    type: 'FeedbackReceived',
    feedbackType: fb.type,
    text: fb.text,
    ...(contact ? { contact } : {}),
    // Seed 004 Гл.4 §1 п.2.5: anonymous appeals are not acted on; proposals and reviews are analysed anyway.
    actionable: fb.type !== 'complaint' || contact !== undefined,
    channel,
    dayKey: dayKeyOf(ctx.now, config.timeZone),
    ...(visit ? { ticketId: visit.ticketId, serviceId: visit.serviceId } : {}),
    ...(operatorId !== undefined ? { operatorId } : {}),
    ...(windowId !== undefined ? { windowId } : {}),
  };
}

/**
 * One rating per visit, decided here from the state alone: the visit must be a served one of the
 * rating period, not rated yet, and — for a terminal — finished at the terminal's window.
 */
export function rateVisit(state: EngineState, cmd: Cmd<'rateVisit'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const { rating, reasons: reasonList } = ratingSettingsOf(c.value);
  const v = state.recentVisits?.[cmd.ticketId];
  if (!v) return refuse('RATING_VISIT_UNKNOWN');
  if (ctx.now - v.closedAt > rating.rateWithinHours * HOUR) return refuse('RATING_LINK_EXPIRED');
  if (v.ratedAt !== undefined) return refuse('RATING_ALREADY_GIVEN');
  if (cmd.atWindowId !== undefined && v.windowId !== cmd.atWindowId) return refuse('RATING_WRONG_WINDOW');
  const reasons = [...new Set(cmd.reasons)];
  if (reasons.length > 0 && cmd.score > rating.lowMarkMax)
    return refuse('VALIDATION_FAILED', { reasons: 'only with a low mark' });
  const known = new Set(reasonList.map((r) => r.id));
  const unknown = reasons.filter((r) => !known.has(r));
  if (unknown.length > 0) return refuse('VALIDATION_FAILED', { reasons: unknown });
  const events: EventBody[] = [
    {
      type: 'VisitRated',
      ticketId: v.ticketId,
      number: v.number,
      dayKey: v.dayKey,
      score: cmd.score,
      reasons,
      channel: cmd.channel,
      serviceId: v.serviceId,
      visitClosedAt: v.closedAt,
      ...(v.topicId !== undefined ? { topicId: v.topicId } : {}),
      ...(v.operatorId !== undefined ? { operatorId: v.operatorId } : {}),
      ...(v.windowId !== undefined ? { windowId: v.windowId } : {}),
    },
  ];
  if (cmd.feedback) {
    const fb = feedbackEvent(state, cmd.feedback, ctx, cmd.channel, v, cmd.atWindowId);
    if ('error' in fb) return fb.error;
    events.push(fb);
  }
  return accept(ctx, events);
}

/** Feedback on its own: about a visit still in its rating period, or about the office in general. */
export function submitFeedback(state: EngineState, cmd: Cmd<'submitFeedback'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  let visit: RecentVisit | undefined;
  if (cmd.ticketId !== undefined) {
    visit = state.recentVisits?.[cmd.ticketId];
    if (!visit) return refuse('RATING_VISIT_UNKNOWN');
    if (cmd.atWindowId !== undefined && visit.windowId !== cmd.atWindowId) return refuse('RATING_WRONG_WINDOW');
  }
  const fb = feedbackEvent(state, cmd.feedback, ctx, cmd.channel, visit, cmd.atWindowId);
  if ('error' in fb) return fb.error;
  return accept(ctx, [fb]);
}
