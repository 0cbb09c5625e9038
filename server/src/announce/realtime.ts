import { ANNOUNCE_NAMESPACE, type AnnounceClientToServer, type AnnounceServerToClient } from '@talon/protocol';
import type { Server, Socket } from 'socket.io';
import type { AuthService, EventRule, GuardedSocketData } from '../auth/index.js';
import type { Identity } from '../edge/identity.js';
import type { AnnouncementService, BoardConnection } from './service.js';

type AnnounceSocket = Socket<AnnounceClientToServer, AnnounceServerToClient, Record<string, never>, GuardedSocketData>;

/** Only paired boards hold `/announce` open. */
export const admitsAnnounce = (id: Identity) => id.kind === 'device' && id.device.role === 'board';

/** What a board sends on `/announce`: its report on each announcement. */
export const ANNOUNCE_EVENTS: { [E in keyof AnnounceClientToServer]: EventRule } = { ack: () => true };

/**
 * `/announce`: announcements go to paired boards only. A board opens it next to `/board` on the same
 * connection (socket.io multiplexes namespaces), gets `init` and then each `announcement`, and
 * reports on each with `ack`. The socket registry drops it the moment the board is unpaired.
 */
export function registerAnnounceRealtime(io: Server, service: AnnouncementService, auth: AuthService): void {
  const nsp = io.of(`/${ANNOUNCE_NAMESPACE}`);
  auth.sockets.protect(nsp, { admits: admitsAnnounce, events: ANNOUNCE_EVENTS });
  nsp.on('connection', (raw) => {
    const socket = raw as AnnounceSocket;
    const { identity } = socket.data;
    // closed already by the registry: the board was unpaired between the check and the connect
    if (!socket.connected || identity.kind !== 'device') return;
    const conn: BoardConnection = {
      deviceId: identity.device.deviceId,
      init: (i) => socket.emit('init', i),
      announce: (a, serverTime) => socket.emit('announcement', a, serverTime),
    };
    socket.on('ack', (body, reply) => {
      const r = service.ack(conn.deviceId, body);
      if (typeof reply === 'function') reply(r.ok ? { ok: true } : r);
    });
    socket.on('disconnect', () => service.detach(conn));
    service.attach(conn);
  });
}
