import { z } from 'zod';
import type { DeviceRole } from '../api.js';
import {
  CommandEnvelope,
  type CommandResult,
  type DeviceStatus,
  LoginBody,
  type LoginResponse,
  PairBody,
  PairingCodeBody,
  type PairingCodeResponse,
  type PairResponse,
  type Snapshot,
  type UserInfo,
} from '../api.js';
import type { HqLinkHealth } from '../hq/link.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;

export interface Health {
  ok: true;
  officeId: string | null;
  seq: number;
  memoryMb: { rss: number; heapUsed: number; heapTotal: number; external: number };
  /** The link to head office (issue 13); `configured: false` when none is set. */
  sync?: HqLinkHealth;
  /** Whether the disk takes the office's writes: false from the first refused commit to the next good one. */
  storage: { writable: boolean; refusedSince: number | null };
}

export type Me =
  | { kind: 'user'; user: UserInfo }
  | { kind: 'device'; device: { deviceId: string; name: string; role: DeviceRole } };

/** Sign-in, pairing, commands and the state: what every screen needs. */
export const coreRoutes = {
  health: route({
    method: 'GET',
    path: '/api/health',
    access: 'public',
    response: typed<Health>(),
    errors: [],
    summary: 'Is the server up, which office, how far the log has come, memory',
  }),
  login: route({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    body: LoginBody,
    response: typed<LoginResponse>(),
    errors: ['BAD_CREDENTIALS', 'LOGIN_LOCKED'],
    summary: 'An operator or administrator signs in; the answer carries the session token',
  }),
  logout: route({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'signed-in',
    response: z.object({ ok: z.literal(true) }),
    errors: [],
    summary: 'Ends the session of the token (a device token is left as it is)',
  }),
  me: route({
    method: 'GET',
    path: '/api/auth/me',
    access: 'signed-in',
    response: typed<Me>(),
    errors: [],
    summary: 'Who the token belongs to',
  }),
  createPairingCode: route({
    method: 'POST',
    path: '/api/devices/pairing-codes',
    access: ADMIN,
    body: PairingCodeBody,
    response: typed<PairingCodeResponse>(),
    errors: [],
    summary: 'A one-time code that pairs a kiosk, board, rating terminal or wall screen',
  }),
  pair: route({
    method: 'POST',
    path: '/api/devices/pair',
    access: 'public',
    body: PairBody,
    response: typed<PairResponse>(),
    errors: ['PAIRING_CODE_INVALID'],
    summary: 'A device trades a pairing code for its token',
  }),
  listDevices: route({
    method: 'GET',
    path: '/api/devices',
    access: ADMIN,
    response: typed<DeviceStatus[]>(),
    errors: [],
    summary: 'Paired devices with their last heartbeat',
  }),
  runCommand: route({
    method: 'POST',
    path: '/api/commands',
    access: 'signed-in',
    body: CommandEnvelope,
    response: typed<{ ok: true; seq: number; result?: CommandResult }>(),
    // Any refusal of the engine: the command's own rules decide.
    errors: [],
    summary: 'One command to the queue engine (the roles per command type are COMMAND_ROLES)',
  }),
  state: route({
    method: 'GET',
    path: '/api/state',
    access: 'signed-in',
    response: typed<Snapshot>(),
    errors: [],
    summary: 'The state as the caller may see it (personal data only for operators and administrators)',
  }),
};
