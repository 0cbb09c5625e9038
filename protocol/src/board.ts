import { z } from 'zod';
import type { TalonError } from './errors.js';
import { issueWord } from './issues.js';
import { LocalText } from './text.js';

// config.ts embeds BoardConfig, so this file cannot import from it; the two small patterns are repeated.
const RefId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, issueWord('latinId'));
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'HH:MM');
const Percent = z.int().min(0).max(100);

/**
 * How the digits of a ticket number are spoken:
 * `natural` К-012 → «ка двенадцать»; `leading-zeros` → «ка ноль двенадцать»; `digits` → «ка ноль один два».
 */
export const NumberStyle = z.enum(['natural', 'leading-zeros', 'digits']);
export type NumberStyle = z.infer<typeof NumberStyle>;

/** A daily range in the office's local time with its own volume; `from` > `to` wraps past midnight. */
export const QuietHours = z
  .object({ from: HHMM, to: HHMM, volume: Percent.default(0) })
  .strict()
  .refine((q) => q.from !== q.to, 'quiet hours must not be empty');
export type QuietHours = z.infer<typeof QuietHours>;

export const AnnounceConfig = z
  .object({
    /** Office-wide switch for voice announcements (the board still shows every call). */
    enabled: z.boolean().default(true),
    /** Playback volume on the boards, 0–100. */
    volume: Percent.default(80),
    /** Ranges with another volume (0 = silent): early morning, lunch, evening. */
    quietHours: z.array(QuietHours).max(8).default([]),
    numberStyle: NumberStyle.default('natural'),
    /** The chime before the speech. */
    chime: z.boolean().default(true),
    /** «окно номер три» instead of «окно три». */
    sayNumberWord: z.boolean().default(false),
  })
  .strict();
export type AnnounceConfig = z.infer<typeof AnnounceConfig>;

/** A board that shows only some windows of a hall (e.g. the cash windows at the far wall). */
export const BoardZone = z
  .object({ id: RefId, name: LocalText, hallId: RefId, windowIds: z.array(RefId).min(1).max(200) })
  .strict();
export type BoardZone = z.infer<typeof BoardZone>;

/** Office-wide board settings (`OfficeConfig.board`); every field has a default. */
export const BoardConfig = z
  .object({
    /** The running information line (seed 001 §3.4, seed 000 §6.2.2.2): payment, readings, tariffs, complaints. */
    infoLines: z.array(LocalText).max(30).default([]),
    /** Adds the reception hours from the office schedule to the information line. */
    showReceptionHours: z.boolean().default(true),
    /** Calls listed on the board, the newest included. */
    maxCalls: z.int().min(1).max(20).default(8),
    /** Waiting counts per service. */
    showWaiting: z.boolean().default(true),
    announce: AnnounceConfig.prefault({}),
    zones: z.array(BoardZone).max(50).default([]),
  })
  .strict();
export type BoardConfig = z.infer<typeof BoardConfig>;
export type BoardConfigInput = z.input<typeof BoardConfig>;

const DEFAULT_BOARD: BoardConfig = BoardConfig.parse({});

/** The board settings of a configuration; logs written before boards had settings get the defaults. */
export function boardConfigOf(config: { board?: BoardConfig } | null | undefined): BoardConfig {
  return config?.board ?? DEFAULT_BOARD;
}

/** Settings of one paired board, kept by the server per device and set by an administrator. */
export const BoardDeviceSettings = z
  .object({
    /** The hall whose calls this board shows and speaks; default: the zone's hall, else the first hall. */
    hallId: RefId.optional(),
    /** Show (and speak) only the windows of this zone. */
    zoneId: RefId.optional(),
    /** Voice announcements on this board. */
    sound: z.boolean().default(true),
    /** `auto` follows the screen's orientation. */
    layout: z.enum(['auto', 'landscape', 'portrait']).default('auto'),
  })
  .strict();
export type BoardDeviceSettings = z.infer<typeof BoardDeviceSettings>;

