import type { UserAdminInfo, UserRole } from '@talon/protocol';
import { call, type Pair, useI18n } from '@talon/ui';
import { type FormEvent, useCallback, useEffect, useState } from 'react';

const ROLES: { id: UserRole; label: Pair }[] = [
  { id: 'operator', label: ['Оператор', 'Operator'] },
  { id: 'hall_admin', label: ['Администратор зала', 'Hall administrator'] },
  { id: 'config_admin', label: ['Администратор настроек', 'Configuration administrator'] },
];

interface Done {
  text: Pair;
  login: string;
}

/** Logins of operators and administrators: roles, the operator they act as, password reset, disabling. */
export function Users({
  token,
  editable,
  draft,
  onError,
}: {
  token: string;
  editable: boolean;
  draft: Record<string, unknown> | null;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const [users, setUsers] = useState<UserAdminInfo[] | null>(null);
  // what was just done, and to whose login (shown as typed, in either language)
  const [done, setDone] = useState<Done | null>(null);
  const operators = (draft?.operators ?? []) as { id: string; name: string }[];
  const load = useCallback(() => {
    call('users', {}, { token }).then(setUsers, onError);
  }, [token, onError]);
  useEffect(load, [load]);

  const patch = async (u: UserAdminInfo, body: Partial<Pick<UserAdminInfo, 'roles' | 'disabled' | 'operatorId'>>) => {
    try {
      await call('updateUser', { params: { id: u.id }, body }, { token });
      setDone({ text: ['Сохранено:', 'Saved:'], login: u.login });
      load();
    } catch (e) {
      onError(e);
    }
  };

  return (
    <section className="card panel" data-testid="cfg-page-users">
      <h2>{t(['Входы и пароли', 'Logins and passwords'])}</h2>
      {done && (
        <p className="notice ok">
          {t(done.text)} <span translate="no">{done.login}</span>
        </p>
      )}
      <table className="grid">
        <thead>
          <tr>
            <th>{t(['Логин', 'Login'])}</th>
            <th>{t(['Имя', 'Name'])}</th>
            <th>{t(['Роли', 'Roles'])}</th>
            <th>{t(['Оператор', 'Operator'])}</th>
            <th>{t(['Вход разрешён', 'Enabled'])}</th>
            <th>{t(['Пароль', 'Password'])}</th>
          </tr>
        </thead>
        <tbody>
          {(users ?? []).map((u) => (
            <tr key={u.id} data-testid="user-row" data-login={u.login}>
              <td translate="no">{u.login}</td>
              <td translate="no">{u.name}</td>
              <td>
                {ROLES.map((r) => (
                  <label key={r.id} className="cfg-check">
                    <input
                      type="checkbox"
                      disabled={!editable}
                      data-testid={`user-role-${u.login}-${r.id}`}
                      checked={u.roles.includes(r.id)}
                      onChange={(e) =>
                        void patch(u, {
                          roles: e.target.checked ? [...u.roles, r.id] : u.roles.filter((x) => x !== r.id),
                        })
                      }
                    />
                    {t(r.label)}
                  </label>
                ))}
              </td>
              <td>
                <select
                  disabled={!editable}
                  value={u.operatorId ?? ''}
                  onChange={(e) => void patch(u, { operatorId: e.target.value || null })}
                >
                  <option value="">—</option>
                  {operators.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              </td>
              <td>
                <input
                  type="checkbox"
                  disabled={!editable}
                  checked={!u.disabled}
                  onChange={(e) => void patch(u, { disabled: !e.target.checked })}
                />
              </td>
              <td>{editable && <PasswordReset user={u} token={token} onError={onError} onDone={setDone} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && <NewUser token={token} operators={operators} onCreated={load} onError={onError} />}
    </section>
  );
}

function PasswordReset({
  user,
  token,
  onError,
  onDone,
}: {
  user: UserAdminInfo;
  token: string;
  onError: (e: unknown) => void;
  onDone: (done: Done) => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  if (!open)
    return (
      <button
        type="button"
        className="btn btn-small"
        data-testid={`user-reset-${user.login}`}
        onClick={() => setOpen(true)}
      >
        {t(['Сбросить', 'Reset'])}
      </button>
    );
  return (
    <form
      className="inline-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          await call('setUserPassword', { params: { id: user.id }, body: { password } }, { token });
          onDone({
            text: ['Пароль изменён, прежние сеансы завершены:', 'Password changed, old sessions ended:'],
            login: user.login,
          });
          setOpen(false);
          setPassword('');
        } catch (err) {
          onError(err);
        }
      }}
    >
      <input
        type="password"
        data-testid={`user-password-${user.login}`}
        placeholder={t(['Новый пароль (от 8 знаков)', 'New password (8+ characters)'])}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="btn btn-small btn-primary" data-testid={`user-password-save-${user.login}`}>
        OK
      </button>
    </form>
  );
}

function NewUser({
  token,
  operators,
  onCreated,
  onError,
}: {
  token: string;
  operators: { id: string; name: string }[];
  onCreated: () => void;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole>('operator');
  const [operatorId, setOperatorId] = useState('');
  const [password, setPassword] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await call(
        'createUser',
        { body: { login, name, roles: [role], ...(operatorId ? { operatorId } : {}), password } },
        { token },
      );
      setLogin('');
      setName('');
      setPassword('');
      onCreated();
    } catch (err) {
      onError(err);
    }
  };
  return (
    <form className="new-user" onSubmit={submit} data-testid="user-new">
      <h3>{t(['Новый вход', 'New login'])}</h3>
      <input
        data-testid="user-new-login"
        placeholder={t(['Логин', 'Login'])}
        value={login}
        onChange={(e) => setLogin(e.target.value)}
      />
      <input
        data-testid="user-new-name"
        placeholder={t(['Имя', 'Name'])}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <select data-testid="user-new-role" value={role} onChange={(e) => setRole(e.target.value as UserRole)}>
        {ROLES.map((r) => (
          <option key={r.id} value={r.id}>
            {t(r.label)}
          </option>
        ))}
      </select>
      <select data-testid="user-new-operator" value={operatorId} onChange={(e) => setOperatorId(e.target.value)}>
        <option value="">{t(['— оператор —', '— operator —'])}</option>
        {operators.map((o) => (
          <option key={o.id} value={o.id}>
            {o.name}
          </option>
        ))}
      </select>
      <input
        type="password"
        data-testid="user-new-password"
        placeholder={t(['Пароль (от 8 знаков)', 'Password (8+ characters)'])}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      <button type="submit" className="btn btn-primary" data-testid="user-new-submit">
        {t(['Создать', 'Create'])}
      </button>
    </form>
  );
}
