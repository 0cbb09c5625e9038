import {
  type DeviceUptimeFigures,
  type LocalText,
  type OfficeConfig,
  type RatingFigures,
  WEEKDAYS,
} from '@talon/protocol';
import type Database from 'better-sqlite3';
import { IANAZone } from 'luxon';
import type { NameBook } from './norms.js';
import type { ReportFilter } from './visit-report.js';

type DB = Database.Database;

const COMMENTS_SHOWN = 200;

function hasTable(db: DB, name: string): boolean {
  return (
    db
      .prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?")
      .get(name)?.n === 1
  );
}

function where(from: string, to: string, filter: ReportFilter, columns: Partial<Record<keyof ReportFilter, string>>) {
  const w = ['day_key >= ?', 'day_key <= ?'];
  const p: string[] = [from, to];
  for (const [k, col] of Object.entries(columns) as [keyof ReportFilter, string][]) {
    const v = filter[k];
    if (v === undefined) continue;
    w.push(`${col} = ?`);
    p.push(v);
  }
  return { sql: w.join(' AND '), params: p };
}

/**
 * Ratings and feedback from the `ratings` and `feedback` projections (the rating terminal and the QR
 * page write them as VisitRated / FeedbackReceived). A rating counts on the day of the visit it rates.
 */
export function ratingFigures(
  db: DB,
  from: string,
  to: string,
  filter: ReportFilter,
  names: NameBook,
  reasonNames: Map<string, LocalText>,
): RatingFigures {
  if (!hasTable(db, 'ratings'))
    return {
      available: false,
      note: { ru: 'Оценки в этой версии не собираются', en: 'This build does not collect ratings' },
    };
  const r = where(from, to, filter, {
    serviceId: 'service_id',
    topicId: 'topic_id',
    operatorId: 'operator_id',
    windowId: 'window_id',
  });
  const scores = db
    .prepare<string[], { score: number; n: number }>(
      `SELECT score, COUNT(*) AS n FROM ratings WHERE ${r.sql} GROUP BY score ORDER BY score`,
    )
    .all(...r.params);
  const top = Math.max(5, ...scores.map((s) => s.score));
  const distribution = Array.from({ length: top }, (_, i) => scores.find((s) => s.score === i + 1)?.n ?? 0);
  const count = scores.reduce((a, s) => a + s.n, 0);
  const sum = scores.reduce((a, s) => a + s.score * s.n, 0);
  // Counted inside SQLite (json_each): a year of low marks never becomes JavaScript objects.
  const reasonCounts = new Map(
    db
      .prepare<string[], { id: string; n: number }>(
        `SELECT j.value AS id, COUNT(*) AS n FROM ratings, json_each(ratings.reasons) AS j
         WHERE ${r.sql} AND reasons <> '[]' GROUP BY j.value`,
      )
      .all(...r.params)
      .map((x) => [x.id, x.n]),
  );

  const out: RatingFigures = {
    available: true,
    count,
    mean: count === 0 ? null : sum / count,
    distribution,
    reasons: [...reasonCounts.entries()]
      .map(([id, n]) => ({ id, name: reasonNames.get(id) ?? names.name('outcome', id), count: n }))
      .sort((a, b) => b.count - a.count),
  };
  if (!hasTable(db, 'feedback')) return out;
  // Feedback need not name a visit, so the topic filter cannot apply to it.
  const f = where(from, to, filter, { serviceId: 'service_id', operatorId: 'operator_id', windowId: 'window_id' });
  out.feedback = db
    .prepare<string[], { type: string; count: number; actionable: number }>(
      `SELECT type, COUNT(*) AS count, SUM(actionable) AS actionable FROM feedback WHERE ${f.sql} GROUP BY type ORDER BY type`,
    )
    .all(...f.params);
  out.comments = db
    .prepare<string[], { at: number; type: string; text: string; actionable: number; operator_id: string | null }>(
      `SELECT at, type, text, actionable, operator_id FROM feedback
       WHERE ${f.sql} AND text IS NOT NULL AND text <> '' ORDER BY at DESC LIMIT ${COMMENTS_SHOWN}`,
    )
    .all(...f.params)
    .map((c) => ({
      at: c.at,
      type: c.type,
      text: c.text,
      actionable: c.actionable === 1,
      ...(c.operator_id ? { operatorId: c.operator_id } : {}),
    }));
  return out;
}

