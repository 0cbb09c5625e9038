import { z } from 'zod';
import {
  type AuditEntry,
  ConfigHistoryQuery,
  type ConfigResponse,
  ConfigRestoreBody,
  ConfigSaveBody,
  type ConfigSaveResponse,
  type ConfigVersionInfo,
  type NormPresetInfo,
  PasswordResetBody,
  PresetApplyBody,
  type PresetPreview,
  type UserAdminInfo,
  UserCreateBody,
  UserUpdateBody,
} from '../admin.js';
import { route } from './define.js';
import { SeqParam } from './monitor.js';
import { typed } from './typed.js';

const VIEW = ['hall_admin', 'config_admin'] as const;
const CHANGE = ['config_admin'] as const;

const Ok = z.object({ ok: z.literal(true) });
const VersionParams = z.object({ seq: SeqParam });
const IdParams = z.object({ id: z.string().min(1).max(200) });

/** The JSON Schema of `OfficeConfig` (input side), from which the admin draws the configuration form. */
export type ConfigJsonSchema = Record<string, unknown>;

export type ConfigRestoreResponse = ConfigSaveResponse & { restored: number };

/**
 * The office configuration (versions, presets, audit), logins and unpairing. Hall and configuration
 * administrators view; only the configuration administrator changes.
 */
export const settingsRoutes = {
  config: route({
    method: 'GET',
    path: '/api/config',
    access: VIEW,
    response: typed<ConfigResponse>(),
    errors: ['NOT_CONFIGURED'],
    summary: 'The configuration in force with its version',
  }),
  configSchema: route({
    method: 'GET',
    path: '/api/config/schema',
    access: VIEW,
    response: typed<ConfigJsonSchema>(),
    errors: [],
    summary: "The configuration's JSON Schema: the admin form is drawn from the running server's",
  }),
  saveConfig: route({
    method: 'PUT',
    path: '/api/config',
    access: CHANGE,
    body: ConfigSaveBody,
    response: typed<ConfigSaveResponse>(),
    errors: ['CONFIG_VERSION_STALE', 'CONFIG_IN_USE'],
    summary: 'Checks and saves a configuration as a new version, applied live (dryRun: only the change list)',
  }),
  configVersions: route({
    method: 'GET',
    path: '/api/config/versions',
    access: VIEW,
    query: ConfigHistoryQuery,
    response: typed<ConfigVersionInfo[]>(),
    errors: [],
    summary: 'Saved configuration versions, newest first, with who, when and what changed',
  }),
  configVersion: route({
    method: 'GET',
    path: '/api/config/versions/:seq',
    access: VIEW,
    params: VersionParams,
    response: typed<ConfigResponse>(),
    errors: ['NOT_FOUND'],
    summary: 'One saved version, as it would be applied today',
  }),
  restoreConfigVersion: route({
    method: 'POST',
    path: '/api/config/versions/:seq/restore',
    access: CHANGE,
    params: VersionParams,
    body: ConfigRestoreBody,
    response: typed<ConfigRestoreResponse>(),
    errors: ['NOT_FOUND', 'CONFIG_VERSION_STALE', 'CONFIG_IN_USE'],
    summary: 'Saves an old version again as a new one (the history only grows)',
  }),
  presets: route({
    method: 'GET',
    path: '/api/config/presets',
    access: VIEW,
    response: typed<NormPresetInfo[]>(),
    errors: [],
    summary: 'The norm presets an office can start from',
  }),
  previewPreset: route({
    method: 'POST',
    path: '/api/config/presets/preview',
    access: VIEW,
    body: PresetApplyBody,
    response: typed<PresetPreview>(),
    errors: ['NOT_CONFIGURED'],
    summary: "The current configuration with a preset's norms and menu, for the editor to review and save",
  }),
  configAudit: route({
    method: 'GET',
    path: '/api/config/audit',
    access: VIEW,
    query: ConfigHistoryQuery,
    response: typed<AuditEntry[]>(),
    errors: [],
    summary: 'Who changed what: configuration versions and other administrative actions, newest first',
  }),
  users: route({
    method: 'GET',
    path: '/api/users',
    access: VIEW,
    response: typed<UserAdminInfo[]>(),
    errors: [],
    summary: 'Logins of operators and administrators',
  }),
  createUser: route({
    method: 'POST',
    path: '/api/users',
    access: CHANGE,
    body: UserCreateBody,
    response: typed<UserAdminInfo>(),
    errors: ['LOGIN_TAKEN'],
    summary: 'A new login with its roles and password',
  }),
  updateUser: route({
    method: 'PATCH',
    path: '/api/users/:id',
    access: CHANGE,
    params: IdParams,
    body: UserUpdateBody,
    response: typed<UserAdminInfo>(),
    errors: ['NOT_FOUND'],
    summary:
      "Changes a login's name, roles, operator or whether it may sign in (the last configuration administrator stays)",
  }),
  setUserPassword: route({
    method: 'POST',
    path: '/api/users/:id/password',
    access: CHANGE,
    params: IdParams,
    body: PasswordResetBody,
    response: Ok,
    errors: ['NOT_FOUND'],
    summary: "Sets a login's password and ends its sessions",
  }),
  revokeDevice: route({
    method: 'POST',
    path: '/api/devices/:id/revoke',
    access: CHANGE,
    params: IdParams,
    response: Ok,
    errors: ['NOT_FOUND'],
    summary: 'Unpairs a device: its token stops working, it needs a new pairing code',
  }),
};