/** One call or recall as the hall hears it. Times are the server's wall clock (ms). */
export interface Announcement {
  id: string;
  hallId: string;
  ticketId: string;
  number: string;
  windowId: string;
  windowNumber: number;
  windowKind: 'window' | 'cabinet';
  kind: 'call' | 'recall';
  /** «Талон К-012, окно 3». */
  text: string;
  /** What is said: «Талон ка ноль двенадцать, окно три». */
  speech: string;
  /** Voice library segment ids in order; `_p<ms>` are pauses. */
  segments: string[];
  /** `/api/voice/<key>.wav`; the key is a hash of the segments and the library, so equal texts share it. */
  audioUrl: string;
  durationMs: number;
  /** The hall's queue slot: no other announcement of the hall is scheduled to overlap it. */
  playAt: number;
  createdAt: number;
  /** 0–100 after quiet hours; 0 = shown, not spoken. */
  volume: number;
  /** The event that caused it. */
  seq: number;
  /**
   * Set on a call this board missed while it was away, played again for it in a slot of its own: the id
   * of the announcement the rest of the hall heard.
   */
  replayOf?: string;
}

export const PlayStatus = z.enum(['played', 'skipped', 'failed', 'blocked', 'muted']);
export type PlayStatus = z.infer<typeof PlayStatus>;

/** A board's report on one announcement. */
export const AnnouncementAck = z
  .object({
    id: z.string().min(1).max(80),
    status: PlayStatus,
    startedAt: z.number().nonnegative().optional(),
    endedAt: z.number().nonnegative().optional(),
    reason: z.string().max(200).optional(),
  })
  .strict();
export type AnnouncementAck = z.infer<typeof AnnouncementAck>;

export interface AnnouncementPlay {
  deviceId: string;
  deviceName: string | null;
  /** `sent` until the board reports. */
  status: PlayStatus | 'sent';
  startedAt: number | null;
  endedAt: number | null;
  reason: string | null;
  updatedAt: number;
}

export interface AnnouncementRecord extends Announcement {
  plays: AnnouncementPlay[];
}

/** What a board gets on connecting to the announcement namespace, and again on every settings change. */
export interface BoardInit {
  deviceId: string | null;
  settings: BoardDeviceSettings;
  /** Announcements of its hall still due that it has not acknowledged yet. */
  pending: Announcement[];
  serverTime: number;
}

export interface BoardSummary {
  deviceId: string;
  name: string;
  online: boolean;
  settings: BoardDeviceSettings;
}

/** socket.io namespace of the announcement channel; it shares the board's connection. */
export const ANNOUNCE_NAMESPACE = 'announce';

export interface AnnounceServerToClient {
  init: (i: BoardInit) => void;
  announcement: (a: Announcement, serverTime: number) => void;
}

export interface AnnounceClientToServer {
  ack: (ack: unknown, reply: (r: { ok: boolean; error?: TalonError }) => void) => void;
}

/** Cross-checks of `OfficeConfig.board` against the halls and windows (run by the OfficeConfig schema). */
export function boardConfigIssues(c: {
  halls: readonly { id: string }[];
  windows: readonly { id: string; hallId: string }[];
  board?: BoardConfig | undefined;
}): LocalText[] {
  const issues: LocalText[] = [];
  const halls = new Set(c.halls.map((h) => h.id));
  const windowHall = new Map(c.windows.map((w) => [w.id, w.hallId]));
  const seen = new Set<string>();
  for (const z of c.board?.zones ?? []) {
    if (seen.has(z.id)) issues.push({ ru: `зона табло ${z.id} повторяется`, en: `duplicate board zone id ${z.id}` });
    seen.add(z.id);
    if (!halls.has(z.hallId))
      issues.push({
        ru: `зона табло ${z.id}: нет зала ${z.hallId}`,
        en: `board zone ${z.id}: unknown hall ${z.hallId}`,
      });
    for (const w of z.windowIds) {
      const hall = windowHall.get(w);
      if (hall === undefined)
        issues.push({ ru: `зона табло ${z.id}: нет окна ${w}`, en: `board zone ${z.id}: unknown window ${w}` });
      else if (hall !== z.hallId)
        issues.push({
          ru: `зона табло ${z.id}: окно ${w} в зале ${hall}`,
          en: `board zone ${z.id}: window ${w} is in hall ${hall}`,
        });
    }
  }
  return issues;
}
