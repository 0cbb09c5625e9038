import { z } from 'zod';
import { type AnnouncementRecord, BoardDeviceSettings, type BoardSummary } from '../board.js';
import { bilingualIssue } from '../issues.js';
import { route } from './define.js';
import { typed } from './typed.js';

const ADMIN = ['hall_admin', 'config_admin'] as const;

/**
 * A number the kiosk issues: one service prefix letter (`Service.prefix`), a hyphen, three digits.
 * Walk-ins («БТ-001») are opened by an operator at the window, never at a kiosk.
 */
export const KIOSK_TICKET_NUMBER = /^[А-ЯЁA-Z]-\d{3}$/;

/** `<kiosk ticket number>.wav`, e.g. `К-012.wav`. */
const KioskVoiceFile = z.string().superRefine((file, ctx) => {
  const number = file.endsWith('.wav') ? file.slice(0, -4) : file;
  if (file.endsWith('.wav') && KIOSK_TICKET_NUMBER.test(number)) return;
  ctx.addIssue(
    number.startsWith('БТ')
      ? bilingualIssue('номера без талона (БТ-…) киоск не выдаёт', 'walk-in numbers (БТ-…) are not issued at a kiosk')
      : bilingualIssue(
          'ожидается <буква>-<3 цифры>.wav, например К-012.wav',
          'expected <letter>-<3 digits>.wav, e.g. К-012.wav',
        ),
  );
});

/** Hall announcements: their audio, the record of who played what, the boards' settings. */
export const announceRoutes = {
  voice: route({
    method: 'GET',
    path: '/api/voice/:file',
    // an `<audio>` element sends no token, and the content is what the hall hears anyway
    access: 'public',
    params: z.object({ file: z.string() }),
    produces: 'file',
    errors: ['NOT_FOUND'],
    summary: 'An announcement’s audio, `<key>.wav` (the key is a hash: equal texts share it, browsers cache it)',
  }),
  ticketVoice: route({
    method: 'GET',
    path: '/api/voice/ticket/:file',
    // like `voice`: the content is a ticket number, which boards show anyway
    access: 'public',
    params: z.object({ file: KioskVoiceFile }),
    produces: 'file',
    errors: [],
    summary: '«Ваш талон ка двенадцать»: what the kiosk says on its result screen, `<number>.wav`',
  }),
  announcements: route({
    method: 'GET',
    path: '/api/announcements',
    access: ADMIN,
    // 1–500, 50 when absent or not a number
    query: z.object({
      limit: z.coerce
        .number()
        .int()
        .catch(50)
        .transform((n) => Math.min(500, Math.max(1, n || 50))),
    }),
    response: typed<AnnouncementRecord[]>(),
    errors: [],
    summary: 'The latest announcements, newest first, with what each board reported playing',
  }),
  boards: route({
    method: 'GET',
    path: '/api/boards',
    access: ADMIN,
    response: typed<BoardSummary[]>(),
    errors: [],
    summary: 'Paired boards with their settings and whether they are connected',
  }),
  saveBoardSettings: route({
    method: 'PUT',
    path: '/api/boards/:deviceId/settings',
    access: ADMIN,
    params: z.object({ deviceId: z.string() }),
    body: BoardDeviceSettings,
    response: typed<BoardSummary>(),
    errors: ['NOT_FOUND'],
    summary: 'A board’s hall, zone, sound and layout',
  }),
};
