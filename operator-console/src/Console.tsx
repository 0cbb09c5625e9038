import type { CommandInput, LeaveRequest, LoginResponse, OperatorSession } from '@talon/protocol';
import {
  type CommandRunner,
  ConnectionBanner,
  HighContrastToggle,
  LangToggle,
  type UiError,
  useCommandRunner,
  useI18n,
  useLive,
  useServerNow,
  useWindowLabel,
} from '@talon/ui';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ASKABLE_CODES, LeaveRequestLine } from './LeaveRequest.js';
import { S } from './strings.js';
import { rememberWindow, WindowPicker } from './WindowPicker.js';
import { Workplace } from './Workplace.js';

interface ConsoleProps {
  session: LoginResponse;
  onSignOut: (reason: 'expired' | 'signed-out') => void;
}

export function Console({ session, onSignOut }: ConsoleProps) {
  const { t, tr } = useI18n();
  const windowLabel = useWindowLabel();
  const expired = useCallback(() => onSignOut('expired'), [onSignOut]);
  const live = useLive('operator', session.token, { onUnauthorized: expired });
  const [wait, setWait] = useState<Wait | null>(null);
  const [refused, setRefused] = useState<{ error: UiError; command: CommandInput } | null>(null);
  const commands = useCommandRunner(session.token, {
    onUnauthorized: expired,
    onRefused: (error, command) => {
      setRefused({ error, command });
      const until = retryAt(error, Date.now() + live.offset);
      setWait(until === undefined ? null : { error, type: command.type, until });
      // the countdown runs on the server's clock: take its time now
      if (until !== undefined) live.refresh();
    },
  });
  // a wait belongs to the refusal on screen: the next success or «Закрыть» ends it too
  const cooldown = wait && wait.error === commands.error ? wait : null;
  const { state } = live;
  const config = state?.config ?? null;
  const operatorId = session.user.operatorId;
  const me = operatorId ? state?.operators[operatorId] : undefined;
  const atWindow = me && me.windowId !== null && me.status !== 'logged-out' ? me : undefined;
  const myWindow = atWindow && config?.windows.find((w) => w.id === atWindow.windowId);
  // the refusal on screen is one the hall administrator may lift: the console offers to ask
  const askable =
    refused && refused.error === commands.error && ASKABLE_CODES.has(refused.error.code) ? refused.command : null;
  useSignOffWhenAllowed(state?.requests?.[operatorId ?? ''], me?.status, () => onSignOut('signed-out'));

  /** Leave the window first (refused while a visitor is at it), then end the session. */
  const signOut = async () => {
    if (atWindow && !(await commands.run({ type: 'operatorLogout' }))) return;
    onSignOut('signed-out');
  };

  let main: ReactNode;
  if (!state) main = <p className="console-placeholder">{t(S.connecting)}</p>;
  else if (!config) main = <p className="console-placeholder">{t(S.notConfigured)}</p>;
  else if (!operatorId) main = <p className="console-placeholder">{t(S.notOperator)}</p>;
  else if (!atWindow) {
    main = (
      <WindowPicker
        config={config}
        operators={state.operators}
        busy={commands.busy}
        onPick={(windowId) =>
          void commands.run({ type: 'operatorLogin', windowId }).then((r) => r && rememberWindow(windowId))
        }
      />
    );
  } else {
    main = (
      <Workplace
        state={state}
        config={config}
        me={atWindow}
        offset={live.offset}
        refresh={live.refresh}
        commands={commands}
        cooldown={cooldown}
        token={session.token}
      />
    );
  }

  return (
    <div className="console">
      <ConnectionBanner connected={live.connected} />
      <header className="console-bar">
        <div className="console-brand">{t(S.appTitle)}</div>
        <div className="console-who">
          <span className="console-office">{tr(config?.name)}</span>
          <span className="console-user" translate="no">
            {me?.name ?? session.user.name}
          </span>
          {myWindow && <span className="console-window">{windowLabel(myWindow.kind, myWindow.number)}</span>}
        </div>
        <div className="console-tools">
          <LangToggle />
          <HighContrastToggle />
          <button
            type="button"
            className="btn console-logout"
            data-testid="logout"
            onClick={() => void signOut()}
            disabled={commands.busy}
          >
            {t(S.logout)}
          </button>
        </div>
      </header>
      <ErrorLine commands={commands} cooldown={cooldown} offset={live.offset} refresh={live.refresh} />
      {state && config && atWindow && (
        <LeaveRequestLine state={state} config={config} me={atWindow} commands={commands} refused={askable} />
      )}
      <main className="console-main">{main}</main>
    </div>
  );
}

/** The end of work the administrator allowed on request: the operator asked to sign off, so the session ends too. */
function useSignOffWhenAllowed(
  request: LeaveRequest | undefined,
  status: OperatorSession['status'] | undefined,
  signOff: () => void,
) {
  const askedToLeave = useRef(false);
  const signOffRef = useRef(signOff);
  signOffRef.current = signOff;
  useEffect(() => {
    if (request?.status === 'pending' && request.action === 'logout') askedToLeave.current = true;
    else if (status === 'logged-out' && askedToLeave.current) {
      askedToLeave.current = false;
      signOffRef.current();
    } else if (request === undefined && status !== undefined && status !== 'logged-out') askedToLeave.current = false;
  }, [request, status]);
}

/** A refusal that says when to try again (RECALL_TOO_SOON): the command waits until then, server time. */
export interface Wait {
  error: UiError;
  type: CommandInput['type'];
  /** Server time (ms) from which the command may be tried again. */
  until: number;
}

/** When a refused command may be tried again, in server time: `retryAt`, or `retryInSec` from now. */
function retryAt(error: UiError, serverNow: number): number | undefined {
  const d = error.details as { retryAt?: unknown; retryInSec?: unknown } | undefined;
  if (typeof d?.retryAt === 'number') return d.retryAt;
  if (typeof d?.retryInSec === 'number') return serverNow + d.retryInSec * 1000;
  return undefined;
}

/** While a countdown runs, the server's clock is asked this often (the screen follows a clock step). */
const WAIT_SYNC_MS = 3000;

/**
 * A refused command is never silent: its message stays here until the next success or «Закрыть». A
 * refusal with a wait counts the seconds down on the server's clock and goes away when the time is up.
 */
function ErrorLine(props: { commands: CommandRunner; cooldown: Wait | null; offset: number; refresh: () => void }) {
  const { commands, cooldown, offset, refresh } = props;
  const { t, tr } = useI18n();
  const now = useServerNow(offset, 250);
  const left = cooldown ? Math.ceil((cooldown.until - now) / 1000) : null;
  const over = left !== null && left <= 0;
  const { clearError } = commands;
  useEffect(() => {
    if (over) clearError();
  }, [over, clearError]);
  const counting = left !== null && !over;
  useEffect(() => {
    if (!counting) return;
    const id = setInterval(refresh, WAIT_SYNC_MS);
    return () => clearInterval(id);
  }, [counting, refresh]);
  if (!commands.error || over) return null;
  return (
    // an empty queue is news, not a fault: said plainly, not in red
    <div className={`console-error ${commands.error.code === 'QUEUE_EMPTY' ? 'notice' : 'error'}`} role="alert">
      <span data-testid="console-error" data-code={commands.error.code} data-retry-in={left ?? undefined}>
        {tr(commands.error.message)}
        {left !== null && ` · ${t(S.retryIn, { n: left })}`}
      </span>
      <button type="button" className="btn console-dismiss" onClick={commands.clearError}>
        {t(S.dismiss)}
      </button>
    </div>
  );
}
