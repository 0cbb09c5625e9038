import type { Edge } from '../edge/plugin.js';
import type { WindowDisplays } from './service.js';

/**
 * `GET /api/displays` for hall and configuration administrators: what every window display shows
 * as far as the server knows, and for a virtual bus what the display itself holds (the demo).
 */
export function registerDisplayRoutes({ serve }: Edge, { displays }: { displays: WindowDisplays }) {
  serve('displays', () =>
    displays.buses.map((b) => ({
      busId: b.settings.id,
      deviceId: b.deviceId,
      port: b.settings.port,
      displays: b.view().map((v) => {
        const d = b.virtual?.displays.get(v.address);
        return d ? { ...v, virtual: { text: d.text, blinking: d.blinking, brightness: d.brightness } } : v;
      }),
    })),
  );
}
