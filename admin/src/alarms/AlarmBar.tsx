import type { Alarm } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { useState } from 'react';
import { alarmGroups, S } from '../strings.js';
import { AlarmText } from './AlarmText.js';
import { AlarmButtons } from './actions.js';

/** Queue alarms shown in the strip; the equipment's get fewer lines, so a dead device never hides the hall. */
const SHOWN = 3;
const SHOWN_EQUIPMENT = 2;

/**
 * The strip under the header: the alarms nobody has acknowledged yet, worst first, with the button
 * (none on a paired wall screen, where nobody is signed in to acknowledge). The queue's alarms come
 * first; the equipment's (devices, printers, backups) follow as their own group.
 */
export function AlarmBar({
  alarms,
  tones,
  onAck,
  onOpen,
  error,
  large,
}: {
  alarms: Alarm[];
  tones: number;
  onAck?: (a: Alarm) => void;
  onOpen?: () => void;
  error: string | null;
  large?: boolean;
}) {
  const { t } = useI18n();
  const [actionError, setActionError] = useState<string | null>(null);
  // an operator standing at the window waiting for an answer comes first, then the worst
  const rank = (a: Alarm) => (a.kind === 'leave-request' ? 0 : a.severity === 'critical' ? 1 : 2);
  const pending = alarms
    .filter((a) => a.acknowledgedAt === null)
    .sort((a, b) => rank(a) - rank(b) || a.raisedAt - b.raisedAt);
  const worst = pending[0]?.severity ?? null;
  const { queue, equipment } = alarmGroups(pending);
  const groups = [
    { id: 'queue', label: S.alarmsQueue, alarms: queue, shown: SHOWN },
    { id: 'equipment', label: S.alarmsEquipment, alarms: equipment, shown: SHOWN_EQUIPMENT },
  ];
  // the group names are shown only when both groups have something
  const shownGroups = groups.filter((g) => g.alarms.length > 0).length;
  return (
    <section
      className={`alarm-bar ${worst ?? 'quiet'} ${large ? 'large' : ''}`}
      data-testid="alarm-bar"
      data-pending={pending.length}
      data-tones={tones}
      aria-live="assertive"
    >
      {pending.length === 0 ? (
        <span className="alarm-bar-quiet">
          {alarms.length === 0 ? t(S.alarmsNone) : `${t(S.alarmsActive)}: ${alarms.length}`}
        </span>
      ) : (
        <div className="alarm-bar-groups">
          {groups.map(({ id, label, alarms: list, shown }) => {
            if (list.length === 0) return null;
            const more = list.length - shown;
            // the group's name (when both groups have something) and «ещё N» share the column left of its alarms
            const head = shownGroups > 1 || more > 0;
            return (
              <div key={id} className={`alarm-bar-group ${id}`} data-testid={`alarm-bar-${id}`}>
                {head && (
                  <div className="alarm-bar-group-head">
                    {shownGroups > 1 && <span className="alarm-bar-group-label">{t(label)}</span>}
                    {more > 0 &&
                      (onOpen ? (
                        <button type="button" className="btn alarm-bar-more" onClick={onOpen}>
                          {t(S.moreAlarms, { n: more })}
                        </button>
                      ) : (
                        <span className="alarm-bar-more">{t(S.moreAlarms, { n: more })}</span>
                      ))}
                  </div>
                )}
                <ul className={head ? '' : 'alarm-bar-wide'}>
                  {list.slice(0, shown).map((a) => (
                    <li
                      key={a.id}
                      className={`alarm-bar-item ${a.severity}`}
                      data-testid="alarm-bar-item"
                      data-kind={a.kind}
                      data-alarm-id={a.id}
                    >
                      <span className="alarm-dot" aria-hidden="true" />
                      <span className="alarm-text">
                        <AlarmText alarm={a} />
                      </span>
                      <AlarmButtons
                        alarm={a}
                        onAck={onAck}
                        onError={setActionError}
                        testPrefix="alarm-bar"
                        send={!large}
                      />
                    </li>
                  ))}
                </ul>
              </div>
            );
          })}
        </div>
      )}
      {(error || actionError) && (
        <p className="error" role="alert" data-testid="alarm-bar-error">
          {actionError ?? error}
        </p>
      )}
    </section>
  );
}
