import { z } from 'zod';
import type { Alarm, AlarmSettings, PaperState } from './alarms.js';
import type { DeviceStatus, UserRole } from './api.js';
import { UserRole as UserRoleSchema } from './api.js';
import type { OfficeConfig } from './config.js';
import type { TalonError } from './errors.js';
import type { HqLinkStatus } from './hq/link.js';
import { issueWord } from './issues.js';
import type { OperatorStatus, TicketStatus } from './state.js';
import type { LocalText } from './text.js';

/** The hall at a glance, computed by the server and pushed to `/admin` as `monitor`. */
export interface MonitorSnapshot {
  /** Server time the figures were taken at; elapsed times tick on from here in the browser. */
  at: number;
  receptionOpen: boolean;
  officeOpen: boolean;
  liveQueue: boolean;
  /** Seq of the configuration in force (its `OfficeConfigured` event). */
  configVersion: number;
  office: { name: LocalText; timeZone: string } | null;
  /** The thresholds in force (the screen needs `repeatSoundSec`). */
  alarmSettings: AlarmSettings;
  services: ServiceFigures[];
  windows: WindowFigures[];
  devices: DeviceFigures[];
  /** The link to head office (issue 13): null when none is set. */
  hq?: HqLinkStatus | null;
}

export interface WaitingTicketFigure {
  ticketId: string;
  number: string;
  /** Start of the current waiting period. */
  waitingSince: number;
  waitMin: number;
  /** Norm minus wait: negative once the norm is passed. */
  remainingMin: number;
  /** Projected minutes until a call (null: nobody can call it now). */
  projectedCallInMin: number | null;
}

export interface ServiceFigures {
  serviceId: string;
  name: LocalText;
  prefix: string;
  waiting: number;
  waitNormMin: number;
  /** The longest current wait, minutes (0 when nobody waits). */
  longestWaitMin: number;
  longest: WaitingTicketFigure | null;
  /** Waiting tickets already past the norm. */
  overNorm: WaitingTicketFigure[];
  /** Predicted to pass the norm before they are called (within `waitSoonMin`). */
  soon: WaitingTicketFigure[];
  /** Operators at work who serve it (ready, serving or wrap-up). */
  operatorsAtWork: number;
  /** Set when the queue is longer than the alarm threshold. */
  queueMax: number;
}

export interface WindowFigures {
  windowId: string;
  number: number;
  kind: 'window' | 'cabinet';
  hallId: string;
  operatorId: string | null;
  operatorName: string | null;
  /** `closed`: nobody is logged in at the window. */
  status: OperatorStatus | 'closed';
  since: number | null;
  breakReason: LocalText | null;
  ticket: {
    ticketId: string;
    number: string;
    serviceId: string;
    status: TicketStatus;
    /** Called at (status called) or service started at (serving). */
    since: number;
    serviceNormMin: number;
  } | null;
}

/** Printers polled by the server appear beside the paired devices with the role `printer`. */
export interface DeviceFigures extends Omit<DeviceStatus, 'role'> {
  role: DeviceStatus['role'] | 'printer';
  /** When it went offline (null while online or never seen). */
  offlineSince: number | null;
  /** Today within office hours so far (all day when the office has no hours today). */
  uptimeToday: { onlineMs: number; offlineMs: number; share: number | null };
  paper?: PaperState;
  printer?: string;
}

/** `/admin` namespace extras on top of the snapshot + events every namespace gets. */
export interface AdminServerToClient {
  monitor: (m: MonitorSnapshot) => void;
  /** Every active alarm (cleared ones leave the list; history is over HTTP). */
  alarms: (a: { active: Alarm[]; at: number }) => void;
}

/** PUT /api/config. `baseVersion` guards against overwriting someone else's newer save. */
export const ConfigSaveBody = z
  .object({
    config: z.unknown(),
    baseVersion: z.int().min(0).optional(),
    /** Only check and summarise; change nothing. */
    dryRun: z.boolean().optional(),
  })
  .strict();
export type ConfigSaveBody = z.infer<typeof ConfigSaveBody>;

export interface ActorInfo {
  kind: 'user' | 'device' | 'system';
  id: string | null;
  login: string | null;
  name: string;
}

export interface ConfigVersionInfo {
  /** The seq of its `OfficeConfigured` event: the internal id (`baseVersion`, restore, the routes). */
  version: number;
  /** Which configuration of the office it is, 1, 2, 3…: the number people see. */
  number: number;
  at: number;
  actor: ActorInfo;
  /** What changed against the previous version (empty for the first). */
  changes: LocalText[];
  /** This version is the one in force. */
  current: boolean;
}

