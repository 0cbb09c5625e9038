import { type EngineState, type OperatorSession, PEOPLE_AHEAD_LIMIT, type Ticket } from '@talon/protocol';
import { chooseNext } from './decide-service.js';
import { type DispatchPolicy, eligibleFor } from './dispatch.js';
import { byQueueOrder, serviceOf, windowOf } from './state.js';

/**
 * «Перед вами: N человек» is the number of visitors the office will call before this one, by its own
 * dispatch rule: `callNext`'s choice (`chooseNext`) is replayed on a copy of the queue. The model is the
 * plainest honest one, without sampling: every operator at a window calls next as soon as free; a visit
 * lasts its service's norm; a visitor on the way or at a window keeps the operator for the norm from the
 * start (or the call); a break lasts 30 minutes and wrap-up one (the twin's defaults). Time moves on in the
 * replay, so a postponement running out, a booking's slot arriving or a ticket going past its norm count
 * as they will. Nobody new arrives: a later priority visitor may still go first, which no figure can know.
 */

const MIN = 60_000;
const BREAK_MIN = 30;
const WRAP_UP_MIN = 1;

export interface AheadOptions {
  policies?: Record<string, DispatchPolicy>;
  /** Calls replayed at most (cost bound); reaching it answers the limit, read as «the limit or more». */
  limit?: number;
}

interface Seat {
  op: OperatorSession;
  hallId: string;
  /** When this operator next calls. */
  freeAt: number;
  /** Among those free at the same instant: idle operators first, then longest idle / earliest busy. */
  rank: number;
  since: number;
}

const before = (a: Seat, b: Seat) =>
  a.freeAt - b.freeAt || a.rank - b.rank || a.since - b.since || (a.op.operatorId < b.op.operatorId ? -1 : 1);

/** The replay's state: the tickets still to call (copies it marks as called) and the streaks; the rest is shared. */
function replayState(state: EngineState, ticket: Ticket): EngineState {
  const tickets: Record<string, Ticket> = {};
  for (const t of Object.values(state.tickets))
    if (t.status === 'waiting' || t.status === 'postponed') tickets[t.id] = { ...t };
  tickets[ticket.id] = { ...ticket };
  return { ...state, tickets, priorityStreak: { ...state.priorityStreak } };
}

/** Operators at a window, each with when they will next call (from the live state: the replay drops held tickets). */
function seatsOf(state: EngineState, now: number): Seat[] {
  const config = state.config;
  const seats: Seat[] = [];
  for (const op of Object.values(state.operators)) {
    if (op.status === 'logged-out' || op.windowId === null) continue;
    const held = op.ticketId !== null ? state.tickets[op.ticketId] : undefined;
    let freeAt = now;
    let rank = 1;
    if (held) {
      const norm = (config && serviceOf(config, held.serviceId)?.serviceNormMin) ?? 10;
      freeAt = (held.startedAt ?? held.lastCalledAt ?? op.since) + norm * MIN;
    } else if (op.status === 'break') freeAt = Math.max(now + MIN, op.since + BREAK_MIN * MIN);
    else if (op.status === 'wrap-up') freeAt = op.since + WRAP_UP_MIN * MIN;
    else rank = 0;
    const hallId = (config && windowOf(config, op.windowId)?.hallId) ?? '';
    // Free, at a window and working: what `callNext` requires of the operator it calls for.
    const ready: OperatorSession = { ...op, status: 'ready', ticketId: null };
    seats.push({ op: ready, hallId, freeAt: Math.max(now, freeAt), rank, since: op.since });
  }
  return seats;
}

/** Whether an operator at a window could ever call the ticket (its service, or it is sent to them). */
function servedByAnyone(state: EngineState, t: Ticket): boolean {
  return Object.values(state.operators).some(
    (op) =>
      op.status !== 'logged-out' &&
      op.windowId !== null &&
      (t.targetOperatorId !== undefined ? t.targetOperatorId === op.operatorId : op.skills.includes(t.serviceId)),
  );
}

/**
 * How many tickets the office calls before `ticket` (which may not be in `state` yet: the one being issued):
 * calls at an earlier instant, so 0 when it is called as soon as an operator it needs is free; `null` when
 * no operator at a window serves it, so it would never be called.
 * At most `limit` (PEOPLE_AHEAD_LIMIT) calls are replayed: a ticket not called by then gets the limit.
 */
export function ticketsCalledBefore(
  state: EngineState,
  ticket: Ticket,
  now: number,
  options: AheadOptions = {},
): number | null {
  const limit = options.limit ?? PEOPLE_AHEAD_LIMIT;
  const config = state.config;
  if (!config) return null;
  if (ticket.status !== 'waiting' && ticket.status !== 'postponed') return 0;
  if (!servedByAnyone(state, ticket)) return null;
  const s = replayState(state, ticket);
  const queue = Object.values(s.tickets).sort(byQueueOrder);
  const seats = seatsOf(state, now);
  let calls = 0;
  // Calls at the instant being replayed: operators free together call together, so none of those is ahead.
  let at = now;
  let callsAtSameInstant = 0;
  while (seats.length > 0 && calls < limit) {
    seats.sort(before);
    const seat = seats[0] as Seat;
    if (seat.freeAt !== at) callsAtSameInstant = 0;
    at = seat.freeAt;
    const next = chooseNext(s, seat.op, seat.hallId, at, eligibleFor(s, seat.op, at, queue), options.policies);
    if (!next) {
      // Nothing for this operator now: they wait for the next postponement to run out, or are done.
      let back = Number.POSITIVE_INFINITY;
      for (const t of queue) if (t.status === 'postponed' && t.eligibleAt > at) back = Math.min(back, t.eligibleAt);
      if (back === Number.POSITIVE_INFINITY) seats.shift();
      else Object.assign(seat, { freeAt: back, rank: 0, since: at });
      continue;
    }
    if (next.ticket.id === ticket.id) return calls - callsAtSameInstant;
    calls += 1;
    callsAtSameInstant += 1;
    next.ticket.status = 'called';
    queue.splice(queue.indexOf(next.ticket), 1);
    s.priorityStreak[seat.hallId] = next.streak;
    const norm = serviceOf(config, next.ticket.serviceId)?.serviceNormMin ?? 10;
    Object.assign(seat, { freeAt: at + norm * MIN, rank: 1, since: at });
  }
  return calls >= limit ? limit : null;
}
