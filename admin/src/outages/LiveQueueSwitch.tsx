import type { LiveQueueStatus } from '@talon/protocol';
import { ApiError, call, useCommandRunner, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';
import { loadSession } from '../session.js';
import { ConfirmDialog } from './ConfirmDialog.js';
import { formatStamp } from './format.js';
import { O } from './strings.js';
import './outages.css';

/**
 * The office's mode (seed 004 R7): the electronic queue, or a live queue while the system is down. The
 * hall administrator switches it with a reason and a confirmation; the panel shows who switched, when
 * and why. The command is the engine's `setLiveQueueMode`; the board and the kiosks follow its event.
 */
export function LiveQueueSwitch({ on, timeZone }: { on: boolean; timeZone: string | undefined }) {
  const { t, tr, lang } = useI18n();
  const session = loadSession();
  const token = session?.token ?? '';
  const maySwitch = !!session?.user.roles.includes('hall_admin');
  const [status, setStatus] = useState<LiveQueueStatus | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const { run, busy, error } = useCommandRunner(token);

  const load = useCallback(() => {
    if (!token) return;
    call('liveQueueStatus', {}, { token })
      .then(setStatus)
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
      });
  }, [token]);
  // the mode comes with every monitor push; who and why are read when it changes
  // biome-ignore lint/correctness/useExhaustiveDependencies: `on` changing is the reason to read again
  useEffect(load, [load, on]);

  const confirm = async () => {
    setTried(true);
    const why = reason.trim();
    if (!on && !why) return;
    const r = await run({ type: 'setLiveQueueMode', on: !on, ...(why ? { reason: why } : {}) });
    if (r) {
      setAsking(false);
      setReason('');
      setTried(false);
      load();
    }
  };

  const shown = status && status.on === on ? status : null;
  return (
    <section className={`card panel live-queue ${on ? 'is-on' : ''}`} data-testid="live-queue" data-on={on ? '1' : '0'}>
      <div className="live-queue-row">
        <div className="live-queue-text">
          <h2>{t(O.liveQueueTitle)}</h2>
          <p className="live-queue-mode" data-testid="live-queue-mode">
            <strong>{t(on ? O.liveQueueOn : O.electronicQueue)}</strong>
            {shown?.since != null && (
              <span className="muted" data-testid="live-queue-since">
                {' · '}
                {t(O.since, { at: formatStamp(shown.since, lang, timeZone) })}
                {shown.by && (
                  <>
                    {', '}
                    <span translate="no">{shown.by}</span>
                  </>
                )}
              </span>
            )}
          </p>
          {on && shown?.reason && (
            <p data-testid="live-queue-reason">
              {t(O.reason)}: <span translate="no">{shown.reason}</span>
            </p>
          )}
          {on && <p className="muted">{t(O.liveQueueHint)}</p>}
        </div>
        {maySwitch ? (
          <button
            type="button"
            className={`btn ${on ? 'btn-primary' : 'btn-danger'}`}
            data-testid="live-queue-toggle"
            onClick={() => setAsking(true)}
          >
            {t(on ? O.switchOff : O.switchOn)}
          </button>
        ) : (
          <span className="muted">{t(O.onlyHallAdmin)}</span>
        )}
      </div>
      {asking && (
        <ConfirmDialog
          title={t(on ? O.confirmOffTitle : O.confirmOnTitle)}
          testId="live-queue-dialog"
          busy={busy}
          onConfirm={() => void confirm()}
          onCancel={() => {
            setAsking(false);
            setTried(false);
          }}
        >
          <p>{t(on ? O.confirmOffText : O.confirmOnText)}</p>
          {!on && (
            <label className="field out-reason">
              {t(O.reason)}
              <textarea
                data-testid="live-queue-reason-input"
                value={reason}
                maxLength={300}
                rows={3}
                placeholder={t(O.reasonPlaceholder)}
                aria-invalid={tried && !reason.trim()}
                onChange={(e) => setReason(e.target.value)}
              />
            </label>
          )}
          {tried && !on && !reason.trim() && (
            <p className="error" role="alert" data-testid="live-queue-reason-required">
              {t(O.reasonRequired)}
            </p>
          )}
          {error && (
            <p className="error" role="alert">
              {tr(error.message)}
            </p>
          )}
        </ConfirmDialog>
      )}
    </section>
  );
}
