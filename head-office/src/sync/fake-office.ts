import { createHash } from 'node:crypto';
import { testOffice } from '@talon/engine/testing';
import {
  type Actor,
  canonicalJson,
  type DomainEvent,
  type SyncBatch,
  type SyncEvent,
  type Ticket,
  type WireVisitNorms,
} from '@talon/protocol';
import type { WireVisit } from './payload.js';

/** An event as the office sends it: `digest` is the SHA-256 hex of the payload's canonical JSON. */
export function toSyncEvent(seq: number, event: DomainEvent): SyncEvent {
  const payload = event as unknown as Record<string, unknown>;
  const digest = createHash('sha256').update(canonicalJson(payload)).digest('hex');
  return { seq, at: event.at, type: event.type, digest, payload };
}

export interface VisitSpec {
  serviceId: string;
  topicId?: string;
  operatorId?: string;
  windowNumber?: number;
  outcome?: 'served' | 'no-show' | 'cancelled';
  /** First wait, seconds; absent: never called (cancelled while waiting). */
  waitSec?: number;
  serviceSec?: number;
  norms?: WireVisitNorms;
  /** A 1–5 rating given after the visit (served visits only). */
  rating?: number;
  /** When the ticket is issued; default: the fake office's clock, moved on by the visit. */
  issuedAt?: number;
}

const kiosk: Actor = { kind: 'device', deviceId: 'kiosk-1', role: 'kiosk' };
const operator = (operatorId: string): Actor => ({
  kind: 'user',
  userId: `user-${operatorId}`,
  operatorId,
  roles: ['operator'],
});

/** The Moscow office day of an instant (the fixture office's time zone, UTC+3 all year). */
export const moscowDay = (ms: number) => new Date(ms + 3 * 3600_000).toISOString().slice(0, 10);

/**
 * An office's outbox for tests and the bench, without an office server: realistic domain events
 * (issue → call → start → finish, no-shows, cancellations, ratings) with the norms the office adds
 * to closing visits on the wire, numbered and digested as the office sends them.
 */
export class FakeOffice {
  readonly log: SyncEvent[] = [];
  private numbers = 0;

  constructor(
    /** Office clock, epoch ms: each visit moves it on. Default Monday 2025-03-03 10:00 Moscow. */
    public clock = Date.UTC(2025, 2, 3, 7),
    private readonly numberPrefix = 'К',
  ) {}

  get lastSeq(): number {
    return this.log.at(-1)?.seq ?? 0;
  }

  append(event: DomainEvent): SyncEvent {
    const e = toSyncEvent(this.lastSeq + 1, event);
    this.log.push(e);
    return e;
  }

  /** OfficeConfigured with the engine's fixture office (services consultation/cash/documents, operators anna/boris/vera). */
  configure(): SyncEvent {
    return this.append({ type: 'OfficeConfigured', at: this.clock, actor: kiosk, config: testOffice() });
  }