export interface ConfigResponse {
  /** The seq of its `OfficeConfigured` event (the internal id). */
  version: number;
  /** Which configuration of the office it is, 1, 2, 3… (`ConfigVersionInfo.number`). */
  number: number;
  at: number;
  config: OfficeConfig;
}

export interface ConfigSaveResponse {
  ok: true;
  /** The seq of the version in force after the call (the internal id). */
  version: number;
  /** Its number as people see it: 1, 2, 3 (`ConfigVersionInfo.number`). */
  number: number;
  changes: LocalText[];
  /** true when nothing differed, so no version was written. */
  unchanged?: boolean;
  dryRun?: boolean;
}

export const NORM_PRESET_IDS = ['rosatom', 'kostroma', 'belgorod', 'rusenergosbyt'] as const;
export type NormPresetId = (typeof NORM_PRESET_IDS)[number];

export interface NormPresetInfo {
  id: NormPresetId;
  name: LocalText;
  /** The standard and the sections the figures come from, in words. */
  source: LocalText;
  summary: LocalText;
}

export const PresetApplyBody = z.object({ preset: z.enum(NORM_PRESET_IDS) }).strict();

/** POST /api/config/presets/preview: the current configuration with a preset's norms and menu, not saved. */
export interface PresetPreview {
  config: OfficeConfig;
  changes: LocalText[];
  /** Why saving it as it is would be refused (e.g. a service still in use), or null. */
  problem: TalonError | null;
}

/** GET /api/config/versions and /api/config/audit: newest first, at most `limit`, optionally a time range. */
export const ConfigHistoryQuery = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    /** Versions older than this seq (the next page). */
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();
export type ConfigHistoryQuery = z.infer<typeof ConfigHistoryQuery>;

/** POST /api/config/versions/:seq/restore. `baseVersion` guards like a save's. */
export const ConfigRestoreBody = z.object({ baseVersion: z.int().min(0).optional() }).strict();
export type ConfigRestoreBody = z.infer<typeof ConfigRestoreBody>;

/** Logins (users live in the store, not in the office configuration). */
export interface UserAdminInfo {
  id: string;
  login: string;
  name: string;
  roles: UserRole[];
  operatorId: string | null;
  disabled: boolean;
  createdAt: number;
}

const Login = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_.@-]+$/, issueWord('login'));
const Password = z.string().min(8, issueWord('password8')).max(200);

export const UserCreateBody = z
  .object({
    login: Login,
    name: z.string().trim().min(1).max(120),
    roles: z.array(UserRoleSchema).min(1).max(3),
    operatorId: z.string().min(1).max(64).optional(),
    password: Password,
  })
  .strict();
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    roles: z.array(UserRoleSchema).min(1).max(3).optional(),
    operatorId: z.string().min(1).max(64).nullable().optional(),
    disabled: z.boolean().optional(),
  })
  .strict();
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

export const PasswordResetBody = z.object({ password: Password }).strict();

export const AUDIT_ACTIONS = [
  'config.changed',
  'config.restored',
  'user.created',
  'user.updated',
  'user.password-reset',
  'device.pairing-code',
  'device.revoked',
  'alarm.acknowledged',
  'print.reprint',
  'setup.completed',
  'config.imported',
  /** A head-office profile applied (the configuration version's actor is head office) or refused. */
  'hq.profile-applied',
  'hq.profile-refused',
  /** The link to head office set or changed (setup wizard, admin screen). */
  'hq.link-set',
  /** Visitors' personal data (152-ФЗ): deleted by the retention, exported or erased on request; counts only. */
  'personal-data.purged',
  'personal-data.exported',
  'personal-data.erased',
  /** Sign-ins (server/src/auth/login-throttle.ts): a failed one, a login or an address locked, a lock ended. */
  'login.failed',
  'login.locked',
  'login.unlocked',
  /** The office's plan of windows per hour for a day entered, changed or removed (staffing view). */
  'staffing.plan-saved',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEntry {
  at: number;
  actor: ActorInfo;
  action: AuditAction;
  /** The config version, user id, device id or alarm id acted on. */
  target: string | null;
  changes: LocalText[];
}

export const AlarmHistoryQuery = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
  })
  .strict();
