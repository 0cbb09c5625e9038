import type { OfficeConfig } from '@talon/protocol';

/**
 * A rating terminal belongs to one window. The binding is part of the device's pairing name, set by
 * the server when the administrator asks for a rating pairing code for a window: «Оценка · окно 3 @w3».
 * The tag is the window id, so renumbering windows does not silently move a terminal.
 */
const TAG = /@([A-Za-z0-9_.-]+)\s*$/;

export function ratingDeviceName(windowLabel: string, windowId: string): string {
  return `Оценка · ${windowLabel} @${windowId}`;
}

/** The window this rating device is bound to, or null when the name has no tag for a known window. */
export function boundWindow(config: OfficeConfig | null, deviceName: string): string | null {
  const id = TAG.exec(deviceName)?.[1];
  if (!id || !config?.windows.some((w) => w.id === id)) return null;
  return id;
}
