import { applyEvent } from '@talon/engine';
import type { ClientToServer, EngineState, Namespace, ServerToClient, Snapshot, StoredEvent } from '@talon/protocol';
import { useEffect, useRef, useState } from 'react';
import { io, type Socket } from 'socket.io-client';

export interface Live {
  /** The socket is connected (a snapshot may still be on its way). */
  connected: boolean;
  /** The office state folded from the last snapshot and the events since; null before the first snapshot. */
  state: EngineState | null;
  /** `receptionOpen` of the last snapshot. */
  receptionOpen: boolean;
  /** Server clock minus local clock, ms: `Date.now() + offset` is the server's now. */
  offset: number;
  /** Local time the last snapshot arrived (changes on every (re)connect and resync). */
  snapshotAt: number;
  /** The server refused the token (`connect_error: unauthorized`). */
  unauthorized: boolean;
  /** Ask for a fresh snapshot now (e.g. after a refusal that says the office's mode changed). */
  refresh: () => void;
}

export interface LiveOptions {
  /** Runs when the token is refused; the caller should drop the token. */
  onUnauthorized?: () => void;
  /**
   * Take a fresh snapshot this often while connected. The server does not push `receptionOpen` or
   * its clock, so a long-running screen refreshes them this way (and survives a server clock jump).
   */
  refreshMs?: number;
  /**
   * Device screens report that they are alive this often (the admin sees a device offline after 30 s
   * without one). Defaults to 10 s on the kiosk, board, rating and device namespaces; 0 turns it off.
   */
  heartbeatMs?: number;
}

const DEVICE_NAMESPACES: readonly Namespace[] = ['kiosk', 'board', 'rating', 'device'];
const HEARTBEAT_MS = 10_000;

const noop = () => {};

const INITIAL: Live = {
  connected: false,
  state: null,
  receptionOpen: false,
  offset: 0,
  snapshotAt: 0,
  unauthorized: false,
  refresh: noop,
};

/** Re-render at most this often while events stream in. */
const FLUSH_MS = 16;
const RESYNC_TIMEOUT_MS = 5000;

type LiveSocket = Socket<ServerToClient, ClientToServer>;

/**
 * The office's live state over socket.io: snapshot on connect, then events folded with the engine's
 * reducer; a gap in `seq` asks for a fresh snapshot. Reconnects by itself.
 */
export function useLive(namespace: Namespace, token: string | null, options: LiveOptions = {}): Live {
  const { onUnauthorized, refreshMs } = options;
  const heartbeatMs = options.heartbeatMs ?? (DEVICE_NAMESPACES.includes(namespace) ? HEARTBEAT_MS : 0);
  const [live, setLive] = useState<Live>(INITIAL);
  const onUnauthorizedRef = useRef(onUnauthorized);
  onUnauthorizedRef.current = onUnauthorized;

  useEffect(() => {
    setLive(INITIAL);
    if (!token) return;
    const socket: LiveSocket = io(`/${namespace}`, {
      path: '/socket.io',
      auth: { token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      randomizationFactor: 0.3,
      timeout: 5000,
    });
    // The reducer mutates, so the hook folds into its own copy and hands React a clone per flush.
    let working: EngineState | null = null;
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let resyncing = false;
    let closed = false;
    /** Bumped by every snapshot, so a late resync answer never overrides a newer one. */
    let generation = 0;

    const flush = () => {
      flushTimer = null;
      if (closed || !working) return;
      const state = structuredClone(working);
      setLive((l) => ({ ...l, state }));
    };
    const scheduleFlush = () => {
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const takeSnapshot = (s: Snapshot) => {
      if (closed) return;
      working = s.state;
      resyncing = false;
      generation++;
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      const state = structuredClone(working);
      setLive((l) => ({
        ...l,
        state,
        receptionOpen: s.receptionOpen,
        offset: s.serverTime - Date.now(),
        snapshotAt: Date.now(),
      }));
    };
    const resync = () => {
      // while disconnected there is nothing to ask; the reconnect brings a snapshot anyway
      if (resyncing || closed || !socket.connected) return;
      resyncing = true;
      const gen = generation;
      socket.timeout(RESYNC_TIMEOUT_MS).emit('resync', (err: Error | null, s: Snapshot) => {
        if (closed || gen !== generation) return;
        if (err || !s?.state) {
          // no answer: start over with a fresh connection, which brings a snapshot
          resyncing = false;
          socket.disconnect().connect();
          return;
        }
        takeSnapshot(s);
      });
    };
    const onEvent = (e: StoredEvent) => {
      if (!working || resyncing) return;
      if (e.seq <= working.seq) return;
      if (e.seq !== working.seq + 1) return resync();
      try {
        working = applyEvent(working, e);
      } catch (err) {
        console.error('talon: cannot fold event', e.seq, err);
        return resync();
      }
      scheduleFlush();
    };

    setLive((l) => ({ ...l, refresh: resync }));
    const refreshTimer = refreshMs ? setInterval(() => socket.connected && working && resync(), refreshMs) : undefined;
    const heartbeatTimer = heartbeatMs
      ? setInterval(() => socket.connected && socket.emit('heartbeat', { status: 'ok' }), heartbeatMs)
      : undefined;

    socket.on('connect', () => setLive((l) => ({ ...l, connected: true, unauthorized: false })));
    socket.on('disconnect', (reason) => {
      // an answer to a resync asked before the drop is stale; the reconnect brings a snapshot
      resyncing = false;
      generation++;
      setLive((l) => ({ ...l, connected: false }));
      // the server closed this socket on purpose; try again (a revoked token ends in connect_error)
      if (reason === 'io server disconnect') setTimeout(() => !closed && socket.connect(), 1000);
    });
    socket.on('connect_error', (err) => {
      if (err.message !== 'unauthorized') return; // the manager keeps retrying by itself
      socket.disconnect();
      setLive((l) => ({ ...l, connected: false, unauthorized: true }));
      onUnauthorizedRef.current?.();
    });
    socket.on('snapshot', takeSnapshot);
    socket.on('event', onEvent);

    return () => {
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      if (refreshTimer) clearInterval(refreshTimer);
      if (heartbeatTimer) clearInterval(heartbeatTimer);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [namespace, token, refreshMs, heartbeatMs]);

  return live;
}

/** The server's current time, re-rendering every `everyMs`. */
export function useServerNow(offset: number, everyMs = 1000): number {
  const [now, setNow] = useState(() => Date.now() + offset);
  useEffect(() => {
    setNow(Date.now() + offset);
    const id = setInterval(() => setNow(Date.now() + offset), everyMs);
    return () => clearInterval(id);
  }, [offset, everyMs]);
  return now;
}
