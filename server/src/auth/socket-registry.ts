import { ACCESS_ENDED_EVENT, type TalonError, talonError } from '@talon/protocol';
import type { Namespace, Socket } from 'socket.io';
import { type Identity, identify } from '../edge/identity.js';
import type { IdentityChange, Store } from '../store/index.js';
import { tokenHash } from './crypto.js';
import type { AuthService, Result } from './service.js';

/** Who may send one client→server event; `payload` is the event's first argument (a command's envelope). */
export type EventRule = (id: Identity, payload: unknown) => boolean;

export interface NamespaceGuard {
  /** Who may hold the namespace open: checked on connect, before every event and after every identity change. */
  admits(id: Identity): boolean;
  /** Every event the namespace accepts from a client, with who may send it; any other event is refused. */
  events: Readonly<Record<string, EventRule>>;
}

/** What the registry keeps on every socket it guards; always the identity as last re-validated. */
export interface GuardedSocketData {
  identity: Identity;
}

/** One token and the sockets opened with it (a board's `/board` and `/announce` share one). */
interface Holder {
  token: string;
  hash: string;
  identity: Identity;
  /** When the session ends; null for a device, whose pairing does not expire. */
  expiresAt: number | null;
  sockets: Map<Socket, NamespaceGuard>;
}

export interface SocketRegistryTiming {
  /** How often sessions are compared with the clock, so an idle socket is dropped when its session ends. */
  sweepMs?: number;
  /** How often every token is looked up again: catches what another process wrote (`talon devices revoke`). */
  fullCheckMs?: number;
}

export const SOCKET_SWEEP_MS = 1000;
export const SOCKET_FULL_CHECK_MS = 5000;

const refusal = (error: TalonError) => Object.assign(new Error('unauthorized'), { data: error });

