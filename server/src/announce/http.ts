import { type Edge, Refusal, refuse } from '../edge/plugin.js';
import type { AnnouncementService } from './service.js';

export function registerAnnounceHttp({ serve }: Edge, service: AnnouncementService): void {
  /**
   * The audio of an announcement. No token: an `<audio>` element cannot send one, and the content is
   * what the hall hears anyway. The key is a hash, and equal texts share it, so browsers may cache it.
   */
  serve('voice', ({ params: { file }, reply }) => {
    const key = /^([0-9a-f]{24})\.wav$/.exec(file)?.[1];
    const audio = key ? service.audio(key) : null;
    if (!audio) return refuse('NOT_FOUND', { audio: file });
    return reply
      .header('content-type', 'audio/wav')
      .header('cache-control', 'public, max-age=86400, immutable')
      .send(audio.wav);
  });

  serve('announcements', ({ query }) => service.records(query.limit));

  serve('boards', () => service.boardsList());

  serve('saveBoardSettings', ({ params, body }) => {
    const r = service.updateSettings(params.deviceId, body);
    return r.ok ? r.value : new Refusal(r.error);
  });
}
