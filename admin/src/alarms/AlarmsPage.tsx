import type { Alarm } from '@talon/protocol';
import { call, formatDate, formatTime, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';
import { ALARM_KIND_NAMES, alarmGroups, S } from '../strings.js';
import { AlarmText } from './AlarmText.js';
import { AlarmButtons } from './actions.js';

/** Active alarms with their acknowledgement, and the history kept on the server. */
export function AlarmsPage({
  token,
  active,
  onAck,
  timeZone,
}: {
  token: string;
  active: Alarm[];
  onAck: (a: Alarm) => void;
  timeZone: string | undefined;
}) {
  const { t, lang } = useI18n();
  const [history, setHistory] = useState<Alarm[] | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const load = useCallback(() => {
    call('alarmHistory', { query: { limit: 300 } }, { token })
      .then(setHistory)
      .catch(() => setHistory([]));
  }, [token]);
  // the history follows the active set: a raised or cleared alarm shows up there too
  const signature = active.map((a) => `${a.id}:${a.acknowledgedAt}`).join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the active set changes
  useEffect(load, [load, signature]);
  const when = (at: number) => `${formatDate(at, lang, timeZone)}, ${formatTime(at, lang, timeZone)}`;
  const kindName = (k: string) => t(ALARM_KIND_NAMES[k] ?? [k, k]);

  const groups = alarmGroups(active);
  const list = (alarms: Alarm[]) => (
    <ul className="alarm-list">
      {alarms.map((a) => (
        <li
          key={a.id}
          className={`alarm-item ${a.severity}`}
          data-testid="alarm-item"
          data-alarm-id={a.id}
          data-kind={a.kind}
          data-severity={a.severity}
          data-acked={a.acknowledgedAt !== null ? '1' : '0'}
          data-ticket={a.subject.number ?? ''}
        >
          <div>
            <strong>{kindName(a.kind)}</strong> ·{' '}
            {t(a.severity === 'critical' ? S.severityCritical : S.severityWarning)}
            <div>
              <AlarmText alarm={a} />
            </div>
            <div className="muted">
              {t(S.raised)}: {when(a.escalatedAt ?? a.raisedAt)}
              {a.acknowledgedAt !== null &&
                ` · ${t(S.acked, { who: a.acknowledgedBy ?? '', at: formatTime(a.acknowledgedAt, lang, timeZone) })}`}
            </div>
          </div>
          <AlarmButtons alarm={a} onAck={onAck} onError={setActionError} testPrefix="alarm" />
        </li>
      ))}
    </ul>
  );

  return (
    <div className="page alarms-page">
      <section className="card panel">
        <h2>{t(S.alarmsActive)}</h2>
        {active.length === 0 && <p className="muted">{t(S.alarmsNone)}</p>}
        {actionError && (
          <p className="error" role="alert" data-testid="alarm-error">
            {actionError}
          </p>
        )}
        {/* the queue's alarms and the equipment's apart: a dead board is not a queue problem */}
        {groups.queue.length > 0 && (
          <div className="alarm-group" data-testid="alarm-group-queue">
            <h3>{t(S.alarmsQueue)}</h3>
            {list(groups.queue)}
          </div>
        )}
        {groups.equipment.length > 0 && (
          <div className="alarm-group" data-testid="alarm-group-equipment">
            <h3>{t(S.alarmsEquipment)}</h3>
            {list(groups.equipment)}
          </div>
        )}
      </section>
      <section className="card panel">
        <h2>{t(S.alarmsHistory)}</h2>
        {history === null ? (
          <p className="muted">{t(S.loading)}</p>
        ) : (
          <table className="grid">
            <thead>
              <tr>
                <th>{t(S.raised)}</th>
                <th>{t(S.kind)}</th>
                <th>{t(S.message)}</th>
                <th>{t(S.cleared)}</th>
                <th>{t(S.ack)}</th>
              </tr>
            </thead>
            <tbody>
              {history.map((a) => (
                <tr key={a.id} data-testid="alarm-history-row" data-kind={a.kind} className={a.severity}>
                  <td>{when(a.raisedAt)}</td>
                  <td>{kindName(a.kind)}</td>
                  <td>
                    <AlarmText alarm={a} />
                  </td>
                  <td>{a.clearedAt === null ? t(S.stillActive) : formatTime(a.clearedAt, lang, timeZone)}</td>
                  <td>
                    {a.acknowledgedAt === null
                      ? '—'
                      : `${a.acknowledgedBy ?? ''}, ${formatTime(a.acknowledgedAt, lang, timeZone)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
