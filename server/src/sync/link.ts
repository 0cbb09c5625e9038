import type {
  OfficeStatus,
  StoredEvent,
  SyncAck,
  SyncBatch,
  SyncEvent,
  SyncGapDetails,
  SyncHello,
  SyncWelcome,
} from '@talon/protocol';
import { Backoff } from './backoff.js';
import type { BookingSink } from './bookings.js';
import type { HqFailure, HqTransport } from './client.js';
import type { ErasureQueue } from './erasures.js';
import { Inbox, type ProfileSink, type RatingSink } from './inbox.js';
import { type LinkMemory, type LinkRecord, MemoryLinkMemory } from './memory.js';
import type { OutboxSource } from './source.js';

export type { ProfileOutcome, ProfileSink, RatingSink } from './inbox.js';

export interface HqLinkOptions {
  transport: HqTransport;
  source: OutboxSource;
  /** Events as they leave the office: redacted (152-ФЗ), with norms and digests (redact.ts). */
  wire: (events: StoredEvent[]) => SyncEvent[];
  hello: () => SyncHello;
  /** The live figures sent with every batch and heartbeat; absent in a benchmark's bare office. */
  status?: () => OfficeStatus | undefined;
  now?: () => number;
  memory?: LinkMemory;
  profiles?: ProfileSink;
  ratings?: RatingSink;
  bookings?: BookingSink;
  /** Phones erased at the office, on their way to head office's copies. */
  erasures?: ErasureQueue;
  onWelcome?: (welcome: SyncWelcome) => void;
  /** Connected, failed, acknowledged: the admin screen refreshes. */
  onChange?: () => void;
  batchMax?: number;
  /** Stop adding events to a batch past this much JSON (a configuration event can be large). */
  batchBytes?: number;
  heartbeatMs?: number;
  /** Events committed within this many ms go in one batch. */
  coalesceMs?: number;
  backoff?: Backoff;
  /** A profile the hall still uses is tried again after this long. */
  profileRetryMs?: number;
  log?: (msg: string, err?: unknown) => void;
}

export interface LinkSnapshot {
  connected: boolean;
  lastContactAt: number | null;
  lastError: (HqFailure & { at: number }) | null;
  retryAt: number | null;
  /** The next seq to send (null before head office said where to resume). */
  cursor: number | null;
  record: LinkRecord;
}

class LinkFailure extends Error {
  constructor(readonly failure: HqFailure) {
    super(failure.code);
  }
}

/** The office's own reasons for not sending, in the same shape as head office's refusals. */
const fault = (code: string, ru: string, en: string): HqFailure => ({
  code,
  message: { ru, en },
  status: 0,
  retryable: true,
});

/** Persisting the acknowledged seq costs an fsync: at most this often (it is for display after a restart). */
const ACK_PERSIST_MS = 10_000;

/**
 * The office's link to head office. It never runs in the command path: commits only kick it (a timer
 * coalesces bursts), and every exchange is asynchronous, so a slow or dead head office adds nothing to
 * a ticket or a call. It says hello, then pushes the log in order from where head office says it
 * stands, marks sent what head office acknowledged, backs off with full jitter while head office is
 * down, and keeps a heartbeat with the live figures while idle.
 */
export class HqLink {
  private readonly o: HqLinkOptions;
  private readonly now: () => number;
  private readonly memory: LinkMemory;
  private readonly backoff: Backoff;
  private readonly batchMax: number;
  private readonly batchBytes: number;
  private readonly heartbeatMs: number;
  private readonly coalesceMs: number;
  private readonly log: (msg: string, err?: unknown) => void;

  private record: LinkRecord;
  private welcomed = false;
  private cursor: number | null = null;
  private connected = false;
  private lastContactAt: number | null = null;
  private lastError: (HqFailure & { at: number }) | null = null;
  private retryAt: number | null = null;
  private lastAckPersistAt = Number.NEGATIVE_INFINITY;
  /** Repeated SYNC_GAP at the same seq means the two sides disagree: back off instead of looping. */
  private gapAt: number | null = null;

  private timer: ReturnType<typeof setTimeout> | undefined;
  private timerKind: 'kick' | 'retry' | 'heartbeat' | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private heartbeatDue = false;
  /** Timers run only between start() and stop(); flush() works without them (tests). */
  private started = false;
  private closing = false;
  private readonly inbox: Inbox;

