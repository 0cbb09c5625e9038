import type {
  CommandInput,
  CommandResult,
  ErrorCode,
  LocalText,
  LoginBody,
  LoginResponse,
  PairResponse,
  TalonError,
} from '@talon/protocol';

/**
 * An error as the UI sees it: the server's `TalonError`, or `NETWORK` when the server
 * could not be reached (or answered with something that is not Talon's JSON).
 */
export interface UiError {
  code: ErrorCode | 'NETWORK';
  message: LocalText;
  details?: unknown;
  /** HTTP status, when there was an answer. */
  status?: number;
}

export const NETWORK_ERROR: UiError = {
  code: 'NETWORK',
  message: {
    ru: 'Нет связи с сервером. Проверьте подключение и повторите',
    en: 'No connection to the server. Check the connection and try again',
  },
};

export class ApiError extends Error {
  constructor(readonly error: UiError) {
    super(`${error.code}: ${error.message.en}`);
    this.name = 'ApiError';
  }
}

/** True when the token is no longer accepted and the user or device must sign in / pair again. */
export function isAuthError(e: UiError): boolean {
  return e.code === 'UNAUTHORIZED' || e.code === 'SESSION_EXPIRED' || (e.code !== 'NETWORK' && e.status === 401);
}

const TIMEOUT_MS = 8000;

function isTalonError(x: unknown): x is TalonError {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Partial<TalonError>;
  return typeof e.code === 'string' && typeof e.message === 'object' && e.message !== null;
}

/** POST JSON to the office server (same origin). Throws `ApiError` with a `UiError`. */
export async function postJson<T>(path: string, body: unknown, token?: string | null): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(path, {
      method: 'POST',
      headers,
      body: JSON.stringify(body ?? {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(NETWORK_ERROR);
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // an empty or non-JSON body (e.g. a proxy error page); decided by the status below
  }
  if (res.ok) return data as T;
  const err = (data as { error?: unknown } | null)?.error;
  if (isTalonError(err)) throw new ApiError({ ...err, status: res.status });
  if (res.status >= 500 || data === null) throw new ApiError({ ...NETWORK_ERROR, status: res.status });
  throw new ApiError({ code: 'INTERNAL', message: { ru: 'Ошибка сервера', en: 'Server error' }, status: res.status });
}

function toUiError(e: unknown): UiError {
  return e instanceof ApiError ? e.error : NETWORK_ERROR;
}

export function login(body: LoginBody): Promise<LoginResponse> {
  return postJson<LoginResponse>('/api/auth/login', body);
}

export async function logout(token: string): Promise<void> {
  await postJson<unknown>('/api/auth/logout', {}, token);
}

export function pairDevice(code: string): Promise<PairResponse> {
  return postJson<PairResponse>('/api/devices/pair', { code: code.trim() });
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

const RETRY_DELAYS_MS = [700, 1500];

/**
 * Send one command. Never throws: a refusal comes back as `{ ok: false, error }`.
 * When the server cannot be reached the same `commandId` is retried, so the action happens at most once.
 */
export async function sendCommand(
  token: string,
  command: CommandInput,
  commandId: string = newCommandId(),
): Promise<CommandOutcome> {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await postJson<{ ok: true; seq: number; result?: CommandResult }>(
        '/api/commands',
        { commandId, command },
        token,
      );
      return { ok: true, seq: res.seq, result: res.result };
    } catch (e) {
      const error = toUiError(e);
      const delay = RETRY_DELAYS_MS[attempt];
      if (error.code !== 'NETWORK' || delay === undefined) return { ok: false, error };
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
