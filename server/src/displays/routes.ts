import { talonError } from '@talon/protocol';
import type { FastifyInstance } from 'fastify';
import type { AuthService } from '../auth/index.js';
import { identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { WindowDisplays } from './service.js';

/**
 * `GET /api/displays` for hall and configuration administrators: what every window display shows
 * as far as the server knows, and for a virtual bus what the display itself holds (the demo).
 */
export function registerDisplayRoutes(app: FastifyInstance, deps: { auth: AuthService; displays: WindowDisplays }) {
  app.get('/api/displays', async (req, reply) => {
    const h = req.headers.authorization;
    const id = identify(deps.auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
    if (!id.ok) return sendError(reply, id.error);
    if (!mayUse(id.value, ['hall_admin', 'config_admin'])) return sendError(reply, talonError('FORBIDDEN'));
    return deps.displays.buses.map((b) => ({
      busId: b.settings.id,
      deviceId: b.deviceId,
      port: b.settings.port,
      displays: b.view().map((v) => {
        const d = b.virtual?.displays.get(v.address);
        return d ? { ...v, virtual: { text: d.text, blinking: d.blinking, brightness: d.brightness } } : v;
      }),
    }));
  });
}
