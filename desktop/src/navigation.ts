import { sameOrigin } from './roles.js';

/**
 * The window may only ever show the office server or the shell's own status page. Anything else
 * (a link in a page, a redirect, a script setting `location`) is refused.
 */
export function isAllowedNavigation(target: string, serverUrl: string, statusPageUrl: string): boolean {
  return sameOrigin(target, serverUrl) || isStatusPage(target, statusPageUrl);
}

/** The bundled status page with any query (offline countdown, configuration problems). */
export function isStatusPage(target: string, statusPageUrl: string): boolean {
  try {
    const t = new URL(target);
    const s = new URL(statusPageUrl);
    return t.protocol === 'file:' && s.protocol === 'file:' && t.pathname === s.pathname;
  } catch {
    return false;
  }
}
