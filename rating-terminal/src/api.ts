import type { TalonError } from '@talon/protocol';
import { NETWORK_ERROR, type UiError } from '@talon/ui';

export type Got<T> = { ok: true; value: T } | { ok: false; error: UiError };

/** GET with the device token; never throws. */
export async function getJson<T>(path: string, token: string): Promise<Got<T>> {
  try {
    const res = await fetch(path, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(8000) });
    const data = (await res.json().catch(() => null)) as { error?: TalonError } | null;
    if (res.ok) return { ok: true, value: data as T };
    if (data?.error) return { ok: false, error: { ...data.error, status: res.status } };
  } catch {
    // fall through
  }
  return { ok: false, error: NETWORK_ERROR };
}
