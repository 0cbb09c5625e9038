import type { AdminServerToClient, Alarm, MonitorSnapshot, ServerToClient } from '@talon/protocol';
import { connect } from '@talon/ui';
import { useEffect, useRef, useState } from 'react';

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
  /** Given the refused token: a wall screen paired again meanwhile keeps its new one. */
  onUnauthorized: (refused: string) => void,
  namespace: '/admin' | '/wall' = '/admin',
): AdminFeed {
  const [connected, setConnected] = useState(false);
  const [monitor, setMonitor] = useState<MonitorSnapshot | null>(null);
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const [offset, setOffset] = useState(0);
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  useEffect(() => {
    const { socket, close } = connect<ServerToClient & AdminServerToClient>(namespace, token, {
      onUnauthorized: () => unauthorized.current(token),
      // A paired wall screen is a device: its heartbeats keep it "online" in the monitor (and out of the
      // device-offline alarm) like a board's.
      heartbeatMs: namespace === '/wall' ? WALL_HEARTBEAT_MS : 0,
    });
    socket.on('connect', () => setConnected(true));
    socket.on('disconnect', () => setConnected(false));
    socket.on('monitor', (m) => {
      setMonitor(m);
      setOffset(m.at - Date.now());
    });
    socket.on('alarms', (a) => setAlarms(a.active));
    return close;
  }, [token, namespace]);

  const patchAlarm = (a: Alarm) => setAlarms((list) => list.map((x) => (x.id === a.id ? a : x)));
  return { connected, monitor, alarms, offset, patchAlarm };
}
