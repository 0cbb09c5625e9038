import type { OfficeConfig, StoredEvent, VisitSummary, WireVisitNorms } from '@talon/protocol';
import { type ConfigVersion, NormBook, withOnboardingSec } from '../reports/norms.js';
import type { Store } from '../store/index.js';

/**
 * The norms in force when each visit was issued, exactly as the office's own reports judge them
 * (server/src/reports/norms.ts): head office compares against the same figures. Configuration versions
 * are learnt from the log once and then from the events as they are sent.
 */
export class WireNorms {
  private readonly versions = new Map<number, ConfigVersion>();
  private book: NormBook;

  constructor(initial: readonly ConfigVersion[] = []) {
    for (const v of initial) this.versions.set(v.seq, v);
    this.book = new NormBook([...this.versions.values()]);
  }

  /** Every configuration version in the office's log (the `events_configured` index keeps it cheap). */
  static fromStore(store: Store): WireNorms {
    const rows = store.db
      .prepare<[], { seq: number; at: number; payload: string }>(
        "SELECT seq, at, payload FROM events WHERE type = 'OfficeConfigured' ORDER BY seq",
      )
      .all();
    return new WireNorms(
      rows.map((r) => ({ seq: r.seq, at: r.at, config: (JSON.parse(r.payload) as { config: OfficeConfig }).config })),
    );
  }

  /** Learns the configuration versions among events about to be sent. */
  observe(events: readonly StoredEvent[]): void {
    let added = false;
    for (const e of events)
      if (e.type === 'OfficeConfigured' && !this.versions.has(e.seq)) {
        this.versions.set(e.seq, { seq: e.seq, at: e.at, config: e.config });
        added = true;
      }
    if (added) this.book = new NormBook([...this.versions.values()]);
  }

  /** A closing visit's norms; its service norm with the onboarding minutes when it had onboarding, as the office's reports judge it. */
  normsOf = (v: VisitSummary): WireVisitNorms => {
    const n = this.normsAt(v.issuedAt, v.originServiceId, v.topicId ?? null);
    return { ...n, serviceSec: withOnboardingSec(n.serviceSec, v.digitalOnboarding === true) };
  };

  normsAt(issuedAt: number, originServiceId: string, topicId: string | null): WireVisitNorms {
    const n = this.book.normsFor(issuedAt, originServiceId, topicId);
    return { waitSec: n.waitNormSec, serviceSec: n.serviceNormSec, totalSec: n.totalNormSec };
  }
}
