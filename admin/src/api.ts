import type { TalonError } from '@talon/protocol';
import { ApiError, NETWORK_ERROR } from '@talon/ui';

const TIMEOUT_MS = 10_000;

/** JSON over HTTP to the office server (same origin). Throws `ApiError` with the server's `TalonError`. */
export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  token: string,
  body?: unknown,
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    throw new ApiError(NETWORK_ERROR);
  }
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // not JSON: decided by the status below
  }
  if (res.ok) return data as T;
  const err = (data as { error?: TalonError } | null)?.error;
  if (err && typeof err.code === 'string') throw new ApiError({ ...err, status: res.status });
  throw new ApiError({ ...NETWORK_ERROR, status: res.status });
}

export const get = <T>(path: string, token: string) => request<T>('GET', path, token);
