import type { LoginResponse } from '@talon/protocol';
import { LoginForm, logout } from '@talon/ui';
import { useCallback, useState } from 'react';
import { Console } from './Console.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { S } from './strings.js';

export function App() {
  const [session, setSession] = useState<LoginResponse | null>(loadSession);
  const [expired, setExpired] = useState(false);

  const signedIn = useCallback((s: LoginResponse) => {
    saveSession(s);
    setExpired(false);
    setSession(s);
  }, []);

  /** `expired`: the server refused the token; otherwise the operator signed out. */
  const signOut = useCallback(
    (reason: 'expired' | 'signed-out') => {
      if (reason === 'signed-out' && session) void logout(session.token).catch(() => {});
      clearSession();
      setExpired(reason === 'expired');
      setSession(null);
    },
    [session],
  );

  if (!session) return <LoginForm title={S.appTitle} onSignedIn={signedIn} expired={expired} />;
  return <Console session={session} onSignOut={signOut} />;
}
