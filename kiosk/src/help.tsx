import type { HelpReason, KioskHelpRequest } from '@talon/protocol';
import { ApiError, call, isAuthError, useI18n } from '@talon/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { S } from './strings.js';

/** While a call is open the kiosk asks how it stands this often (the answer «Иду» shows within it). */
const POLL_MS = 1500;

export interface KioskHelpState {
  request: KioskHelpRequest | null;
  /** The call could not be sent (no connection): the button says so and may be pressed again. */
  failed: boolean;
  sending: boolean;
  call: (reason: HelpReason) => Promise<void>;
  cancel: () => Promise<void>;
}

/**
 * «Позвать сотрудника»: the call lives on the server (server/src/kiosk-help) and raises an alarm on the
 * admin screen and the wall; the kiosk follows it until it ends — resolved, cancelled or timed out.
 */
export function useKioskHelp(token: string, onUnauthorized: (refused: string) => void): KioskHelpState {
  const [request, setRequest] = useState<KioskHelpRequest | null>(null);
  const [failed, setFailed] = useState(false);
  const [sending, setSending] = useState(false);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  const handle = useCallback(
    (e: unknown) => {
      if (!(e instanceof ApiError)) throw e;
      if (isAuthError(e.error)) unauthorized.current(token);
      return null;
    },
    [token],
  );

  const poll = useCallback(async () => {
    const r = await call('kioskHelpStatus', {}, { token }).catch(handle);
    if (r) setRequest(r.request);
  }, [token, handle]);

  // a call made before a reload is picked up; while one is open it is followed
  useEffect(() => {
    void poll();
  }, [poll]);
  useEffect(() => {
    if (!request) return;
    const id = setInterval(() => void poll(), POLL_MS);
    return () => clearInterval(id);
  }, [request, poll]);

  const send = useCallback(
    async (reason: HelpReason) => {
      setSending(true);
      try {
        const r = await call('kioskHelpCall', { body: { reason } }, { token });
        setRequest(r.request);
        setFailed(false);
      } catch (e) {
        handle(e);
        setFailed(true);
      } finally {
        setSending(false);
      }
    },
    [token, handle],
  );

  const cancel = useCallback(async () => {
    const r = await call('kioskHelpCancel', {}, { token }).catch(handle);
    if (r) setRequest(null);
  }, [token, handle]);

  return { request, failed, sending, call: send, cancel };
}

/** The button in the kiosk's header, on every screen; once a call is open it tells how it stands. */
export function HelpButton({ help, onOpen }: { help: KioskHelpState; onOpen: () => void }) {
  const { t } = useI18n();
  const state = help.request ? (help.request.acknowledgedAt === null ? 'waiting' : 'coming') : 'none';
  return (
    <button
      type="button"
      className={`btn kiosk-help-button help-${state}`}
      data-testid="help-button"
      data-state={state}
      disabled={help.sending}
      onClick={() => {
        if (!help.request) void help.call('button');
        onOpen();
      }}
    >
      <span aria-hidden="true" className="kiosk-help-icon">
        ?
      </span>{' '}
      {t(state === 'none' ? S.helpCall : state === 'waiting' ? S.helpCalled : S.helpComingShort)}
    </button>
  );
}

/** What the visitor sees after calling: someone will come, or is coming; continue or cancel. */
export function HelpScreen({ help, onClose }: { help: KioskHelpState; onClose: () => void }) {
  const { t } = useI18n();
  const r = help.request;
  const coming = r !== null && r.acknowledgedAt !== null;
  const text = help.failed && !r ? S.helpFailed : coming ? S.helpComing : S.helpWaiting;
  return (
    <section className="kiosk-step kiosk-centered">
      <div
        className={`kiosk-message kiosk-help ${coming ? 'is-coming' : ''}`}
        data-testid="help-screen"
        data-state={help.failed && !r ? 'failed' : coming ? 'coming' : 'waiting'}
        role="status"
        aria-live="polite"
      >
        <h1 className="kiosk-title">{t(coming ? S.helpComingTitle : S.helpWaitingTitle)}</h1>
        <p>{t(text)}</p>
      </div>
      <div className="kiosk-actions">
        {help.failed && !r ? (
          <button
            type="button"
            className="btn btn-primary kiosk-secondary"
            data-testid="help-retry"
            disabled={help.sending}
            onClick={() => void help.call('button')}
          >
            {t(S.helpRetry)}
          </button>
        ) : (
          r && (
            <button
              type="button"
              className="btn kiosk-secondary"
              data-testid="help-cancel"
              onClick={() => void help.cancel().then(onClose)}
            >
              {t(S.helpCancel)}
            </button>
          )
        )}
        <button type="button" className="btn btn-primary kiosk-secondary" data-testid="help-continue" onClick={onClose}>
          {t(S.helpContinue)}
        </button>
      </div>
    </section>
  );
}
