import { bookingSettingsOf, type Command, type EngineState, type OfficeConfig, type Ticket } from '@talon/protocol';
import { ticketsCalledBefore } from './ahead.js';
import {
  accept,
  type DecideContext,
  type Decision,
  type EventBody,
  isHallAdmin,
  needConfig,
  refuse,
} from './decide-common.js';
import { serviceOf } from './state.js';
import { dayKeyOf, isReceptionOpen } from './time.js';
import { summarizeVisit } from './visit.js';

type Cmd<T extends Command['type']> = Extract<Command, { type: T }>;

const MAX_NUMBER = 999;
export const WALK_IN_PREFIX = 'БТ';

/** Next number for a prefix on the office-local day: numbering restarts at local midnight. */
/**
 * Seed 003 §8.6.5: «опоздания на 5 минут и более» loses the slot, so exactly `appointmentLateMin`
 * late is already too late. A limit of 0 means any lateness at all; arriving at the slot is on time.
 */
export function slotLost(lateMs: number, appointmentLateMin: number): boolean {
  return lateMs > 0 && lateMs >= appointmentLateMin * 60_000;
}

export function nextNumber(state: EngineState, prefix: string, dayKey: string): number {
  const c = state.counters[prefix];
  // Restart only when the day moves forward: a clock set back across midnight must not repeat numbers.
  return c && c.dayKey >= dayKey ? c.last + 1 : 1;
}

