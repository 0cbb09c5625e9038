import type { Role, ShellConfig } from './config.js';

/** The page each role opens on the office server (the screens in server/src/app.ts SCREENS). */
export const ROLE_PAGES: Record<Role, string> = {
  kiosk: '/kiosk/',
  board: '/board/',
  console: '/operator/',
  rating: '/rating/',
};

export function startUrl(c: Pick<ShellConfig, 'serverUrl' | 'role' | 'query'>): string {
  const u = new URL(ROLE_PAGES[c.role], new URL(c.serverUrl).origin);
  for (const [k, v] of Object.entries(c.query)) u.searchParams.set(k, v);
  return u.toString();
}

/** The health endpoint the shell probes before it (re)loads the screen. */
export function healthUrl(serverUrl: string): string {
  return new URL('/api/health', new URL(serverUrl).origin).toString();
}

/**
 * Browser permissions a role's page may get, and only from the office server. Sound on the
 * board needs none (autoplay is a web preference); the console may notify and copy a number.
 */
const ROLE_PERMISSIONS: Record<Role, readonly string[]> = {
  kiosk: ['fullscreen'],
  board: ['fullscreen'],
  console: ['fullscreen', 'notifications', 'clipboard-sanitized-write'],
  rating: ['fullscreen'],
};

export function isPermissionAllowed(role: Role, permission: string, requestingUrl: string, serverUrl: string): boolean {
  return sameOrigin(requestingUrl, serverUrl) && ROLE_PERMISSIONS[role].includes(permission);
}

export function sameOrigin(url: string, serverUrl: string): boolean {
  try {
    const u = new URL(url);
    return !u.username && !u.password && u.origin === new URL(serverUrl).origin;
  } catch {
    return false;
  }
}

/** Autoplay without a touch only where announcements are played. */
export function autoplayPolicy(role: Role): 'no-user-gesture-required' | 'document-user-activation-required' {
  return role === 'board' ? 'no-user-gesture-required' : 'document-user-activation-required';
}

/** Only the operator console may save a file (a report export); a hall screen never downloads. */
export function allowsDownloads(role: Role): boolean {
  return role === 'console';
}
