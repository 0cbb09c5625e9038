import type { LoginBody, LoginResponse } from '@talon/protocol';
import { type FormEvent, useState } from 'react';
import { login } from './api.js';
import { HighContrastToggle } from './contrast.js';
import { ApiError, NETWORK_ERROR, type UiError } from './errors.js';
import { LangToggle, useI18n } from './i18n.js';

const S = {
  fillBoth: ['Введите логин и пароль', 'Enter the login and the password'],
  login: ['Логин', 'Login'],
  password: ['Пароль', 'Password'],
  sessionExpired: ['Сеанс завершён, войдите снова', 'The session has ended, please sign in again'],
  signIn: ['Войти', 'Sign in'],
  signingIn: ['Входим…', 'Signing in…'],
} as const;

/**
 * The sign-in form of the operator console, the administrator's screen and (with its own `signIn`) the
 * head-office screen.
 */
export function LoginForm<R = LoginResponse>({
  title,
  onSignedIn,
  expired,
  signIn = login as unknown as (body: LoginBody) => Promise<R>,
}: {
  title: readonly [string, string];
  onSignedIn: (s: R) => void;
  expired: boolean;
  signIn?: (body: LoginBody) => Promise<R>;
}) {
  const { t, tr } = useI18n();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    if (!name.trim() || !password) {
      setError({ code: 'VALIDATION_FAILED', message: { ru: S.fillBoth[0], en: S.fillBoth[1] } });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn({ login: name.trim(), password }));
    } catch (err) {
      setError(err instanceof ApiError ? err.error : NETWORK_ERROR);
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card card" onSubmit={submit} aria-busy={busy}>
        <h1>{t(title)}</h1>
        {expired && !error && <p className="notice">{t(S.sessionExpired)}</p>}
        <label className="field">
          <span>{t(S.login)}</span>
          <input
            data-testid="login"
            name="username"
            autoComplete="username"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <label className="field">
          <span>{t(S.password)}</span>
          <input
            data-testid="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error && (
          <p className="error" role="alert" data-testid="login-error" data-code={error.code}>
            {tr(error.message)}
          </p>
        )}
        <button className="btn btn-primary" type="submit" data-testid="login-submit" disabled={busy}>
          {t(busy ? S.signingIn : S.signIn)}
        </button>
      </form>
      <div className="login-toggles">
        <LangToggle />
        <HighContrastToggle />
      </div>
    </main>
  );
}
