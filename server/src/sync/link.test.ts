import type {
  DomainEvent,
  ProfileResult,
  PublishedProfile,
  ReturnedRating,
  StoredEvent,
  SyncAck,
  SyncBatch,
  SyncEvent,
  SyncHello,
  SyncWelcome,
} from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { type HqAnswer, type HqFailure, retryAfterMs } from './client.js';
import { HqLink, type HqLinkOptions } from './link.js';
import { toSyncEvent } from './redact.js';
import { MemorySource } from './source.js';

/**
 * Head office's side of the contract on paper: it stores each seq once, refuses a gap with SYNC_GAP and
 * where to resume, answers the last seq it holds, and can be told to fail or to forget a tail. The
 * real head office is tested against the office in test/server/hq-sync.test.ts.
 */
class PaperHeadOffice {
  readonly held = new Map<number, SyncEvent>();
  ackSeq = 0;
  /** Every seq received, repeats included. */
  readonly received: number[] = [];
  readonly batches: SyncBatch[] = [];
  hellos = 0;
  failNext: HqFailure[] = [];
  ratings: ReturnedRating[] = [];
  ratingAcks: string[][] = [];
  profile: PublishedProfile | null = null;
  results: ProfileResult[] = [];

  forgetAfter(seq: number) {
    for (const s of [...this.held.keys()]) if (s > seq) this.held.delete(s);
    this.ackSeq = Math.min(this.ackSeq, seq);
  }

  private failure(): HqFailure | undefined {
    return this.failNext.shift();
  }

  async hello(_body: SyncHello): Promise<HqAnswer<SyncWelcome>> {
    const f = this.failure();
    if (f) return { ok: false, failure: f };
    this.hellos += 1;
    return {
      ok: true,
      value: {
        officeId: 'o1',
        code: 'C1',
        name: { ru: 'ЦОК', en: 'Office' },
        ackSeq: this.ackSeq,
        epoch: 1,
        publicBase: null,
      },
    };
  }

  async events(batch: SyncBatch): Promise<HqAnswer<SyncAck>> {
    const f = this.failure();
    if (f) return { ok: false, failure: f };
    this.batches.push(batch);
    const first = batch.events[0];
    if (first && first.seq > this.ackSeq + 1)
      return {
        ok: false,
        failure: {
          code: 'SYNC_GAP',
          message: { ru: 'пропуск', en: 'gap' },
          status: 409,
          retryable: false,
          details: { expectSeq: this.ackSeq + 1, receivedSeq: first.seq },
        },
      };
    let stored = 0;
    for (const e of batch.events) {
      this.received.push(e.seq);
      if (!this.held.has(e.seq)) {
        this.held.set(e.seq, e);
        stored += 1;
      }
      this.ackSeq = Math.max(this.ackSeq, e.seq);
    }
    return {
      ok: true,
      value: {
        ackSeq: this.ackSeq,
        epoch: 1,
        stored,
        duplicates: batch.events.length - stored,
        attention: null,
        profileVersion: this.profile?.version ?? null,
        ratings: this.ratings,
      },
    };
  }

  async profileGet(): Promise<HqAnswer<PublishedProfile>> {
    return this.profile
      ? { ok: true, value: this.profile }
      : { ok: false, failure: { code: 'NO_PROFILE', message: { ru: '-', en: '-' }, status: 404, retryable: false } };
  }

  transport() {
    return {
      hello: (b: SyncHello) => this.hello(b),
      events: (b: SyncBatch) => this.events(b),
      profile: () => this.profileGet(),
      profileResult: async (r: ProfileResult) => {
        this.results.push(r);
        return { ok: true as const, value: { ok: true as const } };
      },
      ratingsAck: async (ids: string[]) => {
        this.ratingAcks.push(ids);
        this.ratings = this.ratings.filter((r) => !ids.includes(r.id));
        return { ok: true as const, value: { ok: true as const } };
      },
    };
  }
}

const HELLO: SyncHello = { linkSecret: 'a'.repeat(64), timeZone: 'Europe/Moscow', softwareVersion: 'test' };
const T0 = Date.parse('2026-11-26T07:00:00Z');

function office(events: number) {
  const source = new MemorySource();
  const add = (n: number) =>
    source.append(
      ...Array.from(
        { length: n },
        (_, i): DomainEvent => ({
          type: 'BreakEnded',
          operatorId: `op${i}`,
          at: T0 + i,
          actor: { kind: 'system' },
        }),
      ),
    );
  add(events);
  return { source, add };
}

