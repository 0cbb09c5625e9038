import type { UserInfo } from '@talon/protocol';
import { createSessionStore } from '@talon/ui';

export const { loadSession, saveSession, clearSession } = createSessionStore('talon.admin.session');

export const isAdmin = (u: UserInfo) => u.roles.includes('hall_admin') || u.roles.includes('config_admin');
export const canConfigure = (u: UserInfo) => u.roles.includes('config_admin');
