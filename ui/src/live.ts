import { applyEvent } from '@talon/engine';
import type { EngineState, Namespace, Snapshot, StoredEvent } from '@talon/protocol';
import { useEffect, useRef, useState } from 'react';
import { connect } from './socket.js';

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
  /** Runs when the token is refused, with that token; the caller should drop it (if it still holds it). */
  onUnauthorized?: (refused: string) => void;
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

export type FoldResult = 'folded' | 'ignored' | 'resync';

/**
 * The client's side of snapshot + deltas without the socket: folds events in `seq` order into the last
 * snapshot and says when a fresh snapshot is needed (a gap in `seq`, or an event the reducer refuses).
 * While an ask for a snapshot is out, events are not folded; the snapshot brings them.
 */
export class LiveFold {
  /** The folded state (the reducer mutates it in place); null before the first snapshot. */
  state: EngineState | null = null;
  private resyncing = false;
  /** Bumped by every snapshot and every dropped link, so a late answer to an ask never overrides a newer one. */
  private generation = 0;

  snapshot(state: EngineState): void {
    this.state = state;
    this.resyncing = false;
    this.generation++;
  }

  event(e: StoredEvent): FoldResult {
    const working = this.state;
    if (!working || this.resyncing || e.seq <= working.seq) return 'ignored';
    if (e.seq !== working.seq + 1) return 'resync';
    try {
      this.state = applyEvent(working, e);
    } catch (err) {
      console.error('talon: cannot fold event', e.seq, err);
      return 'resync';
    }
    return 'folded';
  }

  /** Starts an ask for a fresh snapshot: its token, or null when one is already out. */
  beginResync(): number | null {
    if (this.resyncing) return null;
    this.resyncing = true;
    return this.generation;
  }

  /** Is an answer to the ask with this token still wanted (no snapshot or dropped link since)? */
  wants(token: number): boolean {
    return token === this.generation;
  }

  /** The ask went unanswered; the caller reconnects, which brings a snapshot. */
  resyncFailed(): void {
    this.resyncing = false;
  }

  /** The link dropped: an answer to an ask made before is stale, and the reconnect brings a snapshot. */
  disconnected(): void {
    this.resyncing = false;
    this.generation++;
  }
}

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
    const { socket, close } = connect(namespace, token, {
      heartbeatMs,
      onUnauthorized: () => {
        setLive((l) => ({ ...l, connected: false, unauthorized: true }));
        onUnauthorizedRef.current?.(token);
      },
    });
    // The reducer mutates, so the hook folds into its own copy and hands React a clone per flush.
    const fold = new LiveFold();
    let flushTimer: ReturnType<typeof setTimeout> | null = null;
    let closed = false;

    const flush = () => {
      flushTimer = null;
      if (closed || !fold.state) return;
      const state = structuredClone(fold.state);
      setLive((l) => ({ ...l, state }));
    };
    const scheduleFlush = () => {
      flushTimer ??= setTimeout(flush, FLUSH_MS);
    };
    const takeSnapshot = (s: Snapshot) => {
      if (closed) return;
      fold.snapshot(s.state);
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      const state = structuredClone(s.state);
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
      if (closed || !socket.connected) return;
      const ask = fold.beginResync();
      if (ask === null) return;
      socket.timeout(RESYNC_TIMEOUT_MS).emit('resync', (err: Error | null, s: Snapshot) => {
        if (closed || !fold.wants(ask)) return;
        if (err || !s?.state) {
          // no answer: start over with a fresh connection, which brings a snapshot
          fold.resyncFailed();
          socket.disconnect().connect();
          return;
        }
        takeSnapshot(s);
      });
    };
    const onEvent = (e: StoredEvent) => {
      const r = fold.event(e);
      if (r === 'resync') resync();
      else if (r === 'folded') scheduleFlush();
    };

    setLive((l) => ({ ...l, refresh: resync }));
    const refreshTimer = refreshMs
      ? setInterval(() => socket.connected && fold.state && resync(), refreshMs)
      : undefined;

    socket.on('connect', () => setLive((l) => ({ ...l, connected: true, unauthorized: false })));
    socket.on('disconnect', () => {
      fold.disconnected();
      setLive((l) => ({ ...l, connected: false }));
    });
    socket.on('snapshot', takeSnapshot);
    socket.on('event', onEvent);

    return () => {
      closed = true;
      if (flushTimer) clearTimeout(flushTimer);
      if (refreshTimer) clearInterval(refreshTimer);
      close();
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
