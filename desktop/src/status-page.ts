import type { LoadResult } from './config.js';

/** Query strings for static/status.html, the only page the shell itself shows. */
export function offlineQuery(o: { retryInMs: number; attempt: number; serverUrl: string }): Record<string, string> {
  return {
    mode: 'offline',
    retryInSec: String(Math.ceil(o.retryInMs / 1000)),
    attempt: String(o.attempt),
    server: new URL(o.serverUrl).origin,
  };
}

/** For a missing or broken config file: what is wrong and where the shell looked. */
export function configErrorSearch(r: Extract<LoadResult, { ok: false }>): string {
  const q = new URLSearchParams({ mode: 'config' });
  if (r.path) q.append('problem', `${r.path}:`);
  for (const p of r.problems) q.append('problem', p);
  for (const s of r.searched) q.append('searched', s);
  return q.toString();
}
