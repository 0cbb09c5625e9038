import type { OfficeIncident, OfficeRow } from '@talon/protocol';
import { type Pair, useI18n } from '@talon/ui';
import { useState } from 'react';
import { hq } from '../client.js';
import { count, DASH, dateTime, duration } from '../format.js';
import { ConfirmButton, KeyOnce } from '../KeyOnce.js';
import { useNow } from '../live.js';
import { type PageProps, Problem, useAction, useLoad } from '../load.js';
import { SyncCell } from '../overview/SyncCell.js';
import { pathOf } from '../route.js';
import { S } from '../strings.js';
import { Hall } from './Hall.js';

const INCIDENT_KIND: Record<OfficeIncident['kind'], Pair> = {
  gap: S.incidentGap,
  behind: S.incidentBehind,
  forked: S.incidentForked,
  'profile-refused': S.incidentRefused,
};

/** One office drilled into: its hall read-only, its link with head office, its incidents and its key. */
export function OfficePage({
  token,
  onAuthLost,
  officeId,
  live,
  onPatch,
  admin,
  onBack,
}: PageProps & {
  officeId: string;
  /** The row the live channel keeps current; the page's own request fills in until it has one. */
  live: OfficeRow | null;
  onPatch: (row: OfficeRow) => void;
  admin: boolean;
  onBack: () => void;
}) {
  const { t, tr, lang } = useI18n();
  const now = useNow();
  const loaded = useLoad(`office|${officeId}`, () => hq('office', { params: { id: officeId } }, { token }), onAuthLost);
  const action = useAction(onAuthLost);
  const [newKey, setNewKey] = useState<string | null>(null);
  const row = live ?? loaded.data;

  const refresh = async () => {
    const fresh = await hq('office', { params: { id: officeId } }, { token });
    loaded.setData(fresh);
    onPatch(fresh);
  };

  const back = (
    <a
      href={pathOf('overview')}
      className="btn back"
      data-testid="back"
      onClick={(e) => {
        e.preventDefault();
        onBack();
      }}
    >
      {t(S.backToCompany)}
    </a>
  );
  if (!row)
    return (
      <div className="page" data-testid="office-page">
        {back}
        {loaded.error ? (
          <Problem error={loaded.error} onRetry={loaded.reload} />
        ) : (
          <p className="muted">{t(S.loading)}</p>
        )}
      </div>
    );

  const s = row.status;
  const tz = row.timeZone;
  return (
    <div className="page" data-testid="office-page" data-office={row.code}>
      <div className="office-head">
        {back}
        <div>
          <h1 data-testid="office-name">{tr(row.name)}</h1>
          <p className="muted">
            {row.code} · {tr(row.branchName)}
            {s && ` · ${t(S.statusAt, { t: dateTime(s.at, lang) })}`}
          </p>
        </div>
        <SyncCell row={row} now={now} />
      </div>
      {action.error && <Problem error={action.error} testId="action-error" />}
      {newKey && <KeyOnce apiKey={newKey} onDone={() => setNewKey(null)} />}
      {s && s.alarms.length > 0 && (
        <section className="panel card alarms" data-testid="office-alarms">
          <h2>{t(S.alarmsNow)}</h2>
          <ul>
            {s.alarms.map((a) => (
              <li key={`${a.kind}:${a.text.ru}`}>{tr(a.text)}</li>
            ))}
          </ul>
        </section>
      )}
      <h2 className="section-title">
        {t(S.hall)} <span className="muted small">{t(S.hallReadOnly)}</span>
      </h2>
      {s ? <Hall status={s} /> : <p className="notice">{t(S.noStatus)}</p>}
      <div className="two-cols">
        <section className="panel card" data-testid="sync-details">
          <h2>{t(S.sync)}</h2>
          <dl className="facts">
            <dt>{t(S.lastSeen)}</dt>
            <dd data-testid="last-seen">{dateTime(row.sync.lastSeenAt, lang)}</dd>
            <dt>{t(S.ackSeq)}</dt>
            <dd className="num" data-testid="ack-seq">
              {count(row.sync.ackSeq, lang)}
            </dd>
            <dt>{t(S.epoch)}</dt>
            <dd className="num" data-testid="epoch">
              {row.sync.epoch}
            </dd>
            <dt>{t(S.backlogLabel)}</dt>
            <dd className="num" data-testid="backlog">
              {count(row.sync.backlog, lang)}
            </dd>
            <dt>{t(S.lagLabel)}</dt>
            <dd className="num" data-testid="lag">
              {row.sync.lagSec === null ? DASH : duration(row.sync.lagSec, lang)}
            </dd>
            <dt>{t(S.timeZone)}</dt>
            <dd>{tz ?? DASH}</dd>
            <dt>{t(S.software)}</dt>
            <dd>{s?.softwareVersion ?? DASH}</dd>
          </dl>
        </section>
        <section className="panel card" data-testid="incidents">
          <h2>{t(S.incidents)}</h2>
          {row.sync.attention.length === 0 ? (
            <p className="muted">{t(S.noIncidents)}</p>
          ) : (
            <ul className="incidents">
              {row.sync.attention.map((i) => (
                <li key={i.id} className="incident" data-testid="incident" data-kind={i.kind}>
                  <div>
                    <strong>{t(INCIDENT_KIND[i.kind])}</strong>
                    <span className="muted"> · {dateTime(i.at, lang)}</span>
                    <p>{tr(i.text)}</p>
                  </div>
                  {admin && (
                    <button
                      type="button"
                      className="btn"
                      data-testid="ack-incident"
                      disabled={action.busy}
                      onClick={() =>
                        void action.run(async () => {
                          await hq('ackIncident', { params: { id: row.id, incidentId: i.id } }, { token });
                          await refresh();
                        })
                      }
                    >
                      {t(S.ackIncident)}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
      {admin && (
        <section className="panel card" data-testid="office-key">
          <h2>{t(S.officeKey)}</h2>
          <p className={row.keyRevoked ? 'danger-text' : ''}>{t(row.keyRevoked ? S.keyIsRevoked : S.keyActive)}</p>
          <div className="actions">
            <ConfirmButton
              label={t(S.rotateKey)}
              question={t(S.confirmRotate)}
              testId="rotate-key"
              disabled={action.busy}
              onConfirm={() =>
                void action.run(async () => {
                  const { apiKey } = await hq('rotateOfficeKey', { params: { id: row.id } }, { token });
                  setNewKey(apiKey);
                  await refresh();
                })
              }
            />
            {!row.keyRevoked && (
              <ConfirmButton
                label={t(S.revokeKey)}
                question={t(S.confirmRevoke)}
                testId="revoke-key"
                danger
                disabled={action.busy}
                onConfirm={() =>
                  void action.run(async () => {
                    await hq('revokeOfficeKey', { params: { id: row.id } }, { token });
                    await refresh();
                  })
                }
              />
            )}
          </div>
        </section>
      )}
    </div>
  );
}
