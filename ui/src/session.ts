import type { LoginResponse } from '@talon/protocol';

/** A signed-in session kept for the browser tab only (sessionStorage), under the screen's own key. */
export function createSessionStore(key: string) {
  return {
    loadSession(): LoginResponse | null {
      try {
        const raw = sessionStorage.getItem(key);
        if (!raw) return null;
        const s = JSON.parse(raw) as Partial<LoginResponse>;
        if (typeof s.token !== 'string' || !s.user) return null;
        if (typeof s.expiresAt === 'number' && s.expiresAt <= Date.now()) {
          sessionStorage.removeItem(key);
          return null;
        }
        return s as LoginResponse;
      } catch {
        return null;
      }
    },
    saveSession(s: LoginResponse): void {
      sessionStorage.setItem(key, JSON.stringify(s));
    },
    clearSession(): void {
      sessionStorage.removeItem(key);
    },
  };
}