  constructor(opts: HqLinkOptions) {
    this.o = opts;
    this.now = opts.now ?? Date.now;
    this.memory = opts.memory ?? new MemoryLinkMemory();
    this.backoff = opts.backoff ?? new Backoff();
    // a backlog drains in batches of up to 1,000 events (≤ 2 MB): head office pays per batch as much as per event
    this.batchMax = Math.max(1, Math.min(opts.batchMax ?? 1000, 1000));
    this.batchBytes = opts.batchBytes ?? 2 * 1024 * 1024;
    this.heartbeatMs = opts.heartbeatMs ?? 15_000;
    this.coalesceMs = opts.coalesceMs ?? 5;
    this.log = opts.log ?? ((m, e) => console.error(m, e));
    this.record = this.memory.load();
    this.inbox = new Inbox({
      transport: opts.transport,
      ...(opts.profiles ? { profiles: opts.profiles } : {}),
      ...(opts.ratings ? { ratings: opts.ratings } : {}),
      ...(opts.bookings ? { bookings: opts.bookings } : {}),
      remember: (patch) => {
        this.remember(patch);
        this.o.onChange?.();
      },
      now: this.now,
      retryMs: opts.profileRetryMs ?? 60_000,
      log: this.log,
    });
  }

  start(): void {
    if (this.started || this.closing) return;
    this.started = true;
    this.schedule('kick', 0);
  }

  /** Stops timers and waits for the exchange in flight (the caller aborts its transport to hurry it). */
  async stop(): Promise<void> {
    this.closing = true;
    this.clearTimer();
    await this.running;
    this.persistAck(true);
  }

