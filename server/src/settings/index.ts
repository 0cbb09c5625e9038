export { AdminAudit, actorInfo } from './audit.js';
export { ConfigService } from './config-service.js';
export { applyPreset, isPresetId, PRESETS, presetInfo, presetOffice } from './presets/index.js';
export { registerSettingsApi, type SettingsApiDeps } from './routes.js';
export { Settings, type SettingsOptions } from './settings.js';
export { UserAdmin } from './users.js';
