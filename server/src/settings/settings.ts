import type { AuthService } from '../auth/index.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { AdminAudit } from './audit.js';
import { ConfigService } from './config-service.js';
import { UserAdmin } from './users.js';

export interface SettingsOptions {
  office: Office;
  store: Store;
  auth: AuthService;
}

/**
 * What the configuration administrator changes and what is kept of it: the office configuration and its
 * versions (with presets), the logins, and the audit of administrative actions. The live figures and the
 * alarms are the monitor's (server/src/monitor).
 */
export class Settings {
  readonly configs: ConfigService;
  readonly users: UserAdmin;
  readonly audit: AdminAudit;

  constructor({ office, store, auth }: SettingsOptions) {
    const { db } = store;
    this.configs = new ConfigService(db, office, store);
    this.audit = new AdminAudit(db, store);
    this.users = new UserAdmin(db, store, auth, () => office.clock.now());
  }
}