export function formatNumber(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(3, '0')}`;
}

/** Kiosk-side gate shared by tickets and check-ins. */
export function canIssue(state: EngineState, config: OfficeConfig, ctx: DecideContext): Decision | null {
  if (state.liveQueue) return refuse('LIVE_QUEUE_MODE');
  // A hall administrator may hand out a ticket outside reception hours (e.g. a visitor let in at closing).
  if (!isHallAdmin(ctx.actor) && !isReceptionOpen(config, ctx.now)) return refuse('OUTSIDE_RECEPTION_HOURS');
  return null;
}

export function newTicket(
  state: EngineState,
  config: OfficeConfig,
  serviceId: string,
  now: number,
  extra: Partial<Ticket> = {},
): { ticket: Ticket } | { error: Decision } {
  const service = serviceOf(config, serviceId);
  if (!service) return { error: refuse('UNKNOWN_SERVICE', { serviceId }) };
  const dayKey = dayKeyOf(now, config.timeZone);
  const issued = state.issuedToday[serviceId];
  if (service.dailyCap !== undefined && issued?.dayKey === dayKey && issued.count >= service.dailyCap)
    return { error: refuse('DAILY_CAP_REACHED', { serviceId }) };
  const n = nextNumber(state, service.prefix, dayKey);
  if (n > MAX_NUMBER) return { error: refuse('NUMBER_RANGE_EXHAUSTED', { prefix: service.prefix }) };
  const number = formatNumber(service.prefix, n);
  const from = extra.waitFrom ?? now;
  return {
    ticket: {
      id: `${dayKey}/${number}`,
      number,
      dayKey,
      serviceId,
      originServiceId: serviceId,
      walkIn: false,
      issuedAt: now,
      waitFrom: from,
      queuedAt: from,
      eligibleAt: now,
      waitingSince: from,
      waitedSec: 0,
      walkedSec: 0,
      status: 'waiting',
      callCount: 0,
      servedSec: 0,
      transfers: 0,
      postponements: 0,
      recalls: 0,
      ...extra,
    },
  };
}

/**
 * «Перед вами»: how many visitors the office will call before this ticket, by its own dispatch rule
 * (`ticketsCalledBefore`); `null` when no operator at a window serves it.
 */
export function peopleAhead(
  state: EngineState,
  ticket: Ticket,
  now: number,
  policies?: DecideContext['policies'],
): number | null {
  return ticketsCalledBefore(state, ticket, now, policies ? { policies } : {});
}

export function aheadOf(state: EngineState, ticket: Ticket, ctx: DecideContext): { peopleAhead?: number | null } {
  return ctx.noPeopleAhead ? {} : { peopleAhead: peopleAhead(state, ticket, ctx.now, ctx.policies) };
}

export function issueTicket(state: EngineState, cmd: Cmd<'issueTicket'>, ctx: DecideContext): Decision {
  const c = needConfig(state);
  if (!c.ok) return c.decision;
  const config = c.value;
  const gate = canIssue(state, config, ctx);
  if (gate) return gate;
  // An unknown segment is reported as such, not as a topic outside it.
  if (cmd.segmentId !== undefined && !config.segments.some((s) => s.id === cmd.segmentId))
    return refuse('UNKNOWN_SEGMENT', { segmentId: cmd.segmentId });
  let serviceId = cmd.serviceId;
  if (cmd.topicId !== undefined) {
    const topic = config.topics.find((tp) => tp.id === cmd.topicId);
    if (!topic) return refuse('UNKNOWN_TOPIC', { topicId: cmd.topicId });
    if (cmd.segmentId !== undefined && !topic.segmentIds.includes(cmd.segmentId)) return refuse('TOPIC_NOT_IN_SEGMENT');
    serviceId = topic.serviceId;
  }
  if (cmd.priorityCategoryId !== undefined && !config.priorityCategories.some((p) => p.id === cmd.priorityCategoryId))
    return refuse('UNKNOWN_PRIORITY_CATEGORY', { priorityCategoryId: cmd.priorityCategoryId });
  const extra: Partial<Ticket> = {};
  if (cmd.channel === 'phone') {
    // the per-phone limit is the server's (server/src/public): closed visits keep no phone number in the state
    if (!bookingSettingsOf(config).phoneTickets.enabled) return refuse('PHONE_TICKETS_DISABLED');
    if (!cmd.visitorData?.phone) return refuse('VALIDATION_FAILED', { phone: 'required' });
    extra.channel = 'phone';
  }
  if (cmd.topicId !== undefined) extra.topicId = cmd.topicId;
  if (cmd.segmentId !== undefined) extra.segmentId = cmd.segmentId;
  if (cmd.priorityCategoryId !== undefined) extra.priorityCategoryId = cmd.priorityCategoryId;
  if (cmd.visitorData !== undefined && Object.keys(cmd.visitorData).length > 0) extra.visitorData = cmd.visitorData;
  const r = newTicket(state, config, serviceId ?? '', ctx.now, extra);
  if ('error' in r) return r.error;
  const source = ctx.actor.kind === 'device' ? ctx.actor.deviceId : undefined;
  return accept(ctx, [{ type: 'TicketIssued', ticket: r.ticket, ...(source ? { source } : {}) }], {
    ticketId: r.ticket.id,
    number: r.ticket.number,
    ...aheadOf(state, r.ticket, ctx),
  });
}

export function cancelTicket(state: EngineState, cmd: Cmd<'cancelTicket'>, ctx: DecideContext): Decision {
  const t = state.tickets[cmd.ticketId];
  if (!t) return refuse('UNKNOWN_TICKET');
  if (t.status !== 'waiting' && t.status !== 'postponed') return refuse('TICKET_NOT_WAITING');
  const visit = summarizeVisit(t, { at: ctx.now, outcome: 'cancelled' });
  return accept(ctx, [
    { type: 'TicketCancelled', ticketId: t.id, visit, ...(cmd.reason ? { reason: cmd.reason } : {}) },
  ]);
}

export function setLiveQueueMode(state: EngineState, cmd: Cmd<'setLiveQueueMode'>, ctx: DecideContext): Decision {
  if (state.liveQueue === cmd.on) return accept(ctx, []);
  // seed 004: a period of live queue is an outage on record, and the record says why
  if (cmd.on && !cmd.reason?.trim()) return refuse('VALIDATION_FAILED', { reason: 'required' });
  return accept(ctx, [{ type: 'LiveQueueModeChanged', on: cmd.on, ...(cmd.reason ? { reason: cmd.reason } : {}) }]);
}

/** Housekeeping on the server's timer: automatic no-shows and bookings nobody checked in for. */
export function tick(state: EngineState, ctx: DecideContext): Decision {
  const config = state.config;
  if (!config) return accept(ctx, []);
  const events: EventBody[] = [];
  const { recallMaxCount, noShowAfterSec, appointmentLateMin } = config.rules;
  for (const t of Object.values(state.tickets)) {
    if (t.status !== 'called' || t.lastCalledAt === undefined) continue;
    if (t.callCount >= recallMaxCount + 1 && ctx.now - t.lastCalledAt >= noShowAfterSec * 1000) {
      events.push({
        type: 'TicketNoShow',
        ticketId: t.id,
        auto: true,
        visit: summarizeVisit(t, { at: ctx.now, outcome: 'no-show' }),
        ...(t.operatorId ? { operatorId: t.operatorId } : {}),
        ...(t.windowId ? { windowId: t.windowId } : {}),
      });
    }
  }
  for (const a of Object.values(state.appointments)) {
    if (a.status === 'booked' && slotLost(ctx.now - a.slotAt, appointmentLateMin))
      events.push({ type: 'AppointmentForfeited', appointmentId: a.id, reason: 'not-checked-in' });
  }
  return accept(ctx, events);
}
