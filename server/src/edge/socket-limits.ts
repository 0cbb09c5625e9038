import type { Namespace, Server, Socket } from 'socket.io';
import { type Identity, identityKey } from './identity.js';
import { type LimitName, type RateLimiter, tooManyRequests } from './rate-limits.js';

/**
 * The rate limits on sockets, for every namespace, before any feature's handler runs: a connection and
 * every message count against the address's `requests` (as over HTTP), a heartbeat against its
 * device's `heartbeats`. A refused message reaches no handler (so nothing is written); one that asked
 * for an answer gets TOO_MANY_REQUESTS with the time to wait. Commands are limited per identity where
 * HTTP and sockets meet (server/src/api/commands.ts).
 */
export function attachSocketLimits(io: Server, limiter: RateLimiter): void {
  const attached = new Set<Namespace>();
  const attach = (nsp: Namespace) => {
    if (attached.has(nsp)) return;
    attached.add(nsp);
    nsp.use((socket, next) => {
      const taken = limiter.takeAddress('requests', socket.handshake.address);
      if (taken.ok) return next();
      const err = new Error('too many requests') as Error & { data?: unknown };
      err.data = tooManyRequests('requests', taken.retryAfterSec);
      next(err);
    });
    nsp.on('connection', (socket) => socket.use((packet, next) => limitPacket(limiter, socket, packet, next)));
  };
  for (const nsp of io._nsps.values()) attach(nsp);
  io.on('new_namespace', attach);
}

function limitPacket(limiter: RateLimiter, socket: Socket, packet: unknown[], next: (err?: Error) => void): void {
  const [event] = packet;
  let limit: LimitName = 'requests';
  let taken = limiter.takeAddress('requests', socket.handshake.address);
  if (taken.ok && event === 'heartbeat') {
    limit = 'heartbeats';
    taken = limiter.take('heartbeats', socketKey(socket));
  }
  if (taken.ok) {
    next();
    return;
  }
  const ack = packet.at(-1);
  if (typeof ack === 'function') ack({ ok: false, error: tooManyRequests(limit, taken.retryAfterSec) });
}

/** The device (or user) the socket was opened for, else its token: one key however many sockets it opens. */
function socketKey(socket: Socket): string {
  const identity = (socket.data as { identity?: Identity } | undefined)?.identity;
  if (identity) return identityKey(identity);
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return `token:${typeof token === 'string' ? token : socket.id}`;
}
