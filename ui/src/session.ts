import type { LoginResponse } from '@talon/protocol';

/** What is kept: the server's answer plus its expiry on this browser's clock. */
type StoredSession = LoginResponse & { localExpiresAt?: number };

/**
 * A signed-in session kept for the browser tab only (sessionStorage), under the screen's own key.
 * Expiry is judged on the browser's own clock from the lifetime the server gave, never by comparing the
 * server's `expiresAt` with `Date.now()`: the two clocks may differ by days (a PC with a wrong date, a
 * test office on a virtual clock), and a reload would then sign a valid session out.
 */
export function createSessionStore(key: string, now: () => number = Date.now) {
  return {
    loadSession(): LoginResponse | null {
      try {
        const raw = sessionStorage.getItem(key);
        if (!raw) return null;
        const s = JSON.parse(raw) as Partial<StoredSession>;
        if (typeof s.token !== 'string' || !s.user) return null;
        if (typeof s.localExpiresAt === 'number' && s.localExpiresAt <= now()) {
          sessionStorage.removeItem(key);
          return null;
        }
        const { localExpiresAt: _, ...session } = s;
        return session as LoginResponse;
      } catch {
        return null;
      }
    },
    saveSession(s: LoginResponse): void {
      const stored: StoredSession =
        typeof s.expiresInMs === 'number' ? { ...s, localExpiresAt: now() + s.expiresInMs } : s;
      sessionStorage.setItem(key, JSON.stringify(stored));
    },
    clearSession(): void {
      sessionStorage.removeItem(key);
    },
  };
}
