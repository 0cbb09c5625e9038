import type { Alarm } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { S } from '../strings.js';

const SHOWN = 3;

/**
 * The strip under the header: the alarms nobody has acknowledged yet, worst first, with the button
 * (none on a paired wall screen, where nobody is signed in to acknowledge).
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
  const { t, tr } = useI18n();
  const pending = alarms
    .filter((a) => a.acknowledgedAt === null)
    .sort((a, b) => (a.severity === b.severity ? a.raisedAt - b.raisedAt : a.severity === 'critical' ? -1 : 1));
  const worst = pending[0]?.severity ?? null;
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
        <ul>
          {pending.slice(0, SHOWN).map((a) => (
            <li
              key={a.id}
              className={`alarm-bar-item ${a.severity}`}
              data-testid="alarm-bar-item"
              data-kind={a.kind}
              data-alarm-id={a.id}
            >
              <span className="alarm-dot" aria-hidden="true" />
              <span className="alarm-text">{tr(a.message)}</span>
              {onAck && (
                <button type="button" className="btn btn-ack" data-testid="alarm-bar-ack" onClick={() => onAck(a)}>
                  {t(S.ack)}
                </button>
              )}
            </li>
          ))}
          {pending.length > SHOWN && (
            <li>
              {onOpen ? (
                <button type="button" className="btn" onClick={onOpen}>
                  {t(S.moreAlarms, { n: pending.length - SHOWN })}
                </button>
              ) : (
                <span>{t(S.moreAlarms, { n: pending.length - SHOWN })}</span>
              )}
            </li>
          )}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
