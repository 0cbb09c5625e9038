import type { LocalText, OfficeIncident, OfficeRow, OfficeStatus } from '@talon/protocol';
import type { Queryable } from '../context.js';
import { profileVersionsFor } from '../profiles/index.js';
import { incidentText } from './incidents.js';

/** An office counts as connected while it has been heard from (batch or heartbeat) within this. */
export const CONNECTED_MS = 60_000;

interface Row {
  id: string;
  code: string;
  name: LocalText;
  branch_id: string;
  branch_name: LocalText;
  time_zone: string | null;
  key_revoked: boolean;
  epoch: number | null;
  ack_seq: string | null;
  last_seen_at: Date | null;
  status: OfficeStatus | null;
  backlog: number | null;
  lag_sec: number | null;
  profile_applied: number | null;
}

interface IncidentRow {
  id: string;
  office_id: string;
  kind: OfficeIncident['kind'];
  at: Date;
  details: Record<string, unknown>;
}

/**
 * The overview rows of some offices (or all), ordered by code: the one builder behind the office list,
 * one office, and the live channel, so the screen's snapshot and its updates never disagree.
 */
export async function officeRows(db: Queryable, ids: readonly string[] | 'all', now: number): Promise<OfficeRow[]> {
  if (ids !== 'all' && ids.length === 0) return [];
  const only = ids === 'all' ? null : [...ids];
  const [offices, incidents] = await Promise.all([
    db.query<Row>(
      `SELECT o.id, o.code, o.name, o.branch_id, b.name AS branch_name, o.time_zone,
              o.key_revoked_at IS NOT NULL AS key_revoked,
              s.epoch, s.ack_seq, s.last_seen_at, s.status, s.backlog, s.lag_sec, s.profile_applied
         FROM offices o JOIN branches b ON b.id = o.branch_id
         LEFT JOIN office_sync s ON s.office_id = o.id
        WHERE $1::text[] IS NULL OR o.id = ANY($1::text[])
        ORDER BY o.code`,
      [only],
    ),
    db.query<IncidentRow>(
      `SELECT id, office_id, kind, at, details FROM office_incidents
        WHERE acked_at IS NULL AND ($1::text[] IS NULL OR office_id = ANY($1::text[]))
        ORDER BY at`,
      [only],
    ),
  ]);
  const open = new Map<string, OfficeIncident[]>();
  for (const i of incidents.rows) {
    const list = open.get(i.office_id) ?? [];
    list.push({
      id: i.id,
      kind: i.kind,
      at: i.at.getTime(),
      text: incidentText(i.kind, i.details),
      details: i.details,
    });
    open.set(i.office_id, list);
  }
  const published = await profileVersionsFor(
    db,
    offices.rows.map((r) => r.id),
  );
  return offices.rows.map((r): OfficeRow => {
    const seen = r.last_seen_at?.getTime() ?? null;
    return {
      id: r.id,
      code: r.code,
      name: r.name,
      branchId: r.branch_id,
      branchName: r.branch_name,
      timeZone: r.time_zone,
      keyRevoked: r.key_revoked,
      sync: {
        connected: seen !== null && now - seen < CONNECTED_MS,
        lastSeenAt: seen,
        ackSeq: Number(r.ack_seq ?? 0),
        epoch: r.epoch ?? 1,
        backlog: r.backlog ?? 0,
        lagSec: r.lag_sec,
        attention: open.get(r.id) ?? [],
      },
      status: r.status,
      profileApplied: r.profile_applied,
      profilePublished: published.get(r.id) ?? null,
    };
  });
}
