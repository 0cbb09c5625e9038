import { createHash, randomBytes } from 'node:crypto';
import type { StoredEvent, SyncAck, SyncBatch, SyncEvent, SyncHello } from '@talon/protocol';
import {
  type Backoff,
  failureOf,
  type HqAnswer,
  HqLink,
  type HqTransport,
  HttpHqTransport,
  MemorySource,
  toSyncEvent,
  WireNorms,
} from '@talon/server/sync';
import type pg from 'pg';
import type { OfficeEvent } from './office-events.js';

/** Simulated offices: the office's own link code (HqLink) on in-memory logs, registered in PostgreSQL. */
export interface SimOffice {
  id: string;
  code: string;
  key: string;
  source: MemorySource;
  link: HqLink;
  transport: CountingTransport;
}

/**
 * The events array of a batch as JSON, shared by offices that push the same log: the simulated offices
 * run in this one process, and their CPU (a real office's own machine) is not what is measured.
 */
const eventsJson = new Map<string, string>();

/** Counts what head office answered, by HTTP status (0: no answer at all). */
export class CountingTransport implements HqTransport {
  readonly statuses = new Map<number, number>();
  constructor(
    private readonly inner: HttpHqTransport,
    private readonly url: string,
    private readonly key: string,
    private readonly shareJson: boolean,
  ) {}
  private count<T extends { ok: boolean }>(r: T & ({ ok: true } | { ok: false; failure: { status: number } })): T {
    const status = r.ok ? 200 : (r as { failure: { status: number } }).failure.status;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    return r;
  }
  hello = async (b: SyncHello) => this.count(await this.inner.hello(b));
  events = async (b: SyncBatch) => this.count(this.shareJson ? await this.post(b) : await this.inner.events(b));

  private async post(b: SyncBatch): Promise<HqAnswer<SyncAck>> {
    const first = b.events[0];
    const last = b.events.at(-1);
    const k = first && last ? `${first.seq}|${last.seq}|${first.digest}|${last.digest}` : '';
    let events = eventsJson.get(k);
    if (events === undefined) {
      events = JSON.stringify(b.events);
      if (k) eventsJson.set(k, events);
    }
    const { events: _e, ...rest } = b;
    const body = `${JSON.stringify(rest).slice(0, -1)}${Object.keys(rest).length ? ',' : ''}"events":${events}}`;
    try {
      const res = await fetch(`${this.url}/api/sync/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.key}`, 'content-type': 'application/json' },
        body,
      });
      const text = await res.text();
      const json = text ? JSON.parse(text) : null;
      if (res.ok) return { ok: true, value: json as SyncAck };
      return { ok: false, failure: failureOf(res.status, json, res.headers.get('retry-after')) };
    } catch {
      return {
        ok: false,
        failure: {
          code: 'HQ_UNREACHABLE',
          message: { ru: 'нет связи', en: 'unreachable' },
          status: 0,
          retryable: true,
        },
      };
    }
  }
  profile = async () => this.count(await this.inner.profile());
  profileResult = async (b: Parameters<HqTransport['profileResult']>[0]) =>
    this.count(await this.inner.profileResult(b));
  ratingsAck = async (ids: string[]) => this.count(await this.inner.ratingsAck(ids));
  abort() {
    this.inner.abort();
  }
}

export const sha256 = (s: string) => createHash('sha256').update(s).digest();

/** Registers `n` offices straight in the database (one branch per 25, as a region has). */
export async function registerOffices(pool: pg.Pool, n: number, prefix: string) {
  const out: { id: string; code: string; key: string }[] = [];
  const codes = Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(4, '0')}`);
  const keys = codes.map(() => randomBytes(32).toString('base64url'));
  const branches = Math.ceil(n / 25);
  const b = await pool.query<{ id: string; code: string }>(
    `INSERT INTO branches (code, name)
     SELECT $1 || g, jsonb_build_object('ru', 'Филиал ' || g, 'en', 'Branch ' || g) FROM generate_series(1, $2) g
     ON CONFLICT (code) DO UPDATE SET code = EXCLUDED.code RETURNING id, code`,
    [`${prefix}B`, branches],
  );
  const branchIds = b.rows.sort((x, y) => x.code.localeCompare(y.code, 'en', { numeric: true })).map((r) => r.id);
  const rows = await pool.query<{ id: string; code: string }>(
    `INSERT INTO offices (code, name, branch_id, key_hash)
     SELECT c, jsonb_build_object('ru', 'ЦОК ' || c, 'en', 'Office ' || c), br, k
       FROM unnest($1::text[], $2::text[], $3::bytea[]) AS t(c, br, k)
     RETURNING id, code`,
    [codes, codes.map((_, i) => branchIds[Math.floor(i / 25)]), keys.map((k) => sha256(k))],
  );
  await pool.query('INSERT INTO office_sync (office_id) SELECT unnest($1::text[])', [rows.rows.map((r) => r.id)]);
  const byCode = new Map(rows.rows.map((r) => [r.code, r.id]));
  codes.forEach((code, i) => {
    out.push({ id: byCode.get(code) ?? '', code, key: keys[i] ?? '' });
  });
  return out;
}

export interface FleetOptions {
  url: string;
  offices: { id: string; code: string; key: string }[];
  /** Events already in each office's log before its link starts (its backlog). */
  backlog: (i: number) => OfficeEvent[];
  /** The same backlog for many offices: redact and digest once (the office's own CPU is not under test). */
  sharedWire?: boolean;
  backoff?: () => Backoff;
  coalesceMs?: number;
  heartbeatMs?: number;
  batchMax?: number;
}

export function buildFleet(o: FleetOptions): SimOffice[] {
  const wireCache = new Map<string, SyncEvent>();
  return o.offices.map((office, i) => {
    const source = new MemorySource();
    source.append(...(o.backlog(i) as Omit<StoredEvent, 'seq'>[]));
    const norms = new WireNorms();
    const transport = new CountingTransport(
      new HttpHqTransport(o.url, office.key, 60_000),
      o.url,
      office.key,
      o.sharedWire === true,
    );
    const wire = (events: StoredEvent[]): SyncEvent[] => {
      norms.observe(events);
      return events.map((e) => {
        if (!o.sharedWire) return toSyncEvent(e, norms.normsOf);
        const k = `${e.seq}|${e.at}|${e.type}`;
        let w = wireCache.get(k);
        if (!w) {
          w = toSyncEvent(e, norms.normsOf);
          wireCache.set(k, w);
        }
        return w;
      });
    };
    const link = new HqLink({
      transport,
      source,
      wire,
      hello: () => ({
        linkSecret: randomBytes(32).toString('hex'),
        timeZone: 'Europe/Moscow',
        softwareVersion: 'bench',
      }),
      ...(o.backoff ? { backoff: o.backoff() } : {}),
      coalesceMs: o.coalesceMs ?? 5,
      ...(o.batchMax ? { batchMax: o.batchMax } : {}),
      heartbeatMs: o.heartbeatMs ?? 60_000,
      log: () => {},
    });
    return { ...office, source, link, transport };
  });
}

/** Resolves when every office's link has head office's acknowledgement of its whole log. */
export async function drained(fleet: SimOffice[], timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fleet.every((f) => f.source.backlog().count === 0)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

export function statusCounts(fleet: SimOffice[]): Map<number, number> {
  const all = new Map<number, number>();
  for (const f of fleet) for (const [s, n] of f.transport.statuses) all.set(s, (all.get(s) ?? 0) + n);
  return all;
}

export type { SyncAck };
