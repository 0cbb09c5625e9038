import type { CommandInput, CommandResult, LoginBody, LoginResponse, PairResponse } from '@talon/protocol';
import { call } from './client.js';
import { toUiError, type UiError } from './errors.js';

export function login(body: LoginBody): Promise<LoginResponse> {
  return call('login', { body });
}

export async function logout(token: string): Promise<void> {
  await call('logout', {}, { token });
}

/** `previous`: the device this browser held for the same screen; the server replaces it (no ghost left). */
export function pairDevice(code: string, previous?: { deviceId: string; token: string } | null): Promise<PairResponse> {
  return call('pair', {
    body: {
      code: code.trim(),
      ...(previous ? { previous: { deviceId: previous.deviceId, token: previous.token } } : {}),
    },
  });
}

/**
 * A fresh id per user action (32 hex digits, a UUID's randomness without dashes); reusing it makes a retry
 * return the first answer. `crypto.randomUUID` exists only in secure contexts, and office screens are
 * served over plain HTTP on the LAN, so the bytes come from `getRandomValues`, which works everywhere.
 */
export function newCommandId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export type CommandOutcome = { ok: true; seq: number; result?: CommandResult } | { ok: false; error: UiError };

/** Pauses before the second and third try of a command the server did not answer. */
export const RETRY_DELAYS_MS = [700, 1500];

/**
 * Send one command. Never throws: a refusal comes back as `{ ok: false, error }`.
 * When the server cannot be reached the same `commandId` is retried, so the action happens at most once.
 */
export async function sendCommand(
  token: string,
  command: CommandInput,
  commandId: string = newCommandId(),
  delays: readonly number[] = RETRY_DELAYS_MS,
): Promise<CommandOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await call('runCommand', { body: { commandId, command } }, { token });
      return res.result === undefined ? { ok: true, seq: res.seq } : { ok: true, seq: res.seq, result: res.result };
    } catch (e) {
      const error = toUiError(e);
      const delay = delays[attempt];
      if (error.code !== 'NETWORK' || delay === undefined) return { ok: false, error };
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
