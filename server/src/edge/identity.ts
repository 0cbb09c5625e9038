import type { Actor, Namespace, Role, UserInfo } from '@talon/protocol';
import type { AuthService, DeviceIdentity, Result } from '../auth/index.js';

export type Identity = { kind: 'user'; user: UserInfo; token: string } | { kind: 'device'; device: DeviceIdentity };

/** A bearer token is either an operator/administrator session or a paired device's token. */
export function identify(auth: AuthService, token: string | undefined | null): Result<Identity> {
  if (!token) return auth.authenticateUser(token) as Result<never>;
  const user = auth.authenticateUser(token);
  if (user.ok) return { ok: true, value: { kind: 'user', user: user.value, token } };
  const device = auth.authenticateDevice(token);
  if (device.ok) return { ok: true, value: { kind: 'device', device: device.value } };
  // An expired session says so; anything else is simply not signed in.
  return user.error.code === 'SESSION_EXPIRED' ? user : device;
}

export function rolesOf(id: Identity): Role[] {
  return id.kind === 'user' ? id.user.roles : [id.device.role];
}

/** One key per identity for its limits: a device, or a user across all their sessions. */
export function identityKey(id: Identity): string {
  return id.kind === 'device' ? `device:${id.device.deviceId}` : `user:${id.user.id}`;
}

export function actorOf(id: Identity): Actor {
  if (id.kind === 'device') return { kind: 'device', deviceId: id.device.deviceId, role: id.device.role };
  const a: Actor = { kind: 'user', userId: id.user.id, roles: [...id.user.roles] };
  if (id.user.operatorId !== undefined) a.operatorId = id.user.operatorId;
  return a;
}

const ADMIN: Role[] = ['hall_admin', 'config_admin'];
/** Who may open which realtime namespace; the namespace also decides what personal data is sent. */
export const NAMESPACE_ROLES: Record<Namespace, Role[]> = {
  kiosk: ['kiosk', ...ADMIN],
  board: ['board', ...ADMIN],
  rating: ['rating', ...ADMIN],
  device: ['kiosk', 'board', 'rating', 'device', 'wall'],
  // The wall screen: monitor figures and alarms, the state without what visitors typed.
  wall: ['wall', ...ADMIN],
  operator: ['operator', ...ADMIN],
  admin: ADMIN,
};

export function mayUse(id: Identity, allowed: readonly Role[]): boolean {
  return rolesOf(id).some((r) => allowed.includes(r));
}
