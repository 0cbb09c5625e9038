// Shared by the store and auth tests: real temporary directories and well-formed domain events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Actor, DomainEvent, Ticket, VisitSummary } from '@talon/protocol';
import { afterEach } from 'vitest';
import { openStore, type Store } from './index.js';

export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'talon-store-'));
  return {
    dir,
    file: (name) => path.join(dir, name),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh office store on a temporary file for each test, closed and removed after it: call at a file's top. */
export function tempStores(): () => Store {
  let cleanup = () => {};
  let store: Store | undefined;
  afterEach(() => {
    store?.close();
    store = undefined;
    cleanup();
  });
  return () => {
    const t = tempDir();
    cleanup = t.cleanup;
    store = openStore(t.file('office.db'));
    return store;
  };
}

export const SYSTEM: Actor = { kind: 'system' };
export const KIOSK: Actor = { kind: 'device', deviceId: 'kiosk-1', role: 'kiosk' };
export const OPERATOR: Actor = { kind: 'user', userId: 'u-1', operatorId: 'op-1', roles: ['operator'] };

export const T0 = Date.UTC(2025, 2, 3, 7, 0, 0);

export function ticket(over: Partial<Ticket> = {}): Ticket {
  const issuedAt = over.issuedAt ?? T0;
  return {
    id: 't-1',
    number: 'К-001',
    dayKey: '2025-03-03',
    serviceId: 'svc-pay',
    originServiceId: 'svc-pay',
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
    ...over,
  };
}

export function visitOf(t: Ticket, over: Partial<VisitSummary> = {}): VisitSummary {
  return {
    ticketId: t.id,
    number: t.number,
    dayKey: t.dayKey,
    serviceId: t.serviceId,
    originServiceId: t.originServiceId,
    ...(t.topicId !== undefined ? { topicId: t.topicId } : {}),
    ...(t.segmentId !== undefined ? { segmentId: t.segmentId } : {}),
    ...(t.priorityCategoryId !== undefined ? { priorityCategoryId: t.priorityCategoryId } : {}),
    walkIn: t.walkIn,
    outcome: 'served',
    issuedAt: t.issuedAt,
    closedAt: t.issuedAt + 900_000,
    totalSec: 900,
    transfers: 0,
    postponements: 0,
    recalls: 0,
    outcomes: [],
    digitalOnboarding: false,
    extraSale: false,
    ...over,
  };
}

export const issued = (t: Ticket, at = t.issuedAt): DomainEvent => ({
  type: 'TicketIssued',
  at,
  actor: KIOSK,
  ticket: t,
});

const WINDOW = { windowId: 'w-3', windowNumber: 3, windowKind: 'window', hallId: 'hall-1' } as const;

export const called = (ticketId: string, at: number, number = 'К-001'): DomainEvent => ({
  type: 'TicketCalled',
  at,
  actor: OPERATOR,
  ticketId,
  number,
  operatorId: 'op-1',
  ...WINDOW,
  reason: { rule: 'oldest', text: { ru: 'Дольше всех ждёт', en: 'Waited longest' } },
  specific: false,
  priorityStreak: 0,
});

export const recalled = (ticketId: string, at: number): DomainEvent => ({
  type: 'TicketRecalled',
  at,
  actor: OPERATOR,
  ticketId,
  number: 'К-001',
  operatorId: 'op-1',
  ...WINDOW,
  callCount: 2,
});

export const started = (ticketId: string, at: number): DomainEvent => ({
  type: 'ServiceStarted',
  at,
  actor: OPERATOR,
  ticketId,
  operatorId: 'op-1',
  windowId: 'w-3',
});

export const finished = (
  ticketId: string,
  at: number,
  end: { visit: VisitSummary } | { returnTo: { operatorId: string; serviceId: string } },
): DomainEvent => ({
  type: 'ServiceFinished',
  at,
  actor: OPERATOR,
  ticketId,
  operatorId: 'op-1',
  windowId: 'w-3',
  outcomes: [],
  digitalOnboarding: false,
  extraSale: false,
  ...end,
});

/** A harmless event with no projection, for tests about the log itself. */
export const liveMode = (at: number, on = true): DomainEvent => ({
  type: 'LiveQueueModeChanged',
  at,
  actor: SYSTEM,
  on,
});
