import type { HqLoginResponse, HqUser } from '@talon/protocol';
import { createSessionStore } from '@talon/ui';

/**
 * Head office is used from an ordinary office PC all day, in several tabs: the session is kept in
 * localStorage, its expiry judged on this browser's clock from the lifetime the server gave.
 */
export const { loadSession, saveSession, clearSession } = createSessionStore<HqLoginResponse>(
  'talon.hq.session',
  Date.now,
  () => localStorage,
);

/** Only the company's administrator changes anything; a branch manager and an analyst read. */
export const isCompanyAdmin = (u: HqUser) => u.role === 'company_admin';
