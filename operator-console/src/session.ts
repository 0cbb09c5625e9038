import { createSessionStore } from '@talon/ui';

export const { loadSession, saveSession, clearSession } = createSessionStore('talon.operator.session');
