import type { Server } from 'socket.io';
import type { AuthService } from '../auth/index.js';
import type { Edge } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { registerAnnounceHttp } from './http.js';
import { registerKioskVoice } from './kiosk-voice.js';
import { DEFAULT_VOICE_DIR, loadVoiceLibrary } from './library.js';
import { registerAnnounceRealtime } from './realtime.js';
import { AnnouncementRenderer } from './renderer.js';
import { AnnouncementService } from './service.js';

export { AnnouncementService, type BoardConnection } from './service.js';

export interface AnnouncementsOptions {
  /** Folder of the voice library (default: the committed `server/assets/voice/ru`). */
  voiceDir?: string;
  log?: (msg: string, err?: unknown) => void;
}

/** Hall announcements: the renderer, the per-hall queue, `/announce`, and the HTTP routes. */
export function registerAnnouncements(
  deps: { edge: Edge; io: Server; office: Office; store: Store; auth: AuthService },
  opts: AnnouncementsOptions = {},
): AnnouncementService {
  const log = opts.log ?? ((m: string, e?: unknown) => console.error(m, e ?? ''));
  let renderer: AnnouncementRenderer | null = null;
  try {
    renderer = new AnnouncementRenderer(loadVoiceLibrary(opts.voiceDir ?? DEFAULT_VOICE_DIR));
  } catch (err) {
    // the boards still show every call; only the voice is missing, and the log says why
    log('voice library unusable, announcements are silent:', (err as Error).message);
  }
  const service = new AnnouncementService({ office: deps.office, store: deps.store, renderer, log });
  registerAnnounceHttp(deps.edge, service);
  registerKioskVoice(deps.edge, { office: deps.office, renderer });
  registerAnnounceRealtime(deps.io, service, deps.auth);
  return service;
}
