import { route } from './define.js';
import { typed } from './typed.js';

/** One LED display above a window as the server knows it. */
export interface WindowDisplayView {
  address: number;
  windowId: string;
  /** What it was last told to show; null when unknown (never told, or a send failed). */
  text: string | null;
  answering: boolean;
  /** On a virtual bus (the demo): what the display itself holds. */
  virtual?: { text: string; blinking: boolean; brightness: number };
}

export interface DisplayBusView {
  busId: string;
  deviceId: string;
  port: string;
  displays: WindowDisplayView[];
}

/** The LED displays above the windows (docs/window-display-protocol.md); present when the office has them. */
export const displayRoutes = {
  displays: route({
    method: 'GET',
    path: '/api/displays',
    access: ['hall_admin', 'config_admin'],
    response: typed<DisplayBusView[]>(),
    errors: [],
    summary: 'What every window display shows as far as the server knows (and, on a virtual bus, holds)',
  }),
};
