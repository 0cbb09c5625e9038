import type { StoredEvent } from '@talon/protocol';
import type { Store } from '../store/index.js';

/**
 * Where the link to head office reads what to send: the office's event log and its outbox. A small
 * interface so that a benchmark drives hundreds of simulated offices with in-memory logs through the
 * same link code as a real office.
 */
export interface OutboxSource {
  /** The last seq written (0: empty log). */
  lastSeq(): number;
  /** Unsent events in seq order (the outbox). */
  pending(limit: number): StoredEvent[];
  /** Events after `afterSeq` from the log itself, sent or not: head office may have lost what it acknowledged. */
  readEvents(afterSeq: number, limit: number): StoredEvent[];
  markSent(uptoSeq: number, at: number): void;
  /** Unsent events and the `at` of the oldest. */
  backlog(): { count: number; oldestAt: number | null };
}

export function storeSource(store: Store): OutboxSource {
  return {
    lastSeq: () => store.lastSeq(),
    pending: (limit) => store.pendingOutbox(limit),
    readEvents: (afterSeq, limit) => store.readEvents(afterSeq, limit),
    markSent: (upto, at) => store.markSent(upto, at),
    backlog: () => store.outboxBacklog(),
  };
}

/** An office log in memory: tests and the head-office benchmark's simulated offices. */
export class MemorySource implements OutboxSource {
  private readonly events: StoredEvent[] = [];
  /** Everything at or below this seq is marked sent. */
  private sentUpto = 0;

  /** Appends events (their seq is given by the log) and returns them as stored. */
  append(...events: Omit<StoredEvent, 'seq'>[]): StoredEvent[] {
    const stored = events.map((e, i) => ({ ...e, seq: this.events.length + i + 1 }) as StoredEvent);
    this.events.push(...stored);
    return stored;
  }

  /** Forgets the tail after `seq` (an office restored from an older backup, in tests). */
  truncate(seq: number): void {
    this.events.length = Math.min(this.events.length, seq);
    this.sentUpto = Math.min(this.sentUpto, seq);
  }

  lastSeq(): number {
    return this.events.length;
  }

  pending(limit: number): StoredEvent[] {
    return this.events.slice(this.sentUpto, this.sentUpto + limit);
  }

  readEvents(afterSeq: number, limit: number): StoredEvent[] {
    return this.events.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit);
  }

  markSent(uptoSeq: number): void {
    this.sentUpto = Math.max(this.sentUpto, Math.min(uptoSeq, this.events.length));
  }

  backlog(): { count: number; oldestAt: number | null } {
    const count = this.events.length - this.sentUpto;
    return { count, oldestAt: count > 0 ? (this.events[this.sentUpto]?.at ?? null) : null };
  }
}