  /** Events committed: send them soon. While backing off, the retry timer stands. */
  kick(): void {
    if (!this.started || this.closing) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timerKind === 'kick' || this.timerKind === 'retry') return;
    this.schedule('kick', this.coalesceMs);
  }

  /** Says hello again before the next batch (the office's name or time zone changed). */
  rehello(): void {
    this.welcomed = false;
    this.kick();
  }

  snapshot(): LinkSnapshot {
    return {
      connected: this.connected,
      lastContactAt: this.lastContactAt,
      lastError: this.lastError,
      retryAt: this.retryAt,
      cursor: this.cursor,
      record: { ...this.record },
    };
  }

  /** Runs one round now and resolves when it is over (tests, and the admin's "check now"). */
  async flush(opts: { heartbeat?: boolean } = {}): Promise<void> {
    if (this.running) await this.running;
    this.clearTimer();
    if (opts.heartbeat) this.heartbeatDue = true;
    await this.round();
  }

  private schedule(kind: 'kick' | 'retry' | 'heartbeat', ms: number): void {
    this.clearTimer();
    if (!this.started || this.closing) return;
    this.timerKind = kind;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerKind = null;
      if (kind === 'heartbeat') this.heartbeatDue = true;
      void this.round();
    }, ms);
    this.timer.unref?.();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.timerKind = null;
  }

  private round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = this.exchange().finally(() => {
      this.running = null;
      // a commit that came after the last look at the log (its kick saw us running) goes now, not with the heartbeat
      if (this.again && this.timerKind !== 'retry') this.schedule('kick', 0);
      this.again = false;
    });
    this.running = run;
    return run;
  }

  private async exchange(): Promise<void> {
    try {
      do {
        this.again = false;
        if (!this.welcomed) await this.hello();
        await this.drain();
      } while (this.again && !this.closing);
      this.succeeded();
      this.schedule('heartbeat', this.heartbeatMs);
    } catch (err) {
      if (!(err instanceof LinkFailure)) this.log('head-office link: unexpected failure', err);
      const failure =
        err instanceof LinkFailure
          ? err.failure
          : fault('HQ_LINK_ERROR', 'Ошибка связи с головным офисом', 'Head-office link error');
      this.failed(failure);
    }
  }

  private succeeded(): void {
    this.backoff.reset();
    const changed = !this.connected || this.lastError !== null;
    this.connected = true;
    this.lastError = null;
    this.retryAt = null;
    this.gapAt = null;
    if (changed) this.o.onChange?.();
  }

  private failed(failure: HqFailure): void {
    const at = this.now();
    this.connected = false;
    this.lastError = { ...failure, at };
    // a key head office refuses stays refused until someone acts: retried, but at the slow end
    const wait = this.backoff.next(failure.retryAfterMs ?? 0);
    this.retryAt = at + wait;
    this.welcomed = this.welcomed && failure.status !== 401;
    this.o.onChange?.();
    this.schedule('retry', wait);
  }

  private async hello(): Promise<void> {
    const r = await this.o.transport.hello(this.o.hello());
    if (!r.ok) throw new LinkFailure(r.failure);
    const w = r.value;
    this.contact();
    this.welcomed = true;
    this.cursor = this.resumeFrom(w.ackSeq);
    this.remember({ office: { code: w.code, name: w.name }, publicBase: w.publicBase });
    this.noteAck(w.ackSeq);
    this.o.onWelcome?.(w);
  }

  /**
   * Where to send from after head office said it holds everything up to `ackSeq`: the next seq, or
   * the first event this office has not yet seen acknowledged when that is earlier. That overlap is
   * cheap (head office stores an (office, seq) once) and it is what lets head office compare digests
   * and notice a log that differs, such as an office restored from an older backup that went on writing.
   */
  private resumeFrom(ackSeq: number): number {
    const firstUnsent = this.o.source.pending(1)[0]?.seq ?? this.o.source.lastSeq() + 1;
    return Math.max(1, Math.min(ackSeq + 1, firstUnsent));
  }

  private async drain(): Promise<void> {
    for (;;) {
      if (this.closing) return;
      const cursor = this.cursor ?? 1;
      const events = cursor <= this.o.source.lastSeq() ? this.o.source.readEvents(cursor - 1, this.batchMax) : [];
      if (events.length === 0 && !this.heartbeatDue) return;
      this.heartbeatDue = false;
      await this.send(events);
    }
  }

  private async send(read: StoredEvent[]): Promise<void> {
    const { events, wire } = this.fit(read);
    const source = this.o.source;
    const last = events.at(-1);
    const after = last
      ? { count: Math.max(0, source.lastSeq() - last.seq), oldestAt: source.readEvents(last.seq, 1)[0]?.at ?? null }
      : source.backlog();
    const status = this.o.status?.();
    const erasures = this.o.erasures?.pending() ?? [];
    const batch: SyncBatch = {
      officeLastSeq: source.lastSeq(),
      events: wire,
      backlog: after,
      ...(status ? { status } : {}),
      ...(erasures.length > 0 ? { erasures } : {}),
    };
    const r = await this.o.transport.events(batch);
    if (!r.ok) {
      const f = r.failure;
      const gap = f.code === 'SYNC_GAP' ? (f.details as Partial<SyncGapDetails> | undefined) : undefined;
      if (gap && typeof gap.expectSeq === 'number' && gap.expectSeq >= 1 && gap.expectSeq !== this.gapAt) {
        // head office holds less than this office thought: resend from where it stands
        this.gapAt = gap.expectSeq;
        this.cursor = gap.expectSeq;
        return;
      }
      throw new LinkFailure(f);
    }
    this.contact();
    this.gapAt = null;
    this.acknowledged(r.value, events);
  }

  /** The events that fit one batch (by count, then by size) and their wire form. */
  private fit(read: StoredEvent[]): { events: StoredEvent[]; wire: SyncEvent[] } {
    const wire = this.o.wire(read);
    let bytes = 0;
    let n = 0;
    for (const w of wire) {
      bytes += JSON.stringify(w.payload).length;
      if (n > 0 && bytes > this.batchBytes) break;
      n += 1;
    }
    return n === wire.length ? { events: read, wire } : { events: read.slice(0, n), wire: wire.slice(0, n) };
  }

  private acknowledged(ack: SyncAck, events: StoredEvent[]): void {
    const first = events[0];
    const last = events.at(-1);
    if (first && last) {
      // what head office holds of this batch: never beyond it, since seqs past it may differ there
      const upto = Math.min(ack.ackSeq, last.seq);
      if (upto >= first.seq) this.o.source.markSent(upto, this.now());
      this.cursor = ack.ackSeq < last.seq ? Math.max(1, ack.ackSeq + 1) : last.seq + 1;
    } else if (this.cursor !== null && ack.ackSeq + 1 < this.cursor) {
      // a heartbeat learnt that head office holds less (restored from a backup): resend from there
      this.cursor = ack.ackSeq + 1;
    }
    this.noteAck(ack.ackSeq);
    if (ack.attention !== this.record.attention) {
      this.remember({ attention: ack.attention });
      this.o.onChange?.();
    }
    this.inbox.profileAsked(ack.profileVersion, this.record);
    if (ack.ratings.length > 0) this.inbox.ratingsReturned(ack.ratings);
    if (ack.bookings && ack.bookings.length > 0) this.inbox.bookingsReturned(ack.bookings);
    if (ack.erased && ack.erased.length > 0) this.o.erasures?.done(ack.erased);
  }

  private contact(): void {
    this.lastContactAt = this.now();
  }

  private noteAck(ackSeq: number): void {
    this.record.ackSeq = ackSeq;
    this.record.ackAt = this.now();
    this.persistAck(false);
  }

  private persistAck(force: boolean): void {
    const at = performance.now();
    if (!force && at - this.lastAckPersistAt < ACK_PERSIST_MS) return;
    if (this.record.ackSeq === null) return;
    this.lastAckPersistAt = at;
    this.remember({ ackSeq: this.record.ackSeq, ackAt: this.record.ackAt });
  }

  private remember(patch: Partial<LinkRecord>): void {
    this.record = { ...this.record, ...patch };
    try {
      this.memory.save(patch);
    } catch (err) {
      this.log('head-office link: could not save its state', err);
    }
  }
}
