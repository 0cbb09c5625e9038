import type { PublishedProfile, ReturnedBooking, ReturnedRating } from '@talon/protocol';
import type { BookingSink } from './bookings.js';
import type { HqTransport } from './client.js';
import type { LinkRecord } from './memory.js';

/** What the office does with a profile head office published for it. */
export type ProfileOutcome =
  | { applied: true }
  /** `final`: this version will never apply (invalid); otherwise try again later (the hall still uses what it removes). */
  | { applied: false; reason: string; final: boolean };

export interface ProfileSink {
  /** The office has no configuration yet: a profile waits. */
  ready(): boolean;
  apply(profile: PublishedProfile): ProfileOutcome;
}

/** `done`: applied or never applicable (already rated, unknown visit): acknowledge it. `retry`: not now. */
export type RatingSink = (rating: ReturnedRating) => 'done' | 'retry';

export interface InboxOptions {
  transport: HqTransport;
  profiles?: ProfileSink;
  ratings?: RatingSink;
  bookings?: BookingSink;
  /** Keeps what was applied or refused (and tells the admin screen). */
  remember: (patch: Partial<LinkRecord>) => void;
  now: () => number;
  /** A profile that could not be fetched or applied now is tried again after this long. */
  retryMs: number;
  log: (msg: string, err?: unknown) => void;
}

/**
 * What head office sends back on its acks: a newer profile (config out) and ratings given on its
 * public page. Each runs beside the event stream, one at a time, so a slow profile never holds up a batch.
 */
export class Inbox {
  private profileBusy = false;
  private profileNotBefore = 0;
  private readonly ratingsInFlight = new Set<string>();
  private readonly bookingsInFlight = new Set<string>();

  constructor(private readonly o: InboxOptions) {}

  /** An ack named the profile published for this office: fetched and applied unless it is the one run or refused. */
  profileAsked(version: number | null, record: Pick<LinkRecord, 'profileVersion' | 'profileRefused'>): void {
    const sink = this.o.profiles;
    if (!sink || version === null || this.profileBusy || !sink.ready()) return;
    if (version === record.profileVersion || version === record.profileRefused?.version) return;
    if (performance.now() < this.profileNotBefore) return;
    this.profileBusy = true;
    void this.takeProfile(sink).finally(() => {
      this.profileBusy = false;
    });
  }

  private async takeProfile(sink: ProfileSink): Promise<void> {
    const got = await this.o.transport.profile();
    if (!got.ok) {
      if (got.failure.code !== 'NO_PROFILE') this.o.log(`head-office profile not fetched: ${got.failure.code}`);
      this.profileNotBefore = performance.now() + this.o.retryMs;
      return;
    }
    const profile = got.value;
    let outcome: ProfileOutcome;
    try {
      outcome = sink.apply(profile);
    } catch (err) {
      this.o.log('head-office profile: applying failed', err);
      outcome = { applied: false, reason: 'internal error at the office', final: false };
    }
    if (!outcome.applied && !outcome.final) {
      this.profileNotBefore = performance.now() + this.o.retryMs;
      return;
    }
    if (outcome.applied) this.o.remember({ profileVersion: profile.version, profileRefused: null });
    else
      this.o.remember({
        profileRefused: { version: profile.version, reason: outcome.reason.slice(0, 4000), at: this.o.now() },
      });
    const reported = await this.o.transport.profileResult(
      outcome.applied
        ? { version: profile.version, applied: true }
        : { version: profile.version, applied: false, reason: outcome.reason.slice(0, 4000) },
    );
    if (!reported.ok) this.o.log(`head-office profile result not delivered: ${reported.failure.code}`);
  }

  /**
   * Bookings made or cancelled on head office's page, in head office's order (a move is a cancel, then a
   * create): applied until one must wait, then acknowledged by id. What waits comes again on the next ack.
   */
  bookingsReturned(bookings: ReturnedBooking[]): void {
    const sink = this.o.bookings;
    if (!sink) return;
    const done: string[] = [];
    for (const b of bookings) {
      if (this.bookingsInFlight.has(b.id)) continue;
      let verdict: 'done' | 'retry';
      try {
        verdict = sink(b);
      } catch (err) {
        this.o.log('head-office booking: applying failed', err);
        verdict = 'retry';
      }
      if (verdict === 'retry') break;
      done.push(b.id);
    }
    const ack = this.o.transport.bookingsAck?.bind(this.o.transport);
    if (done.length === 0 || !ack) return;
    for (const id of done) this.bookingsInFlight.add(id);
    void ack(done).then((r) => {
      // a booking returned again answers from its command id, and is acknowledged again
      for (const id of done) this.bookingsInFlight.delete(id);
      if (!r.ok) this.o.log(`head-office bookings not acknowledged: ${r.failure.code}`);
    });
  }

  /** Ratings given on head office's public page: applied by the office, then acknowledged by id. */
  ratingsReturned(ratings: ReturnedRating[]): void {
    const sink = this.o.ratings;
    if (!sink) return;
    const done: string[] = [];
    for (const r of ratings) {
      if (this.ratingsInFlight.has(r.id)) continue;
      let verdict: 'done' | 'retry';
      try {
        verdict = sink(r);
      } catch (err) {
        this.o.log('head-office rating: applying failed', err);
        verdict = 'retry';
      }
      if (verdict === 'done') done.push(r.id);
    }
    if (done.length === 0) return;
    for (const id of done) this.ratingsInFlight.add(id);
    void this.o.transport.ratingsAck(done).then((r) => {
      // acknowledged or not, the next ack says: a rating returned again is already rated and acknowledged again
      for (const id of done) this.ratingsInFlight.delete(id);
      if (!r.ok) this.o.log(`head-office ratings not acknowledged: ${r.failure.code}`);
    });
  }
}
