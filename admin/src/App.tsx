import type { LoginResponse } from '@talon/protocol';
import { LoginForm, loadDevice, logout, useI18n } from '@talon/ui';
import { lazy, Suspense, useCallback, useState } from 'react';
import { AlarmActionsProvider } from './alarms/actions.js';
import { Shell } from './Shell.js';
import { clearSession, isAdmin, loadSession, saveSession } from './session.js';
import { unlockAudio } from './sound.js';
import { S } from './strings.js';
import { WallDevice } from './wall/WallDevice.js';

/** `/admin/?setup=TOKEN`: the link a new server prints for its first-run setup (loaded only then). */
const setupToken = new URL(location.href).searchParams.get('setup');
const SetupWizard = lazy(async () => ({ default: (await import('./setup/SetupWizard.js')).SetupWizard }));

export function App() {
  if (setupToken !== null)
    return (
      <Suspense fallback={null}>
        <SetupWizard token={setupToken} />
      </Suspense>
    );
  return <SignedInApp />;
}

function SignedInApp() {
  const { t } = useI18n();
  const [session, setSession] = useState<LoginResponse | null>(loadSession);
  const [expired, setExpired] = useState(false);

  const signedIn = useCallback((s: LoginResponse) => {
    // the sign-in click is the gesture that lets alarms make a sound
    void unlockAudio();
    saveSession(s);
    setExpired(false);
    setSession(s);
  }, []);

  const signOut = useCallback(
    (reason: 'expired' | 'signed-out') => {
      if (reason === 'signed-out' && session) void logout(session.token).catch(() => {});
      clearSession();
      setExpired(reason === 'expired');
      setSession(null);
    },
    [session],
  );

  // A wall monitor paired as a device shows the hall without anyone signed in.
  if (!session && isWallDevice()) return <WallDevice />;
  if (!session) return <LoginForm title={S.appTitle} onSignedIn={signedIn} expired={expired} />;
  if (!isAdmin(session.user))
    return (
      <main className="login">
        <div className="login-card card">
          <h1>{t(S.appTitle)}</h1>
          <p className="error" role="alert" data-testid="no-access">
            {t(S.noAccess)}
          </p>
          <button type="button" className="btn" data-testid="logout" onClick={() => signOut('signed-out')}>
            {t(S.signOut)}
          </button>
        </div>
      </main>
    );
  return (
    <AlarmActionsProvider token={session.token}>
      <Shell session={session} onSignOut={signOut} />
    </AlarmActionsProvider>
  );
}

/** `#wall` opened with a pairing code, or on a PC already paired as a wall screen. */
function isWallDevice(): boolean {
  if (!location.hash.startsWith('#wall')) return false;
  return new URL(location.href).searchParams.has('pair') || loadDevice('wall') !== null;
}
