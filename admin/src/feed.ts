import type { Alarm, MonitorSnapshot } from '@talon/protocol';
import { useEffect, useRef, useState } from 'react';
import { io } from 'socket.io-client';

export interface AdminFeed {
  connected: boolean;
  monitor: MonitorSnapshot | null;
  alarms: Alarm[];
  /** Server clock minus local clock, ms (from the last monitor push). */
  offset: number;
  /** Replace one alarm at once (after an acknowledgement) without waiting for the push. */
  patchAlarm: (a: Alarm) => void;
}

const WALL_HEARTBEAT_MS = 10_000;

/**
 * The `/admin` namespace (or `/wall` for a paired wall screen): the server pushes `monitor` (figures) and `alarms` (the active set) on
 * connect and on every change; the engine snapshot and events it also sends are not needed here.
 */
export function useAdminFeed(
  token: string,
  onUnauthorized: () => void,
  namespace: '/admin' | '/wall' = '/admin',
): AdminFeed {
  const [connected, setConnected] = useState(false);
  const [monitor, setMonitor] = useState<MonitorSnapshot | null>(null);
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const [offset, setOffset] = useState(0);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    const socket = io(namespace, {
      path: '/socket.io',
      auth: { token },
      reconnectionDelay: 500,
      reconnectionDelayMax: 3000,
      timeout: 5000,
    });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('connect_error', (err) => {
      if (err.message !== 'unauthorized') return;
      socket.disconnect();
      unauthorized.current();
    });
    socket.on('monitor', (m: MonitorSnapshot) => {
      setMonitor(m);
      setOffset(m.at - Date.now());
    });
    socket.on('alarms', (a: { active: Alarm[] }) => setAlarms(a.active));
    // A paired wall screen is a device: its heartbeats keep it "online" in the monitor (and out of the
    // device-offline alarm) like a board's.
    const heartbeat =
      namespace === '/wall'
        ? setInterval(() => socket.connected && socket.emit('heartbeat', { status: 'ok' }), WALL_HEARTBEAT_MS)
        : undefined;
    return () => {
      if (heartbeat) clearInterval(heartbeat);
      socket.removeAllListeners();
      socket.disconnect();
    };
  }, [token, namespace]);

  const patchAlarm = (a: Alarm) => setAlarms((list) => list.map((x) => (x.id === a.id ? a : x)));
  return { connected, monitor, alarms, offset, patchAlarm };
}
