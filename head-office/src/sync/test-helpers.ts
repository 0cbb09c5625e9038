import type { SyncBatch } from '@talon/protocol';

/** Test-side HTTP: the status, the JSON answer and the headers, without throwing on refusals. */
export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: tests read whatever the answer holds
  body: any;
  headers: Headers;
}

export async function call(
  base: string,
  method: string,
  path: string,
  opts: { token?: string; body?: unknown } = {},
): Promise<Answer> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
  });
  const text = await r.text();
  return { status: r.status, body: text ? JSON.parse(text) : null, headers: r.headers };
}

export const push = (base: string, apiKey: string, batch: SyncBatch) =>
  call(base, 'POST', '/api/sync/events', { token: apiKey, body: batch });

export const hello = (base: string, apiKey: string) =>
  call(base, 'POST', '/api/sync/hello', {
    token: apiKey,
    body: { linkSecret: 'ab'.repeat(32), timeZone: 'Europe/Moscow', softwareVersion: '0.1.0' },
  });

export async function signIn(base: string, login: string, password: string): Promise<string> {
  const r = await call(base, 'POST', '/api/hq/login', { body: { login, password } });
  if (r.status !== 200) throw new Error(`sign-in of ${login}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}