function linkFor(hq: PaperHeadOffice, source: MemorySource, over: Partial<HqLinkOptions> = {}) {
  let now = T0;
  const link = new HqLink({
    transport: hq.transport(),
    source,
    wire: (events: StoredEvent[]) =>
      events.map((e) => toSyncEvent(e, () => ({ waitSec: null, serviceSec: null, totalSec: null }))),
    hello: () => HELLO,
    now: () => now,
    batchMax: 50,
    backoff: new Backoff({ random: () => 0.5 }),
    log: () => undefined,
    ...over,
  });
  return { link, tick: (ms: number) => (now += ms) };
}

const busy = (retryAfter?: number): HqFailure => ({
  code: 'HQ_BUSY',
  message: { ru: 'занят', en: 'busy' },
  status: 429,
  retryable: true,
  ...(retryAfter !== undefined ? { retryAfterMs: retryAfter } : {}),
});

describe('the link drains the office log to head office', () => {
  it('sends every event once, in order, in batches no larger than asked, and marks them sent', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(120);
    const { link } = linkFor(hq, source);
    await link.flush();
    expect(hq.hellos).toBe(1);
    expect(hq.received).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
    expect(hq.batches.map((b) => b.events.length)).toEqual([50, 50, 20]);
    expect(source.backlog()).toEqual({ count: 0, oldestAt: null });
    // each batch says what is left after it
    expect(hq.batches.map((b) => b.backlog?.count)).toEqual([70, 20, 0]);
    expect(link.snapshot()).toMatchObject({ connected: true, lastError: null, cursor: 121 });
  });

  it('re-sends from head office’s ackSeq when head office holds less than the office marked sent', async () => {
    const hq = new PaperHeadOffice();
    const { source, add } = office(100);
    const { link } = linkFor(hq, source);
    await link.flush();
    expect(source.backlog().count).toBe(0);
    // head office restored from an older backup of its own: it lost 61..100
    hq.forgetAfter(60);
    add(10);
    await link.flush();
    // the office's outbox said 1..100 were sent; they are read again from the log
    expect([...hq.held.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: 110 }, (_, i) => i + 1));
    expect(hq.received.filter((s) => s === 61)).toHaveLength(2);
  });

  it('learns from a heartbeat that head office holds less, and resends from there', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(30);
    const { link } = linkFor(hq, source);
    await link.flush();
    hq.forgetAfter(10);
    await link.flush({ heartbeat: true });
    expect(hq.held.size).toBe(30);
    expect(hq.batches.some((b) => b.events.length === 0)).toBe(true);
  });

  it('resumes after a gap from the seq head office expects', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(40);
    const { link } = linkFor(hq, source);
    await link.flush();
    // head office lost 21..40 and the office (not knowing) goes on from 41
    hq.forgetAfter(20);
    source.append({ type: 'BreakEnded', operatorId: 'x', at: T0 + 99, actor: { kind: 'system' } } as DomainEvent);
    await link.flush();
    expect(hq.held.size).toBe(41);
    expect(link.snapshot().lastError).toBeNull();
  });

  it('on hello, starts from the earlier of head office’s ackSeq and the first unsent event (the overlap reveals a differing log)', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(20);
    // the office marked 1..10 sent but head office says it holds 15 (the office was restored from a backup)
    source.markSent(10);
    hq.ackSeq = 15;
    for (let s = 1; s <= 15; s++) hq.held.set(s, { seq: s } as SyncEvent);
    const { link } = linkFor(hq, source);
    await link.flush();
    expect(hq.received[0]).toBe(11);
    expect(hq.received).toEqual(Array.from({ length: 10 }, (_, i) => i + 11));
  });

  it('never marks sent beyond the batch it sent, even when head office acknowledges more', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(5);
    hq.ackSeq = 50; // head office holds a longer log than this office has
    for (let s = 1; s <= 50; s++) hq.held.set(s, { seq: s } as SyncEvent);
    const { link } = linkFor(hq, source);
    await link.flush();
    expect(source.backlog().count).toBe(0);
    // the office's new events 6.. are sent, not skipped to 51: head office compares them with what it holds
    source.append({ type: 'BreakEnded', operatorId: 'y', at: T0 + 7, actor: { kind: 'system' } } as DomainEvent);
    await link.flush();
    expect(hq.received.at(-1)).toBe(6);
  });
});

