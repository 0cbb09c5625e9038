import type { Actor, ErrorCode, Namespace, Role, UserInfo } from '@talon/protocol';
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

export function httpStatus(code: ErrorCode): number {
  switch (code) {
    case 'VALIDATION_FAILED':
      return 400;
    case 'UNAUTHORIZED':
    case 'SESSION_EXPIRED':
    case 'BAD_CREDENTIALS':
    case 'PAIRING_CODE_INVALID':
      return 401;
    case 'FORBIDDEN':
    case 'OVERRIDE_REQUIRES_ADMIN':
      return 403;
    case 'CONFIG_VERSION_STALE':
      return 409;
    case 'TOO_MANY_REQUESTS':
      return 429;
    case 'INTERNAL':
      return 500;
    default:
      return 422;
  }
}
