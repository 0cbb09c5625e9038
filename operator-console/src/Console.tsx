import type { LoginResponse } from '@talon/protocol';
import {
  type CommandRunner,
  ConnectionBanner,
  HighContrastToggle,
  LangToggle,
  useCommandRunner,
  useI18n,
  useLive,
  useWindowLabel,
} from '@talon/ui';
import { type ReactNode, useCallback } from 'react';
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
  const commands = useCommandRunner(session.token, { onUnauthorized: expired });
  const { state } = live;
  const config = state?.config ?? null;
  const operatorId = session.user.operatorId;
  const me = operatorId ? state?.operators[operatorId] : undefined;
  const atWindow = me && me.windowId !== null && me.status !== 'logged-out' ? me : undefined;
  const myWindow = atWindow && config?.windows.find((w) => w.id === atWindow.windowId);

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
        commands={commands}
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
          <span className="console-user">{me?.name ?? session.user.name}</span>
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
      <ErrorLine commands={commands} />
      <main className="console-main">{main}</main>
    </div>
  );
}

/** A refused command is never silent: its message stays here until the next success or «Закрыть». */
function ErrorLine({ commands }: { commands: CommandRunner }) {
  const { t, tr } = useI18n();
  if (!commands.error) return null;
  const retryIn = (commands.error.details as { retryInSec?: unknown } | undefined)?.retryInSec;
  return (
    <div className="console-error error" role="alert">
      <span data-testid="console-error" data-code={commands.error.code}>
        {tr(commands.error.message)}
        {typeof retryIn === 'number' && ` · ${t(S.retryIn, { n: retryIn })}`}
      </span>
      <button type="button" className="btn console-dismiss" onClick={commands.clearError}>
        {t(S.dismiss)}
      </button>
    </div>
  );
}
