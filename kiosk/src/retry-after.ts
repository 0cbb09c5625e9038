import type { UiError } from '@talon/ui';

/**
 * Seconds the server asked to wait before the next ticket (`TOO_MANY_REQUESTS`: the kiosk's token issued
 * too many at once); null when it did not say.
 */
export function retryAfterSec(error: UiError): number | null {
  if (error.code !== 'TOO_MANY_REQUESTS') return null;
  const sec = (error.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
  return typeof sec === 'number' && Number.isFinite(sec) && sec > 0 ? Math.ceil(sec) : null;
}
