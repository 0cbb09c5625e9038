import type { CommandInput, CommandResult } from '@talon/protocol';
import { useMemo, useRef, useState } from 'react';
import { RETRY_DELAYS_MS, sendCommand } from './api.js';
import { isAuthError, type UiError } from './errors.js';

export interface CommandRunnerOptions {
  /**
   * The token was refused (session expired, device unpaired): the caller should forget it. Given the
   * refused token, so a screen that has paired again meanwhile keeps its new one.
   */
  onUnauthorized?: (refused: string) => void;
  /** Any other refusal, after `error` is set; e.g. a kiosk shows it as a screen of its own. */
  onRefused?: (error: UiError, command: CommandInput) => void;
  /** Pauses before retrying a command the server did not answer (tests pass short ones). */
  retryDelays?: readonly number[];
}

export interface CommandRunnerState {
  /** The command type in flight; every other action waits for it. */
  pending: CommandInput['type'] | null;
  /** The last refusal, kept until the next success or `clearError`. */
  error: UiError | null;
}

export interface CommandRunner extends CommandRunnerState {
  /**
   * Sends one command for one user action, under one `commandId` (a retry after a lost answer cannot act
   * twice). Resolves to its result (`{}` when it has none), or null when refused, or when another
   * command is still in flight (a double tap sends nothing).
   */
  run: (command: CommandInput) => Promise<CommandResult | null>;
  /** A command is in flight (`pending !== null`). */
  busy: boolean;
  clearError: () => void;
}

const IDLE: CommandRunnerState = { pending: null, error: null };

/**
 * The command runner without React: one command at a time, a refused token to `onUnauthorized`, any other
 * refusal kept as `error` (and passed to `onRefused`). `onChange` gets every new state.
 */
export function createCommandRunner(
  token: string,
  options: CommandRunnerOptions,
  onChange: (s: CommandRunnerState) => void,
): Pick<CommandRunner, 'run' | 'clearError'> {
  let state = IDLE;
  const set = (next: Partial<CommandRunnerState>) => {
    state = { ...state, ...next };
    onChange(state);
  };
  return {
    run: async (command) => {
      if (state.pending !== null) return null;
      set({ pending: command.type });
      const r = await sendCommand(token, command, undefined, options.retryDelays ?? RETRY_DELAYS_MS);
      if (r.ok) {
        set({ pending: null, error: null });
        return r.result ?? {};
      }
      if (isAuthError(r.error)) {
        set({ pending: null });
        options.onUnauthorized?.(token);
      } else {
        set({ pending: null, error: r.error });
        options.onRefused?.(r.error, command);
      }
      return null;
    },
    clearError: () => {
      if (state.error) set({ error: null });
    },
  };
}

/** The command runner of a screen (kiosk, operator console): see `createCommandRunner`. */
export function useCommandRunner(token: string, options: CommandRunnerOptions = {}): CommandRunner {
  const [state, setState] = useState<CommandRunnerState>(IDLE);
  const optionsRef = useRef(options);
  optionsRef.current = options;
  const runner = useMemo(
    () =>
      createCommandRunner(
        token,
        {
          onUnauthorized: (refused) => optionsRef.current.onUnauthorized?.(refused),
          onRefused: (error, command) => optionsRef.current.onRefused?.(error, command),
          retryDelays: optionsRef.current.retryDelays,
        },
        setState,
      ),
    [token],
  );
  return { ...state, busy: state.pending !== null, run: runner.run, clearError: runner.clearError };
}
