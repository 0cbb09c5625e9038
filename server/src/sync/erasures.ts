import type Database from 'better-sqlite3';

/** Phones erased here that head office has not yet confirmed erasing (`SyncBatch.erasures`). */
export interface ErasureQueue {
  /** The oldest first, at most `limit`. */
  pending(limit?: number): string[];
  /** Head office carried these out. */
  done(tags: readonly string[]): void;
}

/**
 * A visitor's erasure at the office reaches head office's copies (the name and phone of bookings made on its
 * page): the phone's tag waits here, written in the erasure's own transaction, and rides on every batch and
 * heartbeat until head office names it in an ack. A tag is not the number (`bookingPhoneTag`).
 */
export class HqErasures implements ErasureQueue {
  private readonly s;

  constructor(db: Database.Database) {
    this.s = {
      add: db.prepare<[string, number]>('INSERT OR IGNORE INTO hq_erasures (tag, at) VALUES (?, ?)'),
      pending: db.prepare<[number], string>('SELECT tag FROM hq_erasures ORDER BY at, tag LIMIT ?').pluck(),
      done: db.prepare<[string]>('DELETE FROM hq_erasures WHERE tag IN (SELECT value FROM json_each(?))'),
    };
  }

  add(tag: string, at: number): void {
    this.s.add.run(tag, at);
  }

  pending(limit = 100): string[] {
    return this.s.pending.all(limit);
  }

  done(tags: readonly string[]): void {
    if (tags.length > 0) this.s.done.run(JSON.stringify(tags));
  }
}
