import { boardConfigOf, type NumberStyle, talonError } from '@talon/protocol';
import type { FastifyInstance } from 'fastify';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { letterSegments, parseTicketNumber, ticketDigits } from './grammar.js';
import type { AnnouncementRenderer } from './renderer.js';

/**
 * A number the kiosk issues: one service prefix letter (`Service.prefix`), a hyphen, three digits.
 * Walk-ins («БТ-001») are opened by an operator at the window, never at a kiosk.
 */
export const KIOSK_TICKET_NUMBER = /^[А-ЯЁA-Z]-\d{3}$/;

export const kioskSpeechUrl = (number: string) => `/api/voice/ticket/${encodeURIComponent(number)}.wav`;

/**
 * «Ваш талон ка двенадцать»: what the kiosk says on its result screen. No chime (the visitor is
 * standing at the screen) and the digits in the board's style, so the visitor hears the number
 * the way the hall will call it. Topic and segment names are per-office free text with no
 * recordings, so they are not spoken.
 */
export function kioskTicketSegments(number: string, style: NumberStyle): string[] {
  if (!KIOSK_TICKET_NUMBER.test(number)) throw new RangeError(`not a kiosk ticket number: ${number}`);
  const { letters, digits } = parseTicketNumber(number);
  return ['your', 'talon', ...letterSegments(letters), ...ticketDigits(digits, style)];
}

/**
 * `GET /api/voice/ticket/<number>.wav`. Public like `/api/voice/<key>.wav`: an `<audio>` element
 * sends no token, and the content is a ticket number, which boards show anyway. Read-only.
 */
export function registerKioskVoice(
  app: FastifyInstance,
  deps: { office: Office; renderer: AnnouncementRenderer | null },
): void {
  app.get<{ Params: { file: string } }>('/api/voice/ticket/:file', async (req, reply) => {
    const file = req.params.file;
    const number = file.endsWith('.wav') ? file.slice(0, -4) : file;
    if (!file.endsWith('.wav') || !KIOSK_TICKET_NUMBER.test(number))
      return sendError(
        reply,
        talonError('VALIDATION_FAILED', {
          path: 'number',
          value: file.slice(0, 40),
          message: number.startsWith('БТ')
            ? 'walk-in numbers (БТ-…) are not issued at a kiosk'
            : 'expected <letter>-<3 digits>.wav, e.g. К-012.wav',
        }),
      );
    if (!deps.renderer) return sendError(reply, talonError('INTERNAL', { voice: 'voice library unusable' }));
    const segments = kioskTicketSegments(number, boardConfigOf(deps.office.config).announce.numberStyle);
    const audio = deps.renderer.render(segments);
    // the same number may sound different after a style or library change: revalidate by key
    const etag = `"${audio.key}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache').header('x-talon-segments', segments.join(' '));
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('content-type', 'audio/wav').send(audio.wav);
  });
}
