import type { KioskHelpRequest } from '@talon/protocol';
import { ApiError, call, formatElapsed, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';
import { loadSession } from '../session.js';
import { H } from './strings.js';

/**
 * Calls for help from the kiosks, with «Иду» and «Готово». Read again with every monitor push: a new
 * call makes the server evaluate (and push) at once, so the list follows the alarm bar.
 */
/** `pushed`: the latest monitor snapshot; a new one (a new object) is the cue to read the calls again. */
export function HelpCalls({ pushed, now }: { pushed: object; now: number }) {
  const { t, tr } = useI18n();
  const session = loadSession();
  const token = session?.token ?? '';
  const mayAnswer = !!session?.user.roles.includes('hall_admin');
  const [requests, setRequests] = useState<KioskHelpRequest[]>([]);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    if (!token) return;
    call('kioskHelpList', {}, { token })
      .then((r) => setRequests(r.requests))
      .catch((e: unknown) => {
        if (!(e instanceof ApiError)) throw e;
      });
  }, [token]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: every push is the reason to read again
  useEffect(load, [load, pushed]);

  const act = async (route: 'kioskHelpComing' | 'kioskHelpResolve', id: string) => {
    try {
      await call(route, { params: { id } }, { token });
      setError(null);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setError(tr(e.error.message));
    }
    load();
  };

  if (requests.length === 0) return null;
  return (
    <section className="card panel help-calls" data-testid="help-calls" aria-live="polite">
      <h2>{t(H.title)}</h2>
      <ul>
        {requests.map((r) => (
          <li
            key={r.id}
            className={`help-call ${r.acknowledgedAt === null ? 'waiting' : 'coming'}`}
            data-testid="help-call"
            data-kiosk={r.deviceId}
            data-state={r.acknowledgedAt === null ? 'waiting' : 'coming'}
          >
            <div className="help-call-text">
              <strong translate="no">{r.kioskName}</strong>
              <span>{t(r.reason === 'individual' ? H.individual : H.button)}</span>
              <span className="muted">
                {r.acknowledgedAt === null ? (
                  t(H.waitingFor, { m: formatElapsed(now - r.raisedAt) })
                ) : (
                  <>
                    {t(H.comingBy)} <span translate="no">{r.acknowledgedBy}</span>
                  </>
                )}
              </span>
            </div>
            {mayAnswer && r.acknowledgedAt === null && (
              <button
                type="button"
                className="btn btn-primary"
                data-testid="help-coming"
                onClick={() => void act('kioskHelpComing', r.id)}
              >
                {t(H.coming)}
              </button>
            )}
            {mayAnswer && (
              <button
                type="button"
                className="btn"
                data-testid="help-resolve"
                onClick={() => void act('kioskHelpResolve', r.id)}
              >
                {t(H.resolve)}
              </button>
            )}
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
