import type { Alarm, CommandInput, WindowFigures } from '@talon/protocol';
import { ApiError, call, useI18n, useWindowLabel } from '@talon/ui';
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react';
import { S } from '../strings.js';
import { A } from './strings.js';
import './alarm-actions.css';

/** A signed-in administrator's session: what acting from an alarm needs. A paired wall screen has none and only shows. */
const Session = createContext<string | null>(null);

export function AlarmActionsProvider({ token, children }: { token: string; children: ReactNode }) {
  return <Session.Provider value={token}>{children}</Session.Provider>;
}

/** Alarms about one ticket that a call would resolve: the administrator may send that ticket to a window. */
const SENDABLE = new Set(['wait-norm-passed', 'wait-norm-soon']);

/**
 * The buttons of one alarm: an operator's request is answered (the answer clears it), a late ticket may be sent
 * to a window, and any alarm may be acknowledged («Принято»).
 */
export function AlarmButtons({
  alarm,
  onAck,
  onError,
  testPrefix,
  send = true,
}: {
  alarm: Alarm;
  onAck: ((a: Alarm) => void) | undefined;
  onError: (message: string | null) => void;
  testPrefix: string;
  /** Offer «Направить в окно»; the wall screen's large strip leaves it to the desk (its room is the hall's). */
  send?: boolean;
}) {
  const { t, tr } = useI18n();
  const token = useContext(Session);
  const [busy, setBusy] = useState(false);
  const [sending, setSending] = useState(false);
  const run = async (command: CommandInput): Promise<boolean> => {
    if (!token) return false;
    setBusy(true);
    try {
      await call('runCommand', { body: { command } }, { token });
      onError(null);
      return true;
    } catch (e) {
      const err = e instanceof ApiError ? e.error : null;
      onError(err ? tr(err.message) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const { subject } = alarm;
  if (token && alarm.kind === 'leave-request' && subject.requestId && subject.operatorId) {
    const answer = (grant: boolean) =>
      void run({
        type: 'answerRequest',
        operatorId: subject.operatorId ?? '',
        requestId: subject.requestId ?? '',
        grant,
      });
    return (
      <span className="alarm-buttons">
        <button
          type="button"
          className="btn btn-primary btn-ack"
          data-testid="alarm-grant"
          disabled={busy}
          onClick={() => answer(true)}
        >
          {t(A.grant)}
        </button>
        <button
          type="button"
          className="btn btn-ack"
          data-testid="alarm-refuse"
          disabled={busy}
          onClick={() => answer(false)}
        >
          {t(A.refuse)}
        </button>
      </span>
    );
  }
  const sendable = send && token && SENDABLE.has(alarm.kind) && subject.ticketId;
  return (
    <span className="alarm-buttons">
      {sendable && (
        <button
          type="button"
          className="btn btn-ack"
          data-testid="alarm-send"
          disabled={busy}
          onClick={() => setSending(true)}
        >
          {t(A.send)}
        </button>
      )}
      {onAck && alarm.acknowledgedAt === null && (
        <button type="button" className="btn btn-ack" data-testid={`${testPrefix}-ack`} onClick={() => onAck(alarm)}>
          {t(S.ack)}
        </button>
      )}
      {sending && token && (
        <SendTicketDialog
          token={token}
          number={subject.number ?? ''}
          busy={busy}
          onCancel={() => setSending(false)}
          onPick={async (w) => {
            if (!w.operatorId) return;
            const ok = await run({
              type: 'assignTicket',
              ticketId: subject.ticketId ?? '',
              toOperatorId: w.operatorId,
            });
            if (!ok) return;
            setSending(false);
            // the administrator has acted on it: the tone stops; the alarm clears when the ticket is called
            if (alarm.acknowledgedAt === null) onAck?.(alarm);
          }}
        />
      )}
    </span>
  );
}

const STATUS: Partial<Record<WindowFigures['status'], (typeof A)[keyof typeof A]>> = {
  ready: A.ready,
  serving: A.serving,
  'wrap-up': A.wrapUp,
  break: A.onBreak,
};

/** The windows with an operator, free ones first: the administrator picks where the ticket goes. */
function SendTicketDialog({
  token,
  number,
  busy,
  onPick,
  onCancel,
}: {
  token: string;
  number: string;
  busy: boolean;
  onPick: (w: WindowFigures) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const label = useWindowLabel();
  const [windows, setWindows] = useState<WindowFigures[] | null>(null);
  // the screen re-renders every second (the clock): the dialog must not reload on each
  const cancel = useRef(onCancel);
  cancel.current = onCancel;
  useEffect(() => {
    let live = true;
    call('monitor', {}, { token })
      .then((m) => live && setWindows(m.windows))
      .catch(() => live && setWindows([]));
    const esc = (e: KeyboardEvent) => e.key === 'Escape' && cancel.current();
    window.addEventListener('keydown', esc);
    return () => {
      live = false;
      window.removeEventListener('keydown', esc);
    };
  }, [token]);
  const rank = (w: WindowFigures) => ['ready', 'wrap-up', 'serving', 'break'].indexOf(w.status);
  const open = (windows ?? [])
    .filter((w) => w.operatorId !== null && w.status !== 'closed' && w.status !== 'logged-out')
    .sort((a, b) => rank(a) - rank(b) || a.number - b.number);
  const title = t(A.sendTitle, { number });
  return (
    <div className="alarm-dialog-backdrop">
      <div className="alarm-dialog card" role="dialog" aria-modal="true" aria-label={title} data-testid="send-dialog">
        <h2>{title}</h2>
        <p className="muted">{t(A.sendHint)}</p>
        {windows === null ? (
          <p className="muted">{t(A.sendLoading)}</p>
        ) : open.length === 0 ? (
          <p data-testid="send-nobody">{t(A.sendNobody)}</p>
        ) : (
          <ul className="send-windows">
            {open.map((w) => (
              <li key={w.windowId}>
                <button
                  type="button"
                  className={`btn send-window status-${w.status}`}
                  data-testid="send-window"
                  data-window={w.windowId}
                  disabled={busy}
                  onClick={() => onPick(w)}
                >
                  <strong>{label(w.kind, w.number)}</strong>
                  <span translate="no">{w.operatorName}</span>
                  <span className="muted">{STATUS[w.status] ? t(STATUS[w.status] as (typeof A)['ready']) : ''}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="alarm-dialog-buttons">
          <button type="button" className="btn" data-testid="send-cancel" onClick={onCancel}>
            {t(A.cancel)}
          </button>
        </div>
      </div>
    </div>
  );
}
