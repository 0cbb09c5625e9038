import type { HqLoginResponse } from '@talon/protocol';
import { LoginForm } from '@talon/ui';
import { useCallback, useState } from 'react';
import { hq } from './client.js';
import { Shell } from './Shell.js';
import { clearSession, loadSession, saveSession } from './session.js';
import { S } from './strings.js';

const signIn = (body: { login: string; password: string }) => hq('hqLogin', { body });

export function App() {
  const [session, setSession] = useState<HqLoginResponse | null>(loadSession);
  const [expired, setExpired] = useState(false);

  const signedIn = useCallback((s: HqLoginResponse) => {
    saveSession(s);
    setExpired(false);
    setSession(s);
  }, []);

  const signOut = useCallback(
    (reason: 'expired' | 'signed-out') => {
      if (reason === 'signed-out' && session) void hq('hqLogout', {}, { token: session.token }).catch(() => {});
      clearSession();
      setExpired(reason === 'expired');
      setSession(null);
    },
    [session],
  );

  if (!session)
    return <LoginForm<HqLoginResponse> title={S.appTitle} signIn={signIn} onSignedIn={signedIn} expired={expired} />;
  return <Shell session={session} onSignOut={signOut} />;
}
