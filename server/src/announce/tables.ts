import {
  type Announcement,
  type AnnouncementAck,
  type AnnouncementPlay,
  type AnnouncementRecord,
  BoardDeviceSettings,
  ROUTES,
  routePath,
} from '@talon/protocol';
import type Database from 'better-sqlite3';

interface PlayRow {
  announcement_id: string;
  device_id: string;
  device_name: string | null;
  status: AnnouncementPlay['status'];
  started_at: number | null;
  ended_at: number | null;
  reason: string | null;
  updated_at: number;
}

export interface AnnouncementTables {
  insert(a: Announcement): void;
  /** The board was sent the announcement; a later report from it overwrites this row. */
  markSent(id: string, deviceId: string, at: number): void;
  exists(id: string): boolean;
  recordAck(deviceId: string, ack: AnnouncementAck, at: number): void;
  acknowledgedBy(deviceId: string, ids: readonly string[]): Set<string>;
  /** The announcements among `ids` this board was sent or reported on. */
  knownTo(deviceId: string, ids: readonly string[]): Set<string>;
  recent(limit: number): AnnouncementRecord[];
  /** The segments of an announcement with this audio key, to render it again after a restart. */
  segmentsOfAudio(key: string): string[] | null;
  settings(deviceId: string): BoardDeviceSettings;
  saveSettings(deviceId: string, settings: BoardDeviceSettings, at: number): void;
}

/** The announcement tables (migration 7) on the office's own connection. */
export function createAnnouncementTables(db: Database.Database): AnnouncementTables {
  const s = {
    insert: db.prepare(
      `INSERT INTO announcements (id, seq, hall_id, ticket_id, number, window_id, kind, text, audio_key, data, play_at, created_at)
       VALUES (@id, @seq, @hallId, @ticketId, @number, @windowId, @kind, @text, @audioKey, @data, @playAt, @createdAt)`,
    ),
    sent: db.prepare<[string, string, number]>(
      `INSERT INTO announcement_plays (announcement_id, device_id, status, updated_at) VALUES (?, ?, 'sent', ?)
       ON CONFLICT DO NOTHING`,
    ),
    exists: db.prepare<[string], { id: string }>('SELECT id FROM announcements WHERE id = ?'),
    ack: db.prepare(
      `INSERT INTO announcement_plays (announcement_id, device_id, status, started_at, ended_at, reason, updated_at)
       VALUES (@id, @deviceId, @status, @startedAt, @endedAt, @reason, @at)
       ON CONFLICT (announcement_id, device_id) DO UPDATE SET status = excluded.status,
         started_at = excluded.started_at, ended_at = excluded.ended_at, reason = excluded.reason,
         updated_at = excluded.updated_at`,
    ),
    acked: db.prepare<[string, string], { announcement_id: string }>(
      `SELECT announcement_id FROM announcement_plays
       WHERE device_id = ? AND status <> 'sent' AND announcement_id IN (SELECT value FROM json_each(?))`,
    ),
    recent: db.prepare<[number], { data: string }>(
      'SELECT data FROM announcements ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    known: db.prepare<[string, string], { announcement_id: string }>(
      `SELECT announcement_id FROM announcement_plays
       WHERE device_id = ? AND announcement_id IN (SELECT value FROM json_each(?))`,
    ),
    plays: db.prepare<[string], PlayRow>(
      `SELECT p.*, d.name AS device_name FROM announcement_plays p LEFT JOIN devices d ON d.id = p.device_id
       WHERE p.announcement_id IN (SELECT value FROM json_each(?)) ORDER BY p.device_id`,
    ),
    byAudio: db.prepare<[string], { data: string }>('SELECT data FROM announcements WHERE audio_key = ? LIMIT 1'),
    settings: db.prepare<[string], { settings: string }>('SELECT settings FROM board_settings WHERE device_id = ?'),
    saveSettings: db.prepare<[string, string, number]>(
      `INSERT INTO board_settings (device_id, settings, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE SET settings = excluded.settings, updated_at = excluded.updated_at`,
    ),
  };

  return {
    insert(a) {
      s.insert.run({
        ...a,
        audioKey: audioKeyOf(a.audioUrl),
        data: JSON.stringify(a),
      });
    },
    markSent(id, deviceId, at) {
      s.sent.run(id, deviceId, at);
    },
    exists: (id) => s.exists.get(id) !== undefined,
    recordAck(deviceId, ack, at) {
      s.ack.run({
        id: ack.id,
        deviceId,
        status: ack.status,
        startedAt: ack.startedAt ?? null,
        endedAt: ack.endedAt ?? null,
        reason: ack.reason ?? null,
        at,
      });
    },
    acknowledgedBy(deviceId, ids) {
      if (ids.length === 0) return new Set();
      return new Set(s.acked.all(deviceId, JSON.stringify(ids)).map((r) => r.announcement_id));
    },
    knownTo(deviceId, ids) {
      if (ids.length === 0) return new Set();
      return new Set(s.known.all(deviceId, JSON.stringify(ids)).map((r) => r.announcement_id));
    },
    recent(limit) {
      const list = s.recent.all(limit).map((r) => JSON.parse(r.data) as Announcement);
      const plays = new Map<string, AnnouncementPlay[]>();
      for (const r of s.plays.all(JSON.stringify(list.map((a) => a.id)))) {
        const p: AnnouncementPlay = {
          deviceId: r.device_id,
          deviceName: r.device_name,
          status: r.status,
          startedAt: r.started_at,
          endedAt: r.ended_at,
          reason: r.reason,
          updatedAt: r.updated_at,
        };
        plays.set(r.announcement_id, [...(plays.get(r.announcement_id) ?? []), p]);
      }
      return list.map((a) => ({ ...a, plays: plays.get(a.id) ?? [] }));
    },
    segmentsOfAudio(key) {
      const r = s.byAudio.get(key);
      return r ? (JSON.parse(r.data) as Announcement).segments : null;
    },
    settings(deviceId) {
      const r = s.settings.get(deviceId);
      const parsed = BoardDeviceSettings.safeParse(r ? JSON.parse(r.settings) : {});
      return parsed.success ? parsed.data : BoardDeviceSettings.parse({});
    },
    saveSettings(deviceId, settings, at) {
      s.saveSettings.run(deviceId, JSON.stringify(settings), at);
    },
  };
}

export const audioUrlOf = (key: string) => routePath(ROUTES.voice, { file: `${key}.wav` });
export const audioKeyOf = (url: string) => /\/api\/voice\/([0-9a-f]+)\.wav$/.exec(url)?.[1] ?? '';