function handshakeToken(socket: Socket): string | undefined {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

/**
 * Which open socket holds which token, so that no socket outlives its right to exist. Every namespace is
 * guarded through `protect`: the token is checked on connect and again before each event, and when the
 * identity tables change (a device unpaired or paired again, a logout, a disabled account, new roles) or
 * a session runs out on the injected clock, every socket holding that token gets `access-ended` with the
 * reason and is closed at once.
 */
export class SocketRegistry {
  private readonly holders = new Map<string, Holder>();
  private readonly bySocket = new Map<Socket, Holder>();
  private readonly guards = new Map<string, NamespaceGuard>();
  private readonly sweepMs: number;
  private readonly fullCheckMs: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private lastFullCheck = performance.now();
  /** Bumped by every identity change: a socket that connected across one is checked again. */
  private generation = 0;

  constructor(
    private readonly auth: AuthService,
    private readonly store: Store,
    private readonly now: () => number,
    timing: SocketRegistryTiming = {},
  ) {
    this.sweepMs = timing.sweepMs ?? SOCKET_SWEEP_MS;
    this.fullCheckMs = timing.fullCheckMs ?? SOCKET_FULL_CHECK_MS;
  }

  /** Guards one namespace; its own `connection` handlers then read `socket.data.identity`. */
  protect(nsp: Namespace, guard: NamespaceGuard): void {
    if (this.guards.has(nsp.name)) throw new Error(`${nsp.name} is guarded twice`);
    this.guards.set(nsp.name, guard);
    this.start();
    const checkedAt = new WeakMap<Socket, number>();
    nsp.use((socket, next) => {
      const id = identify(this.auth, handshakeToken(socket));
      if (!id.ok) return next(refusal(id.error));
      if (!guard.admits(id.value)) return next(refusal(talonError('FORBIDDEN')));
      (socket.data as GuardedSocketData).identity = id.value;
      checkedAt.set(socket, this.generation);
      next();
    });
    nsp.on('connection', (socket) => {
      const h = this.hold(socket, guard);
      // socket.io connects a tick after the check: a change in between must not slip through
      if (checkedAt.get(socket) !== this.generation) this.revalidate(h);
      checkedAt.delete(socket);
      socket.use((packet, next) => {
        if (this.screen(socket, guard, packet)) next();
      });
      socket.on('disconnect', () => this.release(socket));
    });
  }

  /** The guarded namespaces and the events each accepts (the socket matrix test reads them). */
  table(): { namespace: string; events: string[] }[] {
    return [...this.guards].map(([namespace, g]) => ({ namespace, events: Object.keys(g.events) }));
  }

  /** How many distinct tokens and sockets are held now. */
  held(): { tokens: number; sockets: number } {
    return { tokens: this.holders.size, sockets: this.bySocket.size };
  }

  /**
   * Drops the sockets whose session has run out by the clock; every `fullCheckMs` re-checks every token.
   * Runs on its own timer; public so a caller that moved the clock need not wait for it.
   */
  sweep(): void {
    const now = this.now();
    const full = performance.now() - this.lastFullCheck >= this.fullCheckMs;
    if (full) this.lastFullCheck = performance.now();
    for (const h of [...this.holders.values()])
      if (full || (h.expiresAt !== null && now >= h.expiresAt)) this.revalidate(h);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private start() {
    this.unsubscribe ??= this.store.onIdentityChange((c) => this.changed(c));
    if (this.timer || this.sweepMs <= 0) return;
    this.timer = setInterval(() => {
      try {
        this.sweep();
      } catch (err) {
        // a store closed with the server has nothing left to guard; anything else is worth a line
        if (this.store.db.open) console.error('socket registry: sweep failed', err);
      }
    }, this.sweepMs);
    this.timer.unref?.();
  }

  private hold(socket: Socket, guard: NamespaceGuard): Holder {
    const token = handshakeToken(socket) as string;
    const hash = tokenHash(token);
    let h = this.holders.get(hash);
    if (!h) {
      const identity = (socket.data as GuardedSocketData).identity;
      const expiresAt = identity.kind === 'user' ? this.auth.sessionExpiresAt(token) : null;
      h = { token, hash, identity, expiresAt, sockets: new Map() };
      this.holders.set(hash, h);
    }
    h.sockets.set(socket, guard);
    this.bySocket.set(socket, h);
    return h;
  }

  private release(socket: Socket) {
    const h = this.bySocket.get(socket);
    if (!h) return;
    this.bySocket.delete(socket);
    h.sockets.delete(socket);
    if (h.sockets.size === 0 && this.holders.get(h.hash) === h) this.holders.delete(h.hash);
  }

  /** Before an event is handled: is the token still good, the namespace still allowed, the event allowed? */
  private screen(socket: Socket, guard: NamespaceGuard, packet: unknown[]): boolean {
    const [event, ...args] = packet;
    const last = args.at(-1);
    const reply = typeof last === 'function' ? (last as (r: { ok: false; error: TalonError }) => void) : undefined;
    const h = this.bySocket.get(socket);
    if (!h) {
      reply?.({ ok: false, error: talonError('UNAUTHORIZED') });
      socket.disconnect();
      return false;
    }
    const id = this.check(h);
    if (!id.ok) {
      reply?.({ ok: false, error: id.error });
      this.end(h, id.error);
      return false;
    }
    if (!guard.admits(id.value)) {
      const error = talonError('FORBIDDEN', { reason: 'roles-changed' });
      reply?.({ ok: false, error });
      this.drop(socket, error);
      return false;
    }
    const rule = typeof event === 'string' && Object.hasOwn(guard.events, event) ? guard.events[event] : undefined;
    if (!rule?.(id.value, args[0])) {
      reply?.({ ok: false, error: talonError('FORBIDDEN', { event: typeof event === 'string' ? event : null }) });
      return false;
    }
    return true;
  }

  /** The token looked up afresh; on success every socket of the holder sees the new identity (new roles). */
  private check(h: Holder): Result<Identity> {
    const id = identify(this.auth, h.token);
    if (!id.ok) return { ok: false, error: this.why(h, id.error) };
    h.identity = id.value;
    for (const s of h.sockets.keys()) (s.data as GuardedSocketData).identity = id.value;
    return id;
  }

  /** The refusal says which of the reasons it is, for the log and the screen. */
  private why(h: Holder, error: TalonError): TalonError {
    if (error.code === 'SESSION_EXPIRED' || (h.expiresAt !== null && this.now() >= h.expiresAt))
      return talonError('SESSION_EXPIRED', { reason: 'session-expired' });
    if (h.identity.kind === 'device') return talonError('UNAUTHORIZED', { reason: 'device-unpaired' });
    const user = this.store.findUserById(h.identity.user.id);
    if (!user || user.disabledAt !== null) return talonError('UNAUTHORIZED', { reason: 'account-disabled' });
    return talonError('UNAUTHORIZED', { reason: 'signed-out' });
  }

  private revalidate(h: Holder) {
    const id = this.check(h);
    if (!id.ok) return this.end(h, id.error);
    for (const [socket, guard] of [...h.sockets])
      if (!guard.admits(id.value)) this.drop(socket, talonError('FORBIDDEN', { reason: 'roles-changed' }));
  }

  private changed(c: IdentityChange) {
    this.generation++;
    const affected =
      c.kind === 'session'
        ? [this.holders.get(c.tokenHash)]
        : [...this.holders.values()].filter((h) =>
            c.kind === 'user'
              ? h.identity.kind === 'user' && h.identity.user.id === c.userId
              : h.identity.kind === 'device' && h.identity.device.deviceId === c.deviceId,
          );
    for (const h of affected) if (h) this.revalidate(h);
  }

  private end(h: Holder, error: TalonError) {
    if (this.holders.get(h.hash) === h) this.holders.delete(h.hash);
    for (const socket of [...h.sockets.keys()]) this.drop(socket, error);
  }

  /** Tells the screen why, then closes this namespace's socket (the connection's other namespaces stay). */
  private drop(socket: Socket, error: TalonError) {
    this.release(socket);
    socket.emit(ACCESS_ENDED_EVENT, error);
    socket.disconnect();
  }
}
