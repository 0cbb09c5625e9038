import { HQ_ROLES, type HqRole, type HqUser } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';
import { hq } from '../client.js';
import { ConfirmButton } from '../KeyOnce.js';
import { type PageProps, Problem, useAction, useLoad } from '../load.js';
import { ROLE_NAMES } from '../roles.js';
import { S } from '../strings.js';

const LOGIN = /^[a-z0-9._-]{3,32}$/;

/** Head-office people: the company administrator adds them, gives a role, disables them. */
export function UsersPage({ token, onAuthLost, me }: PageProps & { me: HqUser }) {
  const { t, tr } = useI18n();
  const users = useLoad('users', () => hq('hqUsers', {}, { token }), onAuthLost);
  const branches = useLoad('branches', () => hq('branches', {}, { token }), onAuthLost);
  const action = useAction(onAuthLost);
  const branchName = new Map((branches.data ?? []).map((b) => [b.id, b.name]));
  const replace = (u: HqUser) => users.setData((users.data ?? []).map((x) => (x.id === u.id ? u : x)));

  const setDisabled = (u: HqUser, disabled: boolean) =>
    void action.run(async () =>
      replace(await hq('hqUpdateUser', { params: { id: u.id }, body: { disabled } }, { token })),
    );

  return (
    <div className="page" data-testid="users">
      <h1>{t(S.usersTitle)}</h1>
      {users.error && <Problem error={users.error} onRetry={users.reload} />}
      {action.error && <Problem error={action.error} testId="user-action-error" />}
      <section className="panel card">
        <div className="table-scroll">
          <table className="grid" data-testid="users-table">
            <thead>
              <tr>
                <th>{t(S.login)}</th>
                <th>{t(S.name)}</th>
                <th>{t(S.role)}</th>
                <th>{t(S.branch)}</th>
                <th>{t(S.status)}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {(users.data ?? []).map((u) => (
                <tr key={u.id} data-testid="user-row" data-login={u.login} data-disabled={u.disabled}>
                  <td className="code">{u.login}</td>
                  <td>
                    {u.name} {u.id === me.id && <span className="muted">({t(S.you)})</span>}
                  </td>
                  <td>{t(ROLE_NAMES[u.role])}</td>
                  <td>{u.branchId ? tr(branchName.get(u.branchId)) || u.branchId : '—'}</td>
                  <td className={u.disabled ? 'over' : ''}>{t(u.disabled ? S.disabledState : S.active)}</td>
                  <td>
                    {u.id !== me.id &&
                      (u.disabled ? (
                        <button
                          type="button"
                          className="btn"
                          data-testid="enable-user"
                          disabled={action.busy}
                          onClick={() => setDisabled(u, false)}
                        >
                          {t(S.enable)}
                        </button>
                      ) : (
                        <ConfirmButton
                          label={t(S.disable)}
                          question={t(S.confirmDisable, { login: u.login })}
                          danger
                          disabled={action.busy}
                          testId="disable-user"
                          onConfirm={() => setDisabled(u, true)}
                        />
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <UserForm
        token={token}
        onAuthLost={onAuthLost}
        branches={(branches.data ?? []).map((b) => ({ id: b.id, name: tr(b.name) }))}
        onCreated={(u) => users.setData([...(users.data ?? []), u])}
      />
    </div>
  );
}

function UserForm({
  token,
  onAuthLost,
  branches,
  onCreated,
}: PageProps & { branches: { id: string; name: string }[]; onCreated: (u: HqUser) => void }) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<HqRole>('analyst');
  const [branchId, setBranchId] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const action = useAction(onAuthLost);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setNote(null);
    if (!LOGIN.test(login) || !name.trim() || password.length < 10 || (role === 'branch_manager' && !branchId))
      return action.setError({ code: 'VALIDATION_FAILED', message: { ru: S.fillAll[0], en: S.fillAll[1] } });
    const u = await action.run(() =>
      hq(
        'hqCreateUser',
        {
          body: { login, name: name.trim(), password, role, ...(role === 'branch_manager' ? { branchId } : {}) },
        },
        { token },
      ),
    );
    if (!u) return;
    onCreated(u);
    setNote(t(S.userAdded, { login: u.login }));
    setLogin('');
    setName('');
    setPassword('');
  };
  return (
    <form className="panel card form" data-testid="user-form" onSubmit={submit} noValidate>
      <h2>{t(S.addUser)}</h2>
      <div className="form-grid">
        <label className="field">
          <span>
            {t(S.login)} <span className="muted small">({t(S.loginHint)})</span>
          </span>
          <input
            data-testid="user-login"
            value={login}
            autoCapitalize="off"
            autoComplete="off"
            onChange={(e) => setLogin(e.target.value.trim())}
          />
        </label>
        <label className="field">
          <span>{t(S.name)}</span>
          <input data-testid="user-name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t(S.password)}</span>
          <input
            data-testid="user-password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t(S.role)}</span>
          <select data-testid="user-role" value={role} onChange={(e) => setRole(e.target.value as HqRole)}>
            {HQ_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(ROLE_NAMES[r])}
              </option>
            ))}
          </select>
        </label>
        {role === 'branch_manager' && (
          <label className="field">
            <span>{t(S.branch)}</span>
            <select data-testid="user-branch" value={branchId} onChange={(e) => setBranchId(e.target.value)}>
              <option value="">{t(S.chooseTarget)}</option>
              {branches.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {action.error && <Problem error={action.error} testId="user-error" />}
      {note && (
        <p className="ok-box" role="status">
          {note}
        </p>
      )}
      <button type="submit" className="btn btn-primary" data-testid="user-submit" disabled={action.busy}>
        {t(S.addUser)}
      </button>
    </form>
  );
}
