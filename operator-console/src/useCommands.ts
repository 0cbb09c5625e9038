import type { CommandInput, CommandResult } from '@talon/protocol';
import { isAuthError, sendCommand, type UiError } from '@talon/ui';
import { useCallback, useRef, useState } from 'react';

export interface Commands {
  /** Sends one command (one user action, one commandId); resolves to the result, or null when refused. */
  run: (command: CommandInput) => Promise<CommandResult | null>;
  /** The command type in flight; every action waits for it. */
  pending: CommandInput['type'] | null;
  /** The last refusal, shown until the next success or dismissal. */
  error: UiError | null;
  dismiss: () => void;
}

export function useCommands(token: string, onAuthLost: () => void): Commands {
  const [pending, setPending] = useState<Commands['pending']>(null);
  const [error, setError] = useState<UiError | null>(null);
  const busy = useRef(false);

  const run = useCallback(
    async (command: CommandInput) => {
      if (busy.current) return null;
      busy.current = true;
      setPending(command.type);
      const r = await sendCommand(token, command);
      busy.current = false;
      setPending(null);
      if (r.ok) {
        setError(null);
        return r.result ?? {};
      }
      if (isAuthError(r.error)) onAuthLost();
      else setError(r.error);
      return null;
    },
    [token, onAuthLost],
  );

  const dismiss = useCallback(() => setError(null), []);
  return { run, pending, error, dismiss };
}
