import { redactEvent } from '@talon/engine';
import {
  type ClientToServer,
  COMMAND_ROLES,
  type CommandType,
  Heartbeat,
  NAMESPACES,
  type Namespace,
  type ServerToClient,
  type StoredEvent,
  type TalonError,
  talonError,
} from '@talon/protocol';
import type { Server, Socket } from 'socket.io';
import type { AuthService, EventRule, GuardedSocketData } from '../auth/index.js';
import { identityKey, mayUse, NAMESPACE_ROLES } from '../edge/identity.js';
import type { RateLimiter } from '../edge/rate-limits.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { isStorageFailure } from '../store/storage-failure.js';
import { runCommand } from './commands.js';

type RealtimeSocket = Socket<ClientToServer, ServerToClient, Record<string, never>, GuardedSocketData>;

const commandType = (env: unknown): CommandType | undefined => {
  const type = (env as { command?: { type?: unknown } } | null)?.command?.type;
  return typeof type === 'string' && Object.hasOwn(COMMAND_ROLES, type) ? (type as CommandType) : undefined;
};

/**
 * What the realtime namespaces accept from a client and from whom; the socket registry refuses anything
 * else. A command's roles are checked before its body, as a route's are: a body the sender may not send
 * at all is not worth validating. A type nobody knows goes on to validation, which names it.
 */
export function realtimeEvents(office: Office): { [E in keyof ClientToServer]: EventRule } {
  return {
    command: (id, env) => {
      const type = commandType(env);
      if (type === undefined || mayUse(id, COMMAND_ROLES[type])) return true;
      office.counts.record(type, { ok: false, error: talonError('FORBIDDEN') });
      return false;
    },
    resync: () => true,
    // the health a device reports; a person's console has none to report
    heartbeat: (id) => id.kind === 'device',
  };
}

/**
 * A device's sign of life, written if the disk takes it. socket.io runs listeners outside any catch, so a
 * write that throws there (a full or read-only disk) would take the whole office server down with it.
 */
function beat(store: Store, deviceId: string, hb: Heartbeat, office: Office): TalonError | null {
  try {
    store.recordHeartbeat(deviceId, hb, office.clock.now());
    return null;
  } catch (err) {
    console.error(`heartbeat of ${deviceId} not recorded`, err);
    return talonError(isStorageFailure(err) ? 'STORAGE_UNAVAILABLE' : 'INTERNAL');
  }
}

/**
 * Realtime = snapshot + deltas: a socket gets the snapshot on connect, then every committed event
 * with its sequence number; a client that sees a gap asks for `resync`. Every event is handled with the
 * identity as re-validated just before it (server/src/auth/socket-registry.ts).
 */
export function registerRealtime(
  io: Server,
  office: Office,
  store: Store,
  auth: AuthService,
  limiter?: Pick<RateLimiter, 'take'>,
) {
  const events = realtimeEvents(office);
  for (const name of NAMESPACES) {
    const nsp = io.of(`/${name}`);
    auth.sockets.protect(nsp, { admits: (id) => mayUse(id, NAMESPACE_ROLES[name]), events });
    nsp.on('connection', (socket) => {
      // the registry may have closed it already: its token ended between the check and the connect
      if (!socket.connected) return;
      const s = socket as unknown as RealtimeSocket;
      s.emit('snapshot', office.snapshot(name));
      s.on('resync', (ack) => {
        if (typeof ack === 'function') ack(office.snapshot(name));
      });
      s.on('command', (env, ack) => {
        if (typeof ack !== 'function') return;
        ack(runCommand(office, s.data.identity, env));
      });
      s.on('heartbeat', (hb, ack) => {
        const parsed = Heartbeat.safeParse(hb);
        const reply = typeof ack === 'function' ? ack : () => {};
        if (!parsed.success) return reply({ ok: false, error: talonError('VALIDATION_FAILED') });
        const identity = s.data.identity;
        const failed = identity.kind === 'device' ? beat(store, identity.device.deviceId, parsed.data, office) : null;
        reply(failed ? { ok: false, error: failed } : { ok: true });
      });
      const identity = s.data.identity;
      // connecting is a sign of life too, written within the device's heartbeat budget: a device that
      // reconnects in a loop cannot turn its reconnections into a stream of writes
      if (identity.kind === 'device' && (limiter?.take('heartbeats', identityKey(identity)).ok ?? true))
        beat(store, identity.device.deviceId, { status: 'ok' }, office);
    });
  }

  office.onEvents((events: StoredEvent[]) => {
    for (const name of NAMESPACES) {
      const nsp = io.of(`/${name}`);
      if (nsp.sockets.size === 0) continue;
      for (const e of events) nsp.emit('event', redactEvent(e, name as Namespace));
    }
  });
}
