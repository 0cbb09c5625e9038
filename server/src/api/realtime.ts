import { redactEvent } from '@talon/engine';
import {
  type ClientToServer,
  Heartbeat,
  NAMESPACES,
  type Namespace,
  type ServerToClient,
  type StoredEvent,
  talonError,
} from '@talon/protocol';
import type { Server } from 'socket.io';
import type { AuthService } from '../auth/index.js';
import { type Identity, identify, mayUse, NAMESPACE_ROLES } from '../edge/identity.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { runCommand } from './commands.js';

interface SocketData {
  identity: Identity;
}

/**
 * Realtime = snapshot + deltas: a socket gets the snapshot on connect, then every committed event
 * with its sequence number; a client that sees a gap asks for `resync`.
 */
export function registerRealtime(io: Server, office: Office, store: Store, auth: AuthService) {
  for (const name of NAMESPACES) {
    const nsp = io.of(`/${name}`);
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      const id = identify(auth, typeof token === 'string' ? token : undefined);
      if (!id.ok || !mayUse(id.value, NAMESPACE_ROLES[name])) return next(new Error('unauthorized'));
      (socket.data as SocketData).identity = id.value;
      next();
    });
    nsp.on('connection', (socket) => {
      const { identity } = socket.data as SocketData;
      const s = socket as unknown as import('socket.io').Socket<ClientToServer, ServerToClient>;
      s.emit('snapshot', office.snapshot(name));
      s.on('resync', (ack) => {
        if (typeof ack === 'function') ack(office.snapshot(name));
      });
      s.on('command', (env, ack) => {
        if (typeof ack !== 'function') return;
        ack(runCommand(office, identity, env));
      });
      s.on('heartbeat', (hb, ack) => {
        const parsed = Heartbeat.safeParse(hb);
        const reply = typeof ack === 'function' ? ack : () => {};
        if (!parsed.success) return reply({ ok: false, error: talonError('VALIDATION_FAILED') });
        if (identity.kind === 'device')
          store.recordHeartbeat(identity.device.deviceId, parsed.data, office.clock.now());
        reply({ ok: true });
      });
      if (identity.kind === 'device') {
        store.recordHeartbeat(identity.device.deviceId, { status: 'ok' }, office.clock.now());
      }
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
