import {
  fieldIssue,
  type TalonError,
  talonError,
  type UserAdminInfo,
  type UserCreateBody,
  type UserRole,
  type UserUpdateBody,
} from '@talon/protocol';
import type Database from 'better-sqlite3';
import type { AuthService } from '../auth/index.js';
import type { Store, UserRow as StoredUserRow } from '../store/index.js';

/** What the administrator's list reads: never the password hash. */
type UserRow = Omit<StoredUserRow, 'password_hash'>;

const toInfo = (r: UserRow): UserAdminInfo => ({
  id: r.id,
  login: r.login,
  name: r.name,
  roles: JSON.parse(r.roles) as UserRole[],
  operatorId: r.operator_id,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

type Result<T> = { ok: true; value: T } | { ok: false; error: TalonError };

/** Logins of operators and administrators; passwords are hashed by the auth service, never here. */
export class UserAdmin {
  private readonly s;

  constructor(
    db: Database.Database,
    private readonly store: Store,
    private readonly auth: AuthService,
    private readonly now: () => number,
  ) {
    this.s = {
      list: db.prepare<[], UserRow>(
        'SELECT id, login, name, roles, operator_id, disabled_at, created_at FROM users ORDER BY login',
      ),
      one: db.prepare<[string], UserRow>(
        'SELECT id, login, name, roles, operator_id, disabled_at, created_at FROM users WHERE id = ?',
      ),
      update: db.prepare<[string, string, string | null, string]>(
        'UPDATE users SET name = ?, roles = ?, operator_id = ? WHERE id = ?',
      ),
    };
  }

  list(): UserAdminInfo[] {
    return this.s.list.all().map(toInfo);
  }

  get(id: string): UserAdminInfo | null {
    const r = this.s.one.get(id);
    return r ? toInfo(r) : null;
  }

  create(body: UserCreateBody): Result<UserAdminInfo> {
    if (this.store.findUserByLogin(body.login)) return { ok: false, error: talonError('LOGIN_TAKEN') };
    const { user } = this.auth.ensureUser({
      login: body.login,
      name: body.name,
      password: body.password,
      roles: [...new Set(body.roles)],
      ...(body.operatorId !== undefined ? { operatorId: body.operatorId } : {}),
    });
    return { ok: true, value: this.get(user.id) as UserAdminInfo };
  }

  update(id: string, body: UserUpdateBody): Result<{ before: UserAdminInfo; after: UserAdminInfo }> {
    const before = this.get(id);
    if (!before) return { ok: false, error: talonError('NOT_FOUND', { userId: id }) };
    const roles = body.roles ? [...new Set(body.roles)] : before.roles;
    const disabled = body.disabled ?? before.disabled;
    // nobody may lock the office out of its own configuration
    const configAdminLeft = this.list().some((u) => u.id !== id && !u.disabled && u.roles.includes('config_admin'));
    if (!configAdminLeft && before.roles.includes('config_admin') && (disabled || !roles.includes('config_admin')))
      return {
        ok: false,
        error: talonError('VALIDATION_FAILED', [
          fieldIssue(
            'roles',
            'последний администратор настроек должен остаться',
            'the last configuration administrator must stay',
          ),
        ]),
      };
    const operatorId = body.operatorId === undefined ? before.operatorId : body.operatorId;
    this.store.transaction(() => {
      this.s.update.run(body.name ?? before.name, JSON.stringify(roles), operatorId, id);
      if (disabled !== before.disabled) {
        this.store.setUserDisabled(id, disabled ? this.now() : null);
        if (disabled) this.store.deleteUserSessions(id);
      }
    });
    return { ok: true, value: { before, after: this.get(id) as UserAdminInfo } };
  }

  /** Ends the user's sessions too (AuthService.setPassword). */
  resetPassword(id: string, password: string): Result<UserAdminInfo> {
    const u = this.get(id);
    if (!u) return { ok: false, error: talonError('NOT_FOUND', { userId: id }) };
    this.auth.setPassword(id, password);
    return { ok: true, value: u };
  }
}
