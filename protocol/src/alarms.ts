import { z } from 'zod';
import { issueWord } from './issues.js';
import type { LocalText } from './text.js';

/**
 * What the hall administrator is warned about (issue 6; seed 000 §7.4.3, seed 001 §5.3).
 * Self-contained (no import from config.ts) because config.ts embeds `AlarmSettings`.
 */
export const ALARM_KINDS = [
  /** A waiting ticket has passed its service's wait norm. */
  'wait-norm-passed',
  /** A waiting ticket will pass its wait norm within `waitSoonMin` and is not about to be called. */
  'wait-norm-soon',
  /** Reception is open and no operator of a hall is at work (seed 000 §7.4.3). */
  'no-operator-ready',
  /** A device has been offline in working hours longer than `deviceOfflineMin` (seed 001 §5.3). */
  'device-offline',
  /** A printer reports paper near its end or out (device status detail `paper`). */
  'printer-paper',
  /** More tickets wait for a service than its set length. */
  'queue-too-long',
  /** The last good backup of the office database is older than 26 h, or none was made in the first 26 h (docs/backups.md). */
  'backup-overdue',
  /** The oldest event not yet at head office is older than `hqBacklogMaxMin` (issue 13). */
  'hq-backlog',
  /** Head office reports this office's log went back in time or forked (restored from an older backup). */
  'hq-attention',
  /** A visit in service will pass its service norm (seed 001 §3.5; +4 min with digital onboarding) within `serviceSoonMin`. */
  'service-norm-soon',
  /** A visit in service has passed its service norm. */
  'service-norm-passed',
  /** A visit in service will pass the total-visit norm (seed 001 §3.5: 33 min from the ticket) within `totalSoonMin`. */
  'total-norm-soon',
  /** A visit in service has passed the total-visit norm. */
  'total-norm-passed',
  /** A follow-up's answer deadline is `warnWorkingDays` working days away, or missed (critical) — issue 16. */
  'follow-up-deadline',
  /** A visitor at a kiosk called a member of staff, or chose a category served individually (issue 16). */
  'kiosk-help',
  /** An operator asks the hall administrator to allow a break or the end of work that would empty the hall (issue 16). */
  'leave-request',
] as const;
export const AlarmKind = z.enum(ALARM_KINDS);
export type AlarmKind = z.infer<typeof AlarmKind>;

export type AlarmSeverity = 'warning' | 'critical';

const ServiceRef = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, issueWord('latinId'));

/** Thresholds, part of the office configuration (so they are versioned and audited like the rest). */
export const AlarmSettings = z.object({
  /** Warn this many minutes before a waiting ticket passes its wait norm. */
  waitSoonMin: z.number().min(0).max(120).default(3),
  /** Warn this many minutes before a visit in service passes its service norm. */
  serviceSoonMin: z.number().min(0).max(60).default(1),
  /** Warn this many minutes before a visit in service passes the total-visit norm. */
  totalSoonMin: z.number().min(0).max(120).default(5),
  /** A queue longer than this (tickets waiting for one service) raises an alarm. */
  queueMaxLength: z.int().min(1).max(999).default(15),
  /** Per-service lengths that replace `queueMaxLength`. */
  queueMaxByService: z
    .array(z.object({ serviceId: ServiceRef, max: z.int().min(1).max(999) }))
    .max(100)
    .default([]),
  /** Working-time minutes offline before a device alarm (a warning, well before the limit). */
  deviceOfflineMin: z.int().min(1).max(600).default(10),
  /** Seed 001 §5.3: self-service may not be down more than 60 min in working time; past it the alarm is critical. */
  downtimeLimitMin: z.int().min(1).max(600).default(60),
  /** Minutes with nobody at work in reception hours before the alarm (covers a quick hand-over). */
  noOperatorGraceMin: z.number().min(0).max(120).default(2),
  /** The admin screen repeats the tone this often while an alarm is not acknowledged; 0 = once. */
  repeatSoundSec: z.int().min(0).max(3600).default(60),
  /** Minutes the oldest event may wait for head office before the alarm (only with a head office set). */
  hqBacklogMaxMin: z.int().min(1).max(1440).default(15),
  /** Kinds switched off for this office. */
  off: z.array(AlarmKind).default([]),
});
export type AlarmSettings = z.infer<typeof AlarmSettings>;

/** What an alarm is about; only the fields that apply are set. */
export interface AlarmSubject {
  ticketId?: string;
  number?: string;
  serviceId?: string;
  hallId?: string;
  deviceId?: string;
  deviceName?: string;
  deviceRole?: string;
  /** backup-overdue: the backups folder. */
  backupDir?: string;
  /** follow-up-deadline: the follow-up in the register. */
  followUpId?: number;
  /** service- and total-norm alarms: where the visit is being served. */
  windowId?: string;
  operatorId?: string;
  /** leave-request: what the administrator answers (`answerRequest`). */
  requestId?: string;
  action?: 'break' | 'logout';
  /** leave-request: names as typed (shown as they are in either language). */
  operatorName?: string;
  comment?: string;
}

/** One alarm as kept in the history (SQLite) and pushed to the admin screen. */
export interface Alarm {
  id: number;
  /** Kind plus subject: one active alarm per key. */
  key: string;
  kind: AlarmKind;
  severity: AlarmSeverity;
  subject: AlarmSubject;
  /** As worded when raised (or escalated). */
  message: LocalText;
  raisedAt: number;
  /** Set when the condition was last made worse (e.g. warning → critical); the tone sounds again. */
  escalatedAt: number | null;
  clearedAt: number | null;
  acknowledgedAt: number | null;
  /** Who acknowledged it (display name). */
  acknowledgedBy: string | null;
}

/**
 * Printer status keys a device reports in its heartbeat `details` (documented in docs/admin-guide.md):
 * `paper`: 'ok' | 'near-end' | 'out'; `printer`: 'ok' | 'offline' | 'cover-open' | 'error'.
 */
export const PAPER_STATES = ['ok', 'near-end', 'out'] as const;
export type PaperState = (typeof PAPER_STATES)[number];

/** The office's thresholds with every default filled in (configurations older than alarms have none). */
export function alarmSettingsOf(config: { alarms?: z.input<typeof AlarmSettings> | undefined } | null): AlarmSettings {
  return AlarmSettings.parse(config?.alarms ?? {});
}
