import type { FastifyInstance } from 'fastify';
import type { Server } from 'socket.io';
import type { AuthService } from '../auth/index.js';
import type { Office } from '../office.js';
import { registerAnnounceHttp } from './http.js';
import { registerKioskVoice } from './kiosk-voice.js';
import { DEFAULT_VOICE_DIR, loadVoiceLibrary } from './library.js';
import { registerAnnounceRealtime } from './realtime.js';
import { AnnouncementRenderer } from './renderer.js';
import { AnnouncementService } from './service.js';

export { AnnouncementService, type BoardConnection, placement } from './service.js';

export interface AnnouncementsOptions {
  /** Folder of the voice library (default: the committed `server/assets/voice/ru`). */
  voiceDir?: string;
  log?: (msg: string, err?: unknown) => void;
}

/** Hall announcements: the renderer, the per-hall queue, `/announce`, and the HTTP routes. */
export function registerAnnouncements(
  deps: { app: FastifyInstance; io: Server; office: Office; auth: AuthService },
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
  const service = new AnnouncementService({ office: deps.office, renderer, log });
  registerAnnounceHttp(deps.app, service, deps.auth);
  registerKioskVoice(deps.app, { office: deps.office, renderer });
  registerAnnounceRealtime(deps.io, service, deps.auth);
  return service;
}
