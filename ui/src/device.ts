import type { PairResponse } from '@talon/protocol';
import { useCallback, useEffect, useState } from 'react';
import { pairDevice } from './api.js';
import { ApiError, NETWORK_ERROR, type UiError } from './errors.js';

/** What a paired device keeps: enough to connect and to show which device it is. */
export interface DeviceCredentials {
  token: string;
  deviceId: string;
  name?: string;
}

const storageKey = (app: string) => `talon.device.${app}`;

export function loadDevice(app: string): DeviceCredentials | null {
  try {
    const raw = localStorage.getItem(storageKey(app));
    if (!raw) return null;
    const d = JSON.parse(raw) as Partial<DeviceCredentials>;
    return typeof d.token === 'string' && typeof d.deviceId === 'string' ? (d as DeviceCredentials) : null;
  } catch {
    return null;
  }
}

export function saveDevice(app: string, d: DeviceCredentials): void {
  localStorage.setItem(storageKey(app), JSON.stringify(d));
}

export function clearDevice(app: string): void {
  localStorage.removeItem(storageKey(app));
}

/** `?pair=CODE` from the address, removed from it (history.replaceState) so a reload does not reuse the code. */
function takePairParam(): string | null {
  const url = new URL(window.location.href);
  const code = url.searchParams.get('pair');
  if (code === null) return null;
  url.searchParams.delete('pair');
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  return code.trim() || null;
}

// One pairing per code even when React runs effects twice (StrictMode) — a code works only once.
const inFlight = new Map<string, Promise<PairResponse>>();
function pairOnce(code: string, previous: DeviceCredentials | null): Promise<PairResponse> {
  let p = inFlight.get(code);
  if (!p) {
    p = pairDevice(code, previous);
    inFlight.set(code, p);
    p.catch(() => inFlight.delete(code));
  }
  return p;
}

export interface DevicePairing {
  device: DeviceCredentials | null;
  busy: boolean;
  error: UiError | null;
  /** The stored token was refused; the pairing screen says so. */
  lost: boolean;
  pair: (code: string) => Promise<void>;
  /**
   * Drop the stored token (the server refused it). Given the refused token, a token stored since (the
   * browser paired again while the old socket was being dropped, maybe in another tab) is kept and used.
   */
  forget: (refused?: string) => void;
}

/** Pairing and token storage for a device screen (`app` = 'kiosk' | 'board'). */
export function useDevice(app: string): DevicePairing {
  const [device, setDevice] = useState<DeviceCredentials | null>(() => loadDevice(app));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);
  const [lost, setLost] = useState(false);

  const pair = useCallback(
    async (code: string) => {
      setBusy(true);
      setError(null);
      try {
        // the device this browser was before (if any) is replaced on the server, not left as a ghost
        const r = await pairOnce(code.trim(), loadDevice(app));
        const d: DeviceCredentials = { token: r.token, deviceId: r.deviceId, name: r.name };
        saveDevice(app, d);
        setDevice(d);
        setLost(false);
      } catch (e) {
        setError(e instanceof ApiError ? e.error : NETWORK_ERROR);
      } finally {
        setBusy(false);
      }
    },
    [app],
  );

  useEffect(() => {
    const code = takePairParam();
    if (code) void pair(code);
  }, [pair]);

  const forget = useCallback(
    (refused?: string) => {
      // re-pairing replaces the old device on the server, whose socket is then told «access ended»:
      // that refusal is of the old token, and must not drop the new one. A tab left behind (another
      // tab of this browser paired again) carries on as the device the browser is now.
      const current = typeof refused === 'string' ? loadDevice(app) : null;
      if (current && current.token !== refused) {
        setDevice((d) => (d?.token === current.token ? d : current));
        setLost(false);
        return;
      }
      clearDevice(app);
      setDevice(null);
      setLost(true);
    },
    [app],
  );

  return { device, busy, error, lost, pair, forget };
}
