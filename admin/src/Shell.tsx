import type { Alarm, LoginResponse, UserInfo } from '@talon/protocol';
import {
  ApiError,
  ConnectionBanner,
  call,
  formatTime,
  HighContrastToggle,
  isAuthError,
  LangToggle,
  useI18n,
  useServerNow,
} from '@talon/ui';
import { type ComponentType, lazy, Suspense, useState } from 'react';
import { AlarmBar } from './alarms/AlarmBar.js';
import { AlarmsPage } from './alarms/AlarmsPage.js';
import { ConfigPage } from './config/ConfigPage.js';
import { useAdminFeed } from './feed.js';
import { MonitorPage } from './monitor/MonitorPage.js';
import { type Page, useRoute } from './route.js';
import { audioRunning, unlockAudio, useAlarmSound, useMuted } from './sound.js';
import { S } from './strings.js';
import { WallScreen } from './wall/WallScreen.js';

// Reports (charts, exports) load on first use, so the monitor and the wall screen start light.
// reports/index.tsx belongs to the reports module; its component is taken whatever it is called.
type ReportsComponent = ComponentType<{ token: string; user: UserInfo }>;
const Reports = lazy(async () => {
  const m = (await import('./reports/index.js')) as unknown as Record<string, ReportsComponent | undefined>;
  const C = m.Reports ?? m.default ?? m.ReportsPage ?? m.ReportsSection;
  return { default: C ?? ((() => null) as ReportsComponent) };
});

// The staffing advisor (Erlang C/A on the office's own history) also loads on first use.
const Staffing = lazy(() => import('./staffing/index.js'));

// The outage log (issue 16) also loads on first use.
const Outages = lazy(() => import('./outages/OutagesPage.js'));

// The follow-ups register (issue 16) too.
const FollowUps = lazy(() => import('./followups/FollowUpsPage.js'));

// The day's bookings (issue 15) too.
const Bookings = lazy(() => import('./bookings/BookingsPage.js'));

const NAV: { page: Page; label: (typeof S)[keyof typeof S] }[] = [
  { page: 'monitor', label: S.navMonitor },
  { page: 'alarms', label: S.navAlarms },
  { page: 'config', label: S.navConfig },
  { page: 'reports', label: S.navReports },
  { page: 'staffing', label: S.navStaffing },
  { page: 'outages', label: S.navOutages },
  { page: 'followups', label: S.navFollowUps },
  { page: 'bookings', label: S.navBookings },
];

