import { HQ_LIVE_NAMESPACE, type OfficeRow } from '@talon/protocol';
import { connect, isAuthError, toUiError, type UiError } from '@talon/ui';
import { useEffect, useRef, useState } from 'react';
import { hq } from './client.js';

const REFUSED = new Set(['UNAUTHORIZED', 'SESSION_EXPIRED', 'unauthorized']);

/** What head office's `/hq` namespace emits (protocol/src/hq/sync.ts, HQ_LIVE_NAMESPACE). */
interface HqLiveEvents {
  snapshot: (rows: OfficeRow[]) => void;
  office: (row: OfficeRow) => void;
}

export interface OfficesFeed {
  rows: OfficeRow[];
  /** Whether the first list has arrived (by socket or HTTP). */
  loaded: boolean;
  connected: boolean;
  error: UiError | null;
  /** Puts a row the screen got from a route (after an action) in place until the socket's next word. */
  patch: (row: OfficeRow) => void;
}

/**
 * Every office the user may see, live: the list once over HTTP (the screen is useful even while the
 * socket connects), then the socket's `snapshot` on every (re)connect and `office` whenever one changes.
 * A row the socket has already sent is never overwritten by an older HTTP answer.
 */
export function useOffices(token: string, onAuthLost: () => void): OfficesFeed {
  const [rows, setRows] = useState<Map<string, OfficeRow>>(() => new Map());
  const [loaded, setLoaded] = useState(false);
  const [connected, setConnected] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const authLost = useRef(onAuthLost);
  authLost.current = onAuthLost;

  useEffect(() => {
    let gone = false;
    let snapshotSeen = false;
    const fromSocket = new Set<string>();

    hq('offices', {}, { token }).then(
      (list) => {
        if (gone || snapshotSeen) return;
        setRows((prev) => {
          const next = new Map<string, OfficeRow>();
          for (const r of list) next.set(r.id, fromSocket.has(r.id) ? (prev.get(r.id) ?? r) : r);
          return next;
        });
        setLoaded(true);
        setError(null);
      },
      (e: unknown) => {
        if (gone) return;
        const err = toUiError(e);
        if (isAuthError(err)) authLost.current();
        else setError(err);
      },
    );

    const c = connect<HqLiveEvents, Record<string, never>>(HQ_LIVE_NAMESPACE, token, {
      onUnauthorized: () => authLost.current(),
    });
    // Head office refuses a handshake with the error's code (the office server says `unauthorized`).
    (c.socket as unknown as { on(e: 'connect_error', f: (err: Error) => void): void }).on('connect_error', (err) => {
      if (REFUSED.has(err.message)) {
        c.close();
        authLost.current();
      }
    });
    c.socket.on('connect', () => setConnected(true));
    c.socket.on('disconnect', () => setConnected(false));
    c.socket.on('snapshot', (list) => {
      snapshotSeen = true;
      setRows(new Map(list.map((r) => [r.id, r])));
      setLoaded(true);
      setError(null);
    });
    c.socket.on('office', (row) => {
      fromSocket.add(row.id);
      setRows((prev) => new Map(prev).set(row.id, row));
    });
    return () => {
      gone = true;
      c.close();
    };
  }, [token]);

  const patch = (row: OfficeRow) => setRows((prev) => new Map(prev).set(row.id, row));
  return { rows: [...rows.values()], loaded, connected, error, patch };
}

/** The browser's clock, ticking: «нет связи 12 мин» grows while nobody reloads. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const id = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(id);
  }, [everyMs]);
  return now;
}
