import type { OfficeRow, ProfileRow } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { hq } from '../client.js';
import { dateTime } from '../format.js';
import { type PageProps, Problem, useLoad } from '../load.js';
import { S } from '../strings.js';
import { PublishForm } from './PublishForm.js';

/** Published profiles with what each office did with them; the company administrator publishes new ones. */
export function ProfilesPage({
  token,
  onAuthLost,
  offices,
  admin,
}: PageProps & { offices: readonly OfficeRow[]; admin: boolean }) {
  const { t, tr, lang } = useI18n();
  const list = useLoad('profiles', () => hq('profiles', {}, { token }), onAuthLost);
  const branches = useLoad('branches', () => hq('branches', {}, { token }), onAuthLost);
  const officeById = new Map(offices.map((o) => [o.id, o]));
  const branchById = new Map((branches.data ?? []).map((b) => [b.id, b]));

  const target = (p: ProfileRow) => {
    if (p.scope === 'company') return t(S.scopeCompany);
    if (p.scope === 'branch') {
      const b = p.targetId ? branchById.get(p.targetId) : undefined;
      return `${t(S.scopeBranch)}: ${b ? tr(b.name) : (p.targetId ?? '')}`;
    }
    const o = p.targetId ? officeById.get(p.targetId) : undefined;
    return `${t(S.scopeOffice)}: ${o ? `${tr(o.name)} (${o.code})` : (p.targetId ?? '')}`;
  };

  return (
    <div className="page" data-testid="profiles">
      <h1>{t(S.profilesTitle)}</h1>
      {admin && (
        <PublishForm
          token={token}
          onAuthLost={onAuthLost}
          branches={branches.data ?? []}
          offices={offices}
          onPublished={(row) => list.setData([row, ...(list.data ?? []).filter((p) => p.id !== row.id)])}
        />
      )}
      {list.error && <Problem error={list.error} onRetry={list.reload} />}
      <section className="panel card">
        {list.data && list.data.length === 0 ? (
          <p className="muted" data-testid="no-profiles">
            {t(S.noProfiles)}
          </p>
        ) : (
          <div className="table-scroll">
            <table className="grid" data-testid="profiles-table">
              <thead>
                <tr>
                  <th className="num">{t(S.version)}</th>
                  <th>{t(S.scope)}</th>
                  <th>{t(S.title)}</th>
                  <th>{t(S.published)}</th>
                  <th>{t(S.publishedBy)}</th>
                  <th>{t(S.officeStates)}</th>
                </tr>
              </thead>
              <tbody>
                {(list.data ?? []).map((p) => (
                  <tr key={p.id} data-testid="profile-row" data-version={p.version}>
                    <td className="num">
                      <strong>{p.version}</strong>
                    </td>
                    <td>{target(p)}</td>
                    <td>{p.title}</td>
                    <td>{dateTime(p.publishedAt, lang)}</td>
                    <td>{p.publishedBy}</td>
                    <td>
                      <OfficeStates profile={p} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** Counts per state; refused offices always listed with their reason, the rest one click away. */
function OfficeStates({ profile }: { profile: ProfileRow }) {
  const { t } = useI18n();
  const by = (s: 'applied' | 'pending' | 'refused') => profile.offices.filter((o) => o.state === s);
  const refused = by('refused');
  return (
    <div className="states">
      <span className="state-count state-applied">
        {t(S.applied)}: {by('applied').length}
      </span>
      <span className="state-count state-pending">
        {t(S.pending)}: {by('pending').length}
      </span>
      <span className={`state-count ${refused.length ? 'state-refused' : ''}`}>
        {t(S.refused)}: {refused.length}
      </span>
      {refused.length > 0 && (
        <ul className="refusals">
          {refused.map((o) => (
            <li key={o.officeId} data-testid="refusal">
              <strong>{o.code}</strong>: {o.reason ?? '—'}
            </li>
          ))}
        </ul>
      )}
      {profile.offices.length > 0 && (
        <details>
          <summary>{t(S.officeStates)}</summary>
          <ul className="office-states">
            {profile.offices.map((o) => (
              <li key={o.officeId}>
                {o.code}: {t(o.state === 'applied' ? S.applied : o.state === 'pending' ? S.pending : S.refused)}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
