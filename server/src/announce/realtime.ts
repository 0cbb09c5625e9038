import { ANNOUNCE_NAMESPACE, type AnnounceClientToServer, type AnnounceServerToClient } from '@talon/protocol';
import type { Server, Socket } from 'socket.io';
import type { AuthService } from '../auth/index.js';
import { identify } from '../edge/identity.js';
import type { AnnouncementService, BoardConnection } from './service.js';

type AnnounceSocket = Socket<
  AnnounceClientToServer,
  AnnounceServerToClient,
  Record<string, never>,
  { deviceId: string }
>;

/**
 * `/announce`: announcements go to paired boards only. A board opens it next to `/board` on the same
 * connection (socket.io multiplexes namespaces), gets `init` and then each `announcement`, and
 * reports on each with `ack`.
 */
export function registerAnnounceRealtime(io: Server, service: AnnouncementService, auth: AuthService): void {
  const nsp = io.of(`/${ANNOUNCE_NAMESPACE}`);
  nsp.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const id = identify(auth, typeof token === 'string' ? token : undefined);
    if (!id.ok || id.value.kind !== 'device' || id.value.device.role !== 'board')
      return next(new Error('unauthorized'));
    socket.data.deviceId = id.value.device.deviceId;
    next();
  });
  nsp.on('connection', (raw) => {
    const socket = raw as AnnounceSocket;
    const conn: BoardConnection = {
      deviceId: socket.data.deviceId,
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
