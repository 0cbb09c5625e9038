import type { HqLoginResponse } from '@talon/protocol';
import { ConnectionBanner, HighContrastToggle, LangToggle, type Pair, useI18n } from '@talon/ui';
import { useCallback } from 'react';
import { useOffices } from './live.js';
import { OfficePage } from './office/OfficePage.js';
import { Overview } from './overview/Overview.js';
import { ProfilesPage } from './profiles/ProfilesPage.js';
import { ReportsPage } from './reports/ReportsPage.js';
import { ROLE_NAMES } from './roles.js';
import { type Page, pathOf, useRoute } from './route.js';
import { isCompanyAdmin } from './session.js';
import { S } from './strings.js';
import { StructurePage } from './structure/StructurePage.js';
import { UsersPage } from './users/UsersPage.js';

const NAV: { page: Page; label: Pair; adminOnly: boolean }[] = [
  { page: 'overview', label: S.navOverview, adminOnly: false },
  { page: 'reports', label: S.navReports, adminOnly: false },
  { page: 'profiles', label: S.navProfiles, adminOnly: false },
  { page: 'structure', label: S.navStructure, adminOnly: true },
  { page: 'users', label: S.navUsers, adminOnly: true },
];

export function Shell({
  session,
  onSignOut,
}: {
  session: HqLoginResponse;
  onSignOut: (reason: 'expired' | 'signed-out') => void;
}) {
  const { t } = useI18n();
  const [route, go] = useRoute();
  const authLost = useCallback(() => onSignOut('expired'), [onSignOut]);
  const feed = useOffices(session.token, authLost);
  const admin = isCompanyAdmin(session.user);
  const nav = NAV.filter((n) => admin || !n.adminOnly);
  // A read-only user who follows an administrator's link lands on the company overview.
  const page = nav.some((n) => n.page === route.page) || route.page === 'office' ? route.page : 'overview';
  const props = { token: session.token, onAuthLost: authLost };

  return (
    <div className="hq" data-role={session.user.role}>
      <ConnectionBanner connected={feed.connected} />
      <header className="hq-header">
        <strong className="hq-brand">{t(S.appTitle)}</strong>
        <nav className="hq-nav" aria-label={t(S.appTitle)}>
          {nav.map((n) => {
            const current = page === n.page || (n.page === 'overview' && page === 'office');
            return (
              <a
                key={n.page}
                href={pathOf(n.page)}
                className={`nav-tab ${current ? 'active' : ''}`}
                aria-current={current ? 'page' : undefined}
                data-testid={`nav-${n.page}`}
                onClick={(e) => {
                  e.preventDefault();
                  go(n.page);
                }}
              >
                {t(n.label)}
              </a>
            );
          })}
        </nav>
        <div className="hq-tools">
          <LangToggle />
          <HighContrastToggle />
          <span className="hq-user" data-testid="hq-user">
            <strong>{session.user.name}</strong>
            <span className="muted">{t(ROLE_NAMES[session.user.role])}</span>
          </span>
          <button type="button" className="toggle" data-testid="logout" onClick={() => onSignOut('signed-out')}>
            {t(S.signOut)}
          </button>
        </div>
      </header>
      <main className="hq-main">
        {page === 'overview' && <Overview feed={feed} onOpen={(id) => go('office', id)} />}
        {page === 'office' && route.officeId && (
          <OfficePage
            {...props}
            officeId={route.officeId}
            live={feed.rows.find((r) => r.id === route.officeId) ?? null}
            onPatch={feed.patch}
            admin={admin}
            onBack={() => go('overview')}
          />
        )}
        {page === 'reports' && <ReportsPage {...props} offices={feed.rows} />}
        {page === 'profiles' && <ProfilesPage {...props} offices={feed.rows} admin={admin} />}
        {page === 'structure' && admin && <StructurePage {...props} offices={feed.rows} onPatch={feed.patch} />}
        {page === 'users' && admin && <UsersPage {...props} me={session.user} />}
      </main>
    </div>
  );
}