  visit(spec: VisitSpec): SyncEvent[] {
    const from = this.log.length;
    const outcome = spec.outcome ?? 'served';
    const issuedAt = spec.issuedAt ?? this.clock;
    const dayKey = moscowDay(issuedAt);
    this.numbers += 1;
    const number = `${this.numberPrefix}-${String(this.numbers).padStart(3, '0')}`;
    const ticketId = `${dayKey}/${number}`;
    const operatorId = spec.operatorId ?? 'anna';
    const windowNumber = spec.windowNumber ?? 1;
    const windowId = `w${windowNumber}`;
    const ticket: Ticket = {
      id: ticketId,
      number,
      dayKey,
      serviceId: spec.serviceId,
      originServiceId: spec.serviceId,
      ...(spec.topicId ? { topicId: spec.topicId } : {}),
      segmentId: 'individual',
      walkIn: false,
      issuedAt,
      waitFrom: issuedAt,
      queuedAt: issuedAt,
      eligibleAt: issuedAt,
      waitingSince: issuedAt,
      waitedSec: 0,
      walkedSec: 0,
      status: 'waiting',
      callCount: 0,
      servedSec: 0,
      transfers: 0,
      postponements: 0,
      recalls: 0,
    };
    this.append({ type: 'TicketIssued', at: issuedAt, actor: kiosk, ticket, source: 'kiosk' });
    const calledAt = spec.waitSec === undefined ? undefined : issuedAt + spec.waitSec * 1000;
    if (calledAt !== undefined) {
      this.append({
        type: 'TicketCalled',
        at: calledAt,
        actor: operator(operatorId),
        ticketId,
        number,
        operatorId,
        windowId,
        windowNumber,
        windowKind: 'window',
        hallId: 'main',
        reason: { rule: 'oldest', text: { ru: 'Дольше всех ждёт', en: 'Waited longest' } },
        specific: false,
        priorityStreak: 0,
      });
    }
    const startedAt = calledAt === undefined ? undefined : calledAt + 20_000;
    const serviceSec = spec.serviceSec ?? 300;
    const closedAt =
      outcome === 'served' && startedAt !== undefined ? startedAt + serviceSec * 1000 : (calledAt ?? issuedAt) + 60_000;
    const visit: WireVisit = {
      ticketId,
      number,
      dayKey,
      serviceId: spec.serviceId,
      originServiceId: spec.serviceId,
      ...(spec.topicId ? { topicId: spec.topicId } : {}),
      segmentId: 'individual',
      walkIn: false,
      outcome,
      issuedAt,
      ...(calledAt !== undefined
        ? { firstCalledAt: calledAt, lastCalledAt: calledAt, firstWaitSec: spec.waitSec }
        : {}),
      ...(spec.waitSec !== undefined ? { waitSec: spec.waitSec, walkSec: 20 } : {}),
      ...(outcome === 'served' && startedAt !== undefined ? { startedAt, serviceSec } : {}),
      closedAt,
      totalSec: Math.round((closedAt - issuedAt) / 1000),
      ...(outcome !== 'cancelled' ? { operatorId, windowId } : {}),
      transfers: 0,
      postponements: 0,
      recalls: 0,
      outcomes: outcome === 'served' ? ['consulted'] : [],
      digitalOnboarding: false,
      extraSale: false,
      norms: spec.norms ?? { waitSec: null, serviceSec: null, totalSec: null },
    };
    if (outcome === 'served' && startedAt !== undefined) {
      this.append({
        type: 'ServiceStarted',
        at: startedAt,
        actor: operator(operatorId),
        ticketId,
        operatorId,
        windowId,
      });
      this.append({
        type: 'ServiceFinished',
        at: closedAt,
        actor: operator(operatorId),
        ticketId,
        operatorId,
        windowId,
        outcomes: ['consulted'],
        digitalOnboarding: false,
        extraSale: false,
        visit,
      });
      if (spec.rating !== undefined) {
        this.append({
          type: 'VisitRated',
          at: closedAt + 30_000,
          actor: { kind: 'device', deviceId: `rating-${windowNumber}`, role: 'rating' },
          ticketId,
          number,
          dayKey,
          score: spec.rating,
          reasons: [],
          channel: 'terminal',
          serviceId: spec.serviceId,
          ...(spec.topicId ? { topicId: spec.topicId } : {}),
          operatorId,
          windowId,
          visitClosedAt: closedAt,
        });
      }
    } else if (outcome === 'no-show') {
      this.append({ type: 'TicketNoShow', at: closedAt, actor: operator(operatorId), ticketId, auto: false, visit });
    } else {
      this.append({ type: 'TicketCancelled', at: closedAt, actor: kiosk, ticketId, reason: 'left', visit });
    }
    this.clock = Math.max(this.clock, closedAt) + 1000;
    return this.log.slice(from);
  }

  /** Events `from..to` (inclusive; `to` defaults to the last) as one batch. */
  batch(from: number, to = this.lastSeq, extra: Partial<SyncBatch> = {}): SyncBatch {
    return { officeLastSeq: this.lastSeq, events: this.log.slice(from - 1, to), ...extra };
  }

  /**
   * The office restored from a backup taken at `seq`: the same log up to it, and from there on it
   * writes its own (different) events under the same seqs.
   */
  restoredAt(seq: number): FakeOffice {
    const copy = new FakeOffice(this.clock + 3600_000, 'Р');
    copy.log.push(...this.log.slice(0, seq));
    return copy;
  }
}
