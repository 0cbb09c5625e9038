import type { LoginResponse } from '@talon/protocol';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSessionStore } from './session.js';

/** The browser's sessionStorage, as far as the store uses it. */
class MemoryStorage {
  private items = new Map<string, string>();
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
}

const HOUR = 3_600_000;
// The server's clock is ten days behind the browser's: a test office on a virtual clock, or a PC with a wrong date.
const SERVER_NOW = Date.parse('2026-11-26T07:00:00Z');
const BROWSER_NOW = Date.parse('2026-12-06T07:00:00Z');
const login: LoginResponse = {
  token: 't0k3n',
  expiresAt: SERVER_NOW + 12 * HOUR,
  expiresInMs: 12 * HOUR,
  user: { id: 'u1', login: 'admin', name: 'Админ', roles: ['hall_admin'] },
};

describe('session store', () => {
  let browserNow = BROWSER_NOW;
  beforeEach(() => {
    (globalThis as { sessionStorage?: unknown }).sessionStorage = new MemoryStorage();
    browserNow = BROWSER_NOW;
  });
  afterEach(() => {
    delete (globalThis as { sessionStorage?: unknown }).sessionStorage;
  });

  it('keeps a session across a reload when the server clock is days behind the browser', () => {
    const store = createSessionStore('k', () => browserNow);
    store.saveSession(login);
    expect(store.loadSession()).toEqual(login);
  });

  it('ends it when its lifetime has passed on the browser clock', () => {
    const store = createSessionStore('k', () => browserNow);
    store.saveSession(login);
    browserNow += 12 * HOUR - 1;
    expect(store.loadSession()?.token).toBe('t0k3n');
    browserNow += 1;
    expect(store.loadSession()).toBeNull();
    // and forgets it
    browserNow -= 1;
    expect(store.loadSession()).toBeNull();
  });

  it('drops what is not a session and forgets on sign-out', () => {
    const store = createSessionStore('k', () => browserNow);
    sessionStorage.setItem('k', '{"token":1}');
    expect(store.loadSession()).toBeNull();
    sessionStorage.setItem('k', 'not json');
    expect(store.loadSession()).toBeNull();
    store.saveSession(login);
    store.clearSession();
    expect(store.loadSession()).toBeNull();
  });
});
