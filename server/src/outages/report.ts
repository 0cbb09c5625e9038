import type {
  LiveQueueStatus,
  OutageKind,
  OutageKindFigures,
  OutagePeriod,
  OutageQuery,
  OutageReport,
} from '@talon/protocol';
import { OUTAGE_KINDS } from '@talon/protocol';
import type Database from 'better-sqlite3';
import { startOfDay } from '../monitor/hours.js';
import { nextDay, resolvePeriod } from '../reports/period.js';

type DB = Database.Database;

interface Row {
  id: number;
  kind: 'live-queue' | 'server';
  started_at: number;
  ended_at: number | null;
  reason: string | null;
  started_by: string | null;
  ended_by: string | null;
}

interface Interval {
  from: number;
  to: number;
}

/**
 * The outage log of a period: every period that overlaps it, clipped to it (and to now), with the
 * walk-in visits served while it lasted, and per kind the count, total and longest duration.
 */
export function outageReport(
  db: DB,
  q: OutageQuery,
  now: number,
  timeZone: string,
  liveQueue: LiveQueueStatus,
): OutageReport {
  const period = resolvePeriod(q);
  const from = startOfDay(period.from, timeZone);
  const to = Math.min(startOfDay(nextDay(period.to), timeZone), now);
  const periods: OutagePeriod[] = [];
  const clip = (a: number, b: number | null): Interval | null => {
    const x = Math.max(a, from);
    const y = Math.min(b ?? now, to);
    return y > x ? { from: x, to: y } : null;
  };

  const rows = db
    .prepare<[number, number], Row>(
      `SELECT id, kind, started_at, ended_at, reason, started_by, ended_by FROM outages
       WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at`,
    )
    .all(to, from);
  for (const r of rows) {
    const iv = clip(r.started_at, r.ended_at);
    if (!iv) continue;
    periods.push({
      id: `${r.kind === 'server' ? 'srv' : 'lq'}-${r.id}`,
      kind: r.kind,
      startedAt: iv.from,
      endedAt: r.ended_at === null ? null : iv.to,
      durationSec: Math.round((iv.to - iv.from) / 1000),
      reason: r.reason,
      startedBy: r.started_by,
      endedBy: r.ended_by,
      walkIns: 0,
    });
  }
  for (const d of deviceDowntime(db, from, now)) {
    const iv = clip(d.from, d.to);
    if (!iv) continue;
    periods.push({
      id: `dev-${d.deviceId}-${d.from}`,
      kind: 'device',
      startedAt: iv.from,
      endedAt: d.to === null ? null : iv.to,
      durationSec: Math.round((iv.to - iv.from) / 1000),
      reason: null,
      startedBy: null,
      endedBy: null,
      deviceId: d.deviceId,
      deviceName: d.name,
      deviceRole: d.role,
      walkIns: 0,
    });
  }

  // walk-ins («БТ-…») are dated by their start; each counts once per kind however periods overlap
  const walkIns = db
    .prepare<[number, number], { issued_at: number }>(
      'SELECT issued_at FROM visits WHERE walk_in = 1 AND issued_at >= ? AND issued_at < ?',
    )
    .all(from, to)
    .map((v) => v.issued_at);
  const inside = (p: OutagePeriod, at: number) => at >= p.startedAt && at < (p.endedAt ?? to);
  for (const p of periods) p.walkIns = walkIns.filter((at) => inside(p, at)).length;

  const kinds: OutageKindFigures[] = OUTAGE_KINDS.map((kind: OutageKind) => {
    const of = periods.filter((p) => p.kind === kind);
    return {
      kind,
      count: of.length,
      totalSec: of.reduce((n, p) => n + p.durationSec, 0),
      longestSec: of.reduce((n, p) => Math.max(n, p.durationSec), 0),
      walkIns: walkIns.filter((at) => of.some((p) => inside(p, at))).length,
    };
  });
  periods.sort((a, b) => b.startedAt - a.startedAt || a.id.localeCompare(b.id));
  return { period, timeZone, generatedAt: now, kinds, periods, liveQueue };
}

interface DeviceDown {
  deviceId: string;
  name: string;
  role: string;
  from: number;
  /** null: still offline. */
  to: number | null;
}

/**
 * Offline periods of devices from their online/offline changes (`device_transitions`, written by the
 * monitor, dated at the last sign of life). A device unpaired while offline is down only until then.
 */
function deviceDowntime(db: DB, from: number, now: number): DeviceDown[] {
  const devices = new Map(
    db
      .prepare<[], { id: string; name: string; role: string; revoked_at: number | null }>(
        'SELECT id, name, role, revoked_at FROM devices',
      )
      .all()
      .map((d) => [d.id, d]),
  );
  const before = db.prepare<[number], { device_id: string; at: number; online: number }>(
    `SELECT t.device_id, t.at, t.online FROM device_transitions t
     WHERE t.at = (SELECT MAX(at) FROM device_transitions u WHERE u.device_id = t.device_id AND u.at < ?)`,
  );
  const within = db.prepare<[number, number], { device_id: string; at: number; online: number }>(
    'SELECT device_id, at, online FROM device_transitions WHERE at >= ? AND at < ? ORDER BY device_id, at',
  );
  const open = new Map<string, number>();
  const out: DeviceDown[] = [];
  const push = (id: string, a: number, b: number | null) => {
    const d = devices.get(id);
    const revoked = d?.revoked_at ?? null;
    const end = revoked !== null ? Math.min(b ?? revoked, revoked) : b;
    if (end !== null && end <= a) return;
    out.push({ deviceId: id, name: d?.name ?? id, role: d?.role ?? 'printer', from: a, to: end });
  };
  for (const r of before.all(from)) if (r.online === 0) open.set(r.device_id, r.at);
  for (const r of within.all(from, now + 1)) {
    const since = open.get(r.device_id);
    if (r.online === 0) {
      if (since === undefined) open.set(r.device_id, r.at);
    } else if (since !== undefined) {
      push(r.device_id, since, r.at);
      open.delete(r.device_id);
    }
  }
  for (const [id, since] of open) push(id, since, null);
  return out;
}
