import type { LoginResponse } from '@talon/protocol';

/** What a sign-in answers, as far as the store needs it (the office's `LoginResponse`, head office's). */
interface SessionLike {
  token: string;
  user: unknown;
  expiresInMs?: number;
}

/**
 * A signed-in session kept for the browser tab only (sessionStorage; `storage` may name localStorage for a
 * screen that keeps it across tabs), under the screen's own key.
 * Expiry is judged on the browser's own clock from the lifetime the server gave, never by comparing the
 * server's `expiresAt` with `Date.now()`: the two clocks may differ by days (a PC with a wrong date, a
 * test office on a virtual clock), and a reload would then sign a valid session out.
 */
export function createSessionStore<S extends SessionLike = LoginResponse>(
  key: string,
  now: () => number = Date.now,
  storage: () => Storage = () => sessionStorage,
) {
  /** What is kept: the server's answer plus its expiry on this browser's clock. */
  type Stored = S & { localExpiresAt?: number };
  return {
    loadSession(): S | null {
      try {
        const raw = storage().getItem(key);
        if (!raw) return null;
        const s = JSON.parse(raw) as Partial<Stored>;
        if (typeof s.token !== 'string' || !s.user) return null;
        if (typeof s.localExpiresAt === 'number' && s.localExpiresAt <= now()) {
          storage().removeItem(key);
          return null;
        }
        const { localExpiresAt: _, ...session } = s;
        return session as unknown as S;
      } catch {
        return null;
      }
    },
    saveSession(s: S): void {
      const stored: Stored = typeof s.expiresInMs === 'number' ? { ...s, localExpiresAt: now() + s.expiresInMs } : s;
      storage().setItem(key, JSON.stringify(stored));
    },
    clearSession(): void {
      storage().removeItem(key);
    },
  };
}
