import { decodeText, encodeText } from '@talon/hardware/displays';
import type { EngineState, Heartbeat, OfficeConfig, StoredEvent } from '@talon/protocol';
import type { DisplayBusSettings } from './settings.js';

/**
 * Pure decisions of the window displays: which display belongs to which window, what each one
 * should show, which ones blink, and how healthy a bus is. service.ts does the I/O.
 */

export interface DisplayMapping {
  /** windowId → bus address */
  byWindow: Map<string, number>;
  /** Why some windows got no display (unknown window, address clash, number above 99). */
  problems: string[];
}

export function resolveMapping(bus: DisplayBusSettings, config: OfficeConfig | null): DisplayMapping {
  const byWindow = new Map<string, number>();
  const problems: string[] = [];
  if (!config) return { byWindow, problems };
  const windows = new Map(config.windows.map((w) => [w.id, w]));
  if (bus.displays) {
    for (const d of bus.displays) {
      if (windows.has(d.windowId)) byWindow.set(d.windowId, d.address);
      else problems.push(`unknown window ${d.windowId}`);
    }
    return { byWindow, problems };
  }
  const taken = new Map<number, string>();
  for (const w of config.windows) {
    if (bus.hallId && w.hallId !== bus.hallId) continue;
    if (w.number > 99) {
      problems.push(`window ${w.id}: number ${w.number} has no address (1..99)`);
      continue;
    }
    const other = taken.get(w.number);
    if (other) {
      problems.push(`windows ${other} and ${w.id} share address ${w.number}`);
      continue;
    }
    taken.set(w.number, w.id);
    byWindow.set(w.id, w.number);
  }
  return { byWindow, problems };
}

/** What each mapped display should show: the ticket called to or served at its window, or nothing. */
export function desiredTexts(state: Readonly<EngineState>, mapping: DisplayMapping): Map<number, string> {
  const atWindow = new Map<string, string>();
  for (const t of Object.values(state.tickets))
    if (t.windowId && (t.status === 'called' || t.status === 'serving')) atWindow.set(t.windowId, t.number);
  const out = new Map<number, string>();
  for (const [windowId, address] of mapping.byWindow) out.set(address, atWindow.get(windowId) ?? '');
  return out;
}

/** Addresses whose window recalled its ticket in these events. */
export function recallBlinks(events: readonly StoredEvent[], mapping: DisplayMapping): number[] {
  const out: number[] = [];
  for (const e of events) {
    if (e.type !== 'TicketRecalled') continue;
    const a = mapping.byWindow.get(e.windowId);
    if (a !== undefined && !out.includes(a)) out.push(a);
  }
  return out;
}

/** The text as the display will report it back (CP866 look-alikes, cut to its width). */
export function asDisplayed(text: string): string {
  return decodeText(encodeText(text));
}

export interface DisplayHealth {
  address: number;
  answering: boolean;
  health?: 'ok' | 'led-fault' | 'overheat' | 'unknown';
}

export interface BusReport {
  port: string;
  open: boolean;
  lastError: string | null;
  displays: DisplayHealth[];
  problems: string[];
}

/**
 * The bus as one device: error when the line is down or no display answers, warning when some
 * displays are silent or faulty, ok otherwise.
 */
export function busHeartbeat(r: BusReport): Heartbeat {
  const silent = r.displays.filter((d) => !d.answering).map((d) => d.address);
  const faulty = r.displays.filter((d) => d.answering && d.health && d.health !== 'ok');
  const details: NonNullable<Heartbeat['details']> = {
    port: r.port.slice(0, 200),
    open: r.open,
    displays: r.displays.length,
    answering: r.displays.length - silent.length,
  };
  if (silent.length > 0) details.silent = silent.join(',').slice(0, 200);
  if (faulty.length > 0)
    details.faulty = faulty
      .map((d) => `${d.address}:${d.health}`)
      .join(',')
      .slice(0, 200);
  if (r.lastError) details.lastError = r.lastError.slice(0, 200);
  if (r.problems.length > 0) details.problems = r.problems.join('; ').slice(0, 200);
  const status: Heartbeat['status'] = !r.open
    ? 'error'
    : r.displays.length > 0 && silent.length === r.displays.length
      ? 'error'
      : silent.length > 0 || faulty.length > 0 || r.problems.length > 0
        ? 'warning'
        : 'ok';
  return { status, details };
}