describe('when head office is down or busy', () => {
  it('backs off with full jitter, at least what head office asked for, and drains once it is back', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(10);
    const { link, tick } = linkFor(hq, source, { backoff: new Backoff({ random: () => 0.5, baseMs: 1000 }) });
    hq.failNext = [
      { code: 'HQ_UNREACHABLE', message: { ru: '-', en: '-' }, status: 0, retryable: true },
      busy(30_000),
      busy(),
    ];
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      await link.flush();
      const s = link.snapshot();
      expect(s.connected).toBe(false);
      waits.push((s.retryAt ?? 0) - (s.lastError?.at ?? 0));
      tick(1);
    }
    // random 0.5 of 1 s, 2 s, 4 s; the second floored at head office's 30 s
    expect(waits).toEqual([500, 30_000, 2000]);
    expect(source.backlog().count).toBe(10);
    await link.flush();
    expect(link.snapshot()).toMatchObject({ connected: true, lastError: null, retryAt: null });
    expect(hq.held.size).toBe(10);
  });
});

describe('backoff', () => {
  it('draws uniformly below an exponentially growing ceiling, capped, and starts over after a success', () => {
    const draws = [0, 0.999, 0.5, 0.25, 0.999, 0.999, 0.999, 0.999, 0.999, 0.999, 0.5];
    const b = new Backoff({ baseMs: 1000, capMs: 60_000, random: () => draws.shift() ?? 0 });
    const seen = Array.from({ length: 10 }, () => b.next());
    expect(seen).toEqual([0, 1998, 2000, 2000, 15_984, 31_968, 59_940, 59_940, 59_940, 59_940]);
    expect(b.failures).toBe(10);
    b.reset();
    expect(b.next()).toBe(500);
  });

  it('honours the wait head office named as the floor, within the cap', () => {
    const b = new Backoff({ baseMs: 1000, capMs: 60_000, random: () => 0 });
    expect(b.next(5000)).toBe(5000);
    expect(b.next(10 * 60_000)).toBe(60_000);
  });

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs(new Date(T0 + 3000).toUTCString(), T0)).toBe(3000);
    expect(retryAfterMs('soon')).toBeUndefined();
    expect(retryAfterMs(null)).toBeUndefined();
  });
});

describe('what head office sends back', () => {
  it('a newer profile is fetched, applied through the sink and reported; a refused one is reported with its reason, once', async () => {
    const hq = new PaperHeadOffice();
    const { source, add } = office(3);
    const { link } = linkFor(hq, source, {
      profiles: {
        ready: () => true,
        apply: (p) =>
          p.version === 2 ? { applied: true } : { applied: false, reason: 'services.0.prefix: invalid', final: true },
      },
    });
    hq.profile = { version: 2, scope: 'company', title: 'Нормы', config: {}, local: [], publishedAt: T0 };
    await link.flush();
    await new Promise((r) => setImmediate(r));
    expect(hq.results).toEqual([{ version: 2, applied: true }]);
    expect(link.snapshot().record.profileVersion).toBe(2);

    hq.profile = { version: 3, scope: 'company', title: 'Плохой', config: {}, local: [], publishedAt: T0 };
    add(1);
    await link.flush();
    await new Promise((r) => setImmediate(r));
    add(1);
    await link.flush();
    await new Promise((r) => setImmediate(r));
    expect(hq.results.slice(1)).toEqual([{ version: 3, applied: false, reason: 'services.0.prefix: invalid' }]);
    expect(link.snapshot().record).toMatchObject({ profileVersion: 2, profileRefused: { version: 3 } });
  });

  it('ratings are handed to the office and acknowledged by id; one that must wait is not acknowledged', async () => {
    const hq = new PaperHeadOffice();
    const { source } = office(1);
    const given: string[] = [];
    const { link } = linkFor(hq, source, {
      ratings: (r) => {
        given.push(r.id);
        return r.id === 'r-later' ? 'retry' : 'done';
      },
    });
    hq.ratings = [
      { id: 'r1', ticketId: 't1', score: 5, reasons: [], at: T0 },
      { id: 'r-later', ticketId: 't2', score: 4, reasons: [], at: T0 },
    ];
    await link.flush();
    await new Promise((r) => setImmediate(r));
    expect(given).toEqual(['r1', 'r-later']);
    expect(hq.ratingAcks).toEqual([['r1']]);
    expect(hq.ratings.map((r) => r.id)).toEqual(['r-later']);
  });
});
