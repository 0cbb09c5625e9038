import type { TestServer } from '../support/server.js';

/** A JSON request to the test server: status plus parsed body. */
export async function api<T = unknown>(
  s: TestServer,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(s.url + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Moves the server's virtual clock the way the end-to-end tests do (ticks and evaluates alarms). */
export async function advance(s: TestServer, ms: number): Promise<void> {
  const r = await api(s, 'POST', '/api/test/clock', undefined, { advanceMs: ms });
  if (r.status !== 200) throw new Error(`clock: ${JSON.stringify(r.body)}`);
}
