import type { LoginResponse, UserInfo } from '@talon/protocol';

/** The signed-in session lives for the browser tab only (sessionStorage). */
const KEY = 'talon.admin.session';

export function loadSession(): LoginResponse | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<LoginResponse>;
    if (typeof s.token !== 'string' || !s.user) return null;
    if (typeof s.expiresAt === 'number' && s.expiresAt <= Date.now()) {
      sessionStorage.removeItem(KEY);
      return null;
    }
    return s as LoginResponse;
  } catch {
    return null;
  }
}

export function saveSession(s: LoginResponse): void {
  sessionStorage.setItem(KEY, JSON.stringify(s));
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
}

export const isAdmin = (u: UserInfo) => u.roles.includes('hall_admin') || u.roles.includes('config_admin');
export const canConfigure = (u: UserInfo) => u.roles.includes('config_admin');