export function Shell({
  session,
  onSignOut,
}: {
  session: LoginResponse;
  onSignOut: (reason: 'expired' | 'signed-out') => void;
}) {
  const { t, tr, lang } = useI18n();
  const [route, go] = useRoute();
  const feed = useAdminFeed(session.token, () => onSignOut('expired'));
  const now = useServerNow(feed.offset, 1000);
  const [muted, setMuted] = useMuted();
  const [audioOk, setAudioOk] = useState(audioRunning);
  const tones = useAlarmSound(feed.alarms, muted, feed.monitor?.alarmSettings.repeatSoundSec ?? 60);
  const [ackError, setAckError] = useState<string | null>(null);

  const acknowledge = async (a: Alarm) => {
    try {
      feed.patchAlarm(await call('ackAlarm', { params: { id: a.id } }, { token: session.token }));
      setAckError(null);
    } catch (e) {
      const err = e instanceof ApiError ? e.error : null;
      if (err && isAuthError(err)) onSignOut('expired');
      else setAckError(err ? tr(err.message) : 'error');
    }
  };

  const zone = feed.monitor?.office?.timeZone;
  const wall = route.page === 'wall';
  const bar = (
    <AlarmBar alarms={feed.alarms} tones={tones} onAck={acknowledge} onOpen={() => go('alarms')} error={ackError} />
  );

  if (wall)
    return (
      <WallScreen
        feed={feed}
        tones={tones}
        onAck={acknowledge}
        onExit={() => go('monitor')}
        onOpenAlarms={() => go('alarms')}
        ackError={ackError}
      />
    );

  return (
    <div className="admin">
      <ConnectionBanner connected={feed.connected} />
      <header className="admin-header">
        <div className="admin-title">
          <strong>{tr(feed.monitor?.office?.name) || t(S.appTitle)}</strong>
          <span className="muted">{formatTime(now, lang, zone)}</span>
        </div>
        <nav className="admin-nav" aria-label={t(S.appTitle)}>
          {NAV.map((n) => (
            <button
              type="button"
              key={n.page}
              className={`nav-tab ${route.page === n.page ? 'active' : ''}`}
              aria-current={route.page === n.page ? 'page' : undefined}
              data-testid={`nav-${n.page}`}
              onClick={() => go(n.page)}
            >
              {t(n.label)}
              {n.page === 'alarms' && feed.alarms.length > 0 && (
                <span className="nav-count" data-testid="nav-alarm-count">
                  {feed.alarms.length}
                </span>
              )}
            </button>
          ))}
        </nav>
        <div className="admin-tools">
          {/* One sound button: off, on but waiting for a touch the browser asks for, or on. */}
          {!audioOk && !muted ? (
            <button
              type="button"
              className="toggle"
              data-testid="sound-unlock"
              onClick={() => void unlockAudio().then(setAudioOk)}
            >
              {t(S.soundBlocked)}
            </button>
          ) : (
            <button
              type="button"
              className="toggle"
              data-testid="sound-toggle"
              aria-pressed={!muted}
              onClick={() => {
                void unlockAudio().then(setAudioOk);
                setMuted(!muted);
              }}
            >
              {t(muted ? S.soundOff : S.soundOn)}
            </button>
          )}
          <button type="button" className="toggle" data-testid="wall-toggle" onClick={() => go('wall')}>
            {t(S.wall)}
          </button>
          <LangToggle />
          <HighContrastToggle />
          <span className="muted" data-testid="admin-user" translate="no">
            {session.user.name}
          </span>
          <button type="button" className="toggle" data-testid="logout" onClick={() => onSignOut('signed-out')}>
            {t(S.signOut)}
          </button>
        </div>
      </header>
      {bar}
      <main className={`admin-main page-${route.page}`}>
        {route.page === 'monitor' && (
          <MonitorPage
            monitor={feed.monitor}
            now={now}
            hqToken={session.user.roles.includes('config_admin') ? session.token : undefined}
          />
        )}
        {route.page === 'alarms' && (
          <AlarmsPage token={session.token} active={feed.alarms} onAck={acknowledge} timeZone={zone} />
        )}
        {route.page === 'config' && (
          <ConfigPage
            session={session}
            section={route.sub}
            onSection={(sub) => go('config', sub)}
            liveVersion={feed.monitor?.configVersion ?? null}
            onAuthLost={() => onSignOut('expired')}
          />
        )}
        {route.page === 'staffing' && (
          <Suspense fallback={<p className="muted">{t(S.loading)}</p>}>
            <Staffing token={session.token} />
          </Suspense>
        )}
        {route.page === 'outages' && (
          <Suspense fallback={<p className="muted">{t(S.loading)}</p>}>
            <Outages token={session.token} timeZone={zone} now={now} />
          </Suspense>
        )}
        {route.page === 'followups' && (
          <Suspense fallback={<p className="muted">{t(S.loading)}</p>}>
            <FollowUps token={session.token} timeZone={zone} />
          </Suspense>
        )}
        {route.page === 'bookings' && (
          <Suspense fallback={<p className="muted">{t(S.loading)}</p>}>
            <Bookings token={session.token} onAuthLost={() => onSignOut('expired')} />
          </Suspense>
        )}
        {route.page === 'reports' && (
          <Suspense fallback={<p className="muted">{t(S.loading)}</p>}>
            <Reports token={session.token} user={session.user} />
          </Suspense>
        )}
      </main>
    </div>
  );
}
