import type { ErrorCode, LocalText } from '@talon/protocol';

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

/** The one wording of "no connection" on every screen. */
export const NETWORK_ERROR: UiError = {
  code: 'NETWORK',
  message: {
    ru: 'Нет связи с сервером. Проверьте подключение и повторите',
    en: 'No connection to the server. Check the connection and try again',
  },
};

export const SERVER_ERROR: UiError = {
  code: 'INTERNAL',
  message: { ru: 'Ошибка сервера', en: 'Server error' },
};

export class ApiError extends Error {
  constructor(readonly error: UiError) {
    super(`${error.code}: ${error.message.en}`);
    this.name = 'ApiError';
  }
}

/** The `UiError` behind anything a call threw. */
export function toUiError(e: unknown): UiError {
  return e instanceof ApiError ? e.error : NETWORK_ERROR;
}

/** True when the token is no longer accepted and the user or device must sign in / pair again. */
export function isAuthError(e: UiError): boolean {
  return e.code === 'UNAUTHORIZED' || e.code === 'SESSION_EXPIRED' || (e.code !== 'NETWORK' && e.status === 401);
}
