import type { ReportPeriodKind, TalonError } from '@talon/protocol';
import { ApiError, NETWORK_ERROR } from '@talon/ui';

export interface ReportParams {
  period: ReportPeriodKind;
  date: string;
  from: string;
  to: string;
  serviceId: string;
  topicId: string;
  operatorId: string;
  windowId: string;
}

/** The query string the report endpoints take: empty filters and the unused dates are left out. */
export function queryOf(p: ReportParams, extra: Record<string, string | number> = {}): string {
  const q = new URLSearchParams({ period: p.period });
  if (p.period === 'custom') {
    q.set('from', p.from);
    q.set('to', p.to);
  } else q.set('date', p.date);
  for (const k of ['serviceId', 'topicId', 'operatorId', 'windowId'] as const) if (p[k]) q.set(k, p[k]);
  for (const [k, v] of Object.entries(extra)) q.set(k, String(v));
  return q.toString();
}

/**
 * Downloads an export with the session's token (a plain link could not carry it) and hands the
 * file to the browser under the name the server chose.
 */
export async function download(path: string, token: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError(NETWORK_ERROR);
  }
  if (!res.ok) {
    const err = ((await res.json().catch(() => null)) as { error?: TalonError } | null)?.error;
    throw new ApiError(err ? { ...err, status: res.status } : { ...NETWORK_ERROR, status: res.status });
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? 'talon-report';
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