/**
 * Instants of wall-clock times on one local day. The zone's offset is taken once per day, at noon:
 * clocks change at night, so this is exact for office hours and costs one zone lookup per day.
 */
function localClockOf(day: string, zone: string) {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const noon = Date.UTC(y, m - 1, d, 12);
  const offsetMs = IANAZone.create(zone).offset(noon) * 60_000;
  return (hhmm: string) => {
    const [h = 0, mi = 0] = hhmm.split(':').map(Number);
    return Date.UTC(y, m - 1, d, h, mi) - offsetMs;
  };
}

/** The office's working intervals (office hours, not on holidays) of each day, up to `now`. */
function workingIntervals(days: readonly string[], config: OfficeConfig | undefined, now: number): [number, number][] {
  const zone = config?.timeZone ?? 'UTC';
  const out: [number, number][] = [];
  for (const day of days) {
    const ranges = config
      ? config.holidays.includes(day)
        ? []
        : (config.officeHours[WEEKDAYS[(new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7] ?? 'mon'] ?? [])
      : [['00:00', '24:00'] as const];
    if (ranges.length === 0) continue;
    const at = localClockOf(day, zone);
    for (const [a, b] of ranges) {
      const start = at(a);
      const end = at(b);
      if (start < now) out.push([start, Math.min(end, now)]);
    }
  }
  return out;
}

const overlap = (a: number, b: number, win: readonly [number, number][]) =>
  win.reduce((sum, [x, y]) => sum + Math.max(0, Math.min(b, y) - Math.max(a, x)), 0);

/**
 * Device uptime in the office's working hours (seed 001 §5.3: self-service may be down at most
 * 60 minutes of working time), from the online/offline transitions the monitor records. Time
 * before a device's first transition is not counted; an outage over the night counts only its
 * working minutes.
 */
export function deviceUptime(
  db: DB,
  days: readonly string[],
  now: number,
  config: OfficeConfig | undefined,
): DeviceUptimeFigures {
  if (!hasTable(db, 'device_transitions'))
    return {
      available: false,
      note: {
        ru: 'Учёт времени работы устройств в этой версии не ведётся',
        en: 'This build does not record device uptime',
      },
    };
  const win = workingIntervals(days, config, now);
  const first = win[0]?.[0];
  const last = win.at(-1)?.[1];
  const named = new Map(
    db
      .prepare<[], { id: string; name: string; role: string }>(
        'SELECT id, name, role FROM devices WHERE revoked_at IS NULL',
      )
      .all()
      .map((d) => [d.id, d]),
  );
  const ids = new Set([
    ...named.keys(),
    ...db
      .prepare<[], { id: string }>('SELECT DISTINCT device_id AS id FROM device_transitions')
      .all()
      .map((r) => r.id),
  ]);
  const before = db.prepare<[string, number], { at: number; online: number }>(
    'SELECT at, online FROM device_transitions WHERE device_id = ? AND at < ? ORDER BY at DESC LIMIT 1',
  );
  const within = db.prepare<[string, number, number], { at: number; online: number }>(
    'SELECT at, online FROM device_transitions WHERE device_id = ? AND at >= ? AND at < ? ORDER BY at',
  );
  const devices: NonNullable<DeviceUptimeFigures['devices']> = [];
  for (const id of ids) {
    let onlineMs = 0;
    let offlineMs = 0;
    let longest = 0;
    if (first !== undefined && last !== undefined) {
      const prev = before.get(id, first);
      let state: { at: number; online: boolean } | null = prev ? { at: first, online: prev.online === 1 } : null;
      const segment = (to: number) => {
        if (!state) return;
        const ms = overlap(state.at, to, win);
        if (state.online) onlineMs += ms;
        else {
          offlineMs += ms;
          longest = Math.max(longest, ms);
        }
      };
      for (const r of within.all(id, first, last)) {
        segment(r.at);
        state = { at: r.at, online: r.online === 1 };
      }
      segment(last);
    }
    const d = named.get(id);
    devices.push({
      deviceId: id,
      name: d?.name ?? id,
      role: d?.role ?? 'printer',
      onlineSec: Math.round(onlineMs / 1000),
      downtimeSec: Math.round(offlineMs / 1000),
      uptimeShare: onlineMs + offlineMs === 0 ? null : onlineMs / (onlineMs + offlineMs),
      longestDownSec: Math.round(longest / 1000),
    });
  }
  devices.sort((a, b) => a.role.localeCompare(b.role) || a.name.localeCompare(b.name, 'ru'));
  return { available: true, devices };
}
