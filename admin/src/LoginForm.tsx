import type { LoginResponse } from '@talon/protocol';
import { ApiError, HighContrastToggle, LangToggle, login, NETWORK_ERROR, type UiError, useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';
import { S } from './strings.js';

export function LoginForm({ onSignedIn, expired }: { onSignedIn: (s: LoginResponse) => void; expired: boolean }) {
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
      onSignedIn(await login({ login: name.trim(), password }));
    } catch (err) {
      setError(err instanceof ApiError ? err.error : NETWORK_ERROR);
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <form className="login-card card" onSubmit={submit} aria-busy={busy}>
        <h1>{t(S.appTitle)}</h1>
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
