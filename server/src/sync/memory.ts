import type { LocalText } from '@talon/protocol';
import type Database from 'better-sqlite3';

/** What the link keeps across restarts: what head office last said, and the profile this office runs. */
export interface LinkRecord {
  profileVersion: number | null;
  profileRefused: { version: number; reason: string; at: number } | null;
  ackSeq: number | null;
  ackAt: number | null;
  attention: 'behind' | 'forked' | null;
  office: { code: string; name: LocalText } | null;
  publicBase: string | null;
}

export interface LinkMemory {
  load(): LinkRecord;
  save(patch: Partial<LinkRecord>): void;
}

export const EMPTY_RECORD: LinkRecord = {
  profileVersion: null,
  profileRefused: null,
  ackSeq: null,
  ackAt: null,
  attention: null,
  office: null,
  publicBase: null,
};

export class MemoryLinkMemory implements LinkMemory {
  private record: LinkRecord = { ...EMPTY_RECORD };
  load(): LinkRecord {
    return { ...this.record };
  }
  save(patch: Partial<LinkRecord>): void {
    this.record = { ...this.record, ...patch };
  }
}

interface Row {
  profile_version: number | null;
  profile_refused: string | null;
  ack_seq: number | null;
  ack_at: number | null;
  attention: string | null;
  office: string | null;
  public_base: string | null;
}

const COLUMNS: Record<keyof LinkRecord, keyof Row> = {
  profileVersion: 'profile_version',
  profileRefused: 'profile_refused',
  ackSeq: 'ack_seq',
  ackAt: 'ack_at',
  attention: 'attention',
  office: 'office',
  publicBase: 'public_base',
};
const JSON_FIELDS = new Set<keyof LinkRecord>(['profileRefused', 'office']);

/** The one row of `hq_link` (migration 11). */
export class SqliteLinkMemory implements LinkMemory {
  private readonly get;

  constructor(private readonly db: Database.Database) {
    this.get = db.prepare<[], Row>('SELECT * FROM hq_link WHERE id = 1');
  }

  load(): LinkRecord {
    const r = this.get.get();
    if (!r) return { ...EMPTY_RECORD };
    return {
      profileVersion: r.profile_version,
      profileRefused: r.profile_refused ? JSON.parse(r.profile_refused) : null,
      ackSeq: r.ack_seq,
      ackAt: r.ack_at,
      attention: r.attention === 'behind' || r.attention === 'forked' ? r.attention : null,
      office: r.office ? JSON.parse(r.office) : null,
      publicBase: r.public_base,
    };
  }

  save(patch: Partial<LinkRecord>): void {
    const keys = (Object.keys(patch) as (keyof LinkRecord)[]).filter((k) => k in COLUMNS);
    if (keys.length === 0) return;
    const values = keys.map((k) => {
      const v = patch[k];
      return v === null || v === undefined ? null : JSON_FIELDS.has(k) ? JSON.stringify(v) : v;
    });
    this.db
      .prepare(`UPDATE hq_link SET ${keys.map((k) => `${COLUMNS[k]} = ?`).join(', ')} WHERE id = 1`)
      .run(...values);
  }
}
