import { ACCESS_ENDED_EVENT, type ClientToServer, type ServerToClient, type TalonError } from '@talon/protocol';
import { io, type Socket } from 'socket.io-client';

/** socket.io's own bound on event maps (`EventsMap`), which the client package does not export. */
// biome-ignore lint/suspicious/noExplicitAny: socket.io's EventsMap is exactly this
type Events = { [event: string]: any };

export interface ConnectOptions {
  /**
   * Runs when the server refuses the token (`connect_error: unauthorized`), or ends an open socket because
   * the token no longer counts (`access-ended`: unpaired, signed out, expired, disabled; the error says
   * which). The socket is closed and stays closed; the caller should forget the token (unpair the device,
   * sign the person out).
   */
  onUnauthorized?: (error?: TalonError) => void;
  /** Report "alive" (`heartbeat`) this often while connected; 0 or absent: never. */
  heartbeatMs?: number;
}

export interface Connection<S extends Events, C extends Events> {
  socket: Socket<S, C>;
  /** Stops the heartbeat, drops every listener and closes the socket. */
  close: () => void;
}

/** After the server closed a socket on purpose, try again this much later (a revoked token ends in `unauthorized`). */
const SERVER_DISCONNECT_RETRY_MS = 1000;

/**
 * Opens one socket.io namespace of the office server with a token: the one place the screens set up a
 * socket. Same path, auth and reconnection policy everywhere; namespaces share one connection
 * (socket.io multiplexes them), so the board's `/board` and `/announce` ride the same link.
 *
 * The socket reconnects by itself after a lost link (0.5–3 s back-off), and also after the server
 * closed it on purpose. A refused token is final: `onUnauthorized` runs and the socket stays closed.
 */
export function connect<S extends Events = ServerToClient, C extends Events = ClientToServer>(
  namespace: string,
  token: string,
  opts: ConnectOptions = {},
): Connection<S, C> {
  const socket: Socket<S, C> = io(namespace.startsWith('/') ? namespace : `/${namespace}`, {
    path: '/socket.io',
    auth: { token },
    reconnectionDelay: 500,
    reconnectionDelayMax: 3000,
    randomizationFactor: 0.3,
    timeout: 5000,
  });
  let closed = false;
  // reserved events are typed by socket.io itself; the casts keep them off the namespace's event maps
  const raw = socket as unknown as Socket;
  let refused = false;
  const refuse = (error?: TalonError) => {
    socket.disconnect();
    if (refused) return;
    refused = true;
    opts.onUnauthorized?.(error);
  };
  raw.on('disconnect', (reason) => {
    if (reason === 'io server disconnect' && !refused)
      setTimeout(() => !closed && !refused && socket.connect(), SERVER_DISCONNECT_RETRY_MS);
  });
  // said just before the server closes the socket: no point trying again with this token
  raw.on(ACCESS_ENDED_EVENT, (error: TalonError) => refuse(error));
  raw.on('connect_error', (err) => {
    if (err.message !== 'unauthorized') return; // the manager keeps retrying by itself
    refuse((err as Error & { data?: TalonError }).data);
  });
  const heartbeat = opts.heartbeatMs
    ? setInterval(() => socket.connected && raw.emit('heartbeat', { status: 'ok' }), opts.heartbeatMs)
    : undefined;
  return {
    socket,
    close: () => {
      closed = true;
      if (heartbeat) clearInterval(heartbeat);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
