import type { RouteDef, TalonError } from '@talon/protocol';
import { ApiError, NETWORK_ERROR, SERVER_ERROR } from './errors.js';

// Requests without the route table: the visitor's phone pages use these and need not download every schema.

/** How long a screen waits for the office server before it says there is no connection. */
export const TIMEOUT_MS = 10_000;

export interface CallOptions {
  /** A session's or a paired device's token. */
  token?: string | null | undefined;
  timeoutMs?: number;
  signal?: AbortSignal;
}

function isTalonError(x: unknown): x is TalonError {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as Partial<TalonError>;
  return typeof e.code === 'string' && typeof e.message === 'object' && e.message !== null;
}

/**
 * One request to any route table's entry (the office's `ROUTES`, head office's `HQ_ROUTES`): the token,
 * the timeout and the one way every refusal becomes an `ApiError`.
 */
async function send(def: Pick<RouteDef, 'method'>, url: string, body: unknown, opts: CallOptions): Promise<Response> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const hasBody = body !== undefined && def.method !== 'GET';
  if (hasBody) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? TIMEOUT_MS);
  let res: Response;
  try {
    res = await fetch(url, {
      method: def.method,
      headers,
      ...(hasBody ? { body: JSON.stringify(body) } : {}),
      signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    });
  } catch {
    throw new ApiError(NETWORK_ERROR);
  }
  if (res.ok) return res;
  let data: unknown = null;
  try {
    data = await res.json();
  } catch {
    // an empty or non-JSON body (e.g. a proxy's error page): decided by the status below
  }
  const err = (data as { error?: unknown } | null)?.error;
  if (isTalonError(err)) throw new ApiError({ ...err, status: res.status });
  if (res.status >= 500 || data === null) throw new ApiError({ ...NETWORK_ERROR, status: res.status });
  throw new ApiError({ ...SERVER_ERROR, status: res.status });
}

/** `call` for a route of another table, its path already filled in (see hq-screen/src/client.ts). */
export async function requestJson(
  def: Pick<RouteDef, 'method'>,
  url: string,
  body: unknown,
  opts: CallOptions = {},
): Promise<unknown> {
  const res = await send(def, url, body, opts);
  try {
    return await res.json();
  } catch {
    throw new ApiError({ ...NETWORK_ERROR, status: res.status });
  }
}

/** `download` for a route of another table, its path already filled in. */
export async function requestFile(
  def: Pick<RouteDef, 'method'>,
  url: string,
  body: unknown,
  opts: CallOptions = {},
): Promise<{ blob: Blob; fileName: string | undefined }> {
  const res = await send(def, url, body, opts);
  const disposition = res.headers.get('content-disposition') ?? '';
  const fileName = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  try {
    return { blob: await res.blob(), fileName: fileName ? decodeURIComponent(fileName) : undefined };
  } catch {
    throw new ApiError({ ...NETWORK_ERROR, status: res.status });
  }
}

/** Offers a downloaded file to the person as a save, under its own name. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
